//! The reply linter (规范答复检查): the district's reply rules, checked before sending.
//!
//! A reply that falls short of the district's standard is refused (422) or sent back as a
//! redo, so the app checks the reply the officer is drafting with the same rules the
//! server applies, driven by the reply-rules document (`GET /units/{unit}/reply-rules`,
//! [`ReplyRules`]): no phrase, pattern or length is hard-coded here. The checks are the
//! server's (`district-sim`'s `rules::check_reply`, the contract's "Reply checks"):
//!
//! - `text`: at least `min_text_chars` characters, whitespace not counted (Unicode
//!   characters, not bytes; punctuation counts).
//! - `text`, `policy_basis`, `addresses_redo_reason`: no forbidden phrase, also not when
//!   split by whitespace or punctuation (both sides are normalised by removing every
//!   `\p{White_Space}` and `\p{P}` character, full-width `，。、；：！？“”‘’（）【】`
//!   included; symbols such as `~ + = |` are *not* removed); no unfilled placeholder (the
//!   rules' `placeholder_patterns` are regexes matched on the text as written).
//!   `contact_name` is checked for placeholders too.
//! - `policy_basis`: required (non-blank) for the outcomes in `policy_basis_required_for`.
//! - `addresses_redo_reason`: required (non-blank) when the ticket's status is `redo`.
//! - `contact_name`: required (non-blank).
//! - `contact_phone`: after trimming, a mobile number (`1[3-9]` + 9 digits) or a landline
//!   with area code (`0` + 2–3 digits, an optional ASCII `-`, 7–8 digits). As on the
//!   server, "digit" is Rust regex's Unicode `\d`: full-width `１２３` digits after the
//!   leading ASCII `1`/`0` are accepted (and get a non-blocking hint).
//! - `citizen_contacted_at`: not before the ticket's `dispatched_at`, not after the
//!   (server-corrected) now; both boundaries are allowed.
//! - `outcome`, `contact_method`: values the contract knows.
//!
//! The reply is a [`PartialReply`] (the officer is still typing), so a required field that
//! is absent is a blocking [`FindingCode::MissingField`] too. A few non-blocking hints
//! point at things a careful officer would want to know but the server accepts; they
//! never block sending. See [`FindingCode`] for the closed list.
//!
//! Every finding names the reply's JSON field it is about (see [`field`]). Findings about
//! a stretch of text carry its position as **character** offsets (Unicode scalar values,
//! not bytes and not UTF-16 units) into that field's text as written.
//!
//! Pure: no IO, no clock reads (`now` is a parameter). Each field of the reply has its
//! own check (`reply_lint/fields.rs`); forbidden phrases and placeholders are found in
//! `reply_lint/free_text.rs`.

mod fields;
mod free_text;

use chrono::{DateTime, Utc};
use district_api::{PartialReply, ReplyRules, Ticket};
use serde::{Deserialize, Serialize};

/// The bundled reply rules (the district's revision 3), for first start and offline.
const DEFAULT_RULES_JSON: &str = include_str!("../fixtures/default_reply_rules.json");

/// The bundled default reply rules, used until the district's own rules are cached (first
/// start, offline). The same content as the district simulator's rules (revision 3).
///
/// The bundled file is parsed at run time; a test guarantees that it parses. Should it
/// ever not, the result is a rules value that knows nothing (revision 0, no minimum
/// length, no phrases, patterns or templates) rather than a panic.
pub fn default_reply_rules() -> ReplyRules {
    serde_json::from_str(DEFAULT_RULES_JSON).unwrap_or_else(|_| ReplyRules {
        revision: 0,
        min_text_chars: 0,
        forbidden_phrases: Vec::new(),
        placeholder_patterns: Vec::new(),
        policy_basis_required_for: Vec::new(),
        templates: Vec::new(),
    })
}

/// The names [`Finding::field`] takes: the reply's JSON field names of the contract, plus
/// [`field::RULES`] for a finding about the reply-rules document itself.
pub mod field {
    /// 答复结果.
    pub const OUTCOME: &str = "outcome";
    /// 答复内容.
    pub const TEXT: &str = "text";
    /// 联系市民时间.
    pub const CITIZEN_CONTACTED_AT: &str = "citizen_contacted_at";
    /// 联系方式.
    pub const CONTACT_METHOD: &str = "contact_method";
    /// 联系人.
    pub const CONTACT_NAME: &str = "contact_name";
    /// 联系电话.
    pub const CONTACT_PHONE: &str = "contact_phone";
    /// 政策依据.
    pub const POLICY_BASIS: &str = "policy_basis";
    /// 针对重办原因的办理情况.
    pub const ADDRESSES_REDO_REASON: &str = "addresses_redo_reason";
    /// Not a reply field: the reply-rules document (only [`super::FindingCode::InvalidRulePattern`]).
    pub const RULES: &str = "rules";
}

/// What a finding is about. A closed set; serialized as the stable snake_case string of
/// [`FindingCode::as_str`] (other programs read `liaison lint --json`). Whether a code
/// blocks sending is fixed per code ([`FindingCode::blocking`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FindingCode {
    /// `missing_field` (blocking): a required field is absent — `outcome`, `text`,
    /// `citizen_contacted_at`, `contact_method` or `contact_phone` not given (a blank
    /// `contact_phone` counts as absent), or `contact_name` absent or blank.
    MissingField,
    /// `unknown_outcome` (blocking): `outcome` is a value the contract does not know.
    UnknownOutcome,
    /// `unknown_contact_method` (blocking): `contact_method` is a value the contract does
    /// not know.
    UnknownContactMethod,
    /// `text_too_short` (blocking): `text` has fewer than `min_text_chars` characters,
    /// whitespace not counted.
    TextTooShort,
    /// `forbidden_phrase` (blocking): a forbidden phrase of the rules, possibly split by
    /// whitespace or punctuation, in `text`, `policy_basis` or `addresses_redo_reason`.
    /// `matched` is the stretch as written (e.g. `不归 我们，管`), `start`/`end` its span.
    ForbiddenPhrase,
    /// `unfilled_placeholder` (blocking): a placeholder pattern of the rules (e.g. `XXX`,
    /// `【请填写】`, `{{finding}}`) matches in `text`, `policy_basis`,
    /// `addresses_redo_reason` or `contact_name`. `matched`, `start`, `end` locate it.
    UnfilledPlaceholder,
    /// `policy_basis_missing` (blocking): the outcome is one of
    /// `policy_basis_required_for` and `policy_basis` is absent or blank.
    PolicyBasisMissing,
    /// `redo_reason_not_addressed` (blocking): the ticket is a redo and
    /// `addresses_redo_reason` is absent or blank.
    RedoReasonNotAddressed,
    /// `invalid_phone` (blocking): `contact_phone` is neither a mobile number nor a
    /// landline with area code.
    InvalidPhone,
    /// `contacted_before_dispatch` (blocking): `citizen_contacted_at` is before the
    /// ticket's `dispatched_at`.
    ContactedBeforeDispatch,
    /// `contacted_in_future` (blocking): `citizen_contacted_at` is after now.
    ContactedInFuture,
    /// `contacted_before_redo` (hint, not blocking): the ticket is a redo and the citizen
    /// was last contacted before it was sent back (`redo.at`); after a redo the citizen is
    /// normally contacted again.
    ContactedBeforeRedo,
    /// `phone_non_ascii_digits` (hint, not blocking): `contact_phone` is accepted but holds
    /// full-width or other non-ASCII digits (`13９…`); half-width digits are safer for
    /// the district's callback system.
    PhoneNonAsciiDigits,
    /// `invalid_rule_pattern` (hint, not blocking; field `rules`): a placeholder pattern of
    /// the reply rules is not a valid regex and was skipped (as the server skips it).
    /// `matched` is the pattern.
    InvalidRulePattern,
}

impl FindingCode {
    /// Every code, in declaration order.
    pub const ALL: [FindingCode; 14] = [
        FindingCode::MissingField,
        FindingCode::UnknownOutcome,
        FindingCode::UnknownContactMethod,
        FindingCode::TextTooShort,
        FindingCode::ForbiddenPhrase,
        FindingCode::UnfilledPlaceholder,
        FindingCode::PolicyBasisMissing,
        FindingCode::RedoReasonNotAddressed,
        FindingCode::InvalidPhone,
        FindingCode::ContactedBeforeDispatch,
        FindingCode::ContactedInFuture,
        FindingCode::ContactedBeforeRedo,
        FindingCode::PhoneNonAsciiDigits,
        FindingCode::InvalidRulePattern,
    ];

    /// The stable wire spelling (the serde form).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::MissingField => "missing_field",
            FindingCode::UnknownOutcome => "unknown_outcome",
            FindingCode::UnknownContactMethod => "unknown_contact_method",
            FindingCode::TextTooShort => "text_too_short",
            FindingCode::ForbiddenPhrase => "forbidden_phrase",
            FindingCode::UnfilledPlaceholder => "unfilled_placeholder",
            FindingCode::PolicyBasisMissing => "policy_basis_missing",
            FindingCode::RedoReasonNotAddressed => "redo_reason_not_addressed",
            FindingCode::InvalidPhone => "invalid_phone",
            FindingCode::ContactedBeforeDispatch => "contacted_before_dispatch",
            FindingCode::ContactedInFuture => "contacted_in_future",
            FindingCode::ContactedBeforeRedo => "contacted_before_redo",
            FindingCode::PhoneNonAsciiDigits => "phone_non_ascii_digits",
            FindingCode::InvalidRulePattern => "invalid_rule_pattern",
        }
    }

    /// Whether a finding with this code blocks sending: exactly the faults the server
    /// refuses (and absent required fields). Hints never block.
    pub fn blocking(self) -> bool {
        !matches!(
            self,
            FindingCode::ContactedBeforeRedo
                | FindingCode::PhoneNonAsciiDigits
                | FindingCode::InvalidRulePattern
        )
    }
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One fault or hint about a reply. Serialized with every key present (`matched`,
/// `start`, `end` may be `null`):
/// `{"code","field","blocking","message","matched","start","end"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What it is about.
    pub code: FindingCode,
    /// The reply's JSON field it is about (one of [`field`]).
    pub field: String,
    /// Whether it blocks sending (always `code.blocking()`).
    pub blocking: bool,
    /// What to tell the officer, in Chinese.
    pub message: String,
    /// The stretch of the field's text it is about, as written (a forbidden phrase, a
    /// placeholder), or the offending rule pattern for `invalid_rule_pattern`.
    pub matched: Option<String>,
    /// Character offset (Unicode scalar values, not bytes) of `matched` in the field's
    /// text, for highlighting.
    pub start: Option<usize>,
    /// Character offset just after `matched` (exclusive).
    pub end: Option<usize>,
}

impl Finding {
    fn new(code: FindingCode, field: &str, message: impl Into<String>) -> Self {
        Finding {
            code,
            field: field.to_owned(),
            blocking: code.blocking(),
            message: message.into(),
            matched: None,
            start: None,
            end: None,
        }
    }

    fn at(mut self, matched: String, start: usize, end: usize) -> Self {
        self.matched = Some(matched);
        self.start = Some(start);
        self.end = Some(end);
        self
    }
}

/// What the linter checks: the reply being drafted, the ticket it answers, the rules, and
/// the server-corrected now.
#[derive(Debug, Clone, Copy)]
pub struct LintInput<'a> {
    /// The reply as drafted so far.
    pub reply: &'a PartialReply,
    /// The ticket it answers (its `status`, `dispatched_at`, `redo`).
    pub ticket: &'a Ticket,
    /// The district's reply rules (cached, or [`default_reply_rules`]).
    pub rules: &'a ReplyRules,
    /// Now, server-corrected (PC time plus the measured offset).
    pub now: DateTime<Utc>,
}

/// Whether any finding blocks sending.
pub fn blocks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.blocking)
}

/// Checks a reply against the rules. The findings come in the contract's field order
/// (`outcome`, `text`, `citizen_contacted_at`, `contact_method`, `contact_name`,
/// `contact_phone`, `policy_basis`, `addresses_redo_reason`, then `rules`); within a
/// field, whole-field findings first, then located ones by position. Empty when the
/// reply is complete and meets the rules.
pub fn lint_reply(input: &LintInput<'_>) -> Vec<Finding> {
    let (patterns, bad_patterns) = free_text::compile_patterns(input.rules);
    let ctx = fields::Ctx {
        input: *input,
        patterns: &patterns,
    };
    let mut out = Vec::new();
    for check in fields::IN_FIELD_ORDER {
        check(&ctx, &mut out);
    }
    fields::rules(&bad_patterns, &mut out);
    out
}

#[cfg(test)]
pub(crate) mod tests;
