//! What the fuzz targets drive (fuzz/fuzz_targets/web_api.rs, multipart.rs): outside bytes
//! through the very decoding the console's handlers use — axum's own `Json`-like body reader,
//! `Query`, `Form` and `Multipart` extractors, then the checks that make them the daemon's
//! typed requests — with no app, socket, shell or network. Not part of the console: nothing
//! here is routed, and nothing the handlers call lives here.

use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::extract::{Form, FromRequest, Multipart, Query};
use axum::http::{Request as HttpRequest, Uri, header};
use chrono::{DateTime, TimeZone, Utc};
use serde::de::DeserializeOwned;

use super::http::body;
use super::login::Caller;
use crate::control::access::Role;
use crate::control::protocol::Request;
use crate::feed::keys::SecretKey;
use crate::i18n::Lang;

/// A province's key for the fuzz targets' seals (a test key, no one's).
const SECRET: &str = "ed25519-secret:Dmg7DcQTHzboIvXSrbHS/Bi2PmVhFj5F1gLFB3mCj9w=";
/// The boundary of the multipart bodies the target sends.
pub const BOUNDARY: &str = "loa-fuzz-boundary";
const TZ: chrono_tz::Tz = chrono_tz::Asia::Ho_Chi_Minh;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// One runtime for every input: the extractors are futures, an upload is kept off the loop.
fn runtime() -> Option<&'static tokio::runtime::Runtime> {
    static RT: OnceLock<Option<tokio::runtime::Runtime>> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Builder::new_current_thread().build().ok())
        .as_ref()
}

fn key() -> Option<&'static SecretKey> {
    static KEY: OnceLock<Option<SecretKey>> = OnceLock::new();
    KEY.get_or_init(|| SecretKey::parse(SECRET).ok()).as_ref()
}

/// The example schedule as shipped (its files not read).
fn example() -> Option<&'static crate::schedule::Schedule> {
    static EXAMPLE: OnceLock<Option<crate::schedule::Schedule>> = OnceLock::new();
    EXAMPLE
        .get_or_init(|| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
            let text = include_str!("../../config/schedule.toml").to_string();
            crate::schedule::parse("schedule.toml", text, &dir, TZ)
                .ok()
                .map(|l| l.schedule)
        })
        .as_ref()
}

fn lang_of(pick: u8) -> Lang {
    if pick & 0x80 == 0 { Lang::Vi } else { Lang::En }
}

/// A query string as axum's `Query` reads it from the request's address.
fn query<T: DeserializeOwned>(q: &[u8]) -> Option<T> {
    let mut uri = b"/api/v1/x?".to_vec();
    uri.extend_from_slice(q);
    let uri = Uri::try_from(uri).ok()?;
    Query::<T>::try_from_uri(&uri).ok().map(|Query(t)| t)
}

/// A form body as axum's `Form` reads it.
fn form<T: DeserializeOwned + Send>(rt: &tokio::runtime::Runtime, b: &[u8]) -> Option<T> {
    let req = HttpRequest::builder()
        .method("POST")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(b.to_vec()))
        .ok()?;
    rt.block_on(Form::<T>::from_request(req, &()))
        .ok()
        .map(|Form(t)| t)
}

/// A multipart body with [`BOUNDARY`] as axum's `Multipart` reads it.
fn multipart_of(rt: &tokio::runtime::Runtime, b: &[u8]) -> Option<Multipart> {
    let req = HttpRequest::builder()
        .method("POST")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(b.to_vec()))
        .ok()?;
    rt.block_on(Multipart::from_request(req, &())).ok()
}

/// When the shell reads a time the console passed on (`pause`'s `until`, `accept`'s `at`).
fn when(w: Option<&str>) {
    if let Some(w) = w {
        let _ = crate::dispatch::parse_when(w, now(), TZ);
    }
}

/// The console's API and forms: the first byte picks the body or query (and the reader's
/// language), the rest is it.
pub fn api(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some(rt) = runtime() else {
        return;
    };
    let lang = lang_of(pick);
    let bytes = Bytes::copy_from_slice(rest);
    crate::i18n::with_lang(lang, || match pick & 0x7f {
        // `/api/v1/…` JSON bodies.
        0 => {
            if let Ok(p) = body::<super::api::Play>(&bytes, lang) {
                let _ = p.request();
            }
        }
        1 => {
            if let Ok(u) = body::<super::api::Until>(&bytes, lang) {
                when(u.until.as_deref());
            }
        }
        2 => {
            if let Ok(a) = body::<super::api::At>(&bytes, lang) {
                when(a.at.as_deref());
            }
        }
        3 => {
            let _ = body::<super::login::Login>(&bytes, lang);
        }
        4 => {
            if let Ok(f) = body::<super::fleet::api::SendForm>(&bytes, lang) {
                send(&f, None, lang);
            }
        }
        5 => {
            if let (Ok(b), Some(k)) = (body::<super::fleet::push::PushBody>(&bytes, lang), key()) {
                let _ = super::fleet::push::sealed(&b.to, &b.schedule, k, now(), lang);
            }
        }
        // Query strings.
        6 => {
            if let Some(q) = query::<super::reading::NextQuery>(rest)
                && let Ok((from, to)) = q.window(lang, TZ, now())
                && let Some(s) = example()
                // (A week at most: the planner is fuzzed for itself by the schedule target.)
                && to - from <= chrono::TimeDelta::days(8)
            {
                let _ = crate::commands::next::agenda_json(s, from, to);
            }
        }
        7 => {
            if let Some(q) = query::<super::reading::HistoryQuery>(rest) {
                let _ = q.filters(lang);
            }
        }
        8 => {
            let _ = query::<super::audio::Replace>(rest)
                .map(|q| matches!(q.replace.as_deref(), Some("1" | "true")));
        }
        9 => {
            if let Some(q) = query::<super::fleet::api::NodesQuery>(rest) {
                let _ = q.checked(lang);
            }
        }
        10 => {
            if let Some(q) = query::<super::fleet::api::ReportQuery>(rest) {
                let _ = q.window(lang, TZ);
            }
        }
        // The pages' forms.
        11 => {
            if let Some(f) = form::<super::pages::now::PauseForm>(rt, rest)
                && let Request::Pause { until } = f.request()
            {
                when(until.as_deref());
            }
        }
        12 => {
            let _ = form::<super::pages::now::PlayForm>(rt, rest);
            let _ = form::<super::pages::now::EmergencyForm>(rt, rest);
            let _ = form::<super::pages::speech::TextForm>(rt, rest);
        }
        13 => {
            let p = crate::schedule::form::pairs(rest);
            let _ = crate::schedule::form::AnnouncementForm::of_pairs(&p);
            if let Some(name) = crate::schedule::form::field(&p, "name") {
                let _ = super::accounts::check_name(name.trim());
            }
            if let Some(password) = crate::schedule::form::field(&p, "password") {
                let _ = super::accounts::check_password(password);
            }
            if let Some(role) = crate::schedule::form::field(&p, "role") {
                let _ = Role::parse(role);
            }
        }
        _ => {}
    });
}

/// A send form read and sealed as the province's console does (no recording fetched: a form
/// with an address or an upload stops before the seal).
fn send(f: &super::fleet::api::SendForm, upload: Option<&str>, lang: Lang) {
    let Ok(p) = f.parsed(lang) else {
        return;
    };
    if f.url.as_deref().is_some_and(|u| !u.is_empty()) || upload.is_some() {
        return;
    }
    if let Some(k) = key() {
        let _ = f.sealed(&p, None, k, now(), TZ);
    }
}

/// A scratch folder of this process, emptied.
fn scratch(name: &str) -> Option<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("loa-fuzz-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir)
}

/// The console's multipart forms: the first byte picks the form (and the language and the
/// upload limit), the rest is the body, its parts split by [`BOUNDARY`].
pub fn multipart(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some(rt) = runtime() else {
        return;
    };
    let lang = lang_of(pick);
    let max = 64u64 << ((pick >> 2) & 7);
    let Some(form) = multipart_of(rt, rest) else {
        return;
    };
    crate::i18n::with_lang(lang, || match pick & 3 {
        // The recordings: `/api/v1/audio` (`?replace=1` by a bit) and the page's form.
        0 | 1 => {
            let Some(dir) = scratch("audio") else {
                return;
            };
            let caller = Caller {
                name: "fuzz".into(),
                role: Role::Admin,
                lang,
                session: String::new(),
                csrf: "token".into(),
            };
            let page = pick & 1 == 1;
            let replace = pick & 0x40 != 0;
            let _ = rt.block_on(super::audio::receive_into(
                &dir, max, &caller, form, replace, page,
            ));
            let _ = std::fs::remove_dir_all(&dir);
        }
        // The province's send form.
        2 => {
            let Some(spool) = scratch("spool") else {
                return;
            };
            let place = super::fleet::upload::Place {
                upload: Some("http://fuzz.invalid/uploads"),
                spool: &spool,
                max_upload: max,
            };
            if let Ok((fields, file)) = rt.block_on(super::fleet::upload::read(&place, lang, form))
            {
                let f = super::fleet::api::SendForm::of_fields(
                    fields,
                    file.as_ref().map(|f| f.name.clone()),
                );
                send(&f, file.as_ref().map(|f| f.url.as_str()), lang);
            }
            let _ = std::fs::remove_dir_all(&spool);
        }
        // The province's push form.
        _ => {
            let mut form = form;
            let mut got = super::fleet::push::PushForm::default();
            let read = rt.block_on(super::fleet::push::read_push(&mut form, &mut got, lang));
            if let (Ok(()), Some(s), Some(k)) = (read, got.schedule, key()) {
                let _ = super::fleet::push::sealed(&got.to, &s, k, now(), lang);
            }
        }
    });
}
