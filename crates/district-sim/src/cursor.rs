//! Feed cursors: opaque to clients, standard base64 of
//! `"v1:" ++ [0xFB, 0xFF, 0xBF] ++ seq (u64 BE) ++ snapshot (u64 BE) ++ issued (i64 BE,
//! sim-clock milliseconds) ++ epoch (u16 BE) ++ check (u16 BE)`.
//!
//! The three marker bytes encode to `+/+/` and the 34-byte payload always ends in `==`,
//! so every cursor carries the characters the contract warns about (`+ / =`): a client
//! that forgets to percent-encode fails on its first page, not on a rare one. The check
//! binds the cursor to its unit, so a cursor of another unit (or a damaged one) is
//! rejected as unknown.
//!
//! - `seq`: the feed resumes after this change.
//! - `snapshot`: the head of the change log when the client started without a cursor;
//!   tombstones (`removed`, `draft: null`) at or below it are not replayed, because a
//!   client that started from scratch then never had what they remove.
//! - `issued`: when the server issued the cursor (for the maximum cursor age).
//! - `epoch`: the cursor epoch at issue; expiring all cursors bumps the epoch.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

const PREFIX: &[u8; 6] = b"v1:\xFB\xFF\xBF";
const LEN: usize = PREFIX.len() + 8 + 8 + 8 + 2 + 2;

/// What a cursor says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub seq: u64,
    pub snapshot: u64,
    pub issued_ms: i64,
    pub epoch: u16,
}

/// The cursor string of `cursor` for `unit_id`'s feed.
pub(crate) fn encode(unit_id: &str, cursor: &Cursor) -> String {
    let mut bytes = Vec::with_capacity(LEN);
    bytes.extend_from_slice(PREFIX);
    bytes.extend_from_slice(&cursor.seq.to_be_bytes());
    bytes.extend_from_slice(&cursor.snapshot.to_be_bytes());
    bytes.extend_from_slice(&cursor.issued_ms.to_be_bytes());
    bytes.extend_from_slice(&cursor.epoch.to_be_bytes());
    let sum = check(unit_id, &bytes);
    bytes.extend_from_slice(&sum.to_be_bytes());
    STANDARD.encode(bytes)
}

/// The cursor this server issued for `unit_id`, if `raw` is one.
pub(crate) fn decode(unit_id: &str, raw: &str) -> Option<Cursor> {
    let bytes = STANDARD.decode(raw).ok()?;
    if bytes.len() != LEN || !bytes.starts_with(PREFIX) {
        return None;
    }
    let u64_at = |at: usize| -> Option<[u8; 8]> { bytes.get(at..at + 8)?.try_into().ok() };
    let u16_at = |at: usize| -> Option<[u8; 2]> { bytes.get(at..at + 2)?.try_into().ok() };
    let cursor = Cursor {
        seq: u64::from_be_bytes(u64_at(6)?),
        snapshot: u64::from_be_bytes(u64_at(14)?),
        issued_ms: i64::from_be_bytes(u64_at(22)?),
        epoch: u16::from_be_bytes(u16_at(30)?),
    };
    let sum = u16::from_be_bytes(u16_at(32)?);
    (sum == check(unit_id, bytes.get(..32)?)).then_some(cursor)
}

/// FNV-1a over the unit id and the payload, folded to 16 bits.
fn check(unit_id: &str, payload: &[u8]) -> u16 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in unit_id.bytes().chain([0]).chain(payload.iter().copied()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Folding to 16 bits is the point: truncation intended.
    ((h >> 48) ^ (h >> 32) ^ (h >> 16) ^ h) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(seq: u64) -> Cursor {
        Cursor {
            seq,
            snapshot: seq / 2,
            issued_ms: 1_790_000_000_000,
            epoch: 3,
        }
    }

    #[test]
    fn round_trips_and_carries_the_awkward_characters() {
        for seq in [0, 1, 37, 300, u64::MAX] {
            let s = encode("tq-beiyuan", &c(seq));
            assert!(
                s.contains('+') && s.contains('/') && s.ends_with("=="),
                "{s}"
            );
            assert_eq!(decode("tq-beiyuan", &s), Some(c(seq)));
            assert_eq!(decode("tq-other", &s), None);
        }
    }

    #[test]
    fn rejects_what_it_did_not_issue() {
        let s = encode("tq-beiyuan", &c(5));
        for bad in [
            "",
            "garbage",
            "djE6",
            &s.replace('+', " "),
            &s[..s.len() - 2],
        ] {
            assert_eq!(decode("tq-beiyuan", bad), None, "{bad:?}");
        }
    }
}
