//! The station's `loudness` (spec §2): every file plays at the same perceived level. A thread
//! measures each file once (EBU R128, [`super::loudness`]) and remembers the result by the hash of
//! the file's bytes in `loudness.json` in the state directory, so a file is measured again only
//! when it changes, whatever its name. The daemon asks for the files of each schedule it loads
//! and plays with the gains it has; a file not yet measured plays at its own level meanwhile.
//!
//! Off the daemon's loop and the player: measuring decodes whole files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use super::loudness::{Loudness, measure_file};
use super::player::{Item, Playlist};

/// The cache's file in the state directory.
pub const CACHE_FILE: &str = "loudness.json";

/// Gains by file, as far as they are known.
#[derive(Clone, Debug, Default)]
pub struct Gains(HashMap<PathBuf, f32>);

impl Gains {
    pub fn get(&self, path: &Path) -> Option<f32> {
        self.0.get(path).copied()
    }

    pub fn insert(&mut self, path: PathBuf, gain: f32) {
        self.0.insert(path, gain);
    }

    /// The playlist with each file's gain put on it.
    pub fn apply(&self, mut p: Playlist) -> Playlist {
        let level = |items: &mut Vec<Item>| {
            for item in items.iter_mut() {
                if let Item::File(path) = item
                    && let Some(g) = self.get(path)
                {
                    *item = Item::Leveled(path.clone(), (2000.0 * g.log10()).round() as i32);
                }
            }
        };
        level(&mut p.prelude);
        level(&mut p.body);
        p
    }
}

/// blake3 of a file's bytes, hex.
pub fn file_hash(path: &Path) -> std::io::Result<String> {
    let mut h = blake3::Hasher::new();
    std::io::copy(&mut std::fs::File::open(path)?, &mut h)?;
    Ok(h.finalize().to_hex().to_string())
}

/// Measurements by file hash, kept in the state directory.
pub struct Cache {
    path: Option<PathBuf>,
    known: HashMap<String, Loudness>,
    /// Each file's hash as of its size and modification time: a reload of an unchanged
    /// schedule does not read every recording again.
    hashes: HashMap<PathBuf, (u64, Option<std::time::SystemTime>, String)>,
    /// Measured something not yet written to `path`.
    dirty: bool,
}

impl Cache {
    /// The cache in `state_dir` (empty if it is missing or unreadable); `None`: in memory only.
    pub fn open(state_dir: Option<&Path>) -> Cache {
        let path = state_dir.map(|d| d.join(CACHE_FILE));
        let known = path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Cache {
            path,
            known,
            hashes: HashMap::new(),
            dirty: false,
        }
    }

    fn hash(&mut self, file: &Path) -> Option<String> {
        let meta = std::fs::metadata(file).ok()?;
        let stamp = (meta.len(), meta.modified().ok());
        if let Some((len, modified, hash)) = self.hashes.get(file)
            && (*len, *modified) == stamp
        {
            return Some(hash.clone());
        }
        let hash = file_hash(file).ok()?;
        self.hashes
            .insert(file.to_path_buf(), (stamp.0, stamp.1, hash.clone()));
        Some(hash)
    }

    /// The file's loudness, measured now unless its bytes were measured before.
    pub fn loudness(&mut self, file: &Path) -> Option<Loudness> {
        let hash = self.hash(file)?;
        if let Some(l) = self.known.get(&hash) {
            return Some(*l);
        }
        let l = measure_file(file).ok()?;
        self.known.insert(hash, l);
        self.dirty = true;
        Some(l)
    }

    /// Writes the cache (aside, then renamed: never half a file). Failure only costs a measure.
    pub fn save(&mut self) {
        let Some(path) = &self.path else { return };
        if !self.dirty {
            return;
        }
        let tmp = path.with_extension("json.tmp");
        let Ok(text) = serde_json::to_vec(&self.known) else {
            return;
        };
        let written = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path));
        // Kept dirty on failure: the next load tries again.
        self.dirty = written.is_err();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            tracing::warn!(
                "cannot keep loudness measurements in {}: {}",
                path.display(),
                crate::i18n::io_why(&e)
            );
        }
    }
}

/// The gains that bring `files` to `target` LUFS (true peak under -1 dBTP), measuring what the
/// cache does not know; files that cannot be measured are left out (they play as they are).
pub fn gains(cache: &mut Cache, files: &[PathBuf], target: f64) -> Gains {
    let mut g = Gains::default();
    for f in files {
        if let Some(l) = cache.loudness(f) {
            g.insert(f.clone(), l.gain_to(target));
        }
    }
    cache.save();
    g
}

/// A thread that measures the files of each schedule the daemon loads.
pub struct Leveller {
    tx: mpsc::Sender<(Vec<PathBuf>, f64)>,
}

impl Leveller {
    /// Starts the thread; each finished set of gains is handed to `done`.
    pub fn spawn(
        state_dir: PathBuf,
        done: impl Fn(Gains) + Send + 'static,
    ) -> std::io::Result<Leveller> {
        let (tx, rx) = mpsc::channel::<(Vec<PathBuf>, f64)>();
        std::thread::Builder::new()
            .name("loa-level".into())
            .spawn(move || {
                let mut cache = Cache::open(Some(&state_dir));
                while let Ok(mut job) = rx.recv() {
                    // Only the newest schedule matters.
                    while let Ok(newer) = rx.try_recv() {
                        job = newer;
                    }
                    let (files, target) = job;
                    let g = gains(&mut cache, &files, target);
                    tracing::info!(files = files.len(), target, "loudness levelled");
                    done(g);
                }
            })?;
        Ok(Leveller { tx })
    }

    /// Asks for the gains of `files` at `target` LUFS.
    pub fn level(&self, files: Vec<PathBuf>, target: f64) {
        let _ = self.tx.send((files, target));
    }
}
