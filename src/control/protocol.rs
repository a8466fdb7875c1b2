//! The control socket's wire format (spec §5): one JSON object a line, each way, every one with
//! `"version"`. Requests are tagged by `"request"`, replies by `"response"`. docs/protocol.md
//! shows each with example JSON and the replies it can get.
//!
//! Domain errors become wire errors in one place: [`Response::error`].

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// The protocol version this build speaks.
pub const VERSION: u32 = 1;
/// The longest request line accepted, newline included.
pub const MAX_LINE: usize = 64 * 1024;
/// The longest `target` of a play (an id, or a path: Linux's PATH_MAX).
pub const MAX_TARGET: usize = 4096;
/// The longest `until` of a pause.
pub const MAX_WHEN: usize = 64;

/// What a client asks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "request", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Request {
    /// `{"version":1,"request":"status"}` → `status`
    Status,
    /// `{"version":1,"request":"play","target":"bao","emergency":true}` → `ok` | `error`.
    /// `target`: an announcement or preset id, or an absolute path of an audio file.
    Play {
        /// What to play; empty with `text`.
        #[serde(default)]
        target: String,
        #[serde(default)]
        emergency: bool,
        #[serde(default)]
        repeat: Option<u32>,
        #[serde(default)]
        volume: Option<u8>,
        /// A stream's URL as `target`: relay it this many seconds (absent: until stopped).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        for_seconds: Option<u64>,
        /// Play it even if the same is already playing or queued (otherwise that is answered
        /// `ok`, "already playing", and nothing changes).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        again: bool,
        /// A text to read aloud instead of a target (spec §13).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        /// Its sound, once the daemon has rendered it: never read from a client.
        #[serde(skip)]
        sound: Option<std::path::PathBuf>,
    },
    /// `{"version":1,"request":"stop"}` → `ok` | `error` (nothing is playing)
    Stop,
    /// `{"version":1,"request":"pause","until":"18:00"}` → `ok` | `error`.
    /// `until`: "HH:MM", "YYYY-MM-DD HH:MM" (station time), RFC 3339, or a duration ("2h").
    Pause {
        #[serde(default)]
        until: Option<String>,
    },
    /// `{"version":1,"request":"resume"}` → `ok` | `error` (not paused)
    Resume,
    /// `{"version":1,"request":"reload"}` → `ok` | `error` (the schedule has errors; `details`)
    Reload,
    /// `{"version":1,"request":"bulletins"}` → `bulletins`: the provincial feed's bulletins.
    Bulletins,
    /// `{"version":1,"request":"bulletin-accept","id":"…","at":"18:00"}` → `ok` | `error`.
    /// `at` as for `pause`'s `until`; absent: play now.
    BulletinAccept {
        id: String,
        #[serde(default)]
        at: Option<String>,
    },
    /// `{"version":1,"request":"bulletin-reject","id":"…"}` → `ok` | `error`
    BulletinReject { id: String },
    /// `{"version":1,"request":"live","device":"usb","for_seconds":600,"emergency":false}` →
    /// `ok` | `error`, when the broadcast has ended: speak on air from a capture device of the
    /// station (`loa live`, spec §12; `device` absent: the default input). The answer comes at
    /// the end; a client that goes away meanwhile (Ctrl-C) ends it.
    Live {
        #[serde(default)]
        device: Option<String>,
        #[serde(default)]
        emergency: bool,
        #[serde(default)]
        for_seconds: Option<u64>,
        #[serde(default)]
        volume: Option<u8>,
        /// The console's sender, whose sound comes by its WebSocket: never read from a client.
        #[serde(skip)]
        voice: Option<crate::live::Voice>,
    },
    /// Their sound has ended (`how`); never read from the socket.
    #[serde(skip)]
    LiveEnd {
        link: String,
        how: crate::live::Finish,
    },
}

/// Why a request failed, for programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// Not JSON, or not an object, or a field of the wrong type.
    BadRequest,
    /// Longer than 64 KiB.
    TooLong,
    /// A `request` this daemon does not know.
    UnknownRequest,
    /// A `version` this daemon does not speak.
    UnsupportedVersion,
    /// No such announcement, preset or file.
    NotFound,
    /// A file outside `audio_dir` and `allow_dirs`.
    Forbidden,
    /// Valid, but not possible now (nothing is playing; not paused; a schedule with errors).
    Refused,
    /// Too many clients at once (on a reserved slot: anything but an emergency or a stop).
    Busy,
    /// Accepted, but it could not play (the output, or every file, failed).
    Failed,
}

/// What the daemon answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "response", rename_all = "kebab-case")]
pub enum Response {
    Ok {
        message: String,
    },
    Status(Box<serde_json::Value>),
    /// Every bulletin the station kept, oldest first.
    Bulletins {
        bulletins: Vec<serde_json::Value>,
    },
    Error {
        kind: ErrorKind,
        message: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        details: Vec<String>,
    },
}

impl Response {
    pub fn ok(message: impl Into<String>) -> Response {
        Response::Ok {
            message: message.into(),
        }
    }

    pub fn error(kind: ErrorKind, message: impl Into<String>) -> Response {
        Response::Error {
            kind,
            message: message.into(),
            details: Vec::new(),
        }
    }
}

/// A reply line: the response with the version, newline-terminated.
pub fn encode(r: &Response) -> String {
    let mut v =
        serde_json::to_value(r).unwrap_or_else(|_| serde_json::json!({"response": "error"}));
    if let Some(obj) = v.as_object_mut() {
        obj.insert("version".into(), VERSION.into());
    }
    let mut line = v.to_string();
    line.push('\n');
    line
}

/// A request line, newline-terminated.
pub fn encode_request(r: &Request) -> String {
    encode_request_in(r, None)
}

/// A request line that asks for answers in `lang`.
pub fn encode_request_in(r: &Request, lang: Option<Lang>) -> String {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let (Some(obj), Some(lang)) = (v.as_object_mut(), lang) {
        obj.insert("lang".into(), lang.tag().into());
    }
    if let Some(obj) = v.as_object_mut() {
        obj.insert("version".into(), VERSION.into());
    }
    let mut line = v.to_string();
    line.push('\n');
    line
}

/// Parses one request line (without its newline), or says in a response what is wrong with it.
pub fn decode_request(line: &[u8]) -> Result<Request, Response> {
    decode_request_with_lang(line).map(|(r, _)| r)
}

/// Like [`decode_request`], with the language the client reads (`"lang": "vi"` or `"en"`,
/// beside `"version"`, optional): the daemon words its answer in it.
pub fn decode_request_with_lang(line: &[u8]) -> Result<(Request, Option<Lang>), Response> {
    let text = std::str::from_utf8(line)
        .map_err(|_| Response::error(ErrorKind::BadRequest, "the request is not UTF-8 text"))?;
    let mut v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Response::error(
            ErrorKind::BadRequest,
            format!("the request is not JSON: {e}"),
        )
    })?;
    let obj = v.as_object_mut().ok_or_else(|| {
        Response::error(ErrorKind::BadRequest, "the request must be a JSON object")
    })?;
    match obj.remove("version").and_then(|v| v.as_u64()) {
        Some(n) if n == u64::from(VERSION) => {}
        Some(n) => {
            return Err(Response::error(
                ErrorKind::UnsupportedVersion,
                format!(
                    "protocol version {n} is not spoken here; this daemon speaks version {VERSION}"
                ),
            ));
        }
        None => {
            return Err(Response::error(
                ErrorKind::BadRequest,
                format!("the request has no \"version\" (this daemon speaks {VERSION})"),
            ));
        }
    }
    // Like "version", the language is about the conversation, not the request.
    let lang = match obj.remove("lang") {
        None => None,
        Some(serde_json::Value::String(l)) => Lang::parse(&l),
        Some(_) => {
            return Err(Response::error(
                ErrorKind::BadRequest,
                "\"lang\" must be a text such as \"vi\" or \"en\"",
            ));
        }
    };
    let kind = obj
        .get("request")
        .and_then(|r| r.as_str())
        .map(str::to_string);
    // serde does not refuse unknown fields beside a unit variant's tag: check them here.
    if let Some(k) = kind.as_deref().filter(|k| KNOWN.contains(k)) {
        let allowed: &[&str] = match k {
            "play" => &[
                "request",
                "target",
                "emergency",
                "repeat",
                "volume",
                "for_seconds",
                "again",
                "text",
            ],
            "pause" => &["request", "until"],
            "bulletin-accept" => &["request", "id", "at"],
            "bulletin-reject" => &["request", "id"],
            "live" => &["request", "device", "emergency", "for_seconds", "volume"],
            _ => &["request"],
        };
        if let Some(extra) = obj.keys().find(|key| !allowed.contains(&key.as_str())) {
            return Err(Response::error(
                ErrorKind::BadRequest,
                format!("bad \"{k}\" request: unknown field \"{extra}\""),
            ));
        }
    }
    let request = serde_json::from_value::<Request>(v).map_err(|e| match kind {
        None => Response::error(
            ErrorKind::BadRequest,
            "the request has no \"request\" field",
        ),
        Some(k) if !KNOWN.contains(&k.as_str()) => Response::error(
            ErrorKind::UnknownRequest,
            format!("unknown request \"{k}\"; known: {}", KNOWN.join(", ")),
        ),
        Some(k) => Response::error(ErrorKind::BadRequest, format!("bad \"{k}\" request: {e}")),
    })?;
    validate(&request).map_err(|m| Response::error(ErrorKind::BadRequest, m))?;
    Ok((request, lang))
}

/// Every field within the limits the command line and the schedule set: nothing a request says
/// can make the daemon build or hold more than they allow.
pub fn validate(r: &Request) -> Result<(), String> {
    use crate::schedule::{MAX_REPEAT, MAX_VOLUME};
    match r {
        Request::Play {
            target,
            repeat,
            volume,
            for_seconds,
            text,
            ..
        } => {
            if let Some(s) = for_seconds
                && !(1..=crate::dispatch::MAX_RELAY.as_secs()).contains(s)
            {
                return Err(format!(
                    "bad \"play\" request: \"for_seconds\" is {s}; it must be 1 to {}",
                    crate::dispatch::MAX_RELAY.as_secs()
                ));
            }
            if let Some(text) = text {
                if !target.is_empty() {
                    return Err(
                        "bad \"play\" request: \"text\" and \"target\" both say what to play"
                            .into(),
                    );
                }
                if for_seconds.is_some() {
                    return Err("bad \"play\" request: \"for_seconds\" is for a stream".into());
                }
                if text.trim().is_empty() {
                    return Err("bad \"play\" request: \"text\" is empty".into());
                }
                if text.len() > crate::schedule::MAX_TEXT {
                    return Err(format!(
                        "bad \"play\" request: \"text\" is longer than {} bytes",
                        crate::schedule::MAX_TEXT
                    ));
                }
            } else if target.trim().is_empty() {
                return Err("bad \"play\" request: \"target\" is empty".into());
            }
            if target.len() > MAX_TARGET {
                return Err(format!(
                    "bad \"play\" request: \"target\" is longer than {MAX_TARGET} bytes"
                ));
            }
            if target.chars().any(char::is_control) {
                return Err("bad \"play\" request: \"target\" holds control characters".into());
            }
            if let Some(n) = repeat
                && !(1..=MAX_REPEAT).contains(n)
            {
                return Err(format!(
                    "bad \"play\" request: \"repeat\" is {n}; it must be 1 to {MAX_REPEAT}"
                ));
            }
            if let Some(v) = volume
                && *v > MAX_VOLUME
            {
                return Err(format!(
                    "bad \"play\" request: \"volume\" is {v}; it must be 0 to {MAX_VOLUME}"
                ));
            }
        }
        Request::Live {
            volume: Some(v), ..
        } if *v > crate::schedule::MAX_VOLUME => {
            return Err(format!(
                "bad \"live\" request: \"volume\" is {v}; it must be 0 to {}",
                crate::schedule::MAX_VOLUME
            ));
        }
        Request::Live {
            device: Some(d), ..
        } if d.is_empty() || d.len() > MAX_TARGET || d.chars().any(char::is_control) => {
            return Err("bad \"live\" request: \"device\" must be a device's name".into());
        }
        Request::Live {
            for_seconds: Some(s),
            ..
        } if !(1..=crate::dispatch::MAX_RELAY.as_secs()).contains(s) => {
            return Err(format!(
                "bad \"live\" request: \"for_seconds\" is {s}; it must be 1 to {}",
                crate::dispatch::MAX_RELAY.as_secs()
            ));
        }
        Request::BulletinAccept { id, .. } | Request::BulletinReject { id }
            if id.is_empty() || id.len() > 512 || id.chars().any(char::is_control) =>
        {
            return Err("bad bulletin request: \"id\" must be a bulletin's id".into());
        }
        Request::BulletinAccept { at: Some(u), .. }
            if u.len() > MAX_WHEN || u.chars().any(char::is_control) =>
        {
            return Err(format!(
                "bad \"bulletin-accept\" request: \"at\" must be a time or a duration of at most {MAX_WHEN} characters"
            ));
        }
        Request::Pause { until: Some(u) }
            if u.len() > MAX_WHEN || u.chars().any(char::is_control) =>
        {
            return Err(format!(
                "bad \"pause\" request: \"until\" must be a time or a duration of at most {MAX_WHEN} characters"
            ));
        }
        _ => {}
    }
    Ok(())
}

const KNOWN: &[&str] = &[
    "status",
    "play",
    "stop",
    "pause",
    "resume",
    "reload",
    "bulletins",
    "bulletin-accept",
    "bulletin-reject",
    "live",
];

/// Parses a reply line.
pub fn decode_response(line: &str) -> Result<Response, String> {
    let mut v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("the daemon's reply is not JSON: {e}"))?;
    if let Some(obj) = v.as_object_mut() {
        obj.remove("version");
    }
    // A status reply carries its fields beside "response".
    if v.get("response").and_then(|r| r.as_str()) == Some("status") {
        if let Some(obj) = v.as_object_mut() {
            obj.remove("response");
        }
        return Ok(Response::Status(Box::new(v)));
    }
    serde_json::from_value(v).map_err(|e| format!("the daemon's reply is not understood: {e}"))
}

/// A status reply line: the status object's fields beside `"response":"status"`.
pub fn encode_status(status: &serde_json::Value) -> String {
    let mut v = status.clone();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("response".into(), "status".into());
        obj.insert("version".into(), VERSION.into());
    }
    let mut line = v.to_string();
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip() {
        for r in [
            Request::Status,
            Request::Play {
                target: "bao".into(),
                emergency: true,
                repeat: Some(2),
                volume: None,
                for_seconds: None,
                again: false,
                text: None,
                sound: None,
            },
            Request::Play {
                target: "https://live.example.vn/vov1.m3u8".into(),
                emergency: false,
                repeat: None,
                volume: None,
                for_seconds: Some(1800),
                again: true,
                text: None,
                sound: None,
            },
            Request::Stop,
            Request::Pause {
                until: Some("18:00".into()),
            },
            Request::Resume,
            Request::Reload,
        ] {
            let line = encode_request(&r);
            assert!(line.contains("\"version\":1"), "{line}");
            assert_eq!(decode_request(line.trim_end().as_bytes()), Ok(r));
        }
    }

    #[test]
    fn bad_requests_get_a_kind_and_words() {
        let kind = |s: &str| match decode_request(s.as_bytes()) {
            Err(Response::Error { kind, .. }) => kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(kind("garbage"), ErrorKind::BadRequest);
        assert_eq!(kind("[1]"), ErrorKind::BadRequest);
        assert_eq!(kind(r#"{"request":"stop"}"#), ErrorKind::BadRequest);
        assert_eq!(
            kind(r#"{"version":9,"request":"stop"}"#),
            ErrorKind::UnsupportedVersion
        );
        assert_eq!(
            kind(r#"{"version":1,"request":"dance"}"#),
            ErrorKind::UnknownRequest
        );
        assert_eq!(
            kind(r#"{"version":1,"request":"play"}"#),
            ErrorKind::BadRequest
        );
        assert_eq!(
            kind(r#"{"version":1,"request":"stop","now":true}"#),
            ErrorKind::BadRequest
        );
        assert_eq!(kind("\u{0}\u{1}"), ErrorKind::BadRequest);
    }

    #[test]
    fn fields_are_held_to_the_limits_of_the_command_line() {
        let words = |s: &str| match decode_request(s.as_bytes()) {
            Err(Response::Error { kind, message, .. }) => {
                assert_eq!(kind, ErrorKind::BadRequest, "{s}");
                message
            }
            other => panic!("{s}: {other:?}"),
        };
        let play = |extra: &str| format!(r#"{{"version":1,"request":"play","target":"x"{extra}}}"#);
        assert!(words(&play(r#","repeat":1000000000"#)).contains("it must be 1 to 100"));
        assert!(words(&play(r#","repeat":0"#)).contains("it must be 1 to 100"));
        assert!(words(&play(r#","repeat":-1"#)).contains("bad \"play\" request"));
        assert!(words(&play(r#","volume":101"#)).contains("it must be 0 to 100"));
        assert!(words(&play(r#","volume":300"#)).contains("bad \"play\" request"));
        assert!(words(r#"{"version":1,"request":"play","target":""}"#).contains("empty"));
        let long = format!(
            r#"{{"version":1,"request":"play","target":"/{}"}}"#,
            "a".repeat(5000)
        );
        assert!(words(&long).contains("longer than 4096"));
        assert!(words(r#"{"version":1,"request":"play","target":"a\nb"}"#).contains("control"));
        let until = format!(
            r#"{{"version":1,"request":"pause","until":"{}"}}"#,
            "9".repeat(100)
        );
        assert!(words(&until).contains("at most 64"));
        assert!(decode_request(play(r#","repeat":100,"volume":100"#).as_bytes()).is_ok());
    }

    #[test]
    fn replies_round_trip() {
        let ok = Response::ok("stopping \"bao\"");
        assert_eq!(decode_response(encode(&ok).trim_end()), Ok(ok));
        let err = Response::Error {
            kind: ErrorKind::Refused,
            message: "m".into(),
            details: vec!["d".into()],
        };
        assert_eq!(decode_response(encode(&err).trim_end()), Ok(err));
        let st = serde_json::json!({"playing": null, "paused": false});
        match decode_response(encode_status(&st).trim_end()) {
            Ok(Response::Status(v)) => assert_eq!(*v, st),
            other => panic!("{other:?}"),
        }
    }
}
