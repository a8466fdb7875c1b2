//! The province's console (spec §14), for real: mosquitto with TLS and the docs' ACL, three real
//! `loa run` nodes in two districts, `loa fleet serve` on the same broker with the accounts of
//! `loa web user`, a real HTTP client. Every node at a glance with its counts; one node killed
//! (the broker's last will) shown offline and first; a viewer reads but may not send; a
//! bulletin sent from the API acked per node; the month's report counted against the nodes' own
//! history.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::browser::{self, Driver};
use common::daemon::Daemon;
use common::fleet::{keygen, province};
use common::servers::{Mosquitto, Nginx, free_port};
use common::web::{Client, add_user_in};
use fantoccini::Locator;
use serde_json::{Value, json};

const N1: &str = "quang-nam/duy-xuyen/duy-phuoc/cum-01";
const N2: &str = "quang-nam/duy-xuyen/duy-phuoc/cum-02";
const N3: &str = "quang-nam/thang-binh/binh-an/cum-01";
const OPERATOR_PW: &str = "mat-khau-tinh-2026";
const VIEWER_PW: &str = "chi-xem-thoi-2026";
const ADMIN_PW: &str = "chu-tich-tinh-2026";

/// `loa fleet serve`, stopped when the test ends; its log.
struct Serve(Child, PathBuf);

impl Serve {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.1).unwrap_or_default()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `loa fleet serve` on `m` with `key`, its state in `dir`/state with `users` (name, role,
/// password); (the process, its address, its state directory).
fn serve(
    m: &Mosquitto,
    dir: &Path,
    key: &Path,
    users: &[(&str, &str, &str)],
    upload: Option<&str>,
) -> (Serve, String, PathBuf) {
    let state = dir.join("state");
    for (name, role, password) in users {
        add_user_in(&state, name, role, password);
    }
    let listen = format!("127.0.0.1:{}", free_port());
    let db = dir.join("fleet.db");
    let (key, db_arg) = (key.display().to_string(), db.display().to_string());
    let mut cmd = province(
        m,
        &["serve", "--listen", &listen, "--key", &key, "--db", &db_arg],
    );
    cmd.arg("--state-dir")
        .arg(&state)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("serve.log")).unwrap());
    if let Some(url) = upload {
        let config = dir.join("province.toml");
        std::fs::write(&config, format!("[province]\nupload = \"{url}\"\n")).unwrap();
        cmd.arg("--config").arg(config);
    }
    let serve = Serve(cmd.spawn().unwrap(), dir.join("serve.log"));
    (serve, format!("https://{listen}"), state)
}

/// A client of the console at `base`, logged in as `user` once the console answers.
fn logged_in(base: &str, state: &Path, user: &str, password: &str) -> Client {
    let end = Instant::now() + Duration::from_secs(30);
    let listen = base.trim_start_matches("https://");
    loop {
        if state.join("web.crt").exists() {
            let mut c = Client::at(base, state);
            if std::net::TcpStream::connect(listen).is_ok() && c.login(user, password).status == 200
            {
                return c;
            }
        }
        assert!(
            Instant::now() < end,
            "the province's console does not serve: {}",
            std::fs::read_to_string(state.parent().unwrap().join("serve.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn node(m: &Mosquitto, place: &str, public: &str) -> Daemon {
    Daemon::start(&format!(
        "[[emergency]]\nid = \"bao\"\ntitle = \"Cảnh báo bão\"\nfiles = [\"siren.ogg\"]\n\n{}",
        m.fleet_toml(place, public, "")
    ))
}

/// Asks `c` for `path` until `ok` says its JSON is as wanted (a deadline, not a sleep).
fn wait_json(c: &Client, path: &str, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let end = Instant::now() + Duration::from_secs(60);
    loop {
        let a = c.get(path);
        if a.status == 200 && ok(&a.json()) {
            return a.json();
        }
        assert!(Instant::now() < end, "{what}: {} {}", a.status, a.body);
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// (source, outcome) → how many, from rows as `loa history --format json` gives them.
fn counted(rows: &[Value]) -> BTreeMap<(String, String), u64> {
    let mut m = BTreeMap::new();
    for r in rows {
        let key = (
            r["source"].as_str().unwrap_or("").to_string(),
            r["outcome"].as_str().unwrap_or("").to_string(),
        );
        *m.entry(key).or_insert(0) += 1;
    }
    m
}

fn line_counts(line: &Value) -> BTreeMap<(String, String), u64> {
    let mut m = BTreeMap::new();
    for (source, outcomes) in line["broadcasts"].as_object().into_iter().flatten() {
        for (outcome, n) in outcomes.as_object().into_iter().flatten() {
            m.insert((source.clone(), outcome.clone()), n.as_u64().unwrap_or(0));
        }
    }
    m
}

#[test]
fn the_province_sees_every_cluster_sends_a_bulletin_and_counts_the_month() {
    let m = Mosquitto::start(&[N1, N2, N3]);
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = keygen(dir.path(), "tinh");
    let mut nodes: Vec<Daemon> = [N1, N2, N3].iter().map(|n| node(&m, n, &public)).collect();
    let web = Nginx::start();
    let (_serve, base, state) = serve(
        &m,
        dir.path(),
        &key,
        &[
            ("lan", "operator", OPERATOR_PW),
            ("xem", "viewer", VIEWER_PW),
        ],
        Some(&web.url("upload/")),
    );
    // The console serves with the station console's accounts and TLS.
    let c = logged_in(&base, &state, "lan", OPERATOR_PW);
    assert_eq!(c.get("/api/v1/fleet/nodes").status, 200);
    let anonymous = Client::at(&base, &state);
    assert_eq!(anonymous.get("/api/v1/fleet/nodes").status, 401);

    // Every node at a glance: grouped by the segments of its place, counted.
    let tree = wait_json(&c, "/api/v1/fleet/nodes", "three nodes online", |t| {
        t["online"] == 3
    });
    let province_group = &tree["groups"][0];
    assert_eq!(province_group["path"], "quang-nam");
    let districts: Vec<(&str, u64)> = province_group["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["name"].as_str().unwrap(), g["online"].as_u64().unwrap()))
        .collect();
    assert_eq!(districts, [("duy-xuyen", 2), ("thang-binh", 1)]);

    // One node killed: the broker's last will shows it offline, first in its commune.
    nodes[1].kill9();
    let commune = format!(
        "/api/v1/fleet/nodes?prefix={}",
        "quang-nam/duy-xuyen/duy-phuoc"
    );
    let t = wait_json(&c, &commune, "the killed node offline", |t| {
        t["offline"] == 1
    });
    assert_eq!(t["nodes"][0]["node"], N2, "{t}");
    assert_eq!(t["nodes"][0]["online"], false);
    assert!(
        !t["nodes"][0]["last_seen"].as_str().unwrap_or("").is_empty(),
        "{t}"
    );
    let whole = c.get("/api/v1/fleet/nodes").json();
    assert_eq!(
        whole["groups"][0]["groups"][0]["name"], "duy-xuyen",
        "offline first: {whole}"
    );

    // A viewer reads, but may not send.
    let mut viewer = Client::at(&base, &state);
    assert_eq!(viewer.login("xem", VIEWER_PW).status, 200);
    assert_eq!(viewer.get("/api/v1/fleet/nodes").status, 200);
    let bulletin = json!({"to": "quang-nam/duy-xuyen", "level": "emergency", "preset": "bao",
        "title": "Bão số 9"})
    .to_string();
    let refused = viewer.post("/api/v1/fleet/send", &bulletin);
    assert_eq!(refused.status, 403, "{}", refused.body);
    // Nor without the session's CSRF token.
    assert_eq!(
        c.post_with("/api/v1/fleet/send", &bulletin, false).status,
        403
    );

    // A bulletin from the API: every node under the prefix addressed, each one's last ack.
    let sent = c.post("/api/v1/fleet/send", &bulletin);
    assert_eq!(sent.status, 200, "{}", sent.body);
    let id = sent.json()["id"].as_str().unwrap().to_string();
    assert_eq!(sent.json()["addressed"], 2);
    let b = wait_json(
        &c,
        &format!("/api/v1/fleet/bulletins/{id}"),
        "played at cum-01",
        |b| {
            b["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["node"] == N1 && n["ack"]["state"] == "played")
        },
    );
    let silent: Vec<&Value> = b["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["node"] == N2)
        .collect();
    assert!(
        silent[0]["ack"].is_null(),
        "the dead node said nothing: {b}"
    );
    let bad = c.post(
        "/api/v1/fleet/send",
        &json!({"to": "quang-nam", "level": "loud", "preset": "bao"}).to_string(),
    );
    assert_eq!(bad.status, 422, "{}", bad.body);

    // The month's report, counted against each node's own history.
    nodes[0].wait(
        "the bulletin's broadcast recorded",
        Duration::from_secs(30),
        |d| {
            d.history()
                .iter()
                .any(|r| r["bulletin"] == id.as_str() && r["outcome"] == "played")
        },
    );
    let own = nodes[0].history();
    let month = common::daemon::now().format("%Y-%m").to_string();
    let path = format!("/api/v1/fleet/report?month={month}&by=node");
    let report = wait_json(&c, &path, "cum-01's rows collected", |r| {
        r["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["key"] == N1 && line_counts(l) == counted(&own))
    });
    let lines = report["lines"].as_array().unwrap();
    let one = lines.iter().find(|l| l["key"] == N1).unwrap();
    assert_eq!(one["bulletins"]["played"], 1, "{one}");
    let dead = lines.iter().find(|l| l["key"] == N2).unwrap();
    assert!(
        dead["offline"][0]["hours"].as_f64().unwrap() >= 0.0,
        "{dead}"
    );
    assert_eq!(dead["offline"][0]["node"], N2, "{dead}");
    let by_district = c.get(&format!("/api/v1/fleet/report?month={month}&by=district"));
    assert_eq!(by_district.status, 200);
    let by_district = by_district.json();
    let districts: Vec<&str> = by_district["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["key"].as_str().unwrap())
        .collect();
    assert_eq!(districts, ["quang-nam/duy-xuyen", "quang-nam/thang-binh"]);
    // The same on the pages, in Vietnamese: the commune's clusters with the dead one first,
    // the bulletin's acks, the report.
    let page = c.get("/?prefix=quang-nam/duy-xuyen/duy-phuoc");
    assert_eq!(page.status, 200);
    let (dead_at, live_at) = (page.body.find(N2).unwrap(), page.body.find(N1).unwrap());
    assert!(
        dead_at < live_at && page.body.contains("mất kết nối"),
        "{}",
        page.body
    );
    let acks = c.get(&format!("/bulletins/{id}"));
    assert!(
        acks.status == 200 && acks.body.contains("đã phát"),
        "{}",
        acks.body
    );
    let table = c.get(&format!("/report?month={month}&by=node"));
    assert!(
        table.status == 200 && table.body.contains(N3),
        "{}",
        table.body
    );
    assert_eq!(
        anonymous.get("/report").status,
        200,
        "the login page, not the report"
    );
    let login = anonymous.get("/report");
    assert!(!login.body.contains(N1));
    assert!(
        login.body.contains("Đăng nhập trang điều hành của tỉnh"),
        "{}",
        login.body
    );
    // For the officer's spreadsheet: her words, `;`, a BOM.
    let csv = c.get(&format!(
        "/api/v1/fleet/report?month={month}&by=commune&format=csv"
    ));
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.starts_with("\u{feff}Khu vực;Số cụm loa;"),
        "{}",
        csv.body
    );

    // In a real browser on a phone: every page passes axe and fits 360 pixels; a bulletin sent
    // from the form lands on its acks, which follow the clusters' answers without a reload.
    let driver = Driver::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let b = driver.browser(360, 800, "vi").await;
        browser::log_in_at(&b, &base, "/report", "lan", OPERATOR_PW).await;
        browser::wait_text(&b, "h1", Duration::from_secs(15), |t| t == "Báo cáo tháng").await;
        let pages = [
            "/".to_string(),
            "/?prefix=quang-nam/duy-xuyen/duy-phuoc".to_string(),
            "/send".to_string(),
            format!("/bulletins/{id}"),
            "/report?by=node".to_string(),
        ];
        for path in &pages {
            b.goto(&format!("{base}{path}")).await.unwrap();
            let bad = browser::accessibility(&b).await;
            assert!(bad.is_empty(), "{path}: {bad:#?}");
            let fits = b
                .execute(
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(fits, json!(true), "{path} is wider than a 360-pixel phone");
        }
        b.goto(&format!("{base}/?prefix=quang-nam/duy-xuyen/duy-phuoc"))
            .await
            .unwrap();
        browser::screenshot(&b, "province-commune-360").await;
        b.goto(&format!("{base}/send")).await.unwrap();
        // A recording from the officer's computer, stored at `[province] upload` on the way.
        let recording = common::repo().join("audio/siren.ogg");
        for (css, value) in [
            ("#to", N1),
            ("#file", recording.to_str().unwrap()),
            ("#title", "Bão số 9 — lần 2"),
        ] {
            b.find(Locator::Css(css))
                .await
                .unwrap()
                .send_keys(value)
                .await
                .unwrap();
        }
        b.find(Locator::Css("#level option[value=emergency]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        b.find(Locator::Css("form.text button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // On the bulletin's own page (its flash says how many clusters it went to, for the
        // two seconds before the page first follows an ack).
        browser::wait_text(&b, "h1", Duration::from_secs(15), |t| {
            t.starts_with("Tin đã gửi emergency-")
        })
        .await;
        // The cluster's "played" arrives over the events, and the page shows it by itself.
        let end = Instant::now() + Duration::from_secs(60);
        loop {
            let state = b
                .execute(
                    "const r = document.getElementById(arguments[0]); return r ? r.cells[1].dataset.state : '';",
                    vec![json!(format!("ack-{N1}"))],
                )
                .await
                .unwrap();
            if state == json!("played") {
                break;
            }
            assert!(Instant::now() < end, "the page never showed the ack: {state}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        browser::screenshot(&b, "province-bulletin-360").await;
        b.close().await.unwrap();
    });
    // Stored where the clusters fetched it from, the same bytes; nothing left behind.
    let stored: Vec<PathBuf> = std::fs::read_dir(web.root.path().join("upload"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(
        std::fs::read(&stored[0]).unwrap(),
        std::fs::read(common::repo().join("audio/siren.ogg")).unwrap()
    );
    let spool = state.join("uploads");
    assert_eq!(
        std::fs::read_dir(&spool).map_or(0, Iterator::count),
        0,
        "uploads/ emptied"
    );
}

/// Pushing a schedule from the console (spec §14, §9): only an admin may; a schedule with
/// mistakes pushed from the cluster's page in a real browser is refused by the cluster, and its
/// page shows each of `loa check`'s errors on a line of its own, by itself; the corrected one
/// pushed through the API is installed.
#[test]
fn an_admin_pushes_a_schedule_and_sees_the_cluster_s_answer_line_by_line() {
    let m = Mosquitto::start(&[N1]);
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = keygen(dir.path(), "tinh");
    let station = node(&m, N1, &public);
    let (serve, base, state) = serve(
        &m,
        dir.path(),
        &key,
        &[
            ("lan", "operator", OPERATOR_PW),
            ("chu-tich", "admin", ADMIN_PW),
        ],
        None,
    );
    let admin = logged_in(&base, &state, "chu-tich", ADMIN_PW);
    let at = format!("/api/v1/fleet/nodes/{N1}");
    wait_json(&admin, &at, "the cluster online", |r| r["online"] == true);
    let own = std::fs::read_to_string(station.path("schedule.toml")).unwrap();

    // The province's admin manages its accounts on its own console, as a station's does.
    let accounts = admin.get("/accounts");
    assert!(
        accounts.status == 200
            && accounts.body.contains("Trang điều hành của tỉnh")
            && accounts.body.contains("<td>lan</td>"),
        "{}",
        accounts.body
    );

    // An operator sends bulletins, not schedules.
    let lan = logged_in(&base, &state, "lan", OPERATOR_PW);
    let body = json!({"to": N1, "schedule": own}).to_string();
    let refused = lan.post("/api/v1/fleet/push", &body);
    assert_eq!(refused.status, 403, "{}", refused.body);

    // A word the schedule does not know (`time` for `at`), twice, pushed from the cluster's page.
    let wrong = dir.path().join("lich-sai.toml");
    std::fs::write(
        &wrong,
        format!(
            "{own}\n[[announcement]]\nid = \"sang\"\ntime = \"06:00\"\nfiles = [\"siren.ogg\"]\n\n\
             [[announcement]]\nid = \"chieu\"\ntime = \"17:00\"\nfiles = [\"khong-co.mp3\"]\n"
        ),
    )
    .unwrap();
    let driver = Driver::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let shown: Vec<String> = rt.block_on(async {
        let b = driver.browser(360, 800, "vi").await;
        let page = format!("/nodes/{N1}");
        browser::log_in_at(&b, &base, &page, "chu-tich", ADMIN_PW).await;
        browser::wait_text(&b, "h1", Duration::from_secs(15), |t| t.contains("cum-01")).await;
        b.find(Locator::Css("#schedule"))
            .await
            .unwrap()
            .send_keys(&wrong.display().to_string())
            .await
            .unwrap();
        b.find(Locator::Css("form.text button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // The cluster's answer arrives in its status; the page follows it without a reload.
        let end = Instant::now() + Duration::from_secs(60);
        let shown = loop {
            let lines = b
                .execute(
                    "const p = document.getElementById('pushed'); \
                     return p && p.dataset.state === 'refused' \
                       ? [...document.querySelectorAll('#push-errors li')].map(l => l.textContent) \
                       : null;",
                    vec![],
                )
                .await
                .unwrap();
            if let Some(lines) = lines.as_array() {
                break lines
                    .iter()
                    .map(|l| l.as_str().unwrap_or("").to_string())
                    .collect();
            }
            assert!(
                Instant::now() < end,
                "the page never showed the refusal: {}\n{}\n{}",
                browser::text(&b, "body").await,
                serve.log(),
                admin.get(&at).body
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        let bad = browser::accessibility(&b).await;
        assert!(bad.is_empty(), "{page}: {bad:#?}");
        let fits = b
            .execute(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(fits, json!(true), "{page} is wider than a 360-pixel phone");
        browser::screenshot(&b, "province-node-refused-360").await;
        b.close().await.unwrap();
        shown
    });
    let answer = admin.get(&at).json();
    let errors: Vec<String> = answer["status"]["schedule"]["pushed"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap().to_string())
        .collect();
    assert!(errors.len() >= 2, "both mistakes named: {errors:?}");
    assert_eq!(shown, errors, "each error on a line of its own");
    assert_eq!(
        std::fs::read_to_string(station.path("schedule.toml")).unwrap(),
        own,
        "a refused schedule changes nothing"
    );

    // Corrected, through the API: installed.
    let fixed = format!("{own}\n# Sửa từ tỉnh\n");
    let pushed = admin.post(
        "/api/v1/fleet/push",
        &json!({"to": N1, "schedule": fixed}).to_string(),
    );
    assert_eq!(pushed.status, 200, "{}", pushed.body);
    let id = pushed.json()["id"].as_str().unwrap().to_string();
    wait_json(&admin, &at, "the cluster installed it", |r| {
        r["status"]["schedule"]["pushed"]["id"] == id.as_str()
            && r["status"]["schedule"]["pushed"]["state"] == "installed"
    });
    assert_eq!(
        std::fs::read_to_string(station.path("schedule.toml")).unwrap(),
        fixed
    );
    let nowhere = admin.post(
        "/api/v1/fleet/push",
        &json!({"to": "quang-nam/Duy Xuyen", "schedule": fixed}).to_string(),
    );
    assert_eq!(nowhere.status, 422, "{}", nowhere.body);
}

/// A province's worth of statuses in a burst (1,000 clusters, retained, before the console
/// starts): the console takes them all and answers, rather than stalling. (It once waited on
/// the MQTT client's channel from the loop that drains it, and a burst over the channel's size
/// stopped both the statuses and every page.)
#[test]
fn a_thousand_clusters_at_once_do_not_stall_the_console() {
    let m = Mosquitto::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = keygen(dir.path(), "tinh");
    common::fleet::statuses(&m, "quang-nam/dai-loc/dai-hiep", 1000, "0000000000000001");
    let (_serve, base, state) = serve(
        &m,
        dir.path(),
        &key,
        &[("lan", "operator", OPERATOR_PW)],
        None,
    );
    let c = logged_in(&base, &state, "lan", OPERATOR_PW);
    wait_json(
        &c,
        "/api/v1/fleet/nodes?depth=0",
        "1,000 clusters online",
        |t| t["online"] == 1000,
    );
    // And again, every status changed at once while it runs.
    common::fleet::statuses(&m, "quang-nam/dai-loc/dai-hiep", 1000, "0000000000000002");
    wait_json(
        &c,
        "/api/v1/fleet/nodes?prefix=quang-nam/dai-loc/dai-hiep",
        "every cluster's new status",
        |t| {
            t["nodes"].as_array().is_some_and(|n| {
                n.len() == 1000
                    && n.iter()
                        .all(|r| r["status"]["schedule"]["hash"] == "0000000000000002")
            })
        },
    );
}

/// A province that collected with `loa fleet collect` moves to the console on the same file:
/// the console takes over the collector's session at the broker, so a broadcast recorded while
/// neither ran is in the console's report (and no forgotten session keeps queueing rows).
#[test]
fn the_console_takes_over_the_collector_s_session_on_the_same_file() {
    let m = Mosquitto::start(&[N1]);
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = keygen(dir.path(), "tinh");
    let db = dir.path().join("fleet.db");
    let out = province(
        &m,
        &["collect", "--db", db.to_str().unwrap(), "--idle", "1s"],
    )
    .output()
    .unwrap();
    common::assert_success(&out);
    // Nothing collects now: the cluster plays, its row reaches the broker and waits there.
    let station = node(&m, N1, &public);
    let published = m.subscribe(&format!("loa/v1/history/{N1}"), 1, 60);
    let played = station.cmd().args(["play", "bao"]).output().unwrap();
    common::assert_success(&played);
    assert_eq!(
        common::fleet::messages(published).len(),
        1,
        "the row published"
    );
    let (_serve, base, state) = serve(
        &m,
        dir.path(),
        &key,
        &[("lan", "operator", OPERATOR_PW)],
        None,
    );
    let c = logged_in(&base, &state, "lan", OPERATOR_PW);
    let month = common::daemon::now().format("%Y-%m").to_string();
    wait_json(
        &c,
        &format!("/api/v1/fleet/report?month={month}&by=node"),
        "the row recorded while nothing collected",
        |r| {
            r["lines"].as_array().is_some_and(|l| {
                l.iter()
                    .any(|l| l["key"] == N1 && !line_counts(l).is_empty())
            })
        },
    );
}
