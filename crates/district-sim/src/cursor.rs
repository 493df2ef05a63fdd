//! Feed cursors: opaque to clients, standard base64 of
//! `"v1:" ++ [0xFB, 0xFF, 0xBF] ++ seq (u64 BE) ++ check (u16 BE)`.
//!
//! The three marker bytes encode to `+/+/` and the 16-byte payload always ends in `==`,
//! so every cursor carries the characters the contract warns about (`+ / =`): a client
//! that forgets to percent-encode fails on its first page, not on a rare one. The check
//! binds the cursor to its unit, so a cursor of another unit (or a damaged one) is
//! rejected as unknown.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

const PREFIX: &[u8; 6] = b"v1:\xFB\xFF\xBF";
const LEN: usize = PREFIX.len() + 8 + 2;

/// The cursor that resumes `unit_id`'s feed after change `seq`.
pub(crate) fn encode(unit_id: &str, seq: u64) -> String {
    let mut bytes = Vec::with_capacity(LEN);
    bytes.extend_from_slice(PREFIX);
    bytes.extend_from_slice(&seq.to_be_bytes());
    bytes.extend_from_slice(&check(unit_id, seq).to_be_bytes());
    STANDARD.encode(bytes)
}

/// The sequence number in a cursor this server issued for `unit_id`, if it is one.
pub(crate) fn decode(unit_id: &str, cursor: &str) -> Option<u64> {
    let bytes = STANDARD.decode(cursor).ok()?;
    if bytes.len() != LEN || !bytes.starts_with(PREFIX) {
        return None;
    }
    let seq = u64::from_be_bytes(bytes.get(6..14)?.try_into().ok()?);
    let sum = u16::from_be_bytes(bytes.get(14..16)?.try_into().ok()?);
    (sum == check(unit_id, seq)).then_some(seq)
}

/// FNV-1a over the unit id and the sequence number, folded to 16 bits.
fn check(unit_id: &str, seq: u64) -> u16 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in unit_id.bytes().chain(seq.to_be_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Folding to 16 bits is the point: truncation intended.
    ((h >> 48) ^ (h >> 32) ^ (h >> 16) ^ h) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_carries_the_awkward_characters() {
        for seq in [0, 1, 37, 300, u64::MAX] {
            let c = encode("tq-beiyuan", seq);
            assert!(
                c.contains('+') && c.contains('/') && c.ends_with("=="),
                "{c}"
            );
            assert_eq!(decode("tq-beiyuan", &c), Some(seq));
            assert_eq!(decode("tq-other", &c), None);
        }
    }

    #[test]
    fn rejects_what_it_did_not_issue() {
        let c = encode("tq-beiyuan", 5);
        for bad in [
            "",
            "garbage",
            "djE6",
            &c.replace('+', " "),
            &c[..c.len() - 2],
        ] {
            assert_eq!(decode("tq-beiyuan", bad), None, "{bad:?}");
        }
    }
}
