//! The monthly report (spec §14): per district, commune or node — broadcasts by source and
//! outcome, airtime, bulletins by how they ended, and the time each node was offline. Pure: the
//! month's rows, the bulletins' last acks and the nodes' presence in; the lines out.
//!
//! A node offline for part of the month says so (its hours); one offline the whole month says
//! "offline all month" — never a line of zeros that reads as a silent month. A node first heard
//! of during the month counts from then (before, the province did not know it); one never heard
//! of before the month ended is no part of it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// How the lines are cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    District,
    Commune,
    Node,
}

impl By {
    pub fn parse(s: &str) -> Option<By> {
        match s {
            "district" => Some(By::District),
            "commune" => Some(By::Commune),
            "node" => Some(By::Node),
            _ => None,
        }
    }

    /// The line a node belongs to: its first two segments (province/district), three
    /// (…/commune), or all of them.
    pub fn key(self, node: &str) -> String {
        let keep = match self {
            By::District => 2,
            By::Commune => 3,
            By::Node => usize::MAX,
        };
        node.split('/').take(keep).collect::<Vec<_>>().join("/")
    }
}

/// A broadcast of the month, as a node's history row has it.
pub struct Row<'a> {
    pub node: &'a str,
    pub source: &'a str,
    pub outcome: &'a str,
    pub played_seconds: f64,
}

/// A change of a node's `online`, as the province heard it.
#[derive(Clone, Copy, Debug)]
pub struct Seen {
    pub at: DateTime<Utc>,
    pub online: bool,
}

/// A node's time offline in the month.
#[derive(Debug, PartialEq, Serialize)]
pub struct Offline {
    pub node: String,
    pub hours: f64,
    pub all_month: bool,
}

/// One line of the report.
#[derive(Debug, Default, PartialEq, Serialize)]
pub struct Line {
    /// The district's, commune's or node's path.
    pub key: String,
    /// Nodes in it that the province knew during the month.
    pub nodes: usize,
    /// Broadcasts: source → outcome → how many.
    pub broadcasts: BTreeMap<String, BTreeMap<String, u64>>,
    pub airtime_seconds: f64,
    /// Bulletins by how they ended at each node (`played`, `refused`, `expired`, …).
    pub bulletins: BTreeMap<String, u64>,
    /// Its nodes that were offline some of the month, the longest first.
    pub offline: Vec<Offline>,
}

/// The report of the month `[from, to)`.
pub fn tally(
    by: By,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    rows: &[Row],
    bulletins: &[(&str, &str)],
    presence: &BTreeMap<String, Vec<Seen>>,
) -> Vec<Line> {
    let mut lines: BTreeMap<String, Line> = BTreeMap::new();
    let month = (to - from).num_milliseconds() as f64 / 1000.0;
    for (node, seen) in presence {
        let Some(off) = offline(seen, from, to) else {
            continue;
        };
        let l = line(&mut lines, by.key(node));
        l.nodes += 1;
        if off > 0.0 {
            l.offline.push(Offline {
                node: node.clone(),
                hours: (off / 36.0).round() / 100.0,
                all_month: off >= month,
            });
        }
    }
    for r in rows {
        let l = line(&mut lines, by.key(r.node));
        *l.broadcasts
            .entry(r.source.to_string())
            .or_default()
            .entry(r.outcome.to_string())
            .or_insert(0) += 1;
        l.airtime_seconds += r.played_seconds.max(0.0);
    }
    for (node, state) in bulletins {
        let l = line(&mut lines, by.key(node));
        *l.bulletins.entry((*state).to_string()).or_insert(0) += 1;
    }
    let mut out: Vec<Line> = lines.into_values().collect();
    for l in &mut out {
        l.offline.sort_by(|a, b| {
            b.hours
                .total_cmp(&a.hours)
                .then_with(|| a.node.cmp(&b.node))
        });
        l.airtime_seconds = l.airtime_seconds.round();
    }
    out
}

/// The report for the reader's spreadsheet (her words, `;`, her decimal sign, a BOM): one row
/// a line; the offline clusters named in one cell.
pub fn csv(lines: &[Line]) -> std::io::Result<Vec<u8>> {
    use crate::commands::history::{excel_number, excel_writer, inert};
    use crate::t;
    let mut out = Vec::new();
    {
        let mut w = excel_writer(&mut out)?;
        w.write_record([
            t!("report-col-place"),
            t!("report-col-nodes"),
            t!("report-col-broadcasts"),
            t!("report-col-played"),
            t!("report-col-airtime"),
            t!("report-col-bulletins-played"),
            t!("report-col-bulletins-refused"),
            t!("report-col-bulletins-expired"),
            t!("report-col-offline"),
        ])?;
        for l in lines {
            let broadcasts: u64 = l.broadcasts.values().flat_map(|o| o.values()).sum();
            let played: u64 = l.broadcasts.values().filter_map(|o| o.get("played")).sum();
            let bulletins = |k: &str| l.bulletins.get(k).copied().unwrap_or(0).to_string();
            let offline: Vec<String> = l
                .offline
                .iter()
                .map(|o| match o.all_month {
                    true => t!("report-offline-all-month", node = o.node.as_str()),
                    false => t!(
                        "report-offline-hours",
                        node = o.node.as_str(),
                        hours = excel_number(o.hours)
                    ),
                })
                .collect();
            w.write_record([
                inert(l.key.clone()),
                l.nodes.to_string(),
                broadcasts.to_string(),
                played.to_string(),
                excel_number(l.airtime_seconds / 3600.0),
                bulletins("played"),
                bulletins("refused"),
                bulletins("expired"),
                inert(offline.join("; ")),
            ])?;
        }
        w.flush()?;
    }
    Ok(out)
}

fn line(lines: &mut BTreeMap<String, Line>, key: String) -> &mut Line {
    lines.entry(key.clone()).or_insert_with(|| Line {
        key,
        ..Line::default()
    })
}

/// Seconds a node was offline in `[from, to)`, from its changes in time order; `None` when the
/// province first heard of it at or after `to`.
fn offline(seen: &[Seen], from: DateTime<Utc>, to: DateTime<Utc>) -> Option<f64> {
    let first = seen.first()?;
    if first.at >= to {
        return None;
    }
    // The state at the month's start (unknown — not counted — before the first word).
    let mut state = seen
        .iter()
        .take_while(|s| s.at <= from)
        .last()
        .map(|s| s.online);
    let mut at = from.max(first.at);
    if state.is_none() {
        state = Some(first.online);
    }
    let mut off = 0.0;
    let start = at;
    for s in seen.iter().filter(|s| s.at > start && s.at < to) {
        if state == Some(false) {
            off += (s.at - at).num_milliseconds() as f64 / 1000.0;
        }
        state = Some(s.online);
        at = s.at;
    }
    if state == Some(false) {
        off += (to - at).num_milliseconds() as f64 / 1000.0;
    }
    Some(off)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn month() -> (DateTime<Utc>, DateTime<Utc>) {
        (t("2026-11-01T00:00:00Z"), t("2026-12-01T00:00:00Z"))
    }

    fn seen(list: &[(&str, bool)]) -> Vec<Seen> {
        list.iter()
            .map(|(at, online)| Seen {
                at: t(at),
                online: *online,
            })
            .collect()
    }

    #[test]
    fn lines_are_cut_by_district_commune_or_node() {
        let n = "qn/dx/dp/c1";
        assert_eq!(By::District.key(n), "qn/dx");
        assert_eq!(By::Commune.key(n), "qn/dx/dp");
        assert_eq!(By::Node.key(n), n);
        assert_eq!(By::Commune.key("qn/dx"), "qn/dx");
        assert_eq!(By::parse("commune"), Some(By::Commune));
        assert_eq!(By::parse("xã"), None);
    }

    #[test]
    fn broadcasts_airtime_and_bulletins_add_up_per_commune() {
        let rows = [
            Row {
                node: "qn/dx/dp/c1",
                source: "schedule",
                outcome: "played",
                played_seconds: 600.0,
            },
            Row {
                node: "qn/dx/dp/c2",
                source: "schedule",
                outcome: "played",
                played_seconds: 300.4,
            },
            Row {
                node: "qn/dx/dp/c2",
                source: "bulletin",
                outcome: "interrupted",
                played_seconds: 12.0,
            },
            Row {
                node: "qn/dx/dt/c1",
                source: "manual",
                outcome: "played",
                played_seconds: 60.0,
            },
        ];
        let acks = [
            ("qn/dx/dp/c1", "played"),
            ("qn/dx/dp/c2", "refused"),
            ("qn/dx/dt/c1", "expired"),
        ];
        let mut presence = BTreeMap::new();
        for n in ["qn/dx/dp/c1", "qn/dx/dp/c2", "qn/dx/dt/c1"] {
            presence.insert(n.to_string(), seen(&[("2026-10-01T00:00:00Z", true)]));
        }
        let r = tally(By::Commune, month(), &rows, &acks, &presence);
        assert_eq!(r.len(), 2);
        let dp = &r[0];
        assert_eq!((dp.key.as_str(), dp.nodes), ("qn/dx/dp", 2));
        assert_eq!(dp.broadcasts["schedule"]["played"], 2);
        assert_eq!(dp.broadcasts["bulletin"]["interrupted"], 1);
        assert_eq!(dp.airtime_seconds, 912.0);
        assert_eq!(dp.bulletins["played"], 1);
        assert_eq!(dp.bulletins["refused"], 1);
        assert!(dp.offline.is_empty());
        assert_eq!(r[1].bulletins["expired"], 1);
        let d = tally(By::District, month(), &rows, &acks, &presence);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].nodes, 3);
        assert_eq!(d[0].airtime_seconds, 972.0);
    }

    #[test]
    fn a_node_offline_says_so_rather_than_showing_zero() {
        let mut presence = BTreeMap::new();
        // Down from before the month and never back: offline all month, and a line of its own.
        presence.insert(
            "qn/tb/x/c1".to_string(),
            seen(&[
                ("2026-10-01T00:00:00Z", true),
                ("2026-10-20T00:00:00Z", false),
            ]),
        );
        // Down for 36 hours in the month.
        presence.insert(
            "qn/tb/x/c2".to_string(),
            seen(&[
                ("2026-10-01T00:00:00Z", true),
                ("2026-11-10T00:00:00Z", false),
                ("2026-11-11T12:00:00Z", true),
            ]),
        );
        // First heard of on the 29th, online since: nothing offline (unknown before).
        presence.insert(
            "qn/tb/x/c3".to_string(),
            seen(&[("2026-11-29T00:00:00Z", true)]),
        );
        // First heard of in December: no part of November.
        presence.insert(
            "qn/tb/x/c4".to_string(),
            seen(&[("2026-12-02T00:00:00Z", false)]),
        );
        let r = tally(By::Node, month(), &[], &[], &presence);
        let keys: Vec<_> = r.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(keys, ["qn/tb/x/c1", "qn/tb/x/c2", "qn/tb/x/c3"]);
        assert_eq!(
            r[0].offline,
            [Offline {
                node: "qn/tb/x/c1".into(),
                hours: 720.0,
                all_month: true
            }]
        );
        assert_eq!(r[1].offline[0].hours, 36.0);
        assert!(!r[1].offline[0].all_month);
        assert!(r[2].offline.is_empty());
        let c = tally(By::Commune, month(), &[], &[], &presence);
        assert_eq!(c[0].nodes, 3);
        assert_eq!(c[0].offline[0].node, "qn/tb/x/c1");
        // In the spreadsheet, in the reader's words.
        let bytes = crate::i18n::with_lang(crate::i18n::Lang::Vi, || csv(&c)).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("\u{feff}Khu vực;"), "{text}");
        assert!(
            text.contains("qn/tb/x/c1 (cả tháng); qn/tb/x/c2 (36,0 giờ)"),
            "{text}"
        );
    }
}
