//! The province's console's pages (spec §14), server-rendered with the station console's
//! layout, Vietnamese first, usable without JavaScript: the clusters (one level of the tree at
//! a time, with counts; offline first), sending a bulletin from a form, a bulletin's acks per
//! cluster, the monthly report.

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;

use super::FleetApp;
use super::api::{SendForm, month_bounds, send_bulletin};
use crate::control::access::{Action, Role};
use crate::province::report::By;
use crate::province::shell::Ask;
use crate::t;
use crate::web::pages::{Page, Site, back, layout_of, refused};

const ITEMS: [(&str, &str); 3] = [
    ("/", "fleet-page-nodes"),
    ("/send", "fleet-page-send"),
    ("/report", "fleet-page-report"),
];

pub(super) fn routes() -> Router<Arc<FleetApp>> {
    Router::new()
        .route("/", get(nodes))
        .route(
            "/send",
            get(send_page).post(send_form).layer(DefaultBodyLimit::max(
                // (A file over `max_upload` is read to its end to say why, up to twice it.)
                2 * crate::schedule::DEFAULT_MAX_UPLOAD as usize,
            )),
        )
        .route("/bulletins/{id}", get(bulletin))
        .route("/report", get(report))
}

pub(super) fn page(
    caller: &crate::web::login::Caller,
    headers: &HeaderMap,
    title: &str,
    active: &str,
    body: Markup,
) -> Response {
    let name = crate::i18n::with_lang(caller.lang, || t!("fleet-site"));
    let site = Site {
        name: &name,
        items: &ITEMS,
        script: "/assets/province.js",
    };
    layout_of(&site, caller, headers, title, active, body)
}

pub(super) fn text<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// An RFC 3339 moment as the reader says it, in the province's zone ("14:05 hôm nay (thứ
/// Hai)"); "—" when there is none.
pub(super) fn local_time(stamp: &str, tz: chrono_tz::Tz) -> String {
    use crate::clock::Clock;
    match chrono::DateTime::parse_from_rfc3339(stamp) {
        Ok(t) => {
            let now = crate::clock::SystemClock.now().with_timezone(&tz);
            crate::i18n::words::time_and_day(&t.with_timezone(&tz), &now)
        }
        Err(_) => "—".into(),
    }
}

#[derive(Deserialize)]
struct PrefixQuery {
    #[serde(default)]
    prefix: String,
}

/// `/`: one level of the tree under `prefix` — its groups with counts, its own clusters with
/// their state — offline first.
async fn nodes(
    State(app): State<Arc<FleetApp>>,
    Page(caller): Page,
    headers: HeaderMap,
    Query(q): Query<PrefixQuery>,
) -> Response {
    let prefix = q.prefix.trim_matches('/').to_string();
    let p = prefix.clone();
    let tree = app
        .ask(caller.lang, |reply| Ask::Nodes {
            prefix: p,
            depth: 1,
            reply,
        })
        .await
        .unwrap_or(Value::Null);
    let title = crate::i18n::with_lang(caller.lang, || t!("fleet-page-nodes"));
    let tz = app.links.timezone;
    let body = crate::i18n::with_lang(caller.lang, || {
        let crumbs: Vec<(String, String)> = prefix
            .split('/')
            .filter(|s| !s.is_empty())
            .scan(String::new(), |path, seg| {
                if !path.is_empty() {
                    path.push('/');
                }
                path.push_str(seg);
                Some((path.clone(), seg.to_string()))
            })
            .collect();
        html! {
            nav.crumbs aria-label=(t!("fleet-where")) {
                a href="/" { (t!("fleet-all")) }
                @for (path, seg) in &crumbs { " / " a href={"/?prefix=" (path)} { (seg) } }
            }
            p.counts {
                (t!("fleet-counts", online = tree["online"].as_u64().unwrap_or(0), offline = tree["offline"].as_u64().unwrap_or(0)))
            }
            @if let Some(groups) = tree["groups"].as_array().filter(|g| !g.is_empty()) {
                div.scroll tabindex="0" role="region" aria-label=(t!("fleet-col-group")) { table {
                    thead { tr { th { (t!("fleet-col-group")) } th { (t!("fleet-col-online")) } th { (t!("fleet-col-offline")) } } }
                    tbody {
                        @for g in groups {
                            tr.offline[g["offline"].as_u64().unwrap_or(0) > 0] {
                                td { a href={"/?prefix=" (text(g, "path"))} { (text(g, "name")) } }
                                td { (g["online"].as_u64().unwrap_or(0)) }
                                td { (g["offline"].as_u64().unwrap_or(0)) }
                            }
                        }
                    }
                } }
            }
            @if let Some(list) = tree["nodes"].as_array().filter(|n| !n.is_empty()) {
                div.scroll tabindex="0" role="region" aria-label=(t!("fleet-page-nodes")) { table #nodes {
                    thead { tr {
                        th { (t!("fleet-col-node")) } th { (t!("fleet-col-state")) } th { (t!("fleet-col-seen")) }
                        th { (t!("fleet-col-playing")) } th { (t!("fleet-col-next")) } th { (t!("fleet-col-clock")) }
                        th { (t!("fleet-col-output")) } th { (t!("fleet-col-error")) } th { (t!("fleet-col-schedule")) }
                    } }
                    tbody {
                        @for n in list {
                            @let s = &n["status"];
                            @let online = n["online"].as_bool().unwrap_or(false);
                            tr.offline[!online] id={"node-" (text(n, "node"))} {
                                td { a href={"/nodes/" (text(n, "node"))} { (text(n, "node").rsplit('/').next().unwrap_or("")) } }
                                td { @if online { (t!("fleet-online")) } @else { strong { (t!("fleet-offline")) } } }
                                td { time datetime=(text(n, "last_seen")) { (local_time(text(n, "last_seen"), tz)) } }
                                td { (s["playing"]["id"].as_str().unwrap_or("—")) }
                                td { (s["next"]["id"].as_str().or(s["next"]["title"].as_str()).unwrap_or("—")) }
                                td { @match s["clock_synced"].as_bool() { Some(true) => (t!("page-now-clock-synced")), Some(false) => strong { (t!("fleet-clock-not-synced")) }, None => "—" } }
                                td { (s["output"]["state"].as_str().map_or_else(|| "—".to_string(), |st| t!("page-state", state = st))) }
                                td { (s["last_error"].as_str().unwrap_or("")) }
                                td { code { (s["schedule"]["hash"].as_str().unwrap_or("")) } }
                            }
                        }
                    }
                } }
            }
        }
    });
    page(&caller, &headers, &title, "/", body)
}

/// `/send`: a bulletin from a form, its fields `loa fleet send`'s flags.
async fn send_page(
    State(app): State<Arc<FleetApp>>,
    Page(caller): Page,
    headers: HeaderMap,
    Query(q): Query<PrefixQuery>,
) -> Response {
    let title = crate::i18n::with_lang(caller.lang, || t!("fleet-page-send"));
    let may = caller.role >= Role::Operator;
    let body = crate::i18n::with_lang(caller.lang, || {
        html! {
            @if !may {
                p role="status" { (t!("fleet-viewer-cannot-send")) }
            } @else {
                form.text method="post" action="/send" enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(caller.csrf);
                    label for="to" { (t!("fleet-field-to")) }
                    input #to name="to" required value=(q.prefix) placeholder="quang-nam/duy-xuyen";
                    label for="level" { (t!("fleet-field-level")) }
                    select #level name="level" {
                        option value="normal" { (t!("fleet-level-normal")) }
                        option value="priority" { (t!("fleet-level-priority")) }
                        option value="emergency" { (t!("fleet-level-emergency")) }
                    }
                    label for="title" { (t!("fleet-field-title")) }
                    input #title name="title";
                    fieldset {
                        legend { (t!("fleet-field-sound")) }
                        label for="preset" { (t!("fleet-field-preset")) }
                        input #preset name="preset" placeholder="bao";
                        label for="text" { (t!("fleet-field-text")) }
                        textarea #text name="text" rows="4" {}
                        @if app.links.upload.is_some() {
                            label for="file" { (t!("fleet-field-file")) }
                            input #file name="file" type="file" accept="audio/*";
                        }
                        label for="url" { (t!("fleet-field-url")) }
                        input #url name="url" type="url";
                        label for="stream" { (t!("fleet-field-stream")) }
                        input #stream name="stream" type="url";
                        label for="for" { (t!("fleet-field-for")) }
                        input #for name="for" placeholder="30m";
                    }
                    label for="at" { (t!("fleet-field-at")) }
                    input #at name="at" placeholder="17:30";
                    label for="expires" { (t!("fleet-field-expires")) }
                    input #expires name="expires" value="1h";
                    button.primary type="submit" { (t!("fleet-send")) }
                }
            }
        }
    });
    page(&caller, &headers, &title, "/send", body)
}

/// The form as a browser sends it (multipart: it may carry a recording): every field a string,
/// empty when left blank.
async fn send_form(
    State(app): State<Arc<FleetApp>>,
    Page(caller): Page,
    form: Multipart,
) -> Response {
    let read = super::upload::read(&super::upload::Place::of(&app.links), caller.lang, form).await;
    let csrf = read.as_ref().ok().and_then(|(f, _)| f.get("csrf").cloned());
    if let Some(r) = refused(&caller, csrf.as_deref(), Action::Send) {
        return r;
    }
    let (fields, file) = match read {
        Ok(r) => r,
        Err(why) => return back("/send", false, why),
    };
    let form = SendForm::of_fields(fields, file.as_ref().map(|f| f.name.clone()));
    let upload = file.as_ref().map(|f| (f.path.clone(), f.url.clone()));
    // (`file` lives to here: the recording is removed once it is stored, or refused.)
    match send_bulletin(&app, &caller, form, upload).await {
        Ok(v) => {
            let id = text(&v, "id").to_string();
            let said = crate::i18n::with_lang(caller.lang, || {
                t!(
                    "fleet-sent-to",
                    id = id.as_str(),
                    nodes = v["addressed"].as_u64().unwrap_or(0)
                )
            });
            back(&format!("/bulletins/{id}"), true, said)
        }
        Err(e) => back("/send", false, e.message().to_string()),
    }
}

/// `/bulletins/ID`: every addressed cluster and its last ack.
async fn bulletin(
    State(app): State<Arc<FleetApp>>,
    Page(caller): Page,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let i = id.clone();
    let b = app
        .ask(caller.lang, |reply| Ask::Bulletin { id: i, reply })
        .await
        .ok()
        .flatten();
    let title = crate::i18n::with_lang(caller.lang, || t!("fleet-page-bulletin", id = id.as_str()));
    let tz = app.links.timezone;
    let body = crate::i18n::with_lang(caller.lang, || match &b {
        None => html! { p { (t!("web-not-found")) } },
        Some(b) => html! {
            p { (t!("fleet-bulletin-to", to = text(b, "to"))) }
            div.scroll tabindex="0" role="region" aria-label=(t!("fleet-col-ack")) { table #acks {
                thead { tr { th { (t!("fleet-col-node")) } th { (t!("fleet-col-ack")) } th { (t!("fleet-col-at")) } th { (t!("fleet-col-reason")) } } }
                tbody {
                    @for n in b["nodes"].as_array().into_iter().flatten() {
                        tr id={"ack-" (text(n, "node"))} {
                            td { (text(n, "node")) }
                            @let state = n["ack"]["state"].as_str();
                            td data-state=(state.unwrap_or("")) { (state.map_or_else(|| "—".to_string(), |s| t!("bulletins-state", state = s))) }
                            td { (local_time(text(&n["ack"], "at"), tz)) }
                            td { (n["ack"]["reason"].as_str().unwrap_or("")) }
                        }
                    }
                }
            } }
        },
    });
    page(&caller, &headers, &title, "/send", body)
}

#[derive(Deserialize)]
struct ReportQuery {
    month: Option<String>,
    by: Option<String>,
}

/// `/report`: the month's report as a table, with its spreadsheet.
async fn report(
    State(app): State<Arc<FleetApp>>,
    Page(caller): Page,
    headers: HeaderMap,
    Query(q): Query<ReportQuery>,
) -> Response {
    use crate::clock::Clock;
    let now = crate::clock::SystemClock
        .now()
        .with_timezone(&app.links.timezone);
    let month = q
        .month
        .filter(|m| month_bounds(m, app.links.timezone).is_some())
        .unwrap_or_else(|| now.format("%Y-%m").to_string());
    let by_word =
        q.by.filter(|b| By::parse(b).is_some())
            .unwrap_or_else(|| "commune".into());
    let by = By::parse(&by_word).unwrap_or(By::Commune);
    let lines = match month_bounds(&month, app.links.timezone) {
        Some((from, to)) => app
            .ask(caller.lang, |reply| Ask::Report {
                by,
                from,
                to,
                reply,
            })
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let title = crate::i18n::with_lang(caller.lang, || t!("fleet-page-report"));
    let body = crate::i18n::with_lang(caller.lang, || {
        html! {
            form.inline method="get" action="/report" {
                label for="month" { (t!("fleet-field-month")) }
                input #month name="month" type="month" value=(month);
                label for="by" { (t!("fleet-field-by")) }
                select #by name="by" {
                    @for (w, key) in [("district", "fleet-by-district"), ("commune", "fleet-by-commune"), ("node", "fleet-by-node")] {
                        option value=(w) selected[w == by_word] { (crate::i18n::message(key, &[])) }
                    }
                }
                button type="submit" { (t!("fleet-show")) }
            }
            p { a href={"/api/v1/fleet/report?month=" (month) "&by=" (by_word) "&format=csv"} { (t!("fleet-download")) } }
            div.scroll tabindex="0" role="region" aria-label=(t!("fleet-page-report")) { table #report {
                thead { tr {
                    th { (t!("report-col-place")) } th { (t!("report-col-nodes")) } th { (t!("report-col-broadcasts")) }
                    th { (t!("report-col-airtime")) } th { (t!("report-col-bulletins-played")) } th { (t!("report-col-bulletins-refused")) }
                    th { (t!("report-col-bulletins-expired")) } th { (t!("report-col-offline")) }
                } }
                tbody {
                    @for l in &lines {
                        tr {
                            td { (l.key) }
                            td { (l.nodes) }
                            td { (l.broadcasts.values().flat_map(|o| o.values()).sum::<u64>()) }
                            td { (format!("{:.1}", l.airtime_seconds / 3600.0)) }
                            td { (l.bulletins.get("played").copied().unwrap_or(0)) }
                            td { (l.bulletins.get("refused").copied().unwrap_or(0)) }
                            td { (l.bulletins.get("expired").copied().unwrap_or(0)) }
                            td {
                                @for o in &l.offline {
                                    @if o.all_month { strong { (t!("report-offline-all-month", node = o.node.as_str())) } }
                                    @else { (t!("report-offline-hours", node = o.node.as_str(), hours = format!("{:.1}", o.hours))) }
                                    br;
                                }
                            }
                        }
                    }
                }
            } }
        }
    });
    page(&caller, &headers, &title, "/report", body)
}
