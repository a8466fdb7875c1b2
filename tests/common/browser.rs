//! A real headless Chromium driven through Debian's chromedriver (WebDriver, with fantoccini):
//! the console's pages as an officer's phone or office PC shows them. The certificate is the
//! station's self-signed one, accepted as an officer accepts it once (`acceptInsecureCerts`).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    /// chromedriver on a free port of loopback, once it answers.
    pub fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (scripts/test.sh installs chromium-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    /// A new browser window of `width` × `height` CSS pixels, in `lang`.
    pub async fn browser(&self, width: u32, height: u32, lang: &str) -> Client {
        self.browser_with(width, height, lang, &[]).await
    }

    /// The same with more of Chromium's flags (a fake microphone…).
    pub async fn browser_with(
        &self,
        width: u32,
        height: u32,
        lang: &str,
        extra: &[String],
    ) -> Client {
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-gpu".into(),
            format!("--lang={lang}"),
            format!("--window-size={width},{height}"),
        ];
        args.extend(extra.iter().cloned());
        let mut caps = serde_json::Map::new();
        caps.insert("acceptInsecureCerts".into(), json!(true));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": args,
                "prefs": { "intl.accept_languages": lang },
            }),
        );
        // Two crypto providers are linked (ring for loa, aws-lc for the WebDriver client): name one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let c = ClientBuilder::rustls()
            .expect("rustls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a Chromium session");
        c.set_window_size(width, height).await.unwrap();
        c
    }
}

/// Fills the login form and sends it (the page it lands on is the caller's to wait for).
pub async fn log_in(c: &Client, base: &str, user: &str, password: &str) {
    log_in_at(c, base, "/", user, password).await;
}

/// Opens `path` without a session, which shows the login form, and logs in there (the page it
/// lands on — `path` again — is the caller's to wait for).
pub async fn log_in_at(c: &Client, base: &str, path: &str, user: &str, password: &str) {
    c.goto(&format!("{base}{path}")).await.unwrap();
    c.wait().for_element(Locator::Css("#user")).await.unwrap();
    c.find(Locator::Css("#user"))
        .await
        .unwrap()
        .send_keys(user)
        .await
        .unwrap();
    c.find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(password)
        .await
        .unwrap();
    c.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The text of the first element `css` finds.
pub async fn text(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits (up to `limit`) until `ok` holds for the text of `css`.
pub async fn wait_text(
    c: &Client,
    css: &str,
    limit: Duration,
    ok: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + limit;
    loop {
        let t = text(c, css).await;
        if ok(&t) {
            return t;
        }
        assert!(
            Instant::now() < deadline,
            "{css} never showed what was expected; last: {t:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A PNG of the page under target/screenshots (CI keeps them).
pub async fn screenshot(c: &Client, name: &str) {
    let dir = super::repo().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// axe-core (from npm, in target/axe) run in the page: every violation of impact serious or
/// critical, as "rule: help (targets)".
pub async fn accessibility(c: &Client) -> Vec<String> {
    let axe = super::repo().join("target/axe/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&axe)
        .unwrap_or_else(|_| panic!("{} (scripts/test.sh fetches it with npm)", axe.display()));
    c.execute(&source, vec![]).await.unwrap();
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))));",
            vec![],
        )
        .await
        .unwrap();
    result
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| format!("{}: {} ({})", v["id"], v["help"], v["nodes"]))
        .collect()
}
