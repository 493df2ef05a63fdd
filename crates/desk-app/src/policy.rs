//! The system policy file the unit's IT installs with the desk (issue 17):
//! `/etc/liaison-desk/policy.json` on Linux, `%ProgramData%\liaison-desk\policy.json` on
//! Windows; `LIAISON_POLICY` names another path. Every field is optional; an unknown
//! field is an error naming it:
//!
//! ```json
//! {
//!   "district_url": "https://12345.example.gov.cn/api",
//!   "ca_bundle": "/etc/liaison-desk/district-ca.pem",
//!   "updates": {
//!     "in_app": false,
//!     "feed_url": "https://12345.example.gov.cn/desk-updates/latest.json",
//!     "contact": "区政务服务中心信息科 010-12345678"
//!   }
//! }
//! ```
//!
//! [`parse`] is pure (text in, typed policy or a [`PolicyError`] naming the file and the
//! field out); [`load`] reads the file and checks that the CA bundle it names is a
//! readable PEM file with at least one certificate. A missing file is no policy.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The environment variable naming another policy file (tests, IT staging).
pub const POLICY_ENV: &str = "LIAISON_POLICY";

/// The feed path appended to the district URL when the policy names no feed.
pub const DEFAULT_FEED_PATH: &str = "/desk-updates/latest.json";

/// The policy file's default path on this platform.
pub fn default_path() -> PathBuf {
    #[cfg(windows)]
    {
        let base = std::env::var_os("ProgramData")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
        base.join("liaison-desk").join("policy.json")
    }
    #[cfg(not(windows))]
    {
        PathBuf::from("/etc/liaison-desk/policy.json")
    }
}

/// The path to read: `LIAISON_POLICY` when set and not empty, else [`default_path`].
pub fn path_from_env() -> PathBuf {
    std::env::var_os(POLICY_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(default_path)
}

/// A valid policy. `Policy::default()` is "no policy file".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Where the policy came from (`None`: no file).
    pub source: Option<PathBuf>,
    /// The district API base URL, preset: the sign-in screen asks only for the username
    /// and password.
    pub district_url: Option<String>,
    /// A PEM file of extra roots trusted for the district (and the update feed).
    pub ca_bundle: Option<PathBuf>,
    pub updates: UpdatePolicy,
}

/// The policy's `updates` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdatePolicy {
    /// The desk downloads and installs updates itself (default). `false`: it only says a
    /// new version exists and whom to ask.
    pub in_app: bool,
    /// The update feed (Tauri's static JSON); default: the district URL +
    /// [`DEFAULT_FEED_PATH`].
    pub feed_url: Option<String>,
    /// Whom to ask for an update (shown when `in_app` is false).
    pub contact: Option<String>,
}

impl Default for UpdatePolicy {
    fn default() -> Self {
        UpdatePolicy {
            in_app: true,
            feed_url: None,
            contact: None,
        }
    }
}

impl Policy {
    /// The update feed: the policy's, else derived from the district URL (the policy's
    /// or the one signed in at).
    pub fn feed_url(&self, district_url: Option<&str>) -> Option<String> {
        self.updates.feed_url.clone().or_else(|| {
            self.district_url
                .as_deref()
                .or(district_url)
                .map(|d| format!("{}{DEFAULT_FEED_PATH}", d.trim_end_matches('/')))
        })
    }
}

/// Why a policy file is not usable. The message names the file and, where there is
/// one, the field: `/etc/liaison-desk/policy.json: updates.feed_url: not an http(s) URL`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("{file}: cannot be read: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("{file}: not valid JSON: {reason}")]
    Syntax { file: String, reason: String },
    #[error("{file}: {field}: unknown field")]
    UnknownField { file: String, field: String },
    #[error("{file}: {field}: {reason}")]
    Invalid {
        file: String,
        field: String,
        reason: String,
    },
}

impl PolicyError {
    /// What the officer reads instead of the sign-in form.
    pub fn for_officer(&self) -> String {
        format!("系统策略文件无效，无法登录。请联系本单位信息管理员修正：{self}")
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    district_url: Option<String>,
    ca_bundle: Option<String>,
    updates: Option<RawUpdates>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUpdates {
    in_app: Option<bool>,
    feed_url: Option<String>,
    contact: Option<String>,
}

/// Parses and validates the policy text of `file` (used in messages only).
pub fn parse(file: &Path, text: &str) -> Result<Policy, PolicyError> {
    let name = file.display().to_string();
    let mut de = serde_json::Deserializer::from_str(text);
    let raw: RawPolicy = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let msg = inner.to_string();
        if let Some(field) = unknown_field(&msg) {
            let field = if path == "." || path.is_empty() {
                field
            } else {
                // The path ends at the unknown field itself.
                path
            };
            PolicyError::UnknownField {
                file: name.clone(),
                field,
            }
        } else if inner.is_syntax() || inner.is_eof() || path == "." {
            PolicyError::Syntax {
                file: name.clone(),
                reason: msg,
            }
        } else {
            PolicyError::Invalid {
                file: name.clone(),
                field: path,
                reason: strip_position(&msg),
            }
        }
    })?;
    let invalid = |field: &str, reason: &str| PolicyError::Invalid {
        file: name.clone(),
        field: field.to_owned(),
        reason: reason.to_owned(),
    };
    let district_url = match raw.district_url {
        Some(url) => {
            let url = url.trim().trim_end_matches('/').to_owned();
            check_http_url(&url).map_err(|r| invalid("district_url", r))?;
            Some(url)
        }
        None => None,
    };
    let ca_bundle = match raw.ca_bundle {
        Some(p) if p.trim().is_empty() => return Err(invalid("ca_bundle", "empty path")),
        Some(p) => {
            let p = PathBuf::from(p.trim());
            if !p.is_absolute() {
                return Err(invalid("ca_bundle", "not an absolute path"));
            }
            Some(p)
        }
        None => None,
    };
    let updates = match raw.updates {
        Some(u) => UpdatePolicy {
            in_app: u.in_app.unwrap_or(true),
            feed_url: match u.feed_url {
                Some(url) => {
                    let url = url.trim().to_owned();
                    check_http_url(&url).map_err(|r| invalid("updates.feed_url", r))?;
                    Some(url)
                }
                None => None,
            },
            contact: match u.contact.map(|c| c.trim().to_owned()) {
                Some(c) if c.is_empty() => return Err(invalid("updates.contact", "empty")),
                Some(c) if c.chars().count() > 200 => {
                    return Err(invalid("updates.contact", "longer than 200 characters"));
                }
                other => other,
            },
        },
        None => UpdatePolicy::default(),
    };
    Ok(Policy {
        source: Some(file.to_path_buf()),
        district_url,
        ca_bundle,
        updates,
    })
}

/// Reads and parses the policy at `file`; a missing file is no policy. The CA bundle it
/// names must be a readable PEM file holding at least one certificate.
pub fn load(file: &Path) -> Result<Policy, PolicyError> {
    let name = file.display().to_string();
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Policy::default()),
        Err(e) => {
            return Err(PolicyError::Unreadable {
                file: name,
                reason: e.to_string(),
            });
        }
    };
    let policy = parse(file, &text)?;
    if let Some(ca) = &policy.ca_bundle {
        read_ca_bundle(ca).map_err(|reason| PolicyError::Invalid {
            file: name,
            field: "ca_bundle".into(),
            reason,
        })?;
    }
    Ok(policy)
}

/// The PEM bundle's bytes, when it holds at least one certificate.
pub fn read_ca_bundle(path: &Path) -> Result<Vec<u8>, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: cannot be read: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    if !text.contains("-----BEGIN CERTIFICATE-----") {
        return Err(format!(
            "{}: no PEM certificate in the file",
            path.display()
        ));
    }
    Ok(bytes)
}

/// `Some(field)` when serde's message is about an unknown field.
fn unknown_field(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
}

/// serde_json's "... at line 1 column 5" is noise next to the field's name.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

/// An absolute http(s) URL with a host and no user info, query or fragment.
fn check_http_url(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("not an http(s) URL")?;
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() {
        return Err("not an http(s) URL: no host");
    }
    if authority.contains('@') {
        return Err("must not contain a user name or password");
    }
    if url.contains('?') || url.contains('#') || url.chars().any(char::is_whitespace) {
        return Err("not an http(s) URL: no query, fragment or spaces allowed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    const FILE: &str = "/etc/liaison-desk/policy.json";

    fn p(text: &str) -> Result<Policy, PolicyError> {
        parse(Path::new(FILE), text)
    }

    /// The error as the officer reads it (the tests compare the message).
    fn message(text: &str) -> Option<String> {
        p(text).err().map(|e| e.to_string())
    }

    #[test]
    fn valid_policies_parse() {
        let full = p(r#"{
            "district_url": "https://12345.example.gov.cn/api/",
            "ca_bundle": "/etc/liaison-desk/district-ca.pem",
            "updates": {
                "in_app": false,
                "feed_url": "https://12345.example.gov.cn/desk-updates/latest.json",
                "contact": "区政务服务中心信息科 010-12345678"
            }
        }"#)
        .expect("valid");
        assert_eq!(
            full,
            Policy {
                source: Some(PathBuf::from(FILE)),
                district_url: Some("https://12345.example.gov.cn/api".into()),
                ca_bundle: Some(PathBuf::from("/etc/liaison-desk/district-ca.pem")),
                updates: UpdatePolicy {
                    in_app: false,
                    feed_url: Some("https://12345.example.gov.cn/desk-updates/latest.json".into()),
                    contact: Some("区政务服务中心信息科 010-12345678".into()),
                },
            }
        );
        let empty = p("{}").expect("valid");
        assert_eq!(empty.updates, UpdatePolicy::default());
        assert_eq!(empty.district_url, None);
        let partial = p(r#"{"updates": {"contact": "信息科"}}"#).expect("valid");
        assert!(partial.updates.in_app, "in_app defaults to true");
    }

    #[test]
    fn invalid_policies_name_the_file_and_the_field() {
        let cases = [
            (
                r#"{"updates": {"feed_url": "ftp://x/latest.json"}}"#,
                "/etc/liaison-desk/policy.json: updates.feed_url: not an http(s) URL",
            ),
            (
                r#"{"district_url": "12345.example.gov.cn"}"#,
                "/etc/liaison-desk/policy.json: district_url: not an http(s) URL",
            ),
            (
                r#"{"district_url": "https:///api"}"#,
                "/etc/liaison-desk/policy.json: district_url: not an http(s) URL: no host",
            ),
            (
                r#"{"district_url": "https://u:p@x/api"}"#,
                "/etc/liaison-desk/policy.json: district_url: must not contain a user name or password",
            ),
            (
                r#"{"district_urls": "https://x/api"}"#,
                "/etc/liaison-desk/policy.json: district_urls: unknown field",
            ),
            (
                r#"{"updates": {"in_app": false, "auto": true}}"#,
                "/etc/liaison-desk/policy.json: updates.auto: unknown field",
            ),
            (
                r#"{"updates": {"in_app": "no"}}"#,
                "/etc/liaison-desk/policy.json: updates.in_app: invalid type: string \"no\", expected a boolean",
            ),
            (
                r#"{"ca_bundle": "district-ca.pem"}"#,
                "/etc/liaison-desk/policy.json: ca_bundle: not an absolute path",
            ),
            (
                r#"{"updates": {"contact": "  "}}"#,
                "/etc/liaison-desk/policy.json: updates.contact: empty",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(message(text).as_deref(), Some(want), "{text}");
        }
        let syntax = message(r#"{"district_url": "#).expect("broken JSON is refused");
        assert!(
            syntax.starts_with("/etc/liaison-desk/policy.json: not valid JSON"),
            "{syntax}"
        );
    }

    #[test]
    fn the_feed_defaults_to_the_district() {
        let policy = p(r#"{"district_url": "https://d.example/api/v1/"}"#).expect("valid");
        assert_eq!(
            policy.feed_url(None).as_deref(),
            Some("https://d.example/api/v1/desk-updates/latest.json")
        );
        let none = Policy::default();
        assert_eq!(
            none.feed_url(Some("http://127.0.0.1:9/api/v1")).as_deref(),
            Some("http://127.0.0.1:9/api/v1/desk-updates/latest.json")
        );
        assert_eq!(none.feed_url(None), None);
    }

    #[test]
    fn load_checks_the_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("policy.json");
        assert_eq!(load(&missing), Ok(Policy::default()), "no file: no policy");
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, "not a certificate").expect("write");
        std::fs::write(
            &missing,
            format!(
                r#"{{"ca_bundle": {}}}"#,
                serde_json::json!(ca.display().to_string())
            ),
        )
        .expect("write");
        let err = load(&missing).expect_err("bad bundle").to_string();
        assert!(
            err.contains("policy.json: ca_bundle: ") && err.contains("no PEM certificate"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn the_desk_follows_the_policy() {
        use crate::{AppError, Desk, DeskOptions, Sensitive};
        let dir = tempfile::tempdir().expect("tempdir");
        let ca = dir.path().join("district-ca.pem");
        std::fs::write(
            &ca,
            include_bytes!("../../desk-sync/tests/fixtures/intranet-ca.pem"),
        )
        .expect("ca");
        let preset = "http://127.0.0.1:9/api/v1";
        let policy = Policy {
            source: Some(PathBuf::from(FILE)),
            district_url: Some(preset.into()),
            ca_bundle: Some(ca),
            updates: UpdatePolicy::default(),
        };
        let desk = Desk::open(DeskOptions {
            data_dir: dir.path().join("data"),
            server_url: Some("http://127.0.0.1:1/api/v1".into()),
            policy: policy.clone(),
            ..DeskOptions::default()
        })
        .expect("desk");
        let info = desk.app_info();
        assert_eq!(info.server_url, preset, "the preset district wins");
        assert_eq!(info.preset_server_url.as_deref(), Some(preset));
        assert!(desk.ca_pem().is_some(), "the policy's CA bundle is trusted");
        assert_eq!(
            desk.update_settings().feed_url.as_deref(),
            Some("http://127.0.0.1:9/api/v1/desk-updates/latest.json")
        );
        drop(desk);

        let problem =
            "系统策略文件无效：/etc/liaison-desk/policy.json: district_url: not an http(s) URL";
        let desk = Desk::open(DeskOptions {
            data_dir: dir.path().join("data2"),
            server_url: Some(preset.into()),
            token: Some(Sensitive::new("t".to_owned())),
            policy_problem: Some(problem.into()),
            ..DeskOptions::default()
        })
        .expect("the desk opens all the same");
        let info = desk.app_info();
        assert!(!info.signed_in, "no district is spoken to");
        assert_eq!(info.policy_problem.as_deref(), Some(problem));
        let refused = desk
            .sign_in(preset, "a", &Sensitive::new("b".to_owned()))
            .await
            .expect_err("refused");
        assert!(
            matches!(refused, AppError::Policy(ref m) if m == problem),
            "{refused}"
        );
    }
}
