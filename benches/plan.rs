//! Planning speed: one year of a 1,000-announcement schedule (half `at`, half `cron`), and
//! parsing that schedule. The whole-process figure (`loa next --days 365`) is benches/next-year.sh.

use std::path::Path;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

mod big_schedule;

fn planning(c: &mut Criterion) {
    let audio = concat!(env!("CARGO_MANIFEST_DIR"), "/audio");
    let text = big_schedule::schedule_text(1000, audio);
    let s = loa::schedule::parse("big.toml", text.clone(), Path::new("."), chrono_tz::UTC)
        .expect("the bench schedule is valid")
        .schedule;
    let from = Utc.with_ymd_and_hms(2026, 11, 30, 17, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2027, 11, 30, 17, 0, 0).unwrap();
    println!(
        "one year of the bench schedule: {} occurrences",
        loa::plan::occurrences(&s, from, to).len()
    );

    let mut g = c.benchmark_group("plan");
    g.sample_size(20);
    g.bench_function("one year, 1000 announcements", |b| {
        b.iter(|| loa::plan::occurrences(&s, from, to).len())
    });
    g.bench_function("one day, 1000 announcements", |b| {
        b.iter(|| loa::plan::occurrences(&s, from, from + chrono::TimeDelta::days(1)).len())
    });
    g.bench_function("parse 1000 announcements", |b| {
        b.iter(|| {
            loa::schedule::parse("big.toml", text.clone(), Path::new("."), chrono_tz::UTC).is_ok()
        })
    });
    g.finish();
}

criterion_group!(benches, planning);
criterion_main!(benches);
