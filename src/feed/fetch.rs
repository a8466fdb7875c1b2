//! A bulletin's recordings, fetched into the state directory before it may play (spec §9):
//! each into `NAME.part`, never past the size the bulletin announced, resumed with a `Range` when
//! a transfer breaks, its SHA-256 checked, then renamed and probed. A file that is not whole, not
//! the announced one or not audio is never played. Runs on a thread of its own: the daemon never
//! waits for the network.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::bulletin::AudioFile;

/// Tries per file before the bulletin is given up (the transfer resumes where it broke).
const TRIES: u32 = 4;

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

/// Fetches every file; the paths to play, in order, or why not (in words).
pub fn fetch(files: &[AudioFile], dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let agent = crate::stream::agent();
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let ext = extension(&f.url);
        let done = dir.join(format!("{i}.{ext}"));
        if !(done.exists() && hash_of(&done).is_ok_and(|h| h == f.sha256)) {
            fetch_one(&agent, f, &dir.join(format!("{i}.part")), &done)?;
        }
        crate::audio::probe::probe(&done, crate::audio::probe::Depth::Full)
            .map_err(|e| crate::t!("fetch-not-audio", url = f.url.as_str(), why = e.to_string()))?;
        out.push(done);
    }
    Ok(out)
}

fn fetch_one(agent: &ureq::Agent, f: &AudioFile, part: &Path, done: &Path) -> Result<(), String> {
    let mut last = String::new();
    let mut wrong = 0;
    for attempt in 0..TRIES {
        if attempt > 0 {
            std::thread::sleep(Duration::from_secs(1 << attempt));
        }
        match transfer(agent, f, part) {
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

/// Brings `part` to the announced size, resuming what is there.
fn transfer(agent: &ureq::Agent, f: &AudioFile, part: &Path) -> Result<(), String> {
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
    let mut req = agent.get(&f.url);
    if have > 0 {
        req = req.header("Range", format!("bytes={have}-"));
    }
    let resp = req.call().map_err(|e| e.to_string())?;
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
        let n = body.read(&mut buf).map_err(|e| e.to_string())?;
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
