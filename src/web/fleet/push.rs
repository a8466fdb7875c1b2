//! A cluster's page on the province's console, and a schedule pushed to it (spec §14, §9): its
//! state as its retained status has it, the last schedule pushed to it and what it answered —
//! installed, or refused with each of `loa check`'s errors on a line of its own — and an
//! admin's form that sends it a schedule file. The schedule is signed as `loa fleet push` signs
//! it ([`seal_schedule`]) and kept at the broker; the node's answer comes back in its status.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::html;
use serde::Deserialize;
use serde_json::{Value, json};

use super::FleetApp;
use super::api::{not_found, unprocessable};
use super::pages::{local_time, page, text};
use crate::clock::{Clock, SystemClock};
use crate::commands::fleet::send::seal_schedule;
use crate::control::access::{Action, Role};
use crate::i18n::with_lang;
use crate::province::shell::Ask;
use crate::t;
use crate::web::http::{ApiError, body, lang_of};
use crate::web::login::Caller;
use crate::web::pages::{Page, back};

/// The largest schedule pushed (a node refuses more; spec §9).
const MAX_SCHEDULE: usize = crate::web::schedule::MAX_SCHEDULE;

pub(super) fn routes() -> Router<Arc<FleetApp>> {
    Router::new()
        .route("/api/v1/fleet/push", post(push_api))
        .route("/push", post(push_form))
        // (Room for the schedule and what carries it.)
        .route_layer(DefaultBodyLimit::max(MAX_SCHEDULE + 64 * 1024))
        .route("/nodes/{*node}", get(node_page))
}

/// `POST /api/v1/fleet/push`: `{"to": NODE, "schedule": TEXT}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::web) struct PushBody {
    pub(in crate::web) to: String,
    pub(in crate::web) schedule: String,
}

async fn push_api(
    State(app): State<Arc<FleetApp>>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let lang = lang_of(&headers);
    caller.may(Action::Push)?;
    let b: PushBody = body(&bytes, lang)?;
    Ok(axum::Json(push(&app, &caller, &b.to, &b.schedule).await?).into_response())
}

/// Signs `schedule` for `to` as `loa fleet push` does and keeps it at the broker (retained);
/// the API's answer.
async fn push(
    app: &FleetApp,
    caller: &Caller,
    to: &str,
    schedule: &str,
) -> Result<Value, ApiError> {
    let lang = caller.lang;
    let sealed = sealed(to, schedule, &app.links.key, SystemClock.now(), lang)?;
    app.publish(&sealed.topic, sealed.body.into_bytes(), true, lang)
        .await?;
    tracing::info!(user = %caller.name, id = %sealed.id, node = %to, "schedule pushed from the console");
    Ok(json!({ "id": sealed.id, "node": to, "topic": sealed.topic }))
}

/// `schedule` signed for `to` at `now` as `loa fleet push` signs it; 422 with why.
pub(in crate::web) fn sealed(
    to: &str,
    schedule: &str,
    key: &crate::feed::keys::SecretKey,
    now: chrono::DateTime<chrono::Utc>,
    lang: crate::i18n::Lang,
) -> Result<crate::commands::fleet::send::Sealed, ApiError> {
    if schedule.len() > MAX_SCHEDULE {
        return Err(unprocessable(lang, || {
            t!("fleet-push-too-large", max = MAX_SCHEDULE / 1024)
        }));
    }
    with_lang(lang, || seal_schedule(to, schedule, key, now))
        .map_err(|why| unprocessable(lang, || why))
}

/// What the push form carried, as far as it could be read.
#[derive(Default)]
pub(in crate::web) struct PushForm {
    pub(in crate::web) csrf: Option<String>,
    pub(in crate::web) to: String,
    pub(in crate::web) schedule: Option<String>,
}

/// Reads the push form's fields into `got` (what came before a broken part is kept); why it
/// could not be read to its end.
pub(in crate::web) async fn read_push(
    form: &mut Multipart,
    got: &mut PushForm,
    lang: crate::i18n::Lang,
) -> Result<(), String> {
    let broken = |e: axum::extract::multipart::MultipartError| {
        with_lang(lang, || t!("web-upload-broken", why = e.to_string()))
    };
    while let Some(field) = form.next_field().await.map_err(broken)? {
        match field.name() {
            Some("csrf") => got.csrf = Some(field.text().await.map_err(broken)?),
            Some("to") => got.to = field.text().await.map_err(broken)?,
            Some("schedule") => {
                let bytes = field.bytes().await.map_err(broken)?;
                let text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| with_lang(lang, || t!("fleet-push-not-text")))?;
                got.schedule = Some(text);
            }
            _ => {}
        }
    }
    Ok(())
}

/// The form: `csrf`, `to`, then the file `schedule`.
async fn push_form(
    State(app): State<Arc<FleetApp>>,
    Page(caller): Page,
    mut form: Multipart,
) -> Response {
    let lang = caller.lang;
    let mut got = PushForm::default();
    let read = read_push(&mut form, &mut got, lang).await;
    let PushForm { csrf, to, schedule } = got;
    let here = format!("/nodes/{to}");
    if let Err(e) = caller
        .check_token(csrf.as_deref(), "a push form")
        .and_then(|()| caller.may(Action::Push))
    {
        return back(&here, false, e.message().to_string());
    }
    if let Err(why) = read {
        return back(&here, false, why);
    }
    let Some(schedule) = schedule.filter(|s| !s.trim().is_empty()) else {
        return back(&here, false, with_lang(lang, || t!("fleet-push-no-file")));
    };
    match push(&app, &caller, &to, &schedule).await {
        Ok(v) => {
            let said = with_lang(lang, || t!("fleet-pushed-console", id = text(&v, "id")));
            back(&here, true, said)
        }
        Err(e) => back(&here, false, e.message().to_string()),
    }
}

/// `/nodes/NODE`: the cluster's state, its last pushed schedule with the answer, the form.
async fn node_page(
    State(app): State<Arc<FleetApp>>,
    Page(caller): Page,
    headers: HeaderMap,
    Path(node): Path<String>,
) -> Response {
    let n = node.clone();
    let row = app
        .ask(caller.lang, |reply| Ask::Node { node: n, reply })
        .await
        .ok()
        .flatten();
    let Some(row) = row else {
        return not_found(caller.lang).into_response();
    };
    let tz = app.links.timezone;
    let title = with_lang(caller.lang, || t!("fleet-page-node", node = node.as_str()));
    let s = &row["status"];
    let pushed = &s["schedule"]["pushed"];
    let online = row["online"].as_bool().unwrap_or(false);
    let body = with_lang(caller.lang, || {
        html! {
            dl.facts {
                dt { (t!("fleet-col-state")) }
                dd { @if online { (t!("fleet-online")) } @else { strong { (t!("fleet-offline")) } } }
                dt { (t!("fleet-col-seen")) } dd { (local_time(text(&row, "last_seen"), tz)) }
                dt { (t!("fleet-col-playing")) } dd { (s["playing"]["id"].as_str().unwrap_or("—")) }
                dt { (t!("fleet-col-next")) } dd { (s["next"]["id"].as_str().unwrap_or("—")) }
                dt { (t!("fleet-col-output")) } dd { (s["output"]["state"].as_str().map_or_else(|| "—".to_string(), |st| t!("page-state", state = st))) }
                dt { (t!("fleet-col-error")) } dd { (s["last_error"].as_str().unwrap_or("—")) }
                dt { (t!("fleet-col-schedule")) } dd { code { (s["schedule"]["hash"].as_str().unwrap_or("—")) } }
                dt { (t!("fleet-col-version")) } dd { (s["version"].as_str().unwrap_or("—")) }
            }
            h2 { (t!("fleet-pushed-last")) }
            @if pushed.is_object() {
                p #pushed data-id=(text(pushed, "id")) data-state=(text(pushed, "state")) {
                    (t!("fleet-pushed-answer", id = text(pushed, "id"), state = pushed_word(text(pushed, "state")), at = local_time(text(pushed, "at"), tz)))
                }
                @if let Some(errors) = pushed["errors"].as_array().filter(|e| !e.is_empty()) {
                    ol #push-errors { @for e in errors { li { (e.as_str().unwrap_or("")) } } }
                }
            } @else {
                p #pushed { (t!("fleet-pushed-none")) }
            }
            @if caller.role >= Role::Admin {
                form.text method="post" action="/push" enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(caller.csrf);
                    input type="hidden" name="to" value=(node);
                    label for="schedule" { (t!("fleet-field-schedule")) }
                    input #schedule name="schedule" type="file" accept=".toml,text/plain" required;
                    button.primary type="submit" { (t!("fleet-push")) }
                }
            } @else {
                p role="status" { (t!("fleet-push-admin-only")) }
            }
        }
    });
    page(&caller, &headers, &title, "/", body)
}

/// A push's state, in the reader's words (`installed`, `refused`, …).
fn pushed_word(state: &str) -> String {
    match state {
        "installed" => t!("fleet-push-installed"),
        "refused" => t!("fleet-push-refused"),
        other => other.to_string(),
    }
}
