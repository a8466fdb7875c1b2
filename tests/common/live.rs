//! A live sender (spec §12) as a program sees the console: a real WebSocket over the station's
//! own TLS (its certificate trusted, not verification turned off), the session's cookie, an
//! `Origin`; the first message, then sound paced as a microphone gives it, and the state
//! messages the daemon sends back.

use std::io::ErrorKind;
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::Value;
use tungstenite::client::IntoClientRequest;
use tungstenite::{Message, WebSocket};

use super::daemon::Daemon;
use super::web::Client;

type Tls = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

pub struct Sender {
    pub ws: WebSocket<Tls>,
    /// Every state message received, in order.
    pub states: Vec<Value>,
}

/// The station's certificate, trusted.
fn tls_config(d: &Daemon) -> Arc<rustls::ClientConfig> {
    let pem = std::fs::read_to_string(d.path("state/web.crt")).unwrap();
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(der))
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

/// Opens `/api/v1/live` as `c`'s session, from `origin` (`None`: the console's own); the HTTP
/// status when the upgrade is refused.
pub fn connect(d: &Daemon, c: &Client, origin: Option<&str>) -> Result<Sender, u16> {
    let base = c.base.trim_end_matches('/');
    let host = base.strip_prefix("https://").unwrap().to_string();
    let url = format!("wss://{host}/api/v1/live");
    let mut req = url.as_str().into_client_request().unwrap();
    let own = format!("https://{host}");
    let h = req.headers_mut();
    h.insert("Origin", origin.unwrap_or(&own).parse().unwrap());
    if let Some(cookie) = &c.cookie {
        h.insert("Cookie", cookie.parse().unwrap());
    }
    let tcp = TcpStream::connect(&host).unwrap();
    tcp.set_nodelay(true).unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let conn = rustls::ClientConnection::new(tls_config(d), name).unwrap();
    let stream = rustls::StreamOwned::new(conn, tcp);
    match tungstenite::client(req, stream) {
        Ok((ws, _)) => Ok(Sender {
            ws,
            states: Vec::new(),
        }),
        Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(r))) => {
            Err(r.status().as_u16())
        }
        Err(e) => panic!("the live socket did not open: {e}"),
    }
}

impl Sender {
    pub fn hello(&mut self, text: &str) {
        self.ws.send(Message::Text(text.into())).unwrap();
    }

    /// Sends `samples` (mono, `rate`) as 20 ms messages of s16le, each when a microphone would
    /// have given it; reads the state messages that came meanwhile.
    pub fn speak(&mut self, samples: &[f32], rate: u32) -> Instant {
        let frame = (rate / 50) as usize;
        let start = Instant::now();
        for (i, chunk) in samples.chunks(frame).enumerate() {
            let due = start + Duration::from_millis(20 * i as u64);
            while Instant::now() < due {
                self.poll(due - Instant::now());
            }
            let bytes: Vec<u8> = chunk
                .iter()
                .flat_map(|s| ((s.clamp(-1.0, 1.0) * 32767.0) as i16).to_le_bytes())
                .collect();
            self.ws.send(Message::Binary(bytes.into())).unwrap();
        }
        start
    }

    /// Sends each message of `packets` 20 ms after the one before (an encoder's packets).
    pub fn send_paced(&mut self, packets: &[Vec<u8>]) {
        let start = Instant::now();
        for (i, p) in packets.iter().enumerate() {
            let due = start + Duration::from_millis(20 * i as u64);
            while Instant::now() < due {
                self.poll(due - Instant::now());
            }
            self.ws.send(Message::Binary(p.clone().into())).unwrap();
        }
    }

    /// Reads what comes within `d` (state messages are kept).
    pub fn poll(&mut self, d: Duration) {
        self.ws
            .get_ref()
            .sock
            .set_read_timeout(Some(d.max(Duration::from_millis(1))))
            .unwrap();
        match self.ws.read() {
            Ok(Message::Text(t)) => self.states.push(serde_json::from_str(&t).unwrap()),
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) => panic!("the live socket failed: {e}"),
        }
    }

    /// Waits up to `limit` for a state message with `"state": state`, and returns it.
    pub fn wait_for(&mut self, state: &str, limit: Duration) -> Value {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(s) = self.states.iter().find(|s| s["state"] == state) {
                return s.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no {state:?} within {limit:?}; got {:?}",
                self.states
            );
            self.read_one(deadline - Instant::now());
        }
    }

    /// Like `poll`, but a closed socket is not a failure (it said its last word).
    fn read_one(&mut self, d: Duration) {
        let _ = self
            .ws
            .get_ref()
            .sock
            .set_read_timeout(Some(d.max(Duration::from_millis(1))));
        if let Ok(Message::Text(t)) = self.ws.read() {
            self.states.push(serde_json::from_str(&t).unwrap());
        }
    }

    /// `{"stop": true}`: the speaker has finished.
    pub fn stop(&mut self) {
        self.ws
            .send(Message::Text(r#"{"stop":true}"#.into()))
            .unwrap();
    }

    /// The connection cut without a word (the phone lost its network).
    pub fn cut(self) {
        let _ = self.ws.get_ref().sock.shutdown(std::net::Shutdown::Both);
    }
}

pub fn correlation(a: &[f32], b: &[f32]) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (x, y) in a.iter().zip(b) {
        ab += f64::from(*x) * f64::from(*y);
        aa += f64::from(*x) * f64::from(*x);
        bb += f64::from(*y) * f64::from(*y);
    }
    ab / (aa.sqrt() * bb.sqrt()).max(1e-12)
}

/// The output holds `sent`: each `win` frames of it found within 50 ms of where the one before was
/// (a live source follows the sender's clock, so the lag creeps; and a sender held up on a busy
/// machine leaves a gap, which moves it on), correlated after alignment. The correlation over
/// all the windows so aligned (weighted by their energy, so the pauses between words, where
/// there is only noise, count as little as they sound), the lag of the first window (output
/// frames), and each window's own score with the energy of what was sent in it.
pub fn found(sent: &[f32], out: &[f32], win: usize) -> (f64, usize, Vec<(f64, f64)>) {
    let reach = 2400;
    // Coarse: where each starts sounding (a tenth of its peak: the output's gain is not the
    // sender's), give or take 50 ms. A recording may begin with silence of its own.
    let onset = |x: &[f32]| {
        let peak = x.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        x.iter().position(|s| s.abs() > peak / 10.0 && peak > 0.01)
    };
    let onset_sent = onset(sent).expect("nothing was sent but silence");
    let onset_out = onset(out).expect("silent output");
    let Some(onset) = onset_out.checked_sub(onset_sent) else {
        panic!(
            "the output sounds {onset_out} frames in, before what was sent could ({onset_sent})"
        );
    };
    // Where in `out` the window at `w` in `sent` is: `w + shift` (never earlier than `w`: sound
    // comes out after it is sent).
    let mut shift = onset;
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    let mut first = None;
    let mut scores = Vec::new();
    for w in (1..sent.len() / win - 1).map(|k| k * win) {
        let centre = w + shift;
        let search = |reach: usize| {
            (centre.saturating_sub(reach).max(w)..centre + reach)
                .filter(|&o| o + win <= out.len())
                .map(|o| (o, correlation(&sent[w..w + win], &out[o..o + win])))
                .fold((centre, -1.0), |b, c| if c.1 > b.1 { c } else { b })
        };
        let (mut best, mut score) = search(reach);
        // Not near where the last one was: a starved machine's output can lose the sender for
        // longer than 50 ms (its start sounded, then a gap while it refilled) — looked for
        // within half a second before the window counts as lost.
        if score < 0.5 {
            let wide = search(10 * reach);
            if wide.1 > score {
                (best, score) = wide;
            }
        }
        if first.is_none() {
            first = Some(best - w);
        }
        // A pause between words matches anywhere: only a clear match moves the lag.
        if score >= 0.5 {
            shift = best - w;
        }
        let energy = sent[w..w + win]
            .iter()
            .map(|x| f64::from(*x).powi(2))
            .sum::<f64>();
        scores.push((score, energy));
        for (x, y) in sent[w..w + win].iter().zip(&out[best..]) {
            ab += f64::from(*x) * f64::from(*y);
            aa += f64::from(*x) * f64::from(*x);
            bb += f64::from(*y) * f64::from(*y);
        }
    }
    (
        ab / (aa.sqrt() * bb.sqrt()).max(1e-12),
        first.unwrap_or(onset),
        scores,
    )
}
