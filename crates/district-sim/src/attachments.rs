//! Attachment bytes: deterministic content of exactly the advertised size, beginning with
//! a valid header of the advertised type (JPEG, PDF, MP3), padded with bytes drawn from
//! the attachment's id, and ending with the format's trailer where it has one.

use district_api::Attachment;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The ticket an attachment id (`att-<ticket id>-<n>`) belongs to.
pub(crate) fn ticket_of(attachment_id: &str) -> Option<&str> {
    let rest = attachment_id.strip_prefix("att-")?;
    let (ticket, n) = rest.rsplit_once('-')?;
    (!ticket.is_empty() && n.parse::<u32>().is_ok()).then_some(ticket)
}

const JPEG_HEAD: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x48,
    0x00, 0x48, 0x00, 0x00,
];
const JPEG_TAIL: &[u8] = &[0xFF, 0xD9];
const PDF_HEAD: &[u8] = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
const PDF_TAIL: &[u8] = b"\n%%EOF\n";
const MP3_HEAD: &[u8] = &[b'I', b'D', b'3', 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

/// The bytes of `a`: `a.size` of them.
pub(crate) fn bytes(a: &Attachment) -> Vec<u8> {
    let (head, tail): (&[u8], &[u8]) = match a.content_type.as_str() {
        "image/jpeg" => (JPEG_HEAD, JPEG_TAIL),
        "application/pdf" => (PDF_HEAD, PDF_TAIL),
        "audio/mpeg" => (MP3_HEAD, &[]),
        _ => (&[], &[]),
    };
    let size = usize::try_from(a.size).unwrap_or(0);
    let mut seed: u64 = 0xcbf2_9ce4_8422_2325;
    for b in a.id.bytes() {
        seed ^= u64::from(b);
        seed = seed.wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = vec![0u8; size];
    ChaCha8Rng::seed_from_u64(seed).fill_bytes(&mut out);
    if size >= head.len() + tail.len() {
        out[..head.len()].copy_from_slice(head);
        out[size - tail.len()..].copy_from_slice(tail);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_headers_and_ids() {
        let a = Attachment {
            id: "att-TQ20261126000007-1".to_owned(),
            name: "现场照片.jpg".to_owned(),
            size: 60_123,
            content_type: "image/jpeg".to_owned(),
        };
        let b = bytes(&a);
        assert_eq!(b.len(), 60_123);
        assert!(b.starts_with(&[0xFF, 0xD8, 0xFF]) && b.ends_with(&[0xFF, 0xD9]));
        assert_eq!(b, bytes(&a), "deterministic");
        assert_eq!(ticket_of(&a.id), Some("TQ20261126000007"));
        assert_eq!(ticket_of("att--1"), None);
        assert_eq!(ticket_of("TQ1"), None);
    }
}
