//! An SSH public key as `Gitlab::SSHPublicKey` reads it: `<type> <base64 blob> [comment]`, the blob naming the
//! same type; its fingerprints as GitLab shows them, `fingerprint` (MD5, hex pairs joined with `:`) and
//! `fingerprint_sha256` (`SHA256:` and the unpadded base64 of the blob's SHA-256).

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use md5::Md5;
use sha2::{Digest, Sha256};

const TYPES: [&str; 6] = [
    "ssh-rsa",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
];

/// The key starts with an algorithm GitLab supports.
pub fn known_type(key: &str) -> bool {
    key.split_whitespace().next().is_some_and(|t| TYPES.contains(&t))
}

/// The decoded blob of a valid public key.
pub fn blob(key: &str) -> Option<Vec<u8>> {
    let mut parts = key.split_whitespace();
    let (kind, data) = (parts.next()?, parts.next()?);
    if !TYPES.contains(&kind) {
        return None;
    }
    let blob = STANDARD.decode(data).ok()?;
    let len = u32::from_be_bytes(blob.get(..4)?.try_into().ok()?) as usize;
    (blob.get(4..4 + len)? == kind.as_bytes() && blob.len() > 4 + len).then_some(blob)
}

pub fn fingerprint_sha256(blob: &[u8]) -> String {
    format!("SHA256:{}", STANDARD_NO_PAD.encode(Sha256::digest(blob)))
}

pub fn fingerprint_md5(blob: &[u8]) -> String {
    Md5::digest(blob).iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

/// A well-formed ed25519 public key whose 32 key bytes are `seed` repeated (seed data and tests).
pub fn sample_key(seed: u8, comment: &str) -> String {
    let mut blob = vec![0, 0, 0, 11];
    blob.extend_from_slice(b"ssh-ed25519");
    blob.extend_from_slice(&[0, 0, 0, 32]);
    blob.extend((0..32u8).map(|i| seed.wrapping_mul(31).wrapping_add(i)));
    format!("ssh-ed25519 {} {comment}", STANDARD.encode(blob))
}

/// [`sample_key`] for any number: a distinct well-formed ed25519 key per `n` (scale seeds).
pub fn numbered_key(n: u64, comment: &str) -> String {
    let bytes = n.to_le_bytes();
    let mut blob = vec![0, 0, 0, 11];
    blob.extend_from_slice(b"ssh-ed25519");
    blob.extend_from_slice(&[0, 0, 0, 32]);
    blob.extend((0..32u8).map(|i| bytes[usize::from(i % 8)] ^ i.wrapping_mul(37)));
    format!("ssh-ed25519 {} {comment}", STANDARD.encode(blob))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints() {
        assert_eq!(fingerprint_md5(b"abc"), "90:01:50:98:3c:d2:4f:b0:d6:96:3f:7d:28:e1:7f:72");
        let key = sample_key(1, "me@example.com");
        let b = blob(&key).unwrap();
        assert!(fingerprint_sha256(&b).starts_with("SHA256:") && !fingerprint_sha256(&b).ends_with('='));
        assert_eq!(fingerprint_md5(&b).len(), 47);
        assert!(blob("ssh-rsa AAAA").is_none() && blob("nonsense").is_none());
        assert!(blob(&key.replace("ssh-ed25519 ", "ssh-rsa ")).is_none(), "the blob names its type");
    }
}
