//! The district hotline API contract v1 (`docs/district-api.md`) as serde types.
//!
//! This crate is the only place that knows the wire format. Both the app's client
//! (`desk-sync`) and the simulator (`district-sim`) speak through these types, so the
//! two cannot drift apart silently. It does no IO and holds no policy: validation of
//! replies, deadline arithmetic and everything a user sees live elsewhere.
//!
//! Forward compatibility is built in: every enum that the server may extend is an
//! [`open_enum!`] that keeps unknown values as `Other(String)` instead of failing, and
//! unknown JSON fields are ignored.

mod enums;
mod feed;
mod problem;
mod ticket;

pub use enums::*;
pub use feed::*;
pub use problem::*;
pub use ticket::*;

/// The contract's version (`docs/district-api.md`, served under `/api/v1`), shown in the
/// desk's 关于 dialog.
pub const CONTRACT_VERSION: &str = "1";

/// Timestamps on the wire: RFC 3339 with the server's offset (normally `+08:00`).
pub type Timestamp = chrono::DateTime<chrono::FixedOffset>;

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Health {
    pub status: String,
}

/// `POST /auth/login` request body.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// `POST /auth/login` response body.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoginResponse {
    pub token: String,
    pub expires_at: Timestamp,
    pub officer: Officer,
}

impl std::fmt::Debug for LoginResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginResponse")
            .field("token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("officer", &self.officer)
            .finish()
    }
}

/// `GET /me`: the signed-in liaison officer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Officer {
    pub id: String,
    pub name: String,
    pub unit_id: String,
    pub unit_name: String,
    pub role: OfficerRole,
    #[serde(default)]
    pub phone: String,
}

/// `GET /calendar/{year}`: official days off and make-up workdays (调休).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    pub holidays: Vec<chrono::NaiveDate>,
    pub workdays: Vec<chrono::NaiveDate>,
}

/// `GET /units/{unit_id}/reply-rules`: the district's reply standard.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplyRules {
    pub revision: i64,
    pub min_text_chars: u32,
    #[serde(default)]
    pub forbidden_phrases: Vec<String>,
    #[serde(default)]
    pub placeholder_patterns: Vec<String>,
    #[serde(default)]
    pub policy_basis_required_for: Vec<ReplyOutcome>,
    #[serde(default)]
    pub templates: Vec<ReplyTemplate>,
}

/// One reply template of the reply rules.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplyTemplate {
    pub id: String,
    pub name: String,
    pub outcome: ReplyOutcome,
    pub body: String,
}

/// Header names the contract uses beyond the standard ones.
pub mod headers {
    pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
}

/// Content type of RFC 9457 problem documents.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// Largest page the changes feed serves; larger `limit`s are clamped.
pub const MAX_PAGE_LIMIT: u32 = 500;
/// Page size when the client does not ask for one.
pub const DEFAULT_PAGE_LIMIT: u32 = 200;
