//! The province's signing keys as people handle them: one line of text each.
//!
//! A public key is written `ed25519:BASE64` (32 bytes), as `loa fleet keygen` writes `NAME.pub`
//! and as `trusted_keys` lists it; a secret key `ed25519-secret:BASE64` (the 32-byte seed) in
//! `NAME.key`, mode 0600, so that the two can never be pasted one for the other unnoticed.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

const PUBLIC: &str = "ed25519:";
const SECRET: &str = "ed25519-secret:";

/// Why a key's text is not a key (the words are the caller's to choose).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// It does not start with `ed25519:`.
    Prefix,
    /// A secret key where a public one belongs.
    Secret,
    /// Not base64.
    Base64,
    /// Base64 of the wrong number of bytes.
    Length(usize),
    /// 32 bytes that are no point on the curve.
    Point,
}

/// A trusted public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    key: VerifyingKey,
}

impl PublicKey {
    pub fn parse(text: &str) -> Result<PublicKey, KeyError> {
        let text = text.trim();
        if text.starts_with(SECRET) {
            return Err(KeyError::Secret);
        }
        let b64 = text.strip_prefix(PUBLIC).ok_or(KeyError::Prefix)?;
        let bytes = STANDARD.decode(b64.trim()).map_err(|_| KeyError::Base64)?;
        let bytes: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::Length(bytes.len()))?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::Point)?;
        Ok(PublicKey { key })
    }

    /// Whether `sig` is this key's signature of `message` (strict: no malleable forms).
    pub fn verifies(&self, message: &[u8], sig: &[u8; 64]) -> bool {
        self.key
            .verify_strict(message, &Signature::from_bytes(sig))
            .is_ok()
    }
}

impl std::fmt::Display for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{PUBLIC}{}", STANDARD.encode(self.key.to_bytes()))
    }
}

/// The province's secret key.
pub struct SecretKey {
    key: SigningKey,
}

impl SecretKey {
    /// A new key from the system's random source.
    pub fn generate() -> std::io::Result<SecretKey> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(std::io::Error::other)?;
        Ok(SecretKey {
            key: SigningKey::from_bytes(&seed),
        })
    }

    pub fn parse(text: &str) -> Result<SecretKey, KeyError> {
        let text = text.trim();
        let b64 = text.strip_prefix(SECRET).ok_or(KeyError::Prefix)?;
        let bytes = STANDARD.decode(b64.trim()).map_err(|_| KeyError::Base64)?;
        let seed: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::Length(bytes.len()))?;
        Ok(SecretKey {
            key: SigningKey::from_bytes(&seed),
        })
    }

    pub fn public(&self) -> PublicKey {
        PublicKey {
            key: self.key.verifying_key(),
        }
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The line `NAME.key` holds.
    pub fn to_line(&self) -> String {
        format!("{SECRET}{}", STANDARD.encode(self.key.to_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_written_out_reads_back_and_verifies_only_its_own_signatures() {
        let k = SecretKey::generate().unwrap();
        let again = SecretKey::parse(&k.to_line()).unwrap();
        let public = PublicKey::parse(&k.public().to_string()).unwrap();
        let sig = again.sign(b"bao khan");
        assert!(public.verifies(b"bao khan", &sig));
        assert!(!public.verifies(b"bao khan!", &sig));
        let other = SecretKey::generate().unwrap().public();
        assert!(!other.verifies(b"bao khan", &sig));
    }

    #[test]
    fn text_that_is_not_a_public_key_says_which_way_it_is_wrong() {
        let k = SecretKey::generate().unwrap();
        assert_eq!(PublicKey::parse(&k.to_line()), Err(KeyError::Secret));
        assert_eq!(PublicKey::parse("rsa:AAAA"), Err(KeyError::Prefix));
        assert_eq!(PublicKey::parse("ed25519:***"), Err(KeyError::Base64));
        assert_eq!(PublicKey::parse("ed25519:AAAA"), Err(KeyError::Length(3)));
    }
}
