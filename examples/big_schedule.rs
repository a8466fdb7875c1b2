//! Prints the benchmark schedule: `cargo run --example big_schedule -- N AUDIO_DIR > big.toml`.

#[path = "../benches/big_schedule.rs"]
mod big_schedule;

fn main() {
    let mut args = std::env::args().skip(1);
    let n = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let audio = args
        .next()
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/audio").to_string());
    print!("{}", big_schedule::schedule_text(n, &audio));
}
