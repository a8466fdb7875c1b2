//! File names as the disk spells them. A name typed on Windows or Android is NFC ("ả" one
//! character); one copied from a Mac or some phones is NFD ("a" and a combining hook): they look
//! the same and differ in bytes. loa finds the file either way, and on a miss offers the names in
//! the folder that differ only in case, accents, spaces or punctuation.
//!
//! Reads directories only; never opens a file.

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::suggest::fold;

/// `path` if it exists; else the file in the same folder whose name is the same text in another
/// Unicode normalisation; else `path` unchanged.
pub fn resolve(path: &Path) -> PathBuf {
    if path.exists() {
        return path.to_path_buf();
    }
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return path.to_path_buf();
    };
    let want: String = name.nfc().collect();
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return path.to_path_buf();
    };
    for e in entries.flatten() {
        let n = e.file_name();
        if let Some(n) = n.to_str()
            && n.nfc().eq(want.chars())
        {
            return dir.join(n);
        }
    }
    path.to_path_buf()
}

/// A file in `dir` named `name` as the officer typed it: exactly, in another Unicode
/// normalisation, or the same up to case, accents and spaces when only one file is.
pub fn find_in(dir: &Path, name: &str) -> Option<PathBuf> {
    if name.is_empty() || name.contains('/') {
        return None;
    }
    let exact = resolve(&dir.join(name));
    if exact.is_file() {
        return Some(exact);
    }
    let want = fold(name);
    let matches: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| {
            e.file_name().to_str().is_some_and(|n| {
                fold(n) == want
                    || fold(
                        Path::new(n)
                            .file_stem()
                            .and_then(|s| s.to_str())
                            .unwrap_or(n),
                    ) == want
            })
        })
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    match matches.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Names in `path`'s folder that are `path`'s name up to case, accents, spaces and punctuation
/// (at most three, closest first).
pub fn nearest(path: &Path) -> Vec<String> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let want = fold(name);
    let want_stem = fold(
        Path::new(name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(name),
    );
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return Vec::new();
    };
    let mut found: Vec<(usize, String)> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|n| {
            let f = fold(&n);
            let stem = fold(
                Path::new(&n)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or(&n),
            );
            if f == want {
                Some((0, n))
            } else if stem == want_stem && !stem.is_empty() {
                // Same recording, another extension: "ban-tin.mp3" for "ban-tin.m4a".
                Some((1, n))
            } else {
                let d = strsim::damerau_levenshtein(&f, &want);
                (d <= 2 && want.len() >= 6).then_some((1 + d, n))
            }
        })
        .collect();
    found.sort();
    found.into_iter().take(3).map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_another_normalisation_is_found_and_near_names_offered() {
        let dir = tempfile::tempdir().unwrap();
        let nfd: String = "bản-tin-sáng.mp3".nfd().collect();
        std::fs::write(dir.path().join(&nfd), b"x").unwrap();
        std::fs::write(dir.path().join("Cảnh Báo Bão.ogg"), b"x").unwrap();
        let nfc: String = "bản-tin-sáng.mp3".nfc().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(resolve(&dir.path().join(&nfc)), dir.path().join(&nfd));
        // Nothing of the kind: unchanged.
        let none = dir.path().join("khác.mp3");
        assert_eq!(resolve(&none), none);
        assert_eq!(
            nearest(&dir.path().join("canh-bao-bao.ogg")),
            vec!["Cảnh Báo Bão.ogg".to_string()]
        );
        assert_eq!(
            nearest(&dir.path().join("ban tin sang.MP3")),
            vec![nfd.clone()]
        );
        assert!(nearest(&dir.path().join("zzz.mp3")).is_empty());
    }
}
