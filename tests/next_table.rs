//! `loa next` fits 100 columns in both languages, whatever the titles and file names: long ones
//! are shortened with "…", repeats stay visible, and an occurrence that will be skipped is marked.

use std::process::Command;

fn width(s: &str) -> usize {
    // Combining marks (a decomposed Vietnamese title) take no column.
    s.chars()
        .filter(|c| !matches!(*c as u32, 0x0300..=0x036F | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF))
        .count()
}

#[test]
fn the_agenda_fits_100_columns_and_marks_repeats_and_skips() {
    let dir = tempfile::tempdir().unwrap();
    let audio = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("audio");
    let schedule = dir.path().join("s.toml");
    std::fs::write(
        &schedule,
        format!(
            "[station]\ntimezone = \"Asia/Ho_Chi_Minh\"\naudio_dir = \"{}\"\nchime = \"chime.ogg\"\nmax_delay = \"5s\"\n\n\
             [[announcement]]\nid = \"tuyen-truyen-phong-chong-dich-benh-mua-dong-xuan\"\n\
             title = \"Tuyên truyền phòng chống dịch bệnh mùa đông xuân cho bà con nhân dân toàn xã\"\n\
             files = [\"ban-tin-sang.mp3\", \"ban-tin-chieu.mp3\", \"ve-sinh-moi-truong.ogg\"]\nrepeat = 3\nat = \"05:30\"\n\n\
             [[announcement]]\nid = \"ngan\"\nfiles = [\"cchc-01.ogg\"]\nat = \"05:31\"\n",
            audio.display()
        ),
    )
    .unwrap();
    for lang in ["en", "vi"] {
        let out = Command::new(env!("CARGO_BIN_EXE_loa"))
            .args(["next", "--date", "2026-12-02", "--days", "1", "--config"])
            .arg(&schedule)
            .env("LOA_LANG", lang)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for line in stdout.lines() {
            assert!(
                width(line) <= 100,
                "{lang}: {} columns:\n{line}",
                width(line)
            );
        }
        assert!(
            stdout.contains("×3"),
            "{lang}: the repeat is visible:\n{stdout}"
        );
        assert!(
            stdout.contains('…'),
            "{lang}: long text is shortened:\n{stdout}"
        );
        assert!(
            stdout.contains("↳"),
            "{lang}: the skipped one is marked:\n{stdout}"
        );
        let marked = match lang {
            "en" => "will be skipped",
            _ => "sẽ bị bỏ",
        };
        assert!(stdout.contains(marked), "{lang}:\n{stdout}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["next", "--date", "2026-12-02", "--json", "--config"])
        .arg(&schedule)
        .output()
        .unwrap();
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items[0]["will_be_skipped"], false);
    assert_eq!(items[1]["id"], "ngan");
    assert_eq!(items[1]["will_be_skipped"], true);
}

/// Relays (read and checked, not played yet) are in the agenda with their window, on the days
/// and dates their timing allows, in time order among the announcements.
#[test]
fn relays_are_listed_with_their_window() {
    let dir = tempfile::tempdir().unwrap();
    let audio = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("audio");
    let schedule = dir.path().join("s.toml");
    std::fs::write(
        &schedule,
        format!(
            "[station]\ntimezone = \"Asia/Ho_Chi_Minh\"\naudio_dir = \"{}\"\n\n\
             [[announcement]]\nid = \"sang\"\nfiles = [\"ban-tin-sang.mp3\"]\nat = [\"05:30\", \"06:45\"]\n\n\
             [[relay]]\nid = \"vov1\"\ntitle = \"Tiếp âm VOV1\"\nstreams = [\"http://radio.example.vn:8000/vov1\"]\n\
             at = \"6h\"\ndays = \"thứ 2 - thứ 6\"\nexcept = [2026-12-03]\nduration = \"30 phút\"\n",
            audio.display()
        ),
    )
    .unwrap();
    // 2026-12-01 is a Tuesday: a week has five weekdays, less the 3rd.
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args([
            "next",
            "--date",
            "2026-12-01",
            "--days",
            "7",
            "--json",
            "--config",
        ])
        .arg(&schedule)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let relays: Vec<&serde_json::Value> = items.iter().filter(|i| i["id"] == "vov1").collect();
    let days: Vec<&str> = relays
        .iter()
        .map(|r| &r["local"].as_str().unwrap()[..10])
        .collect();
    assert_eq!(
        days,
        ["2026-12-01", "2026-12-02", "2026-12-04", "2026-12-07"]
    );
    assert_eq!(relays[0]["at"], "2026-12-01T06:00:00+07:00");
    assert_eq!(relays[0]["relay"]["end"], "2026-12-01T06:30:00+07:00");
    // In time order: 05:30, the relay at 06:00, 06:45.
    let first_day: Vec<&str> = items
        .iter()
        .filter(|i| i["local"].as_str().unwrap().starts_with("2026-12-01"))
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(first_day, ["sang", "vov1", "sang"]);
    let table = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["next", "--date", "2026-12-01", "--config"])
        .arg(&schedule)
        .env("LOA_LANG", "vi")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("tiếp âm đến 06:30"), "{text}");
    assert!(text.contains("3 lần phát"), "{text}");
}
