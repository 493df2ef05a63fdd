//! Test timestamps. A mistyped literal panics with the literal in the message; it never
//! quietly becomes 1970-01-01 (which would make a test about deadlines pass or fail
//! for the wrong reason).

use chrono::{DateTime, FixedOffset, Utc};

/// `s` (RFC 3339, e.g. `2026-11-26T10:00:00+08:00`) with its offset.
///
/// # Panics
/// When `s` is not RFC 3339.
pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("test timestamp {s:?} is not RFC 3339: {e}"))
}

/// `s` (RFC 3339) in UTC.
///
/// # Panics
/// When `s` is not RFC 3339.
pub fn utc(s: &str) -> DateTime<Utc> {
    at(s).to_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_timestamp_keeps_its_instant() {
        assert_eq!(
            utc("2026-11-26T10:00:00+08:00").to_rfc3339(),
            "2026-11-26T02:00:00+00:00"
        );
    }

    #[test]
    #[should_panic(expected = "2026-11-31T10:00:00+08:00")]
    fn a_mistyped_timestamp_panics_naming_it() {
        let _ = utc("2026-11-31T10:00:00+08:00");
    }
}
