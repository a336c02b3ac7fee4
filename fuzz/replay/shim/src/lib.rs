//! Stands in for `libfuzzer-sys` when fuzz/replay builds the fuzz targets: `fuzz_target!`
//! turns the target's body into a function and gives the program a `main` (the targets are
//! `#![no_main]`, as libFuzzer provides it) that runs every input file given to it, or every
//! file of every directory given, once, in name order, without libFuzzer or a sanitizer.

use std::ffi::{c_char, c_int, CStr, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

#[macro_export]
macro_rules! fuzz_target {
    (|$data:ident: &[u8]| $body:block) => {
        fn rnetlink_fuzz_one($data: &[u8]) $body

        #[no_mangle]
        pub extern "C" fn main(argc: ::core::ffi::c_int, argv: *const *const ::core::ffi::c_char) -> ::core::ffi::c_int {
            $crate::replay(argc, argv, rnetlink_fuzz_one)
        }
    };
}

/// The inputs named on the command line: files, and the files of directories (name order).
fn inputs(args: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(a)?
                .map(|e| e.map(|e| e.path()))
                .collect::<std::io::Result<_>>()?;
            files.retain(|p| p.is_file());
            files.sort();
            out.extend(files);
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

/// Runs `one` on every input; prints "replay NAME: N inputs, N panics" and returns 0 when no
/// input panicked (each that did is named on stderr after the panic's own message), 1 if one
/// did, 2 when an input cannot be read or none is given.
pub fn replay(argc: c_int, argv: *const *const c_char, one: fn(&[u8])) -> c_int {
    let args: Vec<PathBuf> = (0..argc as usize)
        .map(|i| PathBuf::from(OsStr::from_bytes(unsafe { CStr::from_ptr(*argv.add(i)) }.to_bytes())))
        .collect();
    let name = args.first().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if args.len() < 2 {
        eprintln!("usage: {name} FILE|DIR...");
        return 2;
    }
    let files = match inputs(&args[1..]) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{name}: {e}");
            return 2;
        }
    };
    let mut panics = Vec::new();
    for f in &files {
        let data = match std::fs::read(f) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{name}: {}: {e}", f.display());
                return 2;
            }
        };
        if catch_unwind(AssertUnwindSafe(|| one(&data))).is_err() {
            eprintln!("{name}: input {} panicked (above)", f.display());
            panics.push(f.clone());
        }
    }
    println!("replay {name}: {} inputs, {} panics", files.len(), panics.len());
    for p in &panics {
        println!("  panicked: {}", Path::new(p).display());
    }
    if files.is_empty() {
        return 2;
    }
    (!panics.is_empty()) as c_int
}
