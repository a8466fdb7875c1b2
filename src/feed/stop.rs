//! The province's stop (spec §9, `loa fleet stop --to PREFIX [--bulletin ID]`): a signed message
//! on a bulletin topic, beside the bulletins it ends —
//! `{"v": 1, "kind": "stop", "id", "issued", "expires", "bulletin"?, "key", "sig"}`, signed as a
//! bulletin is. Every node under the prefix ends that bulletin, or without `bulletin` every
//! bulletin issued before the stop: its broadcast, what of it waits, and its repetition. Only
//! bulletins issued before the stop: an old stop replayed cannot silence a newer warning. Pure.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::bulletin::{self, CLOCK_TOLERANCE, MAX_AHEAD, MAX_BULLETIN, Refusal};
use super::keys::PublicKey;
use crate::t;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stop {
    pub id: String,
    pub issued: DateTime<Utc>,
    pub expires: DateTime<Utc>,
    /// The one bulletin it ends; none: every bulletin issued before it.
    pub bulletin: Option<String>,
}

impl Stop {
    /// Whether it ends the bulletin `id` issued at `issued`.
    pub fn ends(&self, id: &str, issued: DateTime<Utc>) -> bool {
        issued <= self.issued && self.bulletin.as_deref().is_none_or(|b| b == id)
    }
}

/// Whether a message on a bulletin topic is a stop (by its `kind`, before anything is believed).
pub fn is_stop(v: &Value) -> bool {
    v.get("kind").and_then(Value::as_str) == Some("stop")
}

/// Opens a stop as received: size, signature by a trusted key, fields, time.
pub fn open(bytes: &[u8], trusted: &[PublicKey], now: DateTime<Utc>) -> Result<Stop, Refusal> {
    let f = bulletin::verify(bytes, trusted, MAX_BULLETIN)?;
    let s = read(&f)?;
    if now >= s.expires {
        return Err(Refusal::Expired { expires: s.expires });
    }
    if s.issued > now + CLOCK_TOLERANCE {
        return Err(Refusal::IssuedAhead { issued: s.issued });
    }
    if s.expires > now + MAX_AHEAD {
        return Err(Refusal::TooFarAhead { expires: s.expires });
    }
    Ok(s)
}

fn read(f: &Map<String, Value>) -> Result<Stop, Refusal> {
    if f.get("v").and_then(Value::as_u64) != Some(1) {
        return Err(bulletin::invalid("v", t!("bulletin-version")));
    }
    let id_ok = |id: &str| {
        !id.is_empty()
            && id.chars().count() <= bulletin::MAX_ID
            && !id.chars().any(crate::text::unprintable)
    };
    let id = bulletin::required(f, "id")?;
    if !id_ok(id) {
        return Err(bulletin::invalid(
            "id",
            t!("bulletin-bad-id", max = bulletin::MAX_ID),
        ));
    }
    let target = bulletin::string(f, "bulletin")?;
    if target.is_some_and(|b| !id_ok(b)) {
        return Err(bulletin::invalid(
            "bulletin",
            t!("bulletin-bad-id", max = bulletin::MAX_ID),
        ));
    }
    let issued = bulletin::instant("issued", bulletin::required(f, "issued")?)?;
    let expires = bulletin::instant("expires", bulletin::required(f, "expires")?)?;
    if expires <= issued {
        return Err(bulletin::invalid(
            "expires",
            t!("bulletin-expires-before-issued"),
        ));
    }
    Ok(Stop {
        id: id.to_string(),
        issued,
        expires,
        bulletin: target.map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::keys::SecretKey;
    use serde_json::json;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn sealed(key: &SecretKey, v: Value) -> Vec<u8> {
        bulletin::seal(v.as_object().unwrap().clone(), key)
            .unwrap()
            .into_bytes()
    }

    #[test]
    fn a_stop_ends_only_bulletins_issued_before_it() {
        let key = SecretKey::generate().unwrap();
        let now = at("2026-12-05T08:00:00Z");
        let all = sealed(
            &key,
            json!({"v": 1, "kind": "stop", "id": "stop-1", "issued": "2026-12-05T07:59:00Z", "expires": "2026-12-05T09:00:00Z"}),
        );
        let s = open(&all, &[key.public()], now).unwrap();
        assert!(s.ends("bao-1", at("2026-12-05T07:00:00Z")));
        // A warning sent after the stop: an old stop replayed cannot silence it.
        assert!(!s.ends("bao-2", at("2026-12-05T07:59:01Z")));
        let one = sealed(
            &key,
            json!({"v": 1, "kind": "stop", "id": "stop-2", "bulletin": "bao-1", "issued": "2026-12-05T07:59:00Z", "expires": "2026-12-05T09:00:00Z"}),
        );
        let s = open(&one, &[key.public()], now).unwrap();
        assert!(s.ends("bao-1", at("2026-12-05T07:00:00Z")));
        assert!(!s.ends("bao-3", at("2026-12-05T07:00:00Z")));
    }

    #[test]
    fn a_stop_not_signed_by_a_trusted_key_or_out_of_time_is_refused() {
        let key = SecretKey::generate().unwrap();
        let other = SecretKey::generate().unwrap();
        let now = at("2026-12-05T08:00:00Z");
        let body = |issued: &str, expires: &str| json!({"v": 1, "kind": "stop", "id": "s", "issued": issued, "expires": expires});
        let ok = body("2026-12-05T07:59:00Z", "2026-12-05T09:00:00Z");
        assert!(matches!(
            open(&sealed(&other, ok.clone()), &[key.public()], now),
            Err(Refusal::UnknownKey(_))
        ));
        let expired = body("2026-12-05T06:00:00Z", "2026-12-05T07:00:00Z");
        assert!(matches!(
            open(&sealed(&key, expired), &[key.public()], now),
            Err(Refusal::Expired { .. })
        ));
        let ahead = body("2026-12-05T08:10:00Z", "2026-12-05T09:00:00Z");
        assert!(matches!(
            open(&sealed(&key, ahead), &[key.public()], now),
            Err(Refusal::IssuedAhead { .. })
        ));
    }
}
