//! A culture officer's mistakes, in both languages (spec §10): each schedule in tests/officer/
//! is checked by the real `loa check` with `LOA_LANG=en` and `LOA_LANG=vi`, and what it prints
//! on stderr, with its exit code, is the `.en.expected` / `.vi.expected` file beside it.
//!
//! To accept new output after a deliberate change of wording:
//! `LOA_BLESS=1 cargo test --test officer_mistakes`, then read the diff.

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn every_officer_mistake_gets_its_message_in_both_languages() {
    let (dir, cases) = common::corpus("officer");
    let bless = std::env::var_os("LOA_BLESS").is_some();
    assert!(
        cases.len() >= 20,
        "the corpus shrank: {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        for lang in ["en", "vi"] {
            let out = Command::new(env!("CARGO_BIN_EXE_loa"))
                .args(["check", "--config", name])
                .current_dir(&dir)
                .env("TZ", "UTC")
                .env("LOA_LANG", lang)
                // The warnings name the first date a problem happens: a fixed today.
                .env("LOA_FAKE_NOW", "2026-12-01T10:00:00+07:00")
                .env_remove("LOA_CONFIG")
                .output()
                .unwrap();
            let got = format!(
                "exit {}\n{}",
                out.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&out.stderr)
            );
            let expected_path = case.with_extension(format!("{lang}.expected"));
            if bless {
                std::fs::write(&expected_path, &got).unwrap();
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if got != expected {
                failures.push(format!(
                    "{name} ({lang}):\n--- got\n{got}--- expected\n{expected}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The Vietnamese messages are Vietnamese: no English sentence leaks into them.
#[test]
fn the_vietnamese_messages_are_not_english() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/officer");
    for case in [
        "time-one-digit-minutes",
        "date-day-first-quoted",
        "windows-path",
        "zone-hanoi",
        // The parser's syntax errors, worded (config/syntax): not one of its English words.
        "id-clashes-with-preset",
        "id-clashes-with-relay",
        "syntax-after-value",
        "syntax-backslash-in-title",
        "syntax-bom-in-the-middle",
        "syntax-colon",
        "syntax-date-month-13",
        "syntax-decimal-comma",
        "syntax-equals-twice",
        "syntax-full-width-space",
        "syntax-header-brackets",
        "syntax-key-accents",
        "syntax-key-space",
        "syntax-line-no-equals",
        "syntax-list-no-brackets",
        "syntax-list-no-comma",
        "syntax-list-unclosed",
        "syntax-missing-open-quote",
        "syntax-missing-value",
        "syntax-nbsp",
        "syntax-number-leading-zero",
        "syntax-slash-comment",
        "syntax-text-split",
        "syntax-time-unquoted",
        "syntax-true-capital",
        "syntax-true-vietnamese",
        "syntax-unclosed-quote",
        "syntax-unquoted-duration",
        "syntax-unquoted-title",
        "syntax-volume-percent",
        "syntax-windows-folder-end",
        "syntax-windows-path-single",
        "syntax-zero-width-space",
        "tables-emergency-single-twice",
        "tables-single-brackets-twice",
    ] {
        let vi = std::fs::read_to_string(dir.join(format!("{case}.vi.expected"))).unwrap();
        let en = std::fs::read_to_string(dir.join(format!("{case}.en.expected"))).unwrap();
        assert_ne!(vi, en, "{case}");
        for english in [
            " is not ",
            " must ",
            "did you mean",
            "write ",
            // The parser's own words (not in any case's file name).
            "expected",
            "invalid",
            "unexpected",
            "string",
        ] {
            assert!(!vi.contains(english), "{case}: {english:?} in\n{vi}");
        }
    }
}
