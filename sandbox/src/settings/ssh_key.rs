//! An SSH public key as `Gitlab::SSHPublicKey` reads it: `<type> <base64 blob> [comment]`, the blob naming the
//! same type; its fingerprints as GitLab shows them, `fingerprint` (MD5, hex pairs joined with `:`) and
//! `fingerprint_sha256` (`SHA256:` and the unpadded base64 of the blob's SHA-256).

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
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
    md5(blob).iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

/// RFC 1321 (no MD5 crate is in the tree; the legacy fingerprint needs it).
fn md5(data: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
        20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6,
        10, 15, 21,
    ];
    let k: Vec<u32> = (0..64).map(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32).collect();
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_le_bytes());
    let mut h: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    for chunk in msg.chunks(64) {
        let m: Vec<u32> = chunk.chunks(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
        let [mut a, mut b, mut c, mut d] = h;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let sum = a.wrapping_add(f).wrapping_add(k[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(sum.rotate_left(S[i]));
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 16];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_le_bytes());
    }
    out
}

/// A well-formed ed25519 public key whose 32 key bytes are `seed` repeated (seed data and tests).
pub fn sample_key(seed: u8, comment: &str) -> String {
    let mut blob = vec![0, 0, 0, 11];
    blob.extend_from_slice(b"ssh-ed25519");
    blob.extend_from_slice(&[0, 0, 0, 32]);
    blob.extend((0..32u8).map(|i| seed.wrapping_mul(31).wrapping_add(i)));
    format!("ssh-ed25519 {} {comment}", STANDARD.encode(blob))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_and_fingerprints() {
        let hex = |d: [u8; 16]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(hex(md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(hex(md5(b"abc")), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(hex(md5(&[b'a'; 100])), "36a92cc94a9e0fa21f625f8bfb007adf");
        let key = sample_key(1, "me@example.com");
        let b = blob(&key).unwrap();
        assert!(fingerprint_sha256(&b).starts_with("SHA256:") && !fingerprint_sha256(&b).ends_with('='));
        assert_eq!(fingerprint_md5(&b).len(), 47);
        assert!(blob("ssh-rsa AAAA").is_none() && blob("nonsense").is_none());
        assert!(blob(&key.replace("ssh-ed25519 ", "ssh-rsa ")).is_none(), "the blob names its type");
    }
}
