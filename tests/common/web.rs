//! The console as a real HTTP client sees it (ureq over rustls): a session's cookie and CSRF
//! token kept between requests, the station's own certificate trusted (not verification turned
//! off), every answer with its status, headers and body.

use std::time::Duration;

use serde_json::Value;

use super::daemon::Daemon;

pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct Client {
    agent: ureq::Agent,
    pub base: String,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
    pub lang: Option<&'static str>,
}

impl Client {
    /// A client of the console `d` serves (its URL from `loa status --json`), trusting the
    /// certificate in its state directory when it serves TLS.
    pub fn of(d: &Daemon) -> Client {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        let base = loop {
            let s = d.status();
            if let Some(url) = s["web"]["url"].as_str() {
                break url.to_string();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the console does not serve: {s}\n{}",
                d.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        Client::at(&base, &d.path("state"))
    }

    /// A client of the console at `base` whose certificate is `web.crt` in `state_dir` (the
    /// province's console, `loa fleet serve`).
    pub fn at(base: &str, state_dir: &std::path::Path) -> Client {
        let base = base.to_string();
        let mut tls = ureq::tls::TlsConfig::builder();
        if base.starts_with("https") {
            let pem = std::fs::read(state_dir.join("web.crt")).unwrap();
            let cert = ureq::tls::Certificate::from_pem(&pem).unwrap();
            tls = tls.root_certs(ureq::tls::RootCerts::new_with_certs(&[cert]));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(20)))
            .tls_config(tls.build())
            .build()
            .new_agent();
        Client {
            agent,
            base,
            cookie: None,
            csrf: None,
            lang: None,
        }
    }

    fn finish(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut r = r.unwrap_or_else(|e| panic!("request failed: {e}"));
        let headers = r
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        Answer {
            status: r.status().as_u16(),
            headers,
            body: r.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    fn with<B>(&self, mut r: ureq::RequestBuilder<B>, csrf: bool) -> ureq::RequestBuilder<B> {
        if let Some(c) = &self.cookie {
            r = r.header("Cookie", c);
        }
        if let (true, Some(t)) = (csrf, &self.csrf) {
            r = r.header("X-CSRF-Token", t);
        }
        if let Some(l) = self.lang {
            r = r.header("Accept-Language", l);
        }
        r
    }

    pub fn get(&self, path: &str) -> Answer {
        let r = self.with(self.agent.get(format!("{}{path}", self.base)), false);
        Client::finish(r.call())
    }

    /// POST with the session's CSRF token.
    pub fn post(&self, path: &str, body: &str) -> Answer {
        self.post_with(path, body, true)
    }

    pub fn post_with(&self, path: &str, body: &str, csrf: bool) -> Answer {
        let r = self.with(self.agent.post(format!("{}{path}", self.base)), csrf);
        Client::finish(r.header("Content-Type", "application/json").send(body))
    }

    /// POST JSON with extra headers (what a browser adds: `Origin`, `Sec-Fetch-Site`), without
    /// the CSRF token.
    pub fn post_headers(&self, path: &str, body: &str, headers: &[(&str, &str)]) -> Answer {
        let mut r = self.with(self.agent.post(format!("{}{path}", self.base)), false);
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        Client::finish(r.header("Content-Type", "application/json").send(body))
    }

    /// PUT a raw body (the schedule's text) with extra headers.
    pub fn put(&self, path: &str, body: &str, headers: &[(&str, &str)]) -> Answer {
        let mut r = self.with(self.agent.put(format!("{}{path}", self.base)), true);
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        Client::finish(r.send(body))
    }

    /// POST one file as the multipart field `file`, as a browser's form sends it.
    pub fn upload(&self, path: &str, file_name: &str, bytes: &[u8]) -> Answer {
        let boundary = "----loa-test-boundary-7d41";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let r = self.with(self.agent.post(format!("{}{path}", self.base)), true);
        Client::finish(
            r.header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .send(&body[..]),
        )
    }

    pub fn delete(&self, path: &str) -> Answer {
        let r = self.with(self.agent.delete(format!("{}{path}", self.base)), true);
        Client::finish(r.call())
    }

    /// Logs in; on success keeps the cookie and the CSRF token.
    pub fn login(&mut self, user: &str, password: &str) -> Answer {
        let body = serde_json::json!({ "user": user, "password": password }).to_string();
        let a = self.post_with("/api/v1/login", &body, false);
        if a.status == 200 {
            let set = a.header("set-cookie").unwrap_or("").to_string();
            self.cookie = set.split(';').next().map(str::to_string);
            self.csrf = a.json()["csrf"].as_str().map(str::to_string);
        }
        a
    }

    /// `/api/v1/events` as a thread reading it: each `status` event's object, as it comes.
    pub fn events(&self) -> std::sync::mpsc::Receiver<Value> {
        let (tx, rx) = std::sync::mpsc::channel();
        let r = self.with(
            self.agent.get(format!("{}/api/v1/events", self.base)),
            false,
        );
        let r = r.call().expect("events");
        assert_eq!(r.status().as_u16(), 200);
        std::thread::spawn(move || {
            use std::io::BufRead;
            let reader = std::io::BufReader::new(r.into_body().into_reader());
            for line in reader.lines() {
                let Ok(line) = line else { return };
                if let Some(data) = line.strip_prefix("data:")
                    && let Ok(v) = serde_json::from_str(data.trim())
                    && tx.send(v).is_err()
                {
                    return;
                }
            }
        });
        rx
    }
}

/// Adds a console account to the daemon's state directory, as an officer would.
pub fn add_user(d: &Daemon, name: &str, role: &str, password: &str) {
    add_user_with(d.cmd(), name, role, password);
}

/// Adds a console account to the state directory `state` (the province's console's).
pub fn add_user_in(state: &std::path::Path, name: &str, role: &str, password: &str) {
    let mut cmd = super::loa();
    cmd.arg("--state-dir").arg(state);
    add_user_with(cmd, name, role, password);
}

/// `loa web user add NAME --role ROLE --password-stdin` on `cmd` (`loa` with its options).
fn add_user_with(mut cmd: std::process::Command, name: &str, role: &str, password: &str) {
    use std::io::Write;
    let mut child = cmd
        .args([
            "web",
            "user",
            "add",
            name,
            "--role",
            role,
            "--password-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
