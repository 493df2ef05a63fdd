//! When a reply draft's earlier state is kept as a version (so an overwritten paragraph
//! can be recovered) while the officer types and the draft is saved every second.

use chrono::Duration;

/// Keep the earlier state at least this often while typing.
pub const SNAPSHOT_EVERY: Duration = Duration::minutes(2);

/// Deleting or overwriting this many characters at once keeps the earlier state.
pub const SNAPSHOT_REMOVED_CHARS: usize = 10;

/// How many characters of `before` are gone in `after`: what lies between their common
/// prefix and common suffix (a replaced stretch counts as removed).
pub fn removed_chars(before: &str, after: &str) -> usize {
    let b: Vec<char> = before.chars().collect();
    let a: Vec<char> = after.chars().collect();
    let prefix = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let max_suffix = b.len().min(a.len()) - prefix;
    let suffix = b
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    b.len() - prefix - suffix
}

/// Whether saving `after` over `before` should first keep `before` as a version:
/// when a stretch of text is removed or overwritten, or when the last kept version is
/// older than [`SNAPSHOT_EVERY`] (`None`: no version kept yet). Nothing is kept when
/// nothing changed.
pub fn keep_version(before: &str, after: &str, since_last_version: Option<Duration>) -> bool {
    if before == after || before.trim().is_empty() {
        return false;
    }
    removed_chars(before, after) >= SNAPSHOT_REMOVED_CHARS
        || since_last_version.is_none_or(|d| d >= SNAPSHOT_EVERY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_characters_between_common_ends() {
        let cases = [
            ("", "", 0),
            ("路灯已修复", "路灯已修复。", 0),
            ("路灯已修复。", "路灯已修复", 1),
            ("经查，路灯线路老化。已更换。", "经查，已更换。", 7),
            ("经查，路灯线路老化。", "经查，供电公司负责。", 6),
            ("aaa", "aa", 1),
            ("abc", "xyz", 3),
            ("市民表示认可", "", 6),
        ];
        for (before, after, expected) in cases {
            assert_eq!(removed_chars(before, after), expected, "{before} → {after}");
        }
    }

    #[test]
    fn versions_are_kept_on_overwrites_and_every_two_minutes() {
        let para = "经我单位电话联系市民，于11月27日到现场核实，路灯线路老化导致不亮。";
        let secs = |s| Some(Duration::seconds(s));
        let cases = [
            // Typing on: no version within two minutes.
            (para, &*format!("{para}已于当日"), secs(5), false),
            // Typing on for two minutes: the earlier state is kept.
            (para, &*format!("{para}已于当日"), secs(120), true),
            // The first save after opening keeps what was there.
            (para, &*format!("{para}已"), None, true),
            // A paragraph selected and overwritten is kept at once.
            (para, "已处理。", secs(1), true),
            // Backspacing a few characters is not.
            (para, &para[..para.len() - 6], secs(1), false),
            // Nothing changed, or nothing to keep.
            (para, para, None, false),
            ("  ", "新内容", None, false),
        ];
        for (before, after, since, expected) in cases {
            assert_eq!(
                keep_version(before, after, since),
                expected,
                "{after} after {since:?}"
            );
        }
    }
}
