//! The reading tables: each file one concern, each case written from how an announcer reads it.

use super::{Dialect, Lexicon, read_aloud};

mod dates;
mod guarantees;
mod notices;
mod numbers;
mod phones;
mod south;
mod units;
mod words;

/// Runs every case and lists every failure, not only the first.
fn check(cases: &[(&str, &str)], dialect: Dialect) {
    let lexicon = Lexicon::default();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(input, want)| {
            let got = read_aloud(input, dialect, &lexicon);
            (got != *want).then(|| format!("  {input:?}\n    want {want:?}\n    got  {got:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} readings wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
