use super::fields::{MOBILE_OR_LANDLINE, counted_chars, valid_phone};
use super::free_text::STRIP;
use super::*;
use chrono::{DateTime, FixedOffset};
use district_api::{ContactMethod, ReplyOutcome, TicketStatus};
use pretty_assertions::assert_eq;

/// A ticket in progress, dispatched 2026-11-28 08:10 (+08:00).
const TICKET_JSON: &str = r#"{
    "id": "TQ20261128000123", "version": 7, "title": "小区门口路灯不亮",
    "category": "complaint", "matter": "城市管理/市政设施/路灯", "content": "路灯不亮",
    "citizen": {"name": "张**", "phone": "138****5678", "address": "明湖小区"},
    "location": "天桥区北园街道明湖小区", "channel": "phone", "urgency": "normal",
    "our_role": "lead", "lead_unit": {"id": "u1", "name": "北园街道办事处"},
    "status": "in_progress",
    "dispatched_at": "2026-11-28T08:10:00+08:00",
    "ack_due_at": "2026-11-28T10:10:00+08:00",
    "reply_due_at": "2026-12-04T18:00:00+08:00"
}"#;

const VALID_TEXT: &str = "经我单位电话联系市民，于2026年11月28日安排工作人员到天桥区北园街道明湖小区门口现场核实。\
    经查，两盏路灯灯头损坏。我单位已于2026年11月28日更换灯头，路灯恢复正常照明。\
    已将处理结果告知市民，市民表示认可。";

fn ts(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("test timestamp")
}

pub(crate) fn ticket() -> Ticket {
    serde_json::from_str(TICKET_JSON).expect("test ticket")
}

fn redo_ticket() -> Ticket {
    let mut t = ticket();
    t.status = TicketStatus::Redo;
    t.redo = Some(district_api::Redo {
        count: 1,
        reason: "市民反映路灯仍未修复".to_owned(),
        at: ts("2026-11-30T09:00:00+08:00"),
    });
    t
}

/// A linting case: starts valid; each table row edits it.
struct Case {
    reply: PartialReply,
    ticket: Ticket,
    rules: ReplyRules,
    now: DateTime<Utc>,
}

impl Case {
    fn valid() -> Self {
        Case {
            reply: PartialReply {
                outcome: Some(ReplyOutcome::Resolved),
                text: Some(VALID_TEXT.to_owned()),
                citizen_contacted_at: Some(ts("2026-11-28T15:00:00+08:00")),
                contact_method: Some(ContactMethod::Phone),
                contact_name: Some("李四".to_owned()),
                contact_phone: Some("0531-88888888".to_owned()),
                policy_basis: None,
                addresses_redo_reason: None,
            },
            ticket: ticket(),
            rules: default_reply_rules(),
            now: ts("2026-11-29T10:00:00+08:00").to_utc(),
        }
    }

    fn lint(&self) -> Vec<Finding> {
        lint_reply(&LintInput {
            reply: &self.reply,
            ticket: &self.ticket,
            rules: &self.rules,
            now: self.now,
        })
    }
}

type Edit = fn(&mut Case);
/// A table row: name, edit of the valid case, expected `(code, field)`s.
type Row = (&'static str, Edit, &'static [(FindingCode, &'static str)]);
/// An expected located finding: `(code, matched, start, end)`.
type Span = (FindingCode, &'static str, usize, usize);

/// Lints the valid case after `edit` and compares `(code, field)` of every finding.
fn check(name: &str, edit: Edit, expected: &[(FindingCode, &str)]) {
    let mut case = Case::valid();
    edit(&mut case);
    let findings = case.lint();
    let got: Vec<(FindingCode, &str)> = findings
        .iter()
        .map(|f| (f.code, f.field.as_str()))
        .collect();
    assert_eq!(got, expected, "{name}: {findings:#?}");
    for f in &findings {
        assert_eq!(f.blocking, f.code.blocking(), "{name}");
        assert!(!f.message.is_empty(), "{name}");
    }
}

/// Lints `text` in `field` of the valid case and compares the located findings
/// `(code, matched, start, end)` of that field.
fn check_spans(field_name: &str, text: &str, expected: &[(FindingCode, &str, usize, usize)]) {
    let mut case = Case::valid();
    let t = Some(text.to_owned());
    match field_name {
        field::TEXT => case.reply.text = t,
        field::POLICY_BASIS => case.reply.policy_basis = t,
        field::ADDRESSES_REDO_REASON => case.reply.addresses_redo_reason = t,
        field::CONTACT_NAME => case.reply.contact_name = t,
        other => panic!("no such field {other}"),
    }
    let findings = case.lint();
    let got: Vec<(FindingCode, &str, usize, usize)> = findings
        .iter()
        .filter(|f| f.field == field_name && f.start.is_some())
        .map(|f| {
            (
                f.code,
                f.matched.as_deref().unwrap_or_default(),
                f.start.unwrap_or_default(),
                f.end.unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(got, expected, "{field_name}: {text}");
    // The span points at the matched text, in characters.
    let chars: Vec<char> = text.chars().collect();
    for (_, matched, start, end) in &got {
        let slice: String = chars[*start..*end].iter().collect();
        assert_eq!(&slice, matched, "{text}");
    }
}

use FindingCode::*;
use field::*;

#[test]
fn the_bundled_rules_parse_and_are_the_districts_revision_3() {
    let parsed: Result<ReplyRules, _> = serde_json::from_str(DEFAULT_RULES_JSON);
    let rules = parsed.expect("bundled reply rules parse");
    assert_eq!(rules, default_reply_rules());
    assert_eq!(rules.revision, 3);
    assert_eq!(rules.min_text_chars, 60);
    assert_eq!(
        rules.forbidden_phrases,
        ["不归我们管", "自行解决", "无法处理", "与我单位无关"]
    );
    assert_eq!(
        rules.placeholder_patterns,
        ["XXX", "【.*?】", r"\{\{.*?\}\}"]
    );
    assert_eq!(
        rules.policy_basis_required_for,
        [
            ReplyOutcome::PartiallyResolved,
            ReplyOutcome::UnresolvedExplained
        ]
    );
    let ids: Vec<&str> = rules.templates.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "resolved-default",
            "resolved-repair",
            "partially-resolved",
            "unresolved-explained",
            "information-provided"
        ]
    );
    for t in &rules.templates {
        assert!(counted_chars(&t.body) >= 60, "{}", t.id);
        assert!(!t.body.contains(char::is_whitespace), "{}", t.id);
    }
    assert!(STRIP.is_some() && MOBILE_OR_LANDLINE.is_some());
}

#[test]
fn a_valid_reply_has_no_findings() {
    check("valid", |_| {}, &[]);
    for outcome in ReplyOutcome::KNOWN {
        let mut case = Case::valid();
        case.reply.outcome = Some(outcome.clone());
        case.reply.policy_basis = Some("依据《济南市城市照明管理办法》第十二条。".to_owned());
        assert_eq!(case.lint(), vec![], "{outcome}");
    }
    for method in ContactMethod::KNOWN {
        let mut case = Case::valid();
        case.reply.contact_method = Some(method.clone());
        assert_eq!(case.lint(), vec![], "{method}");
    }
}

#[test]
fn missing_fields_block() {
    let rows: &[Row] = &[
        (
            "no outcome",
            |c| c.reply.outcome = None,
            &[(MissingField, OUTCOME)],
        ),
        ("no text", |c| c.reply.text = None, &[(MissingField, TEXT)]),
        (
            "no contact time",
            |c| c.reply.citizen_contacted_at = None,
            &[(MissingField, CITIZEN_CONTACTED_AT)],
        ),
        (
            "no contact method",
            |c| c.reply.contact_method = None,
            &[(MissingField, CONTACT_METHOD)],
        ),
        (
            "no contact name",
            |c| c.reply.contact_name = None,
            &[(MissingField, CONTACT_NAME)],
        ),
        (
            "blank contact name",
            |c| c.reply.contact_name = Some(" \t".to_owned()),
            &[(MissingField, CONTACT_NAME)],
        ),
        (
            "full-width-space contact name",
            |c| c.reply.contact_name = Some("\u{3000}".to_owned()),
            &[(MissingField, CONTACT_NAME)],
        ),
        (
            "no contact phone",
            |c| c.reply.contact_phone = None,
            &[(MissingField, CONTACT_PHONE)],
        ),
        (
            "blank contact phone",
            |c| c.reply.contact_phone = Some(" ".to_owned()),
            &[(MissingField, CONTACT_PHONE)],
        ),
        (
            "empty draft",
            |c| c.reply = PartialReply::default(),
            &[
                (MissingField, OUTCOME),
                (MissingField, TEXT),
                (MissingField, CITIZEN_CONTACTED_AT),
                (MissingField, CONTACT_METHOD),
                (MissingField, CONTACT_NAME),
                (MissingField, CONTACT_PHONE),
            ],
        ),
        (
            "empty draft of a redo",
            |c| {
                c.reply = PartialReply::default();
                c.ticket = redo_ticket();
            },
            &[
                (MissingField, OUTCOME),
                (MissingField, TEXT),
                (MissingField, CITIZEN_CONTACTED_AT),
                (MissingField, CONTACT_METHOD),
                (MissingField, CONTACT_NAME),
                (MissingField, CONTACT_PHONE),
                (RedoReasonNotAddressed, ADDRESSES_REDO_REASON),
            ],
        ),
        (
            "unknown outcome",
            |c| c.reply.outcome = Some(ReplyOutcome::Other("done".to_owned())),
            &[(UnknownOutcome, OUTCOME)],
        ),
        (
            "unknown contact method",
            |c| c.reply.contact_method = Some(ContactMethod::Other("fax".to_owned())),
            &[(UnknownContactMethod, CONTACT_METHOD)],
        ),
    ];
    for (name, edit, expected) in rows {
        check(name, *edit, expected);
    }
}

#[test]
fn policy_basis_per_outcome() {
    let rows: &[Row] = &[
        (
            "partially resolved without basis",
            |c| c.reply.outcome = Some(ReplyOutcome::PartiallyResolved),
            &[(PolicyBasisMissing, POLICY_BASIS)],
        ),
        (
            "unresolved explained without basis",
            |c| c.reply.outcome = Some(ReplyOutcome::UnresolvedExplained),
            &[(PolicyBasisMissing, POLICY_BASIS)],
        ),
        (
            "unresolved explained with blank basis",
            |c| {
                c.reply.outcome = Some(ReplyOutcome::UnresolvedExplained);
                c.reply.policy_basis = Some("\u{3000} \n".to_owned());
            },
            &[(PolicyBasisMissing, POLICY_BASIS)],
        ),
        (
            "partially resolved with basis",
            |c| {
                c.reply.outcome = Some(ReplyOutcome::PartiallyResolved);
                c.reply.policy_basis = Some("《城市道路照明设施管理规定》".to_owned());
            },
            &[],
        ),
        (
            "resolved needs none",
            |c| c.reply.outcome = Some(ReplyOutcome::Resolved),
            &[],
        ),
        (
            "information provided needs none",
            |c| c.reply.outcome = Some(ReplyOutcome::InformationProvided),
            &[],
        ),
        (
            "driven by the rules, not hard-coded",
            |c| c.rules.policy_basis_required_for = vec![ReplyOutcome::Resolved],
            &[(PolicyBasisMissing, POLICY_BASIS)],
        ),
        (
            "rules requiring none",
            |c| {
                c.rules.policy_basis_required_for.clear();
                c.reply.outcome = Some(ReplyOutcome::PartiallyResolved);
            },
            &[],
        ),
        (
            "no outcome yet: only the outcome is missing",
            |c| c.reply.outcome = None,
            &[(MissingField, OUTCOME)],
        ),
    ];
    for (name, edit, expected) in rows {
        check(name, *edit, expected);
    }
    let mut case = Case::valid();
    case.reply.outcome = Some(ReplyOutcome::PartiallyResolved);
    let f = case.lint();
    assert_eq!(f[0].message, "答复结果为“部分解决”时须写明政策依据");
}

#[test]
fn a_redo_must_address_the_redo_reason() {
    let rows: &[Row] = &[
        (
            "redo without it",
            |c| {
                c.ticket = redo_ticket();
                c.reply.citizen_contacted_at = Some(ts("2026-11-30T10:00:00+08:00"));
                c.now = ts("2026-12-01T10:00:00+08:00").to_utc();
            },
            &[(RedoReasonNotAddressed, ADDRESSES_REDO_REASON)],
        ),
        (
            "redo with a blank one",
            |c| {
                c.ticket = redo_ticket();
                c.reply.citizen_contacted_at = Some(ts("2026-11-30T10:00:00+08:00"));
                c.now = ts("2026-12-01T10:00:00+08:00").to_utc();
                c.reply.addresses_redo_reason = Some("  ".to_owned());
            },
            &[(RedoReasonNotAddressed, ADDRESSES_REDO_REASON)],
        ),
        (
            "redo with it",
            |c| {
                c.ticket = redo_ticket();
                c.reply.citizen_contacted_at = Some(ts("2026-11-30T10:00:00+08:00"));
                c.now = ts("2026-12-01T10:00:00+08:00").to_utc();
                c.reply.addresses_redo_reason =
                    Some("已更换整条线路，经夜间复查路灯全部正常。".to_owned());
            },
            &[],
        ),
        (
            "not a redo: not needed",
            |c| c.reply.addresses_redo_reason = None,
            &[],
        ),
        (
            "a former redo now in progress: not needed",
            |c| {
                c.ticket = redo_ticket();
                c.ticket.status = TicketStatus::InProgress;
            },
            &[],
        ),
        (
            "redo, contacted before it was sent back: a hint",
            |c| {
                c.ticket = redo_ticket();
                c.now = ts("2026-12-01T10:00:00+08:00").to_utc();
                c.reply.addresses_redo_reason = Some("已再次维修。".to_owned());
            },
            &[(ContactedBeforeRedo, CITIZEN_CONTACTED_AT)],
        ),
        (
            "redo, contacted exactly when it was sent back",
            |c| {
                c.ticket = redo_ticket();
                c.now = ts("2026-12-01T10:00:00+08:00").to_utc();
                c.reply.citizen_contacted_at = Some(ts("2026-11-30T09:00:00+08:00"));
                c.reply.addresses_redo_reason = Some("已再次维修。".to_owned());
            },
            &[],
        ),
    ];
    for (name, edit, expected) in rows {
        check(name, *edit, expected);
    }
}

#[test]
fn contact_time_between_dispatch_and_now() {
    // Dispatched 2026-11-28T08:10:00+08:00; now 2026-11-29T10:00:00+08:00.
    let rows: &[Row] = &[
        (
            "one second before dispatch",
            |c| c.reply.citizen_contacted_at = Some(ts("2026-11-28T08:09:59+08:00")),
            &[(ContactedBeforeDispatch, CITIZEN_CONTACTED_AT)],
        ),
        (
            "a day before dispatch",
            |c| c.reply.citizen_contacted_at = Some(ts("2026-11-27T15:00:00+08:00")),
            &[(ContactedBeforeDispatch, CITIZEN_CONTACTED_AT)],
        ),
        (
            "exactly at dispatch",
            |c| c.reply.citizen_contacted_at = Some(ts("2026-11-28T08:10:00+08:00")),
            &[],
        ),
        (
            "exactly at dispatch, written in UTC",
            |c| c.reply.citizen_contacted_at = Some(ts("2026-11-28T00:10:00Z")),
            &[],
        ),
        (
            "before dispatch, written in UTC",
            |c| c.reply.citizen_contacted_at = Some(ts("2026-11-28T00:09:00Z")),
            &[(ContactedBeforeDispatch, CITIZEN_CONTACTED_AT)],
        ),
        (
            "exactly now",
            |c| c.reply.citizen_contacted_at = Some(ts("2026-11-29T10:00:00+08:00")),
            &[],
        ),
        (
            "one second after now",
            |c| c.reply.citizen_contacted_at = Some(ts("2026-11-29T10:00:01+08:00")),
            &[(ContactedInFuture, CITIZEN_CONTACTED_AT)],
        ),
        (
            "tomorrow",
            |c| c.reply.citizen_contacted_at = Some(ts("2026-11-30T09:00:00+08:00")),
            &[(ContactedInFuture, CITIZEN_CONTACTED_AT)],
        ),
        (
            "now is server-corrected, not the PC clock",
            |c| {
                c.reply.citizen_contacted_at = Some(ts("2026-11-29T10:00:00+08:00"));
                c.now = ts("2026-11-29T09:59:59+08:00").to_utc();
            },
            &[(ContactedInFuture, CITIZEN_CONTACTED_AT)],
        ),
    ];
    for (name, edit, expected) in rows {
        check(name, *edit, expected);
    }
    let mut case = Case::valid();
    case.reply.citizen_contacted_at = Some(ts("2026-11-27T15:00:00+08:00"));
    assert_eq!(
        case.lint()[0].message,
        "联系市民的时间不能早于派单时间（2026-11-28 08:10）"
    );
}

#[test]
fn phone_formats_match_the_server() {
    // (phone, expected code; None = accepted without a hint)
    let rows: &[(&str, Option<FindingCode>)] = &[
        ("13905318801", None),
        ("19912345678", None),
        ("0531-88888888", None),
        ("053188888888", None),
        ("010-1234567", None),
        ("0531-8888888", None),
        (" 13905318801 ", None),
        ("\u{3000}13905318801\u{3000}", None),
        ("12905318801", Some(InvalidPhone)),
        ("1390531880", Some(InvalidPhone)),
        ("139053188011", Some(InvalidPhone)),
        ("88888888", Some(InvalidPhone)),
        ("0531-888", Some(InvalidPhone)),
        ("0531 88888888", Some(InvalidPhone)),
        ("(0531)88888888", Some(InvalidPhone)),
        ("+8613905318801", Some(InvalidPhone)),
        ("139-0531-8801", Some(InvalidPhone)),
        ("0531-88888888-123", Some(InvalidPhone)),
        ("1390531880X", Some(InvalidPhone)),
        // Full-width: the leading `1`/`0` and the `-` must be ASCII; later digits
        // are Unicode `\d` on the server, so accepted (with a hint).
        ("１３９０５３１８８０１", Some(InvalidPhone)),
        ("13９０５３１８８０１", Some(PhoneNonAsciiDigits)),
        ("0５３１-８８８８８８８８", Some(PhoneNonAsciiDigits)),
        ("0531－88888888", Some(InvalidPhone)),
        ("13٩05318801", Some(PhoneNonAsciiDigits)),
    ];
    for (phone, expected) in rows {
        let mut case = Case::valid();
        case.reply.contact_phone = Some((*phone).to_owned());
        let got: Vec<(FindingCode, String)> =
            case.lint().into_iter().map(|f| (f.code, f.field)).collect();
        let expected: Vec<(FindingCode, String)> = expected
            .iter()
            .map(|c| (*c, CONTACT_PHONE.to_owned()))
            .collect();
        assert_eq!(got, expected, "{phone:?}");
        assert_eq!(
            valid_phone(phone),
            expected.iter().all(|(c, _)| !c.blocking()),
            "{phone}"
        );
    }
    let mut case = Case::valid();
    case.reply.contact_phone = Some("１３９０５３１８８０１".to_owned());
    assert_eq!(
        case.lint()[0].message,
        "联系电话须为11位手机号或带区号的固定电话（如 0531-88888888），请使用半角数字和“-”"
    );
}

#[test]
fn minimum_length_counts_characters_not_whitespace() {
    let rows: &[Row] = &[
        ("exactly 60", |c| c.reply.text = Some("好".repeat(60)), &[]),
        (
            "59",
            |c| c.reply.text = Some("好".repeat(59)),
            &[(TextTooShort, TEXT)],
        ),
        (
            "59 plus whitespace of every kind",
            |c| c.reply.text = Some(format!(" {}\n\t\u{3000}\u{a0}\r\n", "好".repeat(59))),
            &[(TextTooShort, TEXT)],
        ),
        (
            "60 split by whitespace",
            |c| c.reply.text = Some("好好好好好 \u{3000}".repeat(12)),
            &[],
        ),
        (
            "full-width punctuation counts",
            |c| c.reply.text = Some(format!("{}。", "好".repeat(59))),
            &[],
        ),
        (
            "full-width digits and letters count",
            |c| c.reply.text = Some(format!("{}２０２６ＡＢ", "好".repeat(54))),
            &[],
        ),
        (
            "characters beyond the BMP count once",
            |c| c.reply.text = Some(format!("{}𠀀", "好".repeat(59))),
            &[],
        ),
        (
            "empty",
            |c| c.reply.text = Some(String::new()),
            &[(TextTooShort, TEXT)],
        ),
        (
            "rules set the minimum",
            |c| {
                c.rules.min_text_chars = 5;
                c.reply.text = Some("好 好 好 好 好".to_owned());
            },
            &[],
        ),
        (
            "rules set the minimum, one short",
            |c| {
                c.rules.min_text_chars = 5;
                c.reply.text = Some("好 好 好 好".to_owned());
            },
            &[(TextTooShort, TEXT)],
        ),
        (
            "no minimum: empty is fine",
            |c| {
                c.rules.min_text_chars = 0;
                c.reply.text = Some(String::new());
            },
            &[],
        ),
    ];
    for (name, edit, expected) in rows {
        check(name, *edit, expected);
    }
    let mut case = Case::valid();
    case.reply.text = Some(format!("{} \n", "好".repeat(59)));
    assert_eq!(
        case.lint()[0].message,
        "答复内容不少于60字（不计空白），当前59字"
    );
}

#[test]
fn forbidden_phrases_even_split_by_whitespace_or_punctuation() {
    let pad = "好".repeat(60);
    let rows: Vec<(&str, String, Vec<Span>)> = vec![
        (
            "plain",
            format!("此事不归我们管。{pad}"),
            vec![(ForbiddenPhrase, "不归我们管", 2, 7)],
        ),
        (
            "split by a space and a full-width comma",
            format!("此事不归 我们，管{pad}"),
            vec![(ForbiddenPhrase, "不归 我们，管", 2, 9)],
        ),
        (
            "split by full-width spaces",
            format!("此事不 归 我们\u{3000}管{pad}"),
            vec![(ForbiddenPhrase, "不 归 我们\u{3000}管", 2, 10)],
        ),
        (
            "split by a newline",
            format!("{pad}请自行\n解决"),
            vec![(ForbiddenPhrase, "自行\n解决", 61, 66)],
        ),
        (
            "full-width quotes",
            format!("无法“处理”{pad}"),
            vec![(ForbiddenPhrase, "无法“处理", 0, 5)],
        ),
        (
            "full-width brackets",
            format!("与我单位（无关）{pad}"),
            vec![(ForbiddenPhrase, "与我单位（无关", 0, 7)],
        ),
        (
            "every full-width mark of the rule",
            format!("自，行。解、决；无：法！处？理“与”我‘单’位（无）关{pad}"),
            vec![
                (ForbiddenPhrase, "自，行。解、决", 0, 7),
                (ForbiddenPhrase, "无：法！处？理", 8, 15),
                (ForbiddenPhrase, "与”我‘单’位（无）关", 16, 27),
            ],
        ),
        (
            "ASCII punctuation, several phrases, in text order",
            format!("无法-处理, 自行.解决{pad}"),
            vec![
                (ForbiddenPhrase, "无法-处理", 0, 5),
                (ForbiddenPhrase, "自行.解决", 7, 12),
            ],
        ),
        (
            "the same phrase twice",
            format!("无法处理{pad}无法处理"),
            vec![
                (ForbiddenPhrase, "无法处理", 0, 4),
                (ForbiddenPhrase, "无法处理", 64, 68),
            ],
        ),
        (
            "after a character beyond the BMP (offsets are characters)",
            format!("𠀀无法处理{pad}"),
            vec![(ForbiddenPhrase, "无法处理", 1, 5)],
        ),
        // Symbols (`~`, `～`, `+`) are not punctuation: the server does not remove them.
        ("split by a symbol", format!("不归~我们管{pad}"), vec![]),
        (
            "split by a full-width tilde",
            format!("不归我们～管{pad}"),
            vec![],
        ),
        ("harmless", format!("我们已处理完毕{pad}"), vec![]),
    ];
    for (_name, text, expected) in &rows {
        check_spans(TEXT, text, expected);
    }
    let mut case = Case::valid();
    case.reply.text = Some(format!("此事不归 我们，管{pad}"));
    assert_eq!(
        case.lint()[0].message,
        "含有禁用语“不归我们管”（写作“不归 我们，管”）"
    );
    case.reply.text = Some(format!("此事不归我们管{pad}"));
    assert_eq!(case.lint()[0].message, "含有禁用语“不归我们管”");
}

#[test]
fn forbidden_phrases_and_placeholders_in_every_free_text_field() {
    let rows: &[Row] = &[
        (
            "policy basis",
            |c| c.reply.policy_basis = Some("此事不归我们管".to_owned()),
            &[(ForbiddenPhrase, POLICY_BASIS)],
        ),
        (
            "redo reason",
            |c| c.reply.addresses_redo_reason = Some("请市民自行 解决".to_owned()),
            &[(ForbiddenPhrase, ADDRESSES_REDO_REASON)],
        ),
        (
            "placeholder in the policy basis",
            |c| {
                c.reply.outcome = Some(ReplyOutcome::PartiallyResolved);
                c.reply.policy_basis = Some("依据{{policy}}".to_owned());
            },
            &[(UnfilledPlaceholder, POLICY_BASIS)],
        ),
        (
            "placeholder in the redo reason",
            |c| c.reply.addresses_redo_reason = Some("已XXX".to_owned()),
            &[(UnfilledPlaceholder, ADDRESSES_REDO_REASON)],
        ),
        (
            "placeholder in the contact name",
            |c| c.reply.contact_name = Some("【联系人】".to_owned()),
            &[(UnfilledPlaceholder, CONTACT_NAME)],
        ),
        (
            "no forbidden phrase check on the contact name",
            |c| c.reply.contact_name = Some("无法处理".to_owned()),
            &[],
        ),
        (
            "phrases come from the rules",
            |c| {
                c.rules.forbidden_phrases = vec!["路灯".to_owned()];
                c.reply.policy_basis = Some("路 灯".to_owned());
            },
            &[
                (ForbiddenPhrase, TEXT),
                (ForbiddenPhrase, TEXT),
                (ForbiddenPhrase, POLICY_BASIS),
            ],
        ),
        (
            "a phrase of only punctuation in the rules is ignored",
            |c| c.rules.forbidden_phrases = vec!["，。 ".to_owned()],
            &[],
        ),
        (
            "a forbidden phrase written with punctuation in the rules",
            |c| {
                c.rules.forbidden_phrases = vec!["不归，我们管".to_owned()];
                c.reply.policy_basis = Some("不归我们管".to_owned());
            },
            &[(ForbiddenPhrase, POLICY_BASIS)],
        ),
    ];
    for (name, edit, expected) in rows {
        check(name, *edit, expected);
    }
}

#[test]
fn placeholders_are_located_as_written() {
    let pad = "好".repeat(60);
    let rows: Vec<(String, Vec<Span>)> = vec![
        (
            format!("于{{{{date}}}}联系XXX，【请填写】{pad}"),
            vec![
                (UnfilledPlaceholder, "{{date}}", 1, 9),
                (UnfilledPlaceholder, "XXX", 11, 14),
                (UnfilledPlaceholder, "【请填写】", 15, 20),
            ],
        ),
        (
            format!("{pad}经查，{{{{finding}}}}。"),
            vec![(UnfilledPlaceholder, "{{finding}}", 63, 74)],
        ),
        (
            format!("【】{pad}"),
            vec![(UnfilledPlaceholder, "【】", 0, 2)],
        ),
        (
            format!("XXXXXX{pad}"),
            vec![
                (UnfilledPlaceholder, "XXX", 0, 3),
                (UnfilledPlaceholder, "XXX", 3, 6),
            ],
        ),
        // Nested: each pattern reports its own span.
        (
            format!("【{{{{x}}}}】{pad}"),
            vec![
                (UnfilledPlaceholder, "【{{x}}】", 0, 7),
                (UnfilledPlaceholder, "{{x}}", 1, 6),
            ],
        ),
        // Patterns are case-sensitive and `.` stops at a newline, as on the server.
        (format!("xxx【\n】{pad}"), vec![]),
        // Full-width braces and letters are not the ASCII patterns.
        (format!("｛｛date｝｝ＸＸＸ{pad}"), vec![]),
        (format!("[请填写]{pad}"), vec![]),
    ];
    for (text, expected) in &rows {
        check_spans(TEXT, text, expected);
    }
    check_spans(CONTACT_NAME, "李XXX", &[(UnfilledPlaceholder, "XXX", 1, 4)]);
    check_spans(
        POLICY_BASIS,
        "依据【政策名称】第XXX条",
        &[
            (UnfilledPlaceholder, "【政策名称】", 2, 8),
            (UnfilledPlaceholder, "XXX", 9, 12),
        ],
    );
    check_spans(
        ADDRESSES_REDO_REASON,
        "不归我们管，{{action}}",
        &[
            (ForbiddenPhrase, "不归我们管", 0, 5),
            (UnfilledPlaceholder, "{{action}}", 6, 16),
        ],
    );
}

#[test]
fn placeholder_patterns_come_from_the_rules_and_bad_ones_are_skipped() {
    let rows: &[Row] = &[
        (
            "a new pattern",
            |c| {
                c.rules.placeholder_patterns.push("＿{2,}".to_owned());
                c.reply.contact_name = Some("李＿＿".to_owned());
            },
            &[(UnfilledPlaceholder, CONTACT_NAME)],
        ),
        (
            "no patterns",
            |c| {
                c.rules.placeholder_patterns.clear();
                c.reply.contact_name = Some("XXX".to_owned());
            },
            &[],
        ),
        (
            "an invalid pattern is skipped with a hint, the others still apply",
            |c| {
                c.rules.placeholder_patterns.insert(0, "【(".to_owned());
                c.reply.contact_name = Some("XXX".to_owned());
            },
            &[
                (UnfilledPlaceholder, CONTACT_NAME),
                (InvalidRulePattern, RULES),
            ],
        ),
        (
            "a pattern matching the empty string blocks, as on the server",
            |c| c.rules.placeholder_patterns = vec!["Z*".to_owned()],
            &[
                (UnfilledPlaceholder, TEXT),
                (UnfilledPlaceholder, CONTACT_NAME),
            ],
        ),
    ];
    for (name, edit, expected) in rows {
        check(name, *edit, expected);
    }
    let mut case = Case::valid();
    case.rules.placeholder_patterns = vec!["【(".to_owned()];
    let f = case.lint();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].matched.as_deref(), Some("【("));
    assert!(!blocks(&f));
}

#[test]
fn blocking_and_hints() {
    assert!(!blocks(&[]));
    let mut case = Case::valid();
    case.reply.contact_phone = Some("13９０５３１８８０１".to_owned());
    let hint = case.lint();
    assert_eq!(hint.len(), 1);
    assert!(!blocks(&hint));
    case.reply.text = Some("好".to_owned());
    assert!(blocks(&case.lint()));
    let hints: Vec<FindingCode> = FindingCode::ALL
        .into_iter()
        .filter(|c| !c.blocking())
        .collect();
    assert_eq!(
        hints,
        [ContactedBeforeRedo, PhoneNonAsciiDigits, InvalidRulePattern]
    );
}

#[test]
fn findings_serialize_as_a_stable_json_shape() {
    for code in FindingCode::ALL {
        let json = serde_json::to_value(code).expect("serialize code");
        assert_eq!(json, serde_json::Value::String(code.as_str().to_owned()));
        assert_eq!(code.to_string(), code.as_str());
        let back: FindingCode = serde_json::from_value(json).expect("deserialize code");
        assert_eq!(back, code);
    }
    let mut case = Case::valid();
    case.reply.text = Some(format!("此事不归 我们，管{}", "好".repeat(60)));
    case.reply.contact_name = None;
    let json = serde_json::to_value(case.lint()).expect("serialize findings");
    assert_eq!(
        json,
        serde_json::json!([
            {"code": "forbidden_phrase", "field": "text", "blocking": true,
             "message": "含有禁用语“不归我们管”（写作“不归 我们，管”）",
             "matched": "不归 我们，管", "start": 2, "end": 9},
            {"code": "missing_field", "field": "contact_name", "blocking": true,
             "message": "请填写联系人", "matched": null, "start": null, "end": null}
        ])
    );
}
