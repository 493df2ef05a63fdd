//! The build stamp shown in 关于 (issue 17): when and from which commit the app was
//! built. `build.rs` includes this file to compute it; the library includes it in its
//! tests. Works from a fresh clone and without git (then `unknown`); honours
//! `SOURCE_DATE_EPOCH` (reproducible builds) and `LIAISON_BUILD_COMMIT` (a build from
//! a source archive, e.g. CI passing the commit it checked out).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Shown for what could not be found out.
pub const UNKNOWN: &str = "unknown";

/// `YYYY-MM-DD HH:MM UTC` of a Unix time in seconds (proleptic Gregorian calendar).
pub fn utc_minute(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        of_day / 3600,
        of_day % 3600 / 60
    )
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The build time from `SOURCE_DATE_EPOCH`: `Ok(None)` when unset or empty, an error
/// naming the variable when it is not a whole number of seconds (the reproducible-builds
/// specification asks the build to fail then, not to guess).
pub fn source_date_epoch(value: Option<&str>) -> Result<Option<i64>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("SOURCE_DATE_EPOCH must be a Unix time in seconds, not {v:?}")),
    }
}

/// A commit given by the environment (`LIAISON_BUILD_COMMIT`), if it looks like one.
pub fn commit_override(value: Option<&str>) -> Option<String> {
    let v = value?.trim();
    let hex = !v.is_empty() && v.len() <= 64 && v.chars().all(|c| c.is_ascii_hexdigit());
    hex.then(|| v.chars().take(12).collect::<String>().to_ascii_lowercase())
}

/// Runs `git -C dir args…`; its trimmed output, or `None` (no git, not a repository).
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_owned())
}

/// The checked-out commit of the repository holding `dir` (12 hex digits), or `None`.
pub fn git_commit(dir: &Path) -> Option<String> {
    git(dir, &["rev-parse", "--short=12", "HEAD"])
}

/// The files whose change means another commit is checked out (HEAD, the branch's ref,
/// packed refs), for `cargo:rerun-if-changed`; only those that exist (a missing one
/// would rerun the build script every time).
pub fn git_watch_files(dir: &Path) -> Vec<PathBuf> {
    let mut names = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    if let Some(branch) = git(dir, &["rev-parse", "--symbolic-full-name", "HEAD"])
        && branch.starts_with("refs/")
    {
        names.push(branch);
    }
    names
        .iter()
        .filter_map(|name| git(dir, &["rev-parse", "--git-path", name]))
        .map(|p| dir.join(p))
        .filter(|p| p.exists())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unix_time_reads_as_its_utc_minute() {
        for (secs, shown) in [
            (0, "1970-01-01 00:00 UTC"),
            (951_782_400, "2000-02-29 00:00 UTC"),
            (1_796_515_199, "2026-12-05 23:59 UTC"),
            (1_798_761_599, "2026-12-31 23:59 UTC"),
            (-1, "1969-12-31 23:59 UTC"),
        ] {
            assert_eq!(utc_minute(secs), shown, "{secs}");
        }
    }

    #[test]
    fn source_date_epoch_is_used_when_set_and_refused_when_malformed() {
        assert_eq!(source_date_epoch(None), Ok(None));
        assert_eq!(source_date_epoch(Some("")), Ok(None));
        assert_eq!(
            source_date_epoch(Some("1796515199")),
            Ok(Some(1_796_515_199))
        );
        let refused = source_date_epoch(Some("yesterday")).expect_err("not a number");
        assert!(refused.contains("SOURCE_DATE_EPOCH"), "{refused}");
    }

    #[test]
    fn a_given_commit_is_shortened_and_anything_else_ignored() {
        assert_eq!(
            commit_override(Some("1EB1231D4B2A9F0E5C6D7E8F9A0B1C2D3E4F5A6B")),
            Some("1eb1231d4b2a".to_owned())
        );
        assert_eq!(commit_override(Some("")), None);
        assert_eq!(commit_override(Some("main; rm -rf /")), None);
        assert_eq!(commit_override(None), None);
    }

    #[test]
    fn outside_a_repository_the_commit_is_unknown_and_nothing_is_watched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shown = git_commit(dir.path()).unwrap_or_else(|| UNKNOWN.to_owned());
        assert_eq!(shown, "unknown");
        assert!(git_watch_files(dir.path()).is_empty());
    }
}
