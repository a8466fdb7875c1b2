//! Joins each language's message catalogue (`i18n/LANG/*.ftl`, one file per concern) into one
//! text the binary holds (`OUT_DIR/LANG.ftl`), and packs the binary's relative relocations (DT_RELR) where the target's C library can load them
//! (glibc 2.36 and later: Debian 12, Raspberry Pi OS 12, Ubuntu 24.04): the loader no longer
//! reads 1.2 MB of relocations at start, and a station's resident memory is 1.3 MiB smaller
//! (BENCHMARKS.md, "The feed"). An older glibc would refuse such a binary, so there the build
//! leaves the option out.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    join_catalogues();
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rerun-if-env-changed=CC_{}", target.replace('-', "_"));
    if !target.ends_with("-linux-gnu") {
        return;
    }
    // The C compiler that links for the target (a cross compiler when one is named) says where
    // its libc is; glibc names the feature as a symbol version.
    let cc = std::env::var(format!("CC_{}", target.replace('-', "_")))
        .or_else(|_| std::env::var("CC"))
        .unwrap_or_else(|_| "cc".into());
    let libc = Command::new(&cc)
        .arg("-print-file-name=libc.so.6")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let supported = libc
        .and_then(|path| std::fs::read(path).ok())
        .is_some_and(|bytes| bytes.windows(17).any(|w| w == b"GLIBC_ABI_DT_RELR"));
    if supported {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// `i18n/vi/*.ftl` → `OUT_DIR/vi.ftl`, files in name order, each headed by its name so that a
/// parse error in the joined text can be traced to its file.
fn join_catalogues() {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for lang in ["vi", "en"] {
        let dir = std::path::Path::new("i18n").join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        let mut joined = String::new();
        for f in files {
            let text =
                std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            joined.push_str(&format!("\n# ---- {} ----\n", f.display()));
            joined.push_str(&text);
            joined.push('\n');
        }
        std::fs::write(out.join(format!("{lang}.ftl")), joined).expect("OUT_DIR is writable");
    }
}
