//! No input makes the schedule reader panic: random bytes, random TOML-ish text, and the example
//! with random damage all end in a schedule or in located errors.

use std::path::Path;

use loa::config::decode_text;
use loa::schedule;
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../config/schedule.toml");

fn read(bytes: &[u8]) {
    let text = match decode_text("x.toml", bytes) {
        Ok(t) => t,
        Err(d) => {
            assert!(d.is_error());
            return;
        }
    };
    let lines = text.lines().count().max(1);
    match schedule::parse("x.toml", text, Path::new("."), chrono_tz::UTC) {
        Ok(loaded) => {
            // A schedule that loads can be planned.
            let from = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
            let _ =
                loa::plan::occurrences(&loaded.schedule, from, from + chrono::TimeDelta::days(3));
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                assert!(e.is_error());
                if let Some(l) = e.line {
                    assert!(l <= lines + 1, "line {l} past the end ({lines} lines): {e}");
                }
            }
        }
    }
}

fn damaged_example() -> impl Strategy<Value = Vec<u8>> {
    let n = EXAMPLE.len();
    prop::collection::vec((0..n, 0..4u8, any::<u8>(), 1..40usize), 1..6).prop_map(|edits| {
        let mut b = EXAMPLE.as_bytes().to_vec();
        for (at, kind, byte, len) in edits {
            let at = at.min(b.len());
            match kind {
                0 => {
                    let end = (at + len).min(b.len());
                    b.drain(at..end);
                }
                1 => b.insert(at, byte),
                2 => {
                    if at < b.len() {
                        b[at] = byte;
                    }
                }
                _ => {
                    let end = (at + len).min(b.len());
                    let copy = b[at..end].to_vec();
                    b.splice(at..at, copy);
                }
            }
        }
        b
    })
}

fn tomlish() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "[station]",
        "[[announcement]]",
        "[[emergency]]",
        "[station.amplifier]",
        "\n",
        " = ",
        "\"",
        "[",
        "]",
        ",",
        "id",
        "at",
        "cron",
        "days",
        "files",
        "from",
        "until",
        "except",
        "repeat",
        "volume",
        "order",
        "\"05:30\"",
        "\"0 30 5 * * *\"",
        "\"mon-fri\"",
        "2026-12-01",
        "\"rotate\"",
        "-1",
        "99999999999999999999",
        "true",
        "{ a = 1 }",
        "\"x.mp3\"",
        "timezone",
        "\"Europe/Berlin\"",
        "quiet_hours",
        "\"22:00-05:00\"",
        "#",
        "'",
        "\\",
        "é",
        "ả",
        "\u{0}",
        "\r\n",
        "1e400",
        "nan",
        "every",
        "\"0s\"",
        // What config/syntax looks for on a refused line.
        "[announcement]",
        "[[relay]]",
        "\u{a0}",
        "\u{200b}",
        "\u{feff}",
        "\u{3000}",
        ":",
        "//",
        "\"\"\"",
        "\'\'\'",
        "\r",
        "{",
        "}",
        "=",
        "\\\"",
        "“",
        "01/12/2026",
        "0530",
        "D:\\Thu am\\",
    ]);
    prop::collection::vec(token, 0..60).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        read(&bytes);
    }

    #[test]
    fn random_toml_words(text in tomlish()) {
        read(text.as_bytes());
    }

    #[test]
    fn the_example_with_random_damage(bytes in damaged_example()) {
        read(&bytes);
    }
}
