use super::*;
use serde_json::json;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T06:00:00+07:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn storm() -> Map<String, Value> {
    let Value::Object(m) = json!({
        "v": 1,
        "id": "bao-so-9-0600",
        "level": "emergency",
        "title": "Bão số 9",
        "issued": "2026-12-01T05:55:00+07:00",
        "expires": "2026-12-01T09:00:00+07:00",
        "preset": "bao",
    }) else {
        unreachable!()
    };
    m
}

fn sealed(fields: Map<String, Value>, key: &SecretKey) -> Vec<u8> {
    seal(fields, key).unwrap().into_bytes()
}

#[test]
fn a_bulletin_signed_by_a_trusted_key_opens_with_its_fields() {
    let k = SecretKey::generate().unwrap();
    let b = open(&sealed(storm(), &k), &[k.public()], now(), 1 << 20).unwrap();
    assert_eq!(b.id, "bao-so-9-0600");
    assert_eq!(b.level, Level::Emergency);
    assert_eq!(b.title, "Bão số 9");
    assert_eq!(b.sound, Sound::Preset("bao".into()));
    assert_eq!(b.expires.to_rfc3339(), "2026-12-01T02:00:00+00:00");
}

#[test]
fn the_canonical_form_sorts_keys_and_drops_whitespace_whatever_the_order_sent() {
    let a = json!({"b": 1, "a": {"y": "x\n\"", "x": [true, null]}});
    let b: Value =
        serde_json::from_str("{ \"a\" : { \"x\":[true,null], \"y\":\"x\\n\\\"\"},\"b\":1}")
            .unwrap();
    assert_eq!(
        canonical(&a).unwrap(),
        r#"{"a":{"x":[true,null],"y":"x\n\""},"b":1}"#
    );
    assert_eq!(canonical(&a), canonical(&b));
    assert!(canonical(&json!({"n": 1.5})).is_err());
}

#[test]
fn a_bulletin_resent_with_its_keys_in_another_order_still_verifies() {
    let k = SecretKey::generate().unwrap();
    let v: Value = serde_json::from_slice(&sealed(storm(), &k)).unwrap();
    let Value::Object(m) = v else { unreachable!() };
    let mut reversed: Vec<(String, Value)> = m.into_iter().collect();
    reversed.reverse();
    let text = format!(
        "{{ {} }}",
        reversed
            .iter()
            .map(|(k, v)| format!("{:?} : {v}", k))
            .collect::<Vec<_>>()
            .join(" ,\n ")
    );
    assert!(open(text.as_bytes(), &[k.public()], now(), 1 << 20).is_ok());
}

#[test]
fn an_altered_bulletin_is_refused_as_altered() {
    let k = SecretKey::generate().unwrap();
    let text = String::from_utf8(sealed(storm(), &k)).unwrap();
    let altered = text.replace("\"preset\":\"bao\"", "\"preset\":\"lu\"");
    assert_ne!(text, altered);
    let r = open(altered.as_bytes(), &[k.public()], now(), 1 << 20);
    assert_eq!(r, Err(Refusal::Altered));
}

#[test]
fn a_bulletin_signed_by_an_unknown_key_or_unsigned_is_refused() {
    let province = SecretKey::generate().unwrap();
    let forger = SecretKey::generate().unwrap();
    let r = open(
        &sealed(storm(), &forger),
        &[province.public()],
        now(),
        1 << 20,
    );
    assert_eq!(r, Err(Refusal::UnknownKey(forger.public().to_string())));
    assert_eq!(r.unwrap_err().code(), "unknown-key");

    // A forger who names the province's key cannot make its signature.
    let mut named = storm();
    named.insert("key".into(), province.public().to_string().into());
    let mut v: Value = serde_json::from_slice(&sealed(named, &forger)).unwrap();
    v["key"] = province.public().to_string().into();
    let r = open(
        v.to_string().as_bytes(),
        &[province.public()],
        now(),
        1 << 20,
    );
    assert_eq!(r, Err(Refusal::Altered));

    let unsigned = Value::Object(storm()).to_string();
    let r = open(unsigned.as_bytes(), &[province.public()], now(), 1 << 20);
    assert_eq!(r, Err(Refusal::Unsigned));
}

#[test]
fn an_expired_bulletin_is_refused_and_one_about_to_expire_is_not() {
    let k = SecretKey::generate().unwrap();
    let bytes = sealed(storm(), &k);
    let expires = now() + chrono::TimeDelta::hours(3);
    assert!(
        open(
            &bytes,
            &[k.public()],
            expires - chrono::TimeDelta::seconds(1),
            1
        )
        .is_ok()
    );
    assert_eq!(
        open(&bytes, &[k.public()], expires, 1),
        Err(Refusal::Expired { expires })
    );
}

#[test]
fn oversized_messages_and_downloads_are_refused_before_anything_else() {
    let k = SecretKey::generate().unwrap();
    let big = vec![b' '; MAX_BULLETIN + 1];
    assert_eq!(
        open(&big, &[k.public()], now(), 1),
        Err(Refusal::TooLarge {
            bytes: MAX_BULLETIN + 1,
            limit: MAX_BULLETIN
        })
    );
    let mut m = storm();
    m.remove("preset");
    m.insert(
        "audio".into(),
        json!([{"url": "https://tinh.example.vn/a.mp3", "sha256": "ab".repeat(32), "bytes": 60_000_000}]),
    );
    let r = open(&sealed(m, &k), &[k.public()], now(), 50_000_000);
    assert_eq!(
        r,
        Err(Refusal::DownloadTooLarge {
            bytes: 60_000_000,
            limit: 50_000_000
        })
    );
}

#[test]
fn fields_that_make_no_sense_are_named() {
    let k = SecretKey::generate().unwrap();
    let field = |m: Map<String, Value>| match open(&sealed(m, &k), &[k.public()], now(), 1 << 30) {
        Err(Refusal::Invalid { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    let mut m = storm();
    m.insert("level".into(), "urgent".into());
    assert_eq!(field(m), "level");
    let mut m = storm();
    m.insert(
        "stream".into(),
        json!({"url": "http://r.example.vn/x", "duration": "30m"}),
    );
    assert_eq!(field(m), "preset");
    let mut m = storm();
    m.remove("preset");
    assert_eq!(field(m), "preset");
    let mut m = storm();
    m.insert("expires".into(), "mai".into());
    assert_eq!(field(m), "expires");
    let mut m = storm();
    m.insert("v".into(), 2.into());
    assert_eq!(field(m), "v");
    let mut m = storm();
    m.remove("preset");
    m.insert(
        "audio".into(),
        json!([{"url": "ftp://x/a.mp3", "sha256": "00".repeat(32), "bytes": 1}]),
    );
    assert_eq!(field(m), "audio");
    let mut m = storm();
    m.remove("preset");
    m.insert(
        "stream".into(),
        json!({"url": "http://r.example.vn/x", "duration": "30m"}),
    );
    let b = open(&sealed(m, &k), &[k.public()], now(), 1).unwrap();
    assert_eq!(
        b.sound,
        Sound::Stream {
            url: "http://r.example.vn/x".into(),
            duration: Duration::from_secs(1800)
        }
    );
}

#[test]
fn garbage_is_refused_without_a_panic() {
    let k = SecretKey::generate().unwrap();
    for bytes in [
        &b""[..],
        b"null",
        b"[1,2]",
        b"{\"sig\": 5}",
        b"{\"sig\": \"AAAA\"}",
        b"\xff\xfe{",
        b"{\"v\":1e400,\"sig\":\"x\"}",
    ] {
        assert!(open(bytes, &[k.public()], now(), 1).is_err());
    }
}

#[test]
fn a_title_cannot_clear_the_officer_s_screen_nor_reorder_text_and_such_an_id_is_refused() {
    let k = SecretKey::generate().unwrap();
    let mut f = storm();
    f.insert("title".into(), json!("Bão\u{1b}[2J số \u{202E}9"));
    let b = open(&sealed(f, &k), &[k.public()], now(), 1 << 20).unwrap();
    assert_eq!(b.title, "Bão\u{FFFD}[2J số \u{FFFD}9");
    let mut f = storm();
    f.insert("id".into(), json!("bao\u{202E}fdp"));
    assert!(matches!(
        open(&sealed(f, &k), &[k.public()], now(), 1 << 20),
        Err(Refusal::Invalid { field: "id", .. })
    ));
}

#[test]
fn repetition_is_only_what_the_bulletin_says_and_only_for_an_emergency() {
    let k = SecretKey::generate().unwrap();
    let b = open(&sealed(storm(), &k), &[k.public()], now(), 1 << 20).unwrap();
    assert_eq!(b.every, None);
    let mut f = storm();
    f.insert("every".into(), json!("15m"));
    let b = open(&sealed(f, &k), &[k.public()], now(), 1 << 20).unwrap();
    assert_eq!(b.every, Some(Duration::from_secs(900)));
    let mut f = storm();
    f.insert("every".into(), json!(10));
    assert!(open(&sealed(f, &k), &[k.public()], now(), 1 << 20).is_err());
    let mut f = storm();
    f.insert("level".into(), json!("priority"));
    f.insert("every".into(), json!(900));
    assert!(matches!(
        open(&sealed(f, &k), &[k.public()], now(), 1 << 20),
        Err(Refusal::Invalid { field: "every", .. })
    ));
}
