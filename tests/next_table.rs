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
