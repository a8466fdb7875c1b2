//! The programme page: today and the next 7 days, as `loa next` computes them from the running
//! schedule (what will be skipped or held by a relay said beside it), at most [`PER_DAY`]
//! broadcasts a day: past that, how many more.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;
use serde_json::Value;

use super::{Page, layout};
use crate::i18n::with_lang;
use crate::t;
use crate::web::App;

/// The broadcasts shown for one day. A commune's day has a handful; a rule due every few
/// seconds (a slip in the seconds field) has 17,280, which made an 11 MB page and left the
/// daemon 370 MiB larger (found by scripts/soak.sh).
pub(in crate::web) const PER_DAY: usize = 200;

pub(in crate::web) async fn page(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
) -> Response {
    let s = app.links.schedule.borrow().clone();
    let tz = s.station.timezone;
    let now = crate::clock::Clock::now(&crate::clock::SystemClock);
    let today = now.with_timezone(&tz).date_naive();
    let from = crate::plan::start_of_day(tz, today);
    let to = crate::plan::add_local_days(tz, from, 8);
    let station = s.station.name.clone();
    let (agenda, left_out) = tokio::task::spawn_blocking(move || {
        crate::commands::next::agenda_json_by_day(&s, from, to, PER_DAY)
    })
    .await
    .ok()
    .and_then(Result::ok)
    .and_then(|(b, left_out)| Some((serde_json::from_slice::<Value>(&b).ok()?, left_out)))
    .unwrap_or((Value::Null, Vec::new()));
    let items = agenda.as_array().cloned().unwrap_or_default();
    let body = with_lang(caller.lang, || {
        let mut days: Vec<(String, Vec<&Value>)> = Vec::new();
        for i in &items {
            let day = i["local"]
                .as_str()
                .and_then(|l| l.get(0..10))
                .unwrap_or("")
                .to_string();
            match days.last_mut() {
                Some((d, list)) if *d == day => list.push(i),
                _ => days.push((day, vec![i])),
            }
        }
        html! {
            @if days.is_empty() { p.muted { (t!("page-programme-empty")) } }
            @for (day, list) in &days {
                h2 { (chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map(|d| crate::i18n::words::day(d, today)).unwrap_or_else(|_| day.clone())) }
                div.scroll tabindex="0" role="region" aria-label=(day) { table {
                    thead { tr { th scope="col" { (t!("page-col-time")) } th scope="col" { (t!("page-col-what")) } th scope="col" { (t!("page-col-length")) } } }
                    tbody {
                        @for i in list {
                            tr {
                                td { (i["local"].as_str().and_then(|l| l.get(11..16)).unwrap_or("")) }
                                td {
                                    (i["title"].as_str().unwrap_or("")) " " span.muted { "(" (i["id"].as_str().unwrap_or("")) ")" }
                                    @if i["will_be_skipped"] == true { br; span.warn { (t!("page-programme-skipped")) } }
                                    @if let Some(r) = i["held_by_relay"].as_str() { br; span.warn { (t!("page-programme-held", relay = r)) } }
                                    @if i.get("relay").is_some() { br; span.muted { (t!("page-programme-relay")) } }
                                }
                                td { (i["duration_seconds"].as_f64().map(crate::audio::probe::mmss).unwrap_or_default()) }
                            }
                        }
                    }
                } }
                @if let Some((_, n)) = left_out.iter().find(|(d, _)| d.format("%Y-%m-%d").to_string() == *day) {
                    p.muted { (t!("page-programme-more", n = *n)) }
                }
            }
        }
    });
    let title = with_lang(caller.lang, || t!("page-programme"));
    layout(&caller, &headers, &station, &title, "/programme", body)
}
