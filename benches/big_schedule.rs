//! A large, deterministic schedule for benchmarks: `n` announcements, half `at` (one to three
//! times a day, various days, some with campaign windows and `except` dates, some rotating) and
//! half `cron` (several times a day on some weekdays), using the example programme's recordings.

/// Schedule text; `audio_dir` is the path of the repository's `audio/` folder.
pub fn schedule_text(n: usize, audio_dir: &str) -> String {
    let files = [
        "ban-tin-sang.mp3",
        "ban-tin-chieu.mp3",
        "cchc-01.ogg",
        "cchc-02.ogg",
        "cchc-03.ogg",
        "ve-sinh-moi-truong.ogg",
    ];
    let days = [
        "daily",
        "weekdays",
        "weekends",
        "t2-t6",
        "mon,wed,fri",
        "cn",
    ];
    let dows = ["*", "Mon-Fri", "Mon-Sat", "Sat,Sun", "Tue,Thu"];
    let mut t = format!(
        "[station]\nname = \"bench\"\ntimezone = \"Asia/Ho_Chi_Minh\"\naudio_dir = \"{audio_dir}\"\nquiet_hours = \"22:00-05:00\"\nexcept = [2027-02-06]\n"
    );
    // A small deterministic generator (xorshift), so every run plans the same file.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    };
    for i in 0..n {
        t += &format!("\n[[announcement]]\nid = \"a{i:04}\"\ntitle = \"Thông báo số {i}\"\n");
        let f = next(files.len() as u64) as usize;
        if next(4) == 0 {
            t += &format!(
                "files = [\"{}\", \"{}\", \"{}\"]\norder = \"rotate\"\n",
                files[2], files[3], files[4]
            );
        } else {
            t += &format!("files = [\"{}\"]\n", files[f]);
        }
        if i % 2 == 0 {
            let times: Vec<String> = (0..1 + next(3))
                .map(|_| format!("\"{:02}:{:02}\"", 5 + next(17), next(60)))
                .collect();
            t += &format!(
                "at = [{}]\ndays = \"{}\"\n",
                times.join(", "),
                days[next(days.len() as u64) as usize]
            );
        } else {
            let hours: Vec<String> = (0..1 + next(3))
                .map(|_| (5 + next(17)).to_string())
                .collect();
            t += &format!(
                "cron = \"0 {} {} * * {}\"\n",
                next(60),
                hours.join(","),
                dows[next(dows.len() as u64) as usize]
            );
        }
        if next(3) == 0 {
            t += &format!(
                "from = 2026-{:02}-01\nuntil = 2027-{:02}-28\n",
                1 + next(12),
                1 + next(12)
            );
        }
        if next(5) == 0 {
            t += "except = [2026-12-24, 2027-01-01]\n";
        }
        t += &format!("priority = {}\n", next(3));
    }
    t
}
