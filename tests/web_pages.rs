//! The console's pages in a real headless Chromium (spec §11) against `loa run`: a wrong
//! password is said and a good one lands on the now page; what plays appears without a reload
//! (the status events); the storm warning pressed and confirmed plays and its history row says
//! `web:NAME`; a viewer sees no emergency button; the pages work at 360 and 1280 pixels
//! (screenshots under target/screenshots) and axe-core finds no serious or critical violation.

mod common;

use std::time::Duration;

use common::browser::{self, Driver};
use common::daemon::Daemon;
use common::web::add_user;
use fantoccini::Locator;

const OPERATOR_PW: &str = "mật khẩu đài loa 1";
const VIEWER_PW: &str = "chỉ xem thôi 2026";
const ADMIN_PW: &str = "chủ tịch xã duyệt 2026";

const SCHEDULE: &str = r#"
[[announcement]]
id = "sang"
title = "Bản tin sáng"
files = ["ban-tin-sang.mp3"]
at = "05:30" # giờ cũ: dòng chú thích phải còn

# A long title: the pages must still fit a phone.
[[announcement]]
id = "ve-sinh-moi-truong"
title = "Ngày chủ nhật xanh — vệ sinh môi trường, khơi thông cống rãnh toàn xã"
files = ["ban-tin-sang.mp3"]
at = ["06:00", "17:00", "19:00", "20:00"]

[[emergency]]
id = "bao"
title = "Cảnh báo bão"
files = ["canh-bao-bao.mp3"]

[web]
listen = "127.0.0.1:0"
"#;

#[test]
fn an_officer_runs_the_station_from_a_phone() {
    // Its own audio folder: the test uploads into it.
    let d = Daemon::prepare("", None, &[]);
    let audio = d.path("audio");
    std::fs::create_dir_all(&audio).unwrap();
    for f in ["ban-tin-sang.mp3", "canh-bao-bao.mp3"] {
        std::fs::copy(common::repo().join("audio").join(f), audio.join(f)).unwrap();
    }
    d.write_schedule(&format!(
        "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\noutput = \"null\"\n{SCHEDULE}",
        audio.display()
    ));
    add_user(&d, "lan", "operator", OPERATOR_PW);
    add_user(&d, "xem", "viewer", VIEWER_PW);
    add_user(&d, "chu-tich", "admin", ADMIN_PW);
    let mut d = d;
    d.run_with(&["--output", "null"]);
    let base = common::web::Client::of(&d).base;
    let driver = Driver::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let c = driver.browser(360, 800, "vi").await;
        // A wrong password is said, in Vietnamese.
        browser::log_in(&c, &base, "lan", "sai mật khẩu rồi").await;
        let said =
            browser::wait_text(&c, ".flash", Duration::from_secs(10), |t| !t.is_empty()).await;
        assert!(said.contains("sai tên tài khoản hoặc mật khẩu"), "{said}");
        browser::log_in(&c, &base, "lan", OPERATOR_PW).await;
        browser::wait_text(&c, "h1", Duration::from_secs(10), |t| t == "Hiện tại").await;
        browser::screenshot(&c, "now-360").await;

        // What plays appears without a reload: a play from the command line.
        c.execute("window.notReloaded = true;", vec![])
            .await
            .unwrap();
        assert!(d.loa(&["play", "sang"]).status.success());
        browser::wait_text(&c, "#now-panel", Duration::from_secs(10), |t| {
            t.contains("Bản tin sáng")
        })
        .await;
        let same = c
            .execute("return window.notReloaded === true;", vec![])
            .await
            .unwrap();
        assert_eq!(same, serde_json::json!(true), "the page was not reloaded");
        assert!(d.loa(&["stop"]).status.success());
        browser::wait_text(&c, "#now-panel", Duration::from_secs(10), |t| {
            t.contains("Không phát gì")
        })
        .await;

        // The storm warning: on the first screen of a phone (below its browser's bars), then the
        // confirmation, then on air.
        let first_screen = c
            .execute(
                "const b = document.querySelector('button.emergency').getBoundingClientRect(); \
                 return b.bottom <= window.innerHeight - 100;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(first_screen, serde_json::json!(true), "the storm warning needs no scrolling");
        c.find(Locator::Css("button.emergency"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let question =
            browser::wait_text(&c, ".confirm", Duration::from_secs(10), |t| !t.is_empty()).await;
        assert!(question.contains("Cảnh báo bão"), "{question}");
        assert!(
            d.history().iter().all(|r| r["id"] != "bao"),
            "nothing plays before confirming"
        );
        browser::screenshot(&c, "confirm-360").await;
        c.find(Locator::Css(".confirm button.emergency"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        browser::wait_text(&c, "#now-panel", Duration::from_secs(10), |t| {
            t.contains("Cảnh báo bão")
        })
        .await;
        let row = d
            .history()
            .into_iter()
            .find(|r| r["id"] == "bao")
            .expect("a history row");
        assert_eq!(row["requested_by"], "web:lan");
        assert_eq!(row["source"], "emergency");
        assert!(d.loa(&["stop"]).status.success());

        // A notice typed in the text box: heard first in the page, then read on the loudspeakers.
        c.goto(&format!("{base}/")).await.unwrap();
        let area = c.wait().for_element(Locator::Css("#tts-text")).await.unwrap();
        area.send_keys("Mời bà con dự họp lúc 19h30 tại nhà văn hóa.")
            .await
            .unwrap();
        c.find(Locator::Css("form.text button[value=preview]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let reading = browser::wait_text(&c, "blockquote.reading", Duration::from_secs(30), |t| {
            !t.is_empty()
        })
        .await;
        assert!(reading.contains("mười chín giờ ba mươi phút"), "{reading}");
        let heard = c
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 fetch(document.querySelector('audio').src) \
                   .then(r => r.arrayBuffer().then(b => done([r.status, b.byteLength])));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(heard[0], serde_json::json!(200), "{heard}");
        assert!(heard[1].as_u64().unwrap() > 20_000, "{heard}");
        let bad = browser::accessibility(&c).await;
        assert!(bad.is_empty(), "the preview: {bad:#?}");
        assert!(
            d.history().iter().all(|r| r["source"] != "text"),
            "a preview plays nothing on the loudspeakers"
        );
        c.find(Locator::Css("form.text button.primary"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        browser::wait_text(&c, ".flash", Duration::from_secs(30), |t| !t.is_empty()).await;
        d.wait("the text to be read", Duration::from_secs(30), |d| {
            d.history().iter().any(|r| r["source"] == "text")
        });
        let row = d
            .history()
            .into_iter()
            .find(|r| r["source"] == "text")
            .unwrap();
        assert_eq!(row["requested_by"], "web:lan");
        assert_eq!(row["text"], "Mời bà con dự họp lúc 19h30 tại nhà văn hóa.");
        assert!(d.loa(&["stop"]).status.success());

        // The morning bulletin moved to 05:45 with the form: the file keeps its comment.
        c.goto(&format!("{base}/schedule")).await.unwrap();
        c.find(Locator::Css("a[href='/schedule/edit?id=sang']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let times = c.wait().for_element(Locator::Css("#times")).await.unwrap();
        times.clear().await.unwrap();
        times.send_keys("05:45").await.unwrap();
        c.find(Locator::Css(
            "form[action='/schedule/edit'] button[type=submit]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
        let said =
            browser::wait_text(&c, ".flash", Duration::from_secs(20), |t| !t.is_empty()).await;
        assert!(said.contains("Đã lưu"), "{said}");
        let file = std::fs::read_to_string(d.path("schedule.toml")).unwrap();
        assert!(
            file.contains("at = \"05:45\" # giờ cũ: dòng chú thích phải còn"),
            "{file}"
        );
        let next = d.loa(&["next", "--json", "--days", "2"]);
        let next: serde_json::Value = serde_json::from_slice(&next.stdout).unwrap();
        let sang = next
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == "sang")
            .unwrap();
        assert!(sang["local"].as_str().unwrap().ends_with("05:45:00"), "{next}");
        browser::screenshot(&c, "schedule-360").await;

        // A raw edit with an error: shown on its line, nothing changed.
        c.goto(&format!("{base}/schedule/raw")).await.unwrap();
        let area = c.wait().for_element(Locator::Css("#text")).await.unwrap();
        let broken = file.replace("at = \"05:45\"", "at = \"25:45\"");
        area.clear().await.unwrap();
        area.send_keys(&broken).await.unwrap();
        c.find(Locator::Css(
            "form[action='/schedule/raw'] button[type=submit]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
        let shown =
            browser::wait_text(&c, ".flash", Duration::from_secs(20), |t| !t.is_empty()).await;
        let line = file.lines().position(|l| l.starts_with("at = ")).unwrap() + 1;
        assert!(
            shown.contains(&format!("dòng {line}")) && shown.contains("25:45"),
            "{shown}"
        );
        assert_eq!(
            std::fs::read_to_string(d.path("schedule.toml")).unwrap(),
            file,
            "nothing changed"
        );
        let marked = browser::text(&c, &format!("#line-{line}")).await;
        assert!(marked.contains("25:45"), "{marked}");

        // The change is a version: its diff shown, the one before restorable.
        c.goto(&format!("{base}/schedule/versions/2"))
            .await
            .unwrap();
        let shown =
            browser::wait_text(&c, "pre.diff", Duration::from_secs(10), |t| !t.is_empty()).await;
        assert!(
            shown.contains("- at = \"05:30\"") && shown.contains("+ at = \"05:45\""),
            "{shown}"
        );
        assert!(browser::text(&c, "main").await.contains("web:lan"));
        let bad = browser::accessibility(&c).await;
        assert!(bad.is_empty(), "a version: {bad:#?}");
        c.goto(&format!("{base}/schedule/versions/1"))
            .await
            .unwrap();
        c.wait()
            .for_element(Locator::Css(
                "form[action='/schedule/versions/1/restore'] button",
            ))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let said =
            browser::wait_text(&c, ".flash", Duration::from_secs(20), |t| !t.is_empty()).await;
        assert!(said.contains("Đã lưu"), "{said}");
        let restored = std::fs::read_to_string(d.path("schedule.toml")).unwrap();
        assert!(restored.contains("at = \"05:30\" # giờ cũ"), "{restored}");

        // A Zalo voice message uploaded from the phone's file picker.
        let voice = common::tone_fixture(
            "tin nhắn zalo.opus",
            "0.4*sin(2*PI*440*t)",
            "mono",
            48000,
            2.0,
            &["-c:a", "libopus", "-b:a", "24k"],
        );
        c.goto(&format!("{base}/recordings")).await.unwrap();
        let picker = c.wait().for_element(Locator::Css("#file")).await.unwrap();
        picker.send_keys(voice.to_str().unwrap()).await.unwrap();
        c.find(Locator::Css(
            "form[action='/recordings/upload'] button[type=submit]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
        let said =
            browser::wait_text(&c, ".flash", Duration::from_secs(20), |t| !t.is_empty()).await;
        assert!(
            said.contains("Đã tải lên") && said.contains("tin nhắn zalo.opus"),
            "{said}"
        );
        assert!(
            browser::text(&c, "main")
                .await
                .contains("tin nhắn zalo.opus")
        );
        assert!(d.path("audio/tin nhắn zalo.opus").is_file());
        browser::screenshot(&c, "recordings-360").await;

        // Accessibility of each page, at phone size.
        for path in [
            "/",
            "/programme",
            "/history",
            "/history?summary=1",
            "/schedule",
            "/schedule/edit?id=sang",
            "/schedule/raw",
        ] {
            c.goto(&format!("{base}{path}")).await.unwrap();
            let bad = browser::accessibility(&c).await;
            assert!(bad.is_empty(), "{path}: {bad:#?}");
            // Nothing wider than the phone: a long title or a table scrolls in its own box.
            let fits = c
                .execute(
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(fits, serde_json::json!(true), "{path} is wider than a 360-pixel phone");
        }
        browser::screenshot(&c, "history-360").await;
        c.set_window_size(1280, 900).await.unwrap();
        c.goto(&format!("{base}/")).await.unwrap();
        browser::screenshot(&c, "now-1280").await;
        c.goto(&format!("{base}/programme")).await.unwrap();
        browser::screenshot(&c, "programme-1280").await;
        c.close().await.unwrap();

        // A viewer sees the station and no button that acts.
        let v = driver.browser(360, 800, "vi").await;
        browser::log_in(&v, &base, "xem", VIEWER_PW).await;
        browser::wait_text(&v, "h1", Duration::from_secs(10), |t| t == "Hiện tại").await;
        assert!(
            v.find_all(Locator::Css("button.emergency"))
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            v.find_all(Locator::Css("form[action='/now/stop']"))
                .await
                .unwrap()
                .is_empty()
        );
        let bad = browser::accessibility(&v).await;
        assert!(bad.is_empty(), "login and now as a viewer: {bad:#?}");
        // The confirmation's address typed by hand: told at once, no button.
        v.goto(&format!("{base}/now/confirm?id=bao")).await.unwrap();
        let told = browser::wait_text(&v, "main .warn", Duration::from_secs(10), |t| !t.is_empty()).await;
        assert!(told.contains("người xem"), "{told}");
        assert!(v.find_all(Locator::Css("button.emergency")).await.unwrap().is_empty());
        v.goto(&format!("{base}/accounts")).await.unwrap();
        let refused =
            browser::wait_text(&v, ".flash", Duration::from_secs(10), |t| !t.is_empty()).await;
        assert!(
            refused.contains("quản trị"),
            "a viewer is sent back: {refused}"
        );
        v.close().await.unwrap();

        // An admin adds an account from the accounts page.
        let a = driver.browser(1280, 900, "vi").await;
        browser::log_in(&a, &base, "chu-tich", ADMIN_PW).await;
        browser::wait_text(&a, "h1", Duration::from_secs(10), |t| t == "Hiện tại").await;
        a.goto(&format!("{base}/accounts")).await.unwrap();
        a.wait()
            .for_element(Locator::Css("#name"))
            .await
            .unwrap()
            .send_keys("can-bo-moi")
            .await
            .unwrap();
        a.find(Locator::Css("#password"))
            .await
            .unwrap()
            .send_keys("mật khẩu cán bộ mới")
            .await
            .unwrap();
        a.find(Locator::Css("form[action='/accounts/add'] button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let said =
            browser::wait_text(&a, ".flash", Duration::from_secs(20), |t| !t.is_empty()).await;
        assert!(said.contains("can-bo-moi"), "{said}");
        let list = String::from_utf8(d.loa(&["web", "user", "list", "--json"]).stdout).unwrap();
        assert!(
            list.contains(r#"{"name":"can-bo-moi","role":"operator"}"#),
            "{list}"
        );
        let bad = browser::accessibility(&a).await;
        assert!(bad.is_empty(), "/accounts: {bad:#?}");
        browser::screenshot(&a, "accounts-1280").await;
        a.close().await.unwrap();
    });
}
