//! A recording chosen in the province's send form (spec §14): streamed into the state
//! directory's `uploads/` within `[web] max_upload`, then measured and stored at
//! `[province] upload` by `loa fleet send --file F --upload URL`'s own code, and removed here
//! once the bulletin is sealed (or refused).

use std::collections::HashMap;
use std::path::PathBuf;

use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError};
use std::io::Write;

use super::Links;
use crate::i18n::{Lang, with_lang};
use crate::t;

/// An upload waiting in `uploads/`; removed when dropped.
pub(in crate::web) struct Spooled {
    pub path: PathBuf,
    /// Its name as the officer's computer gave it (cleaned): the bulletin's title by default.
    pub name: String,
    /// Where it will be stored.
    pub url: String,
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Where a recording of the send form goes, and how big it may be.
pub(in crate::web) struct Place<'a> {
    /// `[province] upload`: the folder's address an uploaded recording is PUT under.
    pub upload: Option<&'a str>,
    /// Where it waits while it is measured and stored.
    pub spool: &'a std::path::Path,
    /// The largest upload taken.
    pub max_upload: u64,
}

impl<'a> Place<'a> {
    pub(super) fn of(links: &'a Links) -> Place<'a> {
        Place {
            upload: links.upload.as_deref(),
            spool: &links.spool,
            max_upload: links.max_upload,
        }
    }
}

/// The send form's text fields, and its recording when one was chosen.
pub(in crate::web) async fn read(
    place: &Place<'_>,
    lang: Lang,
    mut form: Multipart,
) -> Result<(HashMap<String, String>, Option<Spooled>), String> {
    let broken =
        |e: MultipartError| with_lang(lang, || t!("web-upload-broken", why = e.to_string()));
    let mut fields = HashMap::new();
    let mut file = None;
    while let Some(mut field) = form.next_field().await.map_err(broken)? {
        let Some(name) = field.name().map(str::to_string) else {
            continue;
        };
        if name != "file" {
            fields.insert(name, field.text().await.map_err(broken)?);
            continue;
        }
        // (A form sent without a file chosen has the part, with no name and nothing in it.)
        let given = field.file_name().unwrap_or("").to_string();
        if given.is_empty() {
            continue;
        }
        file = Some(spool(place, lang, &given, &mut field).await?);
    }
    Ok((fields, file))
}

/// Streams `field` into `uploads/`, named afresh with the file's own extension (the decoder
/// goes by it), within `max_upload`.
async fn spool(
    links: &Place<'_>,
    lang: Lang,
    given: &str,
    field: &mut Field<'_>,
) -> Result<Spooled, String> {
    let Some(base) = links.upload else {
        return Err(with_lang(lang, || t!("fleet-upload-not-configured")));
    };
    let name =
        with_lang(lang, || crate::audio::library::clean_name(given)).map_err(|e| e.to_string())?;
    let ext = std::path::Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("bin")
        .to_ascii_lowercase();
    let io = |e: std::io::Error| format!("{}: {}", links.spool.display(), crate::i18n::io_why(&e));
    std::fs::create_dir_all(links.spool).map_err(io)?;
    let mut rnd = [0u8; 6];
    getrandom::fill(&mut rnd).map_err(|e| e.to_string())?;
    let stem: String = rnd.iter().map(|b| format!("{b:02x}")).collect();
    let stamp = {
        use crate::clock::Clock;
        crate::clock::SystemClock.now().format("%Y%m%dT%H%M%SZ")
    };
    let spooled = Spooled {
        path: links.spool.join(format!("{stem}.{ext}")),
        url: format!("{}/{stamp}-{stem}.{ext}", base.trim_end_matches('/')),
        name,
    };
    // (Written as it comes, as the station's uploads are: a local disk takes a chunk at once.)
    let mut out = std::fs::File::create(&spooled.path).map_err(io)?;
    let mut written = 0u64;
    let mut over = false;
    while let Some(chunk) = field.chunk().await.map_err(|e| e.to_string())? {
        written += chunk.len() as u64;
        // Over the limit: the rest is read and thrown away (a server that answers with bytes
        // unread resets the connection, and the browser shows that instead of why).
        if written > links.max_upload {
            over = true;
            continue;
        }
        out.write_all(&chunk).map_err(io)?;
    }
    if over {
        return Err(with_lang(lang, || {
            t!("web-upload-too-big", max = links.max_upload / 1_000_000)
        }));
    }
    out.flush().map_err(io)?;
    Ok(spooled)
}
