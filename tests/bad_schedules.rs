//! Every schedule in tests/bad/ is refused by the real `loa check` with exit code 1, and the first
//! line it prints is the one in the `.expected` file beside it (`FILE:LINE:COLUMN: error: …`).
//! Every finding it prints is located, and nothing panics.
//!
//! To accept new output after a deliberate change of wording: `LOA_BLESS=1 cargo test --test bad_schedules`.

mod common;

use std::path::Path;
use std::process::Command;

fn headline_is_located(line: &str, file: &str) -> bool {
    let Some(rest) = line.strip_prefix(file) else {
        return false;
    };
    let rest = rest.strip_prefix(':').unwrap_or("");
    // Either ":LINE:COLUMN: error: " or " error: " for a file that cannot be read at all.
    let mut parts = rest.splitn(3, ':');
    let located = matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(l), Some(c), Some(msg))
            if l.parse::<u32>().is_ok() && c.parse::<u32>().is_ok()
                && (msg.starts_with(" error: ") || msg.starts_with(" warning: "))
    );
    located || rest.starts_with(" error: ")
}

#[test]
fn every_bad_schedule_is_refused_with_located_errors() {
    let (dir, cases) = common::corpus("bad");
    let bless = std::env::var_os("LOA_BLESS").is_some();
    assert!(
        cases.len() >= 40,
        "the corpus shrank: {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_loa"))
            .args(["check", "--config", name])
            .current_dir(&dir)
            .env("TZ", "UTC")
            .env("LOA_LANG", "en")
            .env_remove("LOA_CONFIG")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or("");
        let expected_path = case.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, format!("{first}\n")).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if out.status.code() != Some(1) {
            failures.push(format!(
                "{name}: exit {:?}, expected 1\n{stderr}",
                out.status.code()
            ));
        }
        if first != expected.trim_end() {
            failures.push(format!(
                "{name}: first line\n  got:      {first}\n  expected: {}",
                expected.trim_end()
            ));
        }
        if stderr.contains("panicked") {
            failures.push(format!("{name}: panicked\n{stderr}"));
        }
        for line in stderr
            .lines()
            .filter(|l| l.contains(" error: ") || l.contains(" warning: "))
        {
            if !line.starts_with("  ") && !headline_is_located(line, name) {
                failures.push(format!("{name}: not located: {line}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_error_in_a_schedule_is_reported_not_only_the_first() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["check", "--config", "many-errors.toml"])
        .current_dir(&dir)
        .env("LOA_LANG", "en")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    let lines: Vec<&str> = errors
        .iter()
        .map(|l| l.split(':').nth(1).unwrap())
        .collect();
    // volume, at, days, missing files, unknown `file`, 5-field cron: six errors on six lines.
    assert_eq!(lines, ["5", "10", "11", "13", "15", "16"], "{stderr}");
    assert!(stderr.contains("did you mean `files`?"), "{stderr}");
    // crontab's 1-6 is Monday to Saturday; loa's cron would read 1-6 as Sunday to Friday, so
    // the fix spells the days out (the hint used to copy "1-6" and change the days).
    assert!(stderr.contains("write \"0 15 6 * * Mon-Sat\""), "{stderr}");
    assert!(
        stderr.ends_with("many-errors.toml: 6 errors, 0 warnings\n"),
        "{stderr}"
    );
}

#[test]
fn a_schedule_that_does_not_exist_is_named() {
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["check", "--config", "/nonexistent/schedule.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "/nonexistent/schedule.toml: error: cannot read the schedule: there is no such file"
        ),
        "{stderr}"
    );
}
