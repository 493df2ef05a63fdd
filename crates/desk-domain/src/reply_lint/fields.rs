//! One check per field of the standardized reply, in the contract's field order
//! ([`IN_FIELD_ORDER`]), plus the finding about the rules document itself.

use super::free_text::{free_text, placeholders, push_located};
use super::{Finding, FindingCode, LintInput, field};
use crate::reply_template::outcome_label;
use district_api::{ContactMethod, ReplyOutcome, TicketStatus};
use regex::Regex;
use std::sync::LazyLock;

/// What every field's check reads: the linter's input and the rules' placeholder
/// patterns, compiled once per lint.
pub(super) struct Ctx<'a> {
    pub(super) input: LintInput<'a>,
    pub(super) patterns: &'a [Regex],
}

/// A field's check: appends its findings (whole-field ones first, then located ones by
/// position).
pub(super) type Check = fn(&Ctx<'_>, &mut Vec<Finding>);

/// Every field's check, in the contract's field order (the order of the findings).
pub(super) const IN_FIELD_ORDER: [Check; 8] = [
    outcome,
    text,
    citizen_contacted_at,
    contact_method,
    contact_name,
    contact_phone,
    policy_basis,
    addresses_redo_reason,
];

/// Full-width and other dashes the phone format does not accept (only ASCII `-`).
const FULL_WIDTH_HYPHENS: [char; 3] = ['－', '—', '–'];

/// The server's phone format (`\d` is Unicode-aware, as on the server).
pub(super) static MOBILE_OR_LANDLINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$").ok());

/// `outcome`: given, and a value the contract knows.
fn outcome(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    match &c.input.reply.outcome {
        None => out.push(missing(field::OUTCOME, "请选择答复结果")),
        Some(ReplyOutcome::Other(o)) => out.push(Finding::new(
            FindingCode::UnknownOutcome,
            field::OUTCOME,
            format!("未知的答复结果“{o}”"),
        )),
        Some(_) => {}
    }
}

/// `text`: given, long enough, no forbidden phrase, no unfilled placeholder.
fn text(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let rules = c.input.rules;
    match c.input.reply.text.as_deref() {
        None => out.push(missing(field::TEXT, "请填写答复内容")),
        Some(text) => {
            let n = counted_chars(text);
            let min = usize::try_from(rules.min_text_chars).unwrap_or(usize::MAX);
            if n < min {
                out.push(Finding::new(
                    FindingCode::TextTooShort,
                    field::TEXT,
                    format!("答复内容不少于{min}字（不计空白），当前{n}字"),
                ));
            }
            free_text(field::TEXT, text, rules, c.patterns, out);
        }
    }
}

/// `citizen_contacted_at`: given, between the dispatch and now; a hint when a redo
/// ticket's citizen was last contacted before the redo.
fn citizen_contacted_at(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let LintInput {
        reply, ticket, now, ..
    } = c.input;
    match reply.citizen_contacted_at {
        None => out.push(missing(field::CITIZEN_CONTACTED_AT, "请填写联系市民的时间")),
        Some(at) if at < ticket.dispatched_at => out.push(Finding::new(
            FindingCode::ContactedBeforeDispatch,
            field::CITIZEN_CONTACTED_AT,
            format!(
                "联系市民的时间不能早于派单时间（{}）",
                ticket.dispatched_at.format("%Y-%m-%d %H:%M")
            ),
        )),
        Some(at) if at > now => out.push(Finding::new(
            FindingCode::ContactedInFuture,
            field::CITIZEN_CONTACTED_AT,
            "联系市民的时间不能晚于当前时间",
        )),
        Some(at) => {
            if ticket.status == TicketStatus::Redo
                && let Some(redo) = ticket.redo.as_ref().filter(|r| at < r.at)
            {
                out.push(Finding::new(
                    FindingCode::ContactedBeforeRedo,
                    field::CITIZEN_CONTACTED_AT,
                    format!(
                        "联系市民的时间早于退回重办的时间（{}），重办后一般须再次联系市民",
                        redo.at.format("%Y-%m-%d %H:%M")
                    ),
                ));
            }
        }
    }
}

/// `contact_method`: given, and a value the contract knows.
fn contact_method(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    match &c.input.reply.contact_method {
        None => out.push(missing(field::CONTACT_METHOD, "请选择联系方式")),
        Some(ContactMethod::Other(m)) => out.push(Finding::new(
            FindingCode::UnknownContactMethod,
            field::CONTACT_METHOD,
            format!("未知的联系方式“{m}”"),
        )),
        Some(_) => {}
    }
}

/// `contact_name`: non-blank, no unfilled placeholder.
fn contact_name(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    match c.input.reply.contact_name.as_deref() {
        Some(name) if !name.trim().is_empty() => {
            let mut located = Vec::new();
            placeholders(field::CONTACT_NAME, name, c.patterns, &mut located);
            push_located(located, out);
        }
        _ => out.push(missing(field::CONTACT_NAME, "请填写联系人")),
    }
}

/// `contact_phone`: non-blank, a mobile number or a landline with area code; a hint for
/// non-ASCII digits.
fn contact_phone(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    match c.input.reply.contact_phone.as_deref() {
        Some(phone) if !phone.trim().is_empty() => {
            let non_ascii = has_non_ascii_digit(phone);
            if !valid_phone(phone) {
                let mut message =
                    "联系电话须为11位手机号或带区号的固定电话（如 0531-88888888）".to_owned();
                if non_ascii || phone.contains(FULL_WIDTH_HYPHENS) {
                    message.push_str("，请使用半角数字和“-”");
                }
                out.push(Finding::new(
                    FindingCode::InvalidPhone,
                    field::CONTACT_PHONE,
                    message,
                ));
            } else if non_ascii {
                out.push(Finding::new(
                    FindingCode::PhoneNonAsciiDigits,
                    field::CONTACT_PHONE,
                    "联系电话含有全角数字，建议改为半角数字",
                ));
            }
        }
        _ => out.push(missing(field::CONTACT_PHONE, "请填写联系电话")),
    }
}

/// `policy_basis`: required for the rules' outcomes; no forbidden phrase, no unfilled
/// placeholder.
fn policy_basis(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let LintInput { reply, rules, .. } = c.input;
    if let Some(outcome) = &reply.outcome
        && rules.policy_basis_required_for.contains(outcome)
        && blank(reply.policy_basis.as_deref())
    {
        out.push(Finding::new(
            FindingCode::PolicyBasisMissing,
            field::POLICY_BASIS,
            format!("答复结果为“{}”时须写明政策依据", outcome_label(outcome)),
        ));
    }
    if let Some(basis) = reply.policy_basis.as_deref() {
        free_text(field::POLICY_BASIS, basis, rules, c.patterns, out);
    }
}

/// `addresses_redo_reason`: required for a redo ticket; no forbidden phrase, no unfilled
/// placeholder.
fn addresses_redo_reason(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let LintInput {
        reply,
        ticket,
        rules,
        ..
    } = c.input;
    if ticket.status == TicketStatus::Redo && blank(reply.addresses_redo_reason.as_deref()) {
        out.push(Finding::new(
            FindingCode::RedoReasonNotAddressed,
            field::ADDRESSES_REDO_REASON,
            "重办工单须说明针对重办原因的办理情况",
        ));
    }
    if let Some(redo) = reply.addresses_redo_reason.as_deref() {
        free_text(field::ADDRESSES_REDO_REASON, redo, rules, c.patterns, out);
    }
}

/// `rules`: a hint per placeholder pattern of the rules that is not a valid regex.
pub(super) fn rules(bad_patterns: &[&str], out: &mut Vec<Finding>) {
    for pattern in bad_patterns {
        let mut f = Finding::new(
            FindingCode::InvalidRulePattern,
            field::RULES,
            format!("答复规范中的占位内容规则“{pattern}”无法识别，已跳过"),
        );
        f.matched = Some((*pattern).to_owned());
        out.push(f);
    }
}

fn missing(field: &str, message: &str) -> Finding {
    Finding::new(FindingCode::MissingField, field, message)
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// Characters of `s` that count towards the minimum length (whitespace does not).
pub(super) fn counted_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Whether `phone` is a mobile number or a landline with area code (trimmed first).
pub(super) fn valid_phone(phone: &str) -> bool {
    MOBILE_OR_LANDLINE
        .as_ref()
        .is_some_and(|re| re.is_match(phone.trim()))
}

fn has_non_ascii_digit(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii_digit() && c.is_numeric())
}
