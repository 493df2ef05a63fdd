//! Reply templates (答复模板): choosing them by outcome and filling in what the app knows.
//!
//! Templates come from the district's reply rules ([`district_api::ReplyRules::templates`]).
//! Their bodies hold `{{key}}` placeholders. [`fill_template`] replaces the keys the app
//! knows ([`TemplateFacts::KEYS`]) and leaves every other placeholder exactly as written,
//! so it stays visible in the text and the reply linter
//! ([`crate::reply_lint::lint_reply`]) flags it as unfilled until the officer writes it.
//! Pure: the date is a parameter, never read from a clock.

use chrono::{Datelike, NaiveDate};
use district_api::{ContactMethod, PartialReply, ReplyOutcome, ReplyRules, ReplyTemplate, Ticket};

/// What the app knows when an officer inserts a template. `None` (or a blank string)
/// means "not known": the placeholder stays in the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateFacts {
    /// `{{date}}`: today, server-corrected, as a local (Beijing) date. Written `2026年11月28日`.
    pub date: Option<NaiveDate>,
    /// `{{contact_date}}`: the day the citizen was contacted. Written like `date`.
    pub contact_date: Option<NaiveDate>,
    /// `{{contact_method}}`: how the citizen was contacted, written as its Chinese label
    /// ([`contact_method_label`]: 电话, 上门, 短信, 其他方式). A value the contract does not
    /// know leaves the placeholder.
    pub contact_method: Option<ContactMethod>,
    /// `{{contact_name}}`: the unit's contact person named in the reply.
    pub contact_name: Option<String>,
    /// `{{contact_phone}}`: the unit's contact phone named in the reply.
    pub contact_phone: Option<String>,
    /// `{{location}}`: the ticket's location.
    pub location: Option<String>,
    /// `{{title}}`: the ticket's title.
    pub title: Option<String>,
    /// `{{ticket_id}}`: the ticket's number (e.g. `TQ20261128000123`).
    pub ticket_id: Option<String>,
    /// `{{matter}}`: the ticket's 事项分类 (e.g. `城市管理/市政设施/路灯`).
    pub matter: Option<String>,
}

impl TemplateFacts {
    /// The placeholder keys [`fill_template`] can fill, in field order.
    pub const KEYS: [&'static str; 9] = [
        "date",
        "contact_date",
        "contact_method",
        "contact_name",
        "contact_phone",
        "location",
        "title",
        "ticket_id",
        "matter",
    ];

    /// The facts of `ticket` and of the reply being drafted, with `today` the
    /// server-corrected local date. `contact_date` is the date of
    /// `citizen_contacted_at` in its own offset.
    pub fn for_reply(ticket: &Ticket, reply: &PartialReply, today: NaiveDate) -> Self {
        TemplateFacts {
            date: Some(today),
            contact_date: reply.citizen_contacted_at.map(|at| at.date_naive()),
            contact_method: reply.contact_method.clone(),
            contact_name: reply.contact_name.clone(),
            contact_phone: reply.contact_phone.clone(),
            location: Some(ticket.location.clone()),
            title: Some(ticket.title.clone()),
            ticket_id: Some(ticket.id.clone()),
            matter: Some(ticket.matter.clone()),
        }
    }

    /// The text for placeholder `key`, if known and not blank.
    pub fn value(&self, key: &str) -> Option<String> {
        let text = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        match key {
            "date" => self.date.map(chinese_date),
            "contact_date" => self.contact_date.map(chinese_date),
            "contact_method" => match self.contact_method.as_ref()? {
                ContactMethod::Other(_) => None,
                known => Some(contact_method_label(known)),
            },
            "contact_name" => text(&self.contact_name),
            "contact_phone" => text(&self.contact_phone),
            "location" => text(&self.location),
            "title" => text(&self.title),
            "ticket_id" => text(&self.ticket_id),
            "matter" => text(&self.matter),
            _ => None,
        }
    }
}

/// Fills the `{{key}}` placeholders of a template body that `facts` knows (spaces around
/// the key are allowed: `{{ date }}`). Unknown keys, keys without a known value and
/// unclosed braces are left exactly as written. One pass: an inserted value is never
/// itself expanded.
pub fn fill_template(body: &str, facts: &TemplateFacts) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            break;
        };
        let key = &after[..close];
        out.push_str(&rest[..open]);
        let value = if key.contains(['{', '}', '\n']) {
            None
        } else {
            facts.value(key.trim())
        };
        match value {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..open + 2 + close + 2]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// The templates of `rules` for `outcome`, in the rules' order.
pub fn templates_for<'a>(rules: &'a ReplyRules, outcome: &ReplyOutcome) -> Vec<&'a ReplyTemplate> {
    rules
        .templates
        .iter()
        .filter(|t| &t.outcome == outcome)
        .collect()
}

/// A date the way Chinese official replies write it: `2026年11月28日` (no zero padding).
pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The Chinese label of a contact method as it reads in a reply (经我单位**电话**联系市民).
/// Unknown values are shown as they are.
pub fn contact_method_label(m: &ContactMethod) -> String {
    match m {
        ContactMethod::Phone => "电话",
        ContactMethod::Visit => "上门",
        ContactMethod::Sms => "短信",
        ContactMethod::OtherMethod => "其他方式",
        ContactMethod::Other(s) => return s.clone(),
    }
    .to_owned()
}

/// The Chinese label of a reply outcome (答复结果). Unknown values are shown as they are.
pub fn outcome_label(o: &ReplyOutcome) -> String {
    match o {
        ReplyOutcome::Resolved => "已解决",
        ReplyOutcome::PartiallyResolved => "部分解决",
        ReplyOutcome::UnresolvedExplained => "未解决已说明",
        ReplyOutcome::InformationProvided => "已答复咨询",
        ReplyOutcome::Other(s) => return s.clone(),
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply_lint::{FindingCode, LintInput, default_reply_rules, lint_reply};
    use pretty_assertions::assert_eq;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn facts() -> TemplateFacts {
        TemplateFacts {
            date: Some(day("2026-11-28")),
            contact_date: Some(day("2026-11-29")),
            contact_method: Some(ContactMethod::Phone),
            contact_name: Some("李四".to_owned()),
            contact_phone: Some("0531-88888888".to_owned()),
            location: Some("天桥区北园街道明湖小区".to_owned()),
            title: Some("小区门口路灯不亮".to_owned()),
            ticket_id: Some("TQ20261128000123".to_owned()),
            matter: Some("城市管理/市政设施/路灯".to_owned()),
        }
    }

    fn check(body: &str, facts: &TemplateFacts, expected: &str) {
        assert_eq!(fill_template(body, facts), expected, "{body}");
    }

    #[test]
    fn fills_known_keys_and_keeps_the_rest_as_written() {
        let f = facts();
        let none = TemplateFacts::default();
        let cases: &[(&str, &TemplateFacts, &str)] = &[
            ("于{{date}}联系", &f, "于2026年11月28日联系"),
            ("{{ date }}", &f, "2026年11月28日"),
            (
                "{{contact_date}}{{contact_method}}告知",
                &f,
                "2026年11月29日电话告知",
            ),
            (
                "请联系{{contact_name}}，电话{{contact_phone}}。",
                &f,
                "请联系李四，电话0531-88888888。",
            ),
            (
                "{{location}}|{{title}}|{{ticket_id}}|{{matter}}",
                &f,
                "天桥区北园街道明湖小区|小区门口路灯不亮|TQ20261128000123|城市管理/市政设施/路灯",
            ),
            ("经查，{{finding}}。", &f, "经查，{{finding}}。"),
            ("{{Date}}", &f, "{{Date}}"),
            ("{{date}", &f, "{{date}"),
            ("{{date", &f, "{{date"),
            ("{{}}", &f, "{{}}"),
            ("{{{date}}}", &f, "{{{date}}}"),
            ("【请填写】XXX", &f, "【请填写】XXX"),
            (
                "于{{date}}联系{{contact_name}}",
                &none,
                "于{{date}}联系{{contact_name}}",
            ),
            ("", &f, ""),
        ];
        for (body, facts, expected) in cases {
            check(body, facts, expected);
        }
    }

    #[test]
    fn blank_or_unknown_facts_leave_the_placeholder() {
        let f = TemplateFacts {
            contact_name: Some("  ".to_owned()),
            contact_method: Some(ContactMethod::Other("fax".to_owned())),
            ..facts()
        };
        check(
            "{{contact_name}}{{contact_method}}",
            &f,
            "{{contact_name}}{{contact_method}}",
        );
        let f = TemplateFacts {
            contact_method: Some(ContactMethod::Visit),
            ..facts()
        };
        check(
            "经我单位{{contact_method}}联系市民",
            &f,
            "经我单位上门联系市民",
        );
    }

    #[test]
    fn an_inserted_value_is_not_expanded_again() {
        let f = TemplateFacts {
            contact_name: Some("{{date}}".to_owned()),
            ..facts()
        };
        check("{{contact_name}}", &f, "{{date}}");
    }

    #[test]
    fn every_known_key_has_a_value_when_everything_is_known() {
        let f = facts();
        for key in TemplateFacts::KEYS {
            assert!(f.value(key).is_some(), "{key}");
            assert_eq!(
                fill_template(&format!("{{{{{key}}}}}"), &f),
                f.value(key).unwrap_or_default()
            );
        }
    }

    #[test]
    fn real_templates_fill_and_the_linter_flags_what_is_left() {
        let rules = default_reply_rules();
        let f = facts();
        let known: Vec<String> = TemplateFacts::KEYS
            .iter()
            .map(|k| format!("{{{{{k}}}}}"))
            .collect();
        assert_eq!(rules.templates.len(), 5);
        for t in &rules.templates {
            let filled = fill_template(&t.body, &f);
            for k in &known {
                assert!(!filled.contains(k.as_str()), "{} still has {k}", t.id);
            }
            assert!(
                filled.contains("2026年11月28日") || filled.contains("2026年11月29日"),
                "{}",
                t.id
            );
            assert!(
                filled.contains("李四") && filled.contains("0531-88888888"),
                "{}",
                t.id
            );
            // The template's other keys stay, exactly as written, and block sending.
            let left: Vec<&str> = t
                .body
                .match_indices("{{")
                .filter_map(|(i, _)| {
                    let end = t.body[i..].find("}}")? + i + 2;
                    Some(&t.body[i..end])
                })
                .filter(|p| !known.iter().any(|k| k == p))
                .collect();
            assert!(!left.is_empty(), "{}", t.id);
            for p in &left {
                assert!(filled.contains(p), "{} lost {p}", t.id);
            }
            let ticket = crate::reply_lint::tests::ticket();
            let reply = PartialReply {
                outcome: Some(t.outcome.clone()),
                text: Some(filled.clone()),
                ..PartialReply::default()
            };
            let findings = lint_reply(&LintInput {
                reply: &reply,
                ticket: &ticket,
                rules: &rules,
                now: chrono::DateTime::parse_from_rfc3339("2026-11-29T10:00:00+08:00")
                    .expect("test now")
                    .to_utc(),
            });
            let flagged: Vec<&str> = findings
                .iter()
                .filter(|f| f.code == FindingCode::UnfilledPlaceholder && f.field == "text")
                .filter_map(|f| f.matched.as_deref())
                .collect();
            assert_eq!(flagged, left, "{}", t.id);
        }
    }

    #[test]
    fn for_reply_takes_ticket_and_reply_facts() {
        let ticket = crate::reply_lint::tests::ticket();
        let reply = PartialReply {
            citizen_contacted_at: chrono::DateTime::parse_from_rfc3339("2026-11-28T23:30:00+08:00")
                .ok(),
            contact_method: Some(ContactMethod::Sms),
            contact_name: Some("李四".to_owned()),
            ..PartialReply::default()
        };
        let f = TemplateFacts::for_reply(&ticket, &reply, day("2026-11-30"));
        check(
            "{{date}}{{contact_date}}{{contact_method}}{{contact_name}}{{contact_phone}}{{title}}",
            &f,
            "2026年11月30日2026年11月28日短信李四{{contact_phone}}小区门口路灯不亮",
        );
    }

    #[test]
    fn labels_and_template_choice() {
        assert_eq!(chinese_date(day("2026-03-05")), "2026年3月5日");
        let labels: Vec<String> = ContactMethod::KNOWN
            .iter()
            .map(contact_method_label)
            .collect();
        assert_eq!(labels, ["电话", "上门", "短信", "其他方式"]);
        let labels: Vec<String> = ReplyOutcome::KNOWN.iter().map(outcome_label).collect();
        assert_eq!(labels, ["已解决", "部分解决", "未解决已说明", "已答复咨询"]);
        let rules = default_reply_rules();
        let ids: Vec<&str> = templates_for(&rules, &ReplyOutcome::Resolved)
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(ids, ["resolved-default", "resolved-repair"]);
        for o in ReplyOutcome::KNOWN {
            assert!(!templates_for(&rules, o).is_empty(), "{o}");
        }
        assert!(templates_for(&rules, &ReplyOutcome::Other("x".to_owned())).is_empty());
    }
}
