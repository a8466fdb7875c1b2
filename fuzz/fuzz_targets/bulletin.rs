//! The bulletin verifier: any bytes as a message on a bulletin or schedule topic, opened with a
//! trusted key; and, since a fuzzer cannot forge a signature, any JSON object signed with that
//! key, to reach the checks of every field behind the signature.
#![no_main]

use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;
use loa::feed::bulletin::{MAX_BULLETIN, open, seal, verify};
use loa::feed::keys::{PublicKey, SecretKey};

const SECRET: &str = "ed25519-secret:Dmg7DcQTHzboIvXSrbHS/Bi2PmVhFj5F1gLFB3mCj9w=";
const PUBLIC: &str = "ed25519:bkWvQVeDb8F1PzDI+q3LryRdcGIQLkBWWn6uDDAaR9c=";

fuzz_target!(|data: &[u8]| {
    let (Ok(secret), Ok(public)) = (SecretKey::parse(SECRET), PublicKey::parse(PUBLIC)) else {
        return;
    };
    let now = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
    let trusted = [public];
    let _ = open(data, &trusted, now, 50 << 20);
    let _ = verify(data, &trusted, MAX_BULLETIN);
    if let Ok(serde_json::Value::Object(fields)) = serde_json::from_slice(data)
        && let Ok(signed) = seal(fields, &secret)
    {
        let _ = open(signed.as_bytes(), &trusted, now, 50 << 20);
    }
});
