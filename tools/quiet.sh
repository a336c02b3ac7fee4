#!/usr/bin/env bash
# tools/quiet.sh LOG CMD...: runs CMD with its output in LOG; on failure prints LOG's last 60
# lines and fails with CMD's status. With V=1 the output also goes to the terminal.
set -uo pipefail
log=$1; shift
mkdir -p "$(dirname "$log")"
if [ "${V:-0}" = 1 ]; then
    "$@" 2>&1 | tee "$log"
    exit "${PIPESTATUS[0]}"
fi
"$@" > "$log" 2>&1
status=$?
if [ $status -ne 0 ]; then
    tail -n 60 "$log" | sed 's/^/     /'
    echo "     (full output: $log)"
fi
exit $status
