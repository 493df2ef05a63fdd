//! The district's reply standard (规范答复): the rules the simulator serves at
//! `GET /units/{unit_id}/reply-rules` and checks every reply against.
//!
//! Checks, each reported under the reply's JSON field name:
//! - `text`: at least `min_text_chars` characters, whitespace not counted (Unicode
//!   characters, not bytes).
//! - `text`, `policy_basis`, `addresses_redo_reason`: no forbidden phrase, also not when
//!   split by whitespace or punctuation (both sides are normalised: whitespace and
//!   punctuation, full-width `，。、；：！？“”‘’（）【】` included, are removed before
//!   matching); no unfilled placeholder (`placeholder_patterns` are regexes, matched on
//!   the text as written). `contact_name` is checked for placeholders too.
//! - `policy_basis`: required (non-blank) for the outcomes in `policy_basis_required_for`.
//! - `addresses_redo_reason`: required (non-blank) when the ticket is a redo.
//! - `contact_name`: required (non-blank).
//! - `contact_phone`: a mobile number (`1[3-9]` + 9 digits) or a landline with area code
//!   (`0` + 2–3 digits, an optional `-`, 7–8 digits).
//! - `citizen_contacted_at`: not before the ticket's `dispatched_at`, not after the
//!   server's now.
//! - `outcome`, `contact_method`: values the contract knows.

use chrono::{DateTime, FixedOffset};
use district_api::{ContactMethod, ReplyOutcome, ReplyRules, ReplyTemplate, Ticket, TicketStatus};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Per-field messages of a 422.
pub(crate) type FieldErrors = BTreeMap<String, Vec<String>>;

/// The reply rules of every unit of the simulated district (revision 3).
pub(crate) fn reply_rules() -> ReplyRules {
    let t = |id: &str, name: &str, outcome: ReplyOutcome, body: &str| ReplyTemplate {
        id: id.to_owned(),
        name: name.to_owned(),
        outcome,
        body: body.to_owned(),
    };
    ReplyRules {
        revision: 3,
        min_text_chars: 60,
        forbidden_phrases: ["不归我们管", "自行解决", "无法处理", "与我单位无关"]
            .map(str::to_owned)
            .to_vec(),
        placeholder_patterns: ["XXX", "【.*?】", r"\{\{.*?\}\}"]
            .map(str::to_owned)
            .to_vec(),
        policy_basis_required_for: vec![
            ReplyOutcome::PartiallyResolved,
            ReplyOutcome::UnresolvedExplained,
        ],
        templates: vec![
            t(
                "resolved-default",
                "已解决",
                ReplyOutcome::Resolved,
                "经我单位{{contact_method}}联系市民，于{{date}}安排工作人员到{{location}}现场核实。\
                 经查，{{finding}}。我单位已于{{done_date}}{{action}}，问题已解决。\
                 已将处理结果告知市民，市民表示认可。如有其他问题，请联系{{contact_name}}，\
                 电话{{contact_phone}}。",
            ),
            t(
                "resolved-repair",
                "已解决（设施维修）",
                ReplyOutcome::Resolved,
                "接到工单后，我单位于{{date}}会同{{department}}到{{location}}现场查看，\
                 确认{{facility}}存在{{fault}}问题。维修人员已于{{done_date}}完成维修，\
                 经复查设施运行正常。我单位已于{{contact_date}}{{contact_method}}告知市民，\
                 今后将加强日常巡查。联系人：{{contact_name}}，电话：{{contact_phone}}。",
            ),
            t(
                "partially-resolved",
                "部分解决",
                ReplyOutcome::PartiallyResolved,
                "经我单位{{contact_method}}联系市民并于{{date}}到现场核实，{{finding}}。\
                 目前已{{action}}；{{remaining}}因{{reason}}暂无法一次解决。\
                 依据{{policy}}，我单位将{{plan}}，预计于{{expected_date}}前完成，\
                 届时将再次告知市民。联系人：{{contact_name}}，电话：{{contact_phone}}。",
            ),
            t(
                "unresolved-explained",
                "未解决已说明",
                ReplyOutcome::UnresolvedExplained,
                "经我单位于{{date}}{{contact_method}}联系市民并核实，市民反映的{{issue}}，\
                 根据{{policy}}的规定，{{explanation}}，暂无法满足市民诉求。\
                 我单位已向市民详细解释相关政策，并建议{{suggestion}}。市民对解释表示理解。\
                 联系人：{{contact_name}}，电话：{{contact_phone}}。",
            ),
            t(
                "information-provided",
                "已答复咨询",
                ReplyOutcome::InformationProvided,
                "经我单位于{{date}}{{contact_method}}联系市民，就市民咨询的{{question}}答复如下：\
                 {{answer}}。办理地点为{{place}}，办理时间为{{hours}}，需携带{{materials}}。\
                 市民表示已清楚。如有疑问，请联系{{contact_name}}，电话：{{contact_phone}}。",
            ),
        ],
    }
}

static STRIP: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[\p{White_Space}\p{P}]+").ok());
static MOBILE_OR_LANDLINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$").ok());

/// `s` without whitespace and punctuation (ASCII and full-width), for phrase matching.
pub(crate) fn normalize(s: &str) -> String {
    match STRIP.as_ref() {
        Some(re) => re.replace_all(s, "").into_owned(),
        None => s
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
            .collect(),
    }
}

/// Characters of `s` that count towards the minimum length (whitespace does not).
pub(crate) fn counted_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Whether `phone` is a mobile number or a landline with area code.
pub(crate) fn valid_phone(phone: &str) -> bool {
    MOBILE_OR_LANDLINE
        .as_ref()
        .is_some_and(|re| re.is_match(phone.trim()))
}

/// The forbidden phrases `text` contains, once normalised.
pub(crate) fn forbidden_in(text: &str, rules: &ReplyRules) -> Vec<String> {
    let text = normalize(text);
    rules
        .forbidden_phrases
        .iter()
        .filter(|p| {
            let p = normalize(p);
            !p.is_empty() && text.contains(&p)
        })
        .cloned()
        .collect()
}

/// The unfilled placeholders in `text` (what the patterns matched).
pub(crate) fn placeholders_in(text: &str, rules: &ReplyRules) -> Vec<String> {
    let mut found = Vec::new();
    for pattern in &rules.placeholder_patterns {
        let Ok(re) = Regex::new(pattern) else {
            continue;
        };
        for m in re.find_iter(text) {
            if !found.iter().any(|f| f == m.as_str()) {
                found.push(m.as_str().to_owned());
            }
        }
    }
    found
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// Checks a reply to `ticket` at `now`; empty when it meets the rules.
pub(crate) fn check_reply(
    reply: &district_api::Reply,
    rules: &ReplyRules,
    ticket: &Ticket,
    now: DateTime<FixedOffset>,
) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let mut add = |field: &str, msg: String| errors.entry(field.to_owned()).or_default().push(msg);

    if let ReplyOutcome::Other(o) = &reply.outcome {
        add("outcome", format!("未知的答复结果“{o}”"));
    }
    if let ContactMethod::Other(m) = &reply.contact_method {
        add("contact_method", format!("未知的联系方式“{m}”"));
    }

    let n = counted_chars(&reply.text);
    let min = usize::try_from(rules.min_text_chars).unwrap_or(usize::MAX);
    if n < min {
        add(
            "text",
            format!("答复内容不少于{min}字（不计空白），当前{n}字"),
        );
    }
    let free_texts = [
        ("text", Some(reply.text.as_str())),
        ("policy_basis", reply.policy_basis.as_deref()),
        (
            "addresses_redo_reason",
            reply.addresses_redo_reason.as_deref(),
        ),
    ];
    for (field, value) in free_texts {
        let Some(value) = value else { continue };
        for phrase in forbidden_in(value, rules) {
            add(field, format!("含有禁用语“{phrase}”"));
        }
        for p in placeholders_in(value, rules) {
            add(field, format!("含有未填写的占位内容“{p}”"));
        }
    }

    if rules.policy_basis_required_for.contains(&reply.outcome)
        && blank(reply.policy_basis.as_deref())
    {
        add("policy_basis", "该答复结果须写明政策依据".to_owned());
    }
    if ticket.status == TicketStatus::Redo && blank(reply.addresses_redo_reason.as_deref()) {
        add(
            "addresses_redo_reason",
            "重办工单须说明针对重办原因的办理情况".to_owned(),
        );
    }
    if reply.contact_name.trim().is_empty() {
        add("contact_name", "请填写联系人".to_owned());
    } else {
        for p in placeholders_in(&reply.contact_name, rules) {
            add("contact_name", format!("含有未填写的占位内容“{p}”"));
        }
    }
    if !valid_phone(&reply.contact_phone) {
        add(
            "contact_phone",
            "联系电话须为11位手机号或带区号的固定电话（如 0531-88888888）".to_owned(),
        );
    }
    if reply.citizen_contacted_at < ticket.dispatched_at {
        add(
            "citizen_contacted_at",
            "联系市民的时间不能早于派单时间".to_owned(),
        );
    } else if reply.citizen_contacted_at > now {
        add(
            "citizen_contacted_at",
            "联系市民的时间不能晚于当前时间".to_owned(),
        );
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_defeats_splitting() {
        let rules = reply_rules();
        let cases: &[(&str, &[&str])] = &[
            ("此事不归我们管。", &["不归我们管"]),
            ("此事不 归 我们　管", &["不归我们管"]),
            ("请自行，解决。", &["自行解决"]),
            ("无法“处理”", &["无法处理"]),
            ("与我单位（无关）", &["与我单位无关"]),
            ("无法-处理, 自行.解决", &["自行解决", "无法处理"]),
            ("我们已处理完毕", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(forbidden_in(text, &rules), expected.to_vec(), "{text}");
        }
    }

    #[test]
    fn placeholders_phones_and_lengths() {
        let rules = reply_rules();
        assert_eq!(
            placeholders_in("于{{date}}联系XXX，【待填】", &rules),
            vec!["XXX", "【待填】", "{{date}}"]
        );
        assert!(placeholders_in("已联系市民", &rules).is_empty());
        for (phone, ok) in [
            ("13905318801", true),
            ("19912345678", true),
            ("0531-88888888", true),
            ("053188888888", true),
            ("010-1234567", true),
            ("12905318801", false),
            ("1390531880", false),
            ("88888888", false),
            ("0531-888", false),
            ("", false),
        ] {
            assert_eq!(valid_phone(phone), ok, "{phone}");
        }
        assert_eq!(counted_chars("答 复\n内容\t "), 4);
    }

    #[test]
    fn templates_cover_every_outcome_and_are_caught_unfilled() {
        let rules = reply_rules();
        for outcome in ReplyOutcome::KNOWN {
            let template = rules.templates.iter().find(|t| &t.outcome == outcome);
            let template = template.map(|t| t.body.as_str()).unwrap_or_default();
            assert!(counted_chars(template) >= 60, "{outcome}");
            assert!(!placeholders_in(template, &rules).is_empty(), "{outcome}");
            assert!(forbidden_in(template, &rules).is_empty(), "{outcome}");
        }
    }

    /// The desk's bundled rules are this district's rules.
    #[test]
    fn the_desk_bundles_these_rules() {
        assert_eq!(
            desk_domain::reply_lint::default_reply_rules(),
            reply_rules()
        );
    }

    /// The desk's linter and this server agree on every reply: a field the server refuses
    /// is a field the linter blocks, and the other way round. Replies are drawn from
    /// pieces that hit every rule's edges (split phrases, placeholders, full-width digits,
    /// boundary times), so a rule changed on one side only fails here.
    #[test]
    fn the_desk_linter_blocks_exactly_what_the_server_refuses() {
        use desk_domain::reply_lint::{LintInput, lint_reply};
        use rand::{Rng, SeedableRng};
        use std::collections::BTreeSet;

        let rules = reply_rules();
        let now =
            chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+08:00").expect("fixed now");
        let calendar = crate::calendar::sim_calendar();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let long = "经我单位电话联系市民，于当日安排工作人员到现场核实，问题已于次日处理完毕，\
                    市民表示认可。如有其他问题请再与我单位联系，感谢市民对我们工作的支持与理解。";
        let texts = [
            long.to_owned(),
            format!("{long}此事不 归我们，管。"),
            format!("{long}请{{{{finding}}}}"),
            format!("{long}【待填写】"),
            "已处理。".to_owned(),
            format!("{long}XXX"),
            " ".repeat(70),
            format!("{long}自行~解决"),
        ];
        let optional = [
            Some("依据《城市道路管理条例》第二十条".to_owned()),
            None,
            Some(String::new()),
            Some("依据规定，无法“处理”".to_owned()),
            Some("【政策依据】".to_owned()),
        ];
        let phones = [
            "13905318801",
            "0531-88888888",
            "053188888888",
            " 13905318801 ",
            "13９05318801",
            "１3905318801",
            "0531－88888888",
            "1390531880",
            "",
        ];
        let names = ["王五", "", "XXX", "  "];
        let outcomes = [
            ReplyOutcome::Resolved,
            ReplyOutcome::PartiallyResolved,
            ReplyOutcome::UnresolvedExplained,
            ReplyOutcome::InformationProvided,
            ReplyOutcome::Other("maybe".into()),
        ];
        let methods = [
            ContactMethod::Phone,
            ContactMethod::Visit,
            ContactMethod::Other("pigeon".into()),
        ];
        // The first choice of each list is valid; drawn half the time, so that valid
        // replies and replies with a single fault are common.
        let pick = |rng: &mut rand_chacha::ChaCha8Rng, n: usize| {
            if rng.random_bool(0.5) {
                0
            } else {
                rng.random_range(0..n)
            }
        };
        let mut accepted = 0;
        for case in 0..1200u64 {
            let mut ticket = crate::generate::generate_ticket(11, case % 200, now, &calendar);
            if rng.random_bool(0.3) {
                ticket.status = TicketStatus::Redo;
            }
            let contacted_at = match pick(&mut rng, 5) {
                0 => ticket.dispatched_at + (now - ticket.dispatched_at) / 2,
                1 => ticket.dispatched_at,
                2 => ticket.dispatched_at - chrono::Duration::seconds(1),
                3 => now,
                _ => now + chrono::Duration::seconds(1),
            };
            let reply = district_api::Reply {
                outcome: outcomes[pick(&mut rng, outcomes.len())].clone(),
                text: texts[pick(&mut rng, texts.len())].clone(),
                citizen_contacted_at: contacted_at,
                contact_method: methods[pick(&mut rng, methods.len())].clone(),
                contact_name: names[pick(&mut rng, names.len())].to_owned(),
                contact_phone: phones[pick(&mut rng, phones.len())].to_owned(),
                policy_basis: optional[pick(&mut rng, optional.len())].clone(),
                addresses_redo_reason: optional[pick(&mut rng, optional.len())].clone(),
            };
            let server: BTreeSet<String> = check_reply(&reply, &rules, &ticket, now)
                .into_keys()
                .collect();
            let partial: district_api::PartialReply =
                serde_json::from_value(serde_json::to_value(&reply).expect("json"))
                    .expect("a reply is a partial reply");
            let findings = lint_reply(&LintInput {
                reply: &partial,
                ticket: &ticket,
                rules: &rules,
                now: now.with_timezone(&chrono::Utc),
            });
            let client: BTreeSet<String> = findings
                .iter()
                .filter(|f| f.blocking)
                .map(|f| f.field.clone())
                .collect();
            assert_eq!(client, server, "case {case}: {reply:#?}\n{findings:#?}");
            accepted += usize::from(server.is_empty());
        }
        assert!(accepted >= 10, "too few valid replies drawn: {accepted}");
    }
}
