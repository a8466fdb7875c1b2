//! A bulletin's recordings, fetched into the state directory before it may play (spec §9):
//! each into `NAME.part`, never past the size the bulletin announced, resumed with a `Range` when
//! a transfer breaks, its SHA-256 checked, then renamed and probed. A file that is not whole, not
//! the announced one or not audio is never played. Runs on a thread of its own: the daemon never
//! waits for the network.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::bulletin::AudioFile;

/// Tries per file before the bulletin is given up (the transfer resumes where it broke).
const TRIES: u32 = 4;
/// The slowest a download may be on average: 8 KB/s (a weak 2G link does more). With
/// [`SLACK`], what a bulletin's files may take at most, and never past when it must play.
pub const MIN_RATE: u64 = 8_000;
pub const SLACK: Duration = Duration::from_secs(30);

/// How long a bulletin's download may take: its size at [`MIN_RATE`] and [`SLACK`], but never
/// past `needed_in` (until its `play_at`, or its `expires`).
pub fn allowance(bytes: u64, needed_in: Duration) -> Duration {
    (SLACK + Duration::from_secs(bytes / MIN_RATE)).min(needed_in)
}

/// The folder of a bulletin's recordings: its id made safe as a file name.
pub fn folder(state_dir: &Path, id: &str) -> PathBuf {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    state_dir
        .join("bulletins")
        .join(safe.trim_start_matches('.'))
}

/// The recordings fetched before (a restart while a bulletin was held), if all are whole.
pub fn fetch_local(files: &[AudioFile], dir: &Path) -> Option<Vec<PathBuf>> {
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let done = dir.join(format!("{i}.{}", extension(&f.url)));
            hash_of(&done).ok().filter(|h| *h == f.sha256).map(|_| done)
        })
        .collect()
}

fn extension(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            Path::new(u.path())
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
        })
        .filter(|e| e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "audio".into())
}

/// Fetches every file by `deadline` (then the transfer and its socket end); the paths to play,
/// in order, or why not (in words).
pub fn fetch(files: &[AudioFile], dir: &Path, deadline: Instant) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let agent = crate::stream::agent();
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let ext = extension(&f.url);
        let done = dir.join(format!("{i}.{ext}"));
        if !(done.exists() && hash_of(&done).is_ok_and(|h| h == f.sha256)) {
            fetch_one(&agent, f, (&dir.join(format!("{i}.part")), &done), deadline)?;
        }
        crate::audio::probe::probe(&done, crate::audio::probe::Depth::Full)
            .map_err(|e| crate::t!("fetch-not-audio", url = f.url.as_str(), why = e.to_string()))?;
        out.push(done);
    }
    Ok(out)
}

fn fetch_one(
    agent: &ureq::Agent,
    f: &AudioFile,
    (part, done): (&Path, &Path),
    deadline: Instant,
) -> Result<(), String> {
    let mut last = String::new();
    let mut wrong = 0;
    let late = || {
        crate::t!(
            "fetch-deadline",
            url = f.url.as_str(),
            rate = MIN_RATE / 1000
        )
    };
    for attempt in 0..TRIES {
        if attempt > 0 {
            let pause = Duration::from_secs(1 << attempt);
            if Instant::now() + pause >= deadline {
                last = late();
                break;
            }
            std::thread::sleep(pause);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            last = late();
            break;
        }
        match transfer(agent, f, part, left) {
            Err(_) if Instant::now() >= deadline => {
                last = late();
                break;
            }
            Ok(()) => {}
            Err(why) => {
                tracing::warn!(url = %f.url, "bulletin audio: {why}; trying again");
                last = why;
                continue;
            }
        }
        if hash_of(part).is_ok_and(|h| h == f.sha256) {
            std::fs::rename(part, done).map_err(|e| format!("{}: {e}", done.display()))?;
            return Ok(());
        }
        // Whole but not the announced file: once more from nothing (a transfer spoiled on the
        // way), then it is not the file.
        let _ = std::fs::remove_file(part);
        last = crate::t!("fetch-hash", url = f.url.as_str());
        tracing::warn!(url = %f.url, "bulletin audio: {last}");
        wrong += 1;
        if wrong == 2 {
            break;
        }
    }
    let _ = std::fs::remove_file(part);
    Err(last)
}

/// Brings `part` to the announced size, resuming what is there, within `left`.
fn transfer(agent: &ureq::Agent, f: &AudioFile, part: &Path, left: Duration) -> Result<(), String> {
    let have = std::fs::metadata(part).map_or(0, |m| m.len());
    if have > f.bytes {
        let _ = std::fs::remove_file(part);
        return Err(crate::t!(
            "fetch-too-long",
            url = f.url.as_str(),
            bytes = f.bytes
        ));
    }
    if have == f.bytes {
        return Ok(());
    }
    // The whole transfer, body included, ends by the deadline: a server that trickles a byte
    // now and then holds neither this thread nor its socket past it.
    let mut req = agent
        .get(&f.url)
        .config()
        .timeout_global(Some(left))
        .build();
    if have > 0 {
        req = req.header("Range", format!("bytes={have}-"));
    }
    let resp = req
        .call()
        .map_err(|e| crate::stream::error_of(&f.url, e).to_string())?;
    let resumed = resp.status() == 206;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(resumed)
        .write(true)
        .truncate(!resumed)
        .open(part)
        .map_err(|e| format!("{}: {e}", part.display()))?;
    let start = if resumed { have } else { 0 };
    // Never more than announced: a server that sends more is refused, whatever it sends.
    let room = f.bytes - start;
    let mut body = resp.into_body().into_reader().take(room + 1);
    let mut buf = vec![0u8; 64 * 1024];
    let mut got = 0u64;
    loop {
        let n = body.read(&mut buf).map_err(|e| crate::i18n::io_why(&e))?;
        if n == 0 {
            break;
        }
        got += n as u64;
        if got > room {
            drop(file);
            let _ = std::fs::remove_file(part);
            return Err(crate::t!(
                "fetch-too-long",
                url = f.url.as_str(),
                bytes = f.bytes
            ));
        }
        file.write_all(&buf[..n])
            .map_err(|e| format!("{}: {e}", part.display()))?;
    }
    file.sync_all().map_err(|e| e.to_string())?;
    if start + got < f.bytes {
        return Err(crate::t!("fetch-short", url = f.url.as_str()));
    }
    Ok(())
}

fn hash_of(path: &Path) -> std::io::Result<[u8; 32]> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().into())
}

/// Removes the recordings of bulletins that are over (`keep` says which are not), and what a
/// refused or broken download left.
pub fn sweep(state_dir: &Path, keep: impl Fn(&str) -> bool) {
    let Ok(dirs) = std::fs::read_dir(state_dir.join("bulletins")) else {
        return;
    };
    for d in dirs.flatten() {
        let name = d.file_name().to_string_lossy().into_owned();
        if !keep(&name)
            && let Err(e) = std::fs::remove_dir_all(d.path())
        {
            tracing::warn!("cannot remove {}: {e}", d.path().display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_may_take_its_size_at_the_slowest_rate_but_never_past_its_time() {
        let hour = Duration::from_secs(3600);
        assert_eq!(allowance(0, hour), SLACK);
        // 4 MB: 500 s at 8 KB/s.
        assert_eq!(allowance(4_000_000, hour), SLACK + Duration::from_secs(500));
        // Due in a minute: a minute.
        assert_eq!(
            allowance(4_000_000, Duration::from_secs(60)),
            Duration::from_secs(60)
        );
    }
}
