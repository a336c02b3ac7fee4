#!/usr/bin/env bash
# tools/check-summary.sh LOG STATUS: the last line of `make check`, "N passed, N failed",
# counted over every "ok   " and "FAIL " line the stages printed. A stage that failed without
# printing a FAIL line (make's own error, a compile error) still counts as one failure.
log=${1:?}; status=${2:?}
passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^FAIL' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "FAIL make check stopped (see above)"
    failed=1
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
