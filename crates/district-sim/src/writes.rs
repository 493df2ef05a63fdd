//! Every state transition of a ticket, as plain functions over the ticket.
//!
//! Each function takes the ticket as stored and returns the changed ticket (version not
//! yet bumped: the caller adds [`version_step`]) or a [`Rejection`]. Within a function the
//! checks follow the contract's precedence: the request's own faults first (422), then
//! the ticket's state (409). Existence (404) and preconditions (428/412) are the
//! caller's, before and after these.

use crate::directory::{HOTLINE_OFFICE, demo_unit};
use crate::rules::{FieldErrors, check_reply, valid_phone};
use chrono::{DateTime, FixedOffset, TimeDelta};
use district_api::{
    AckedBy, Callback, CallbackResult, CoordinationRequest, Extension, ExtensionRequest,
    ExtensionStatus, HistoryEntry, Officer, Opinion, OurRole, ProcessSatisfaction,
    ReassignmentRequest, Redo, Reply, ReplyOutcome, ReplyRules, Ticket, TicketStatus, UnitRef,
    Urgency,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

type Dt = DateTime<FixedOffset>;

/// Working days to reply after a redo.
pub(crate) const REDO_REPLY_DAYS: u32 = 3;
/// The acknowledgement window.
pub(crate) const ACK_WINDOW: TimeDelta = TimeDelta::hours(2);

/// Why a write cannot be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// 422: the request itself falls short.
    Invalid { detail: String, errors: FieldErrors },
    /// 409: impossible in the ticket's present state.
    Conflict(String),
}

impl Rejection {
    fn invalid(errors: FieldErrors) -> Self {
        let fields = errors.keys().cloned().collect::<Vec<_>>().join(", ");
        Rejection::Invalid {
            detail: format!("请求内容不符合要求：{fields}"),
            errors,
        }
    }

    fn conflict(detail: impl Into<String>) -> Self {
        Rejection::Conflict(detail.into())
    }
}

/// Collects field errors; `Err` when there are any.
#[derive(Default)]
struct Check(FieldErrors);

impl Check {
    fn field(&mut self, field: &str, failed: bool, msg: &str) {
        if failed {
            self.0
                .entry(field.to_owned())
                .or_default()
                .push(msg.to_owned());
        }
    }

    fn done(self) -> Result<(), Rejection> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Rejection::invalid(self.0))
        }
    }
}

/// How much a change raises a ticket's version: 1 to 3, drawn from the seed, the ticket
/// and its version (deterministic, never assume +1).
pub(crate) fn version_step(seed: u64, ticket_id: &str, version: i64) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in ticket_id.bytes().chain(version.to_be_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    ChaCha8Rng::seed_from_u64(h).random_range(1..=3)
}

/// Raises the ticket's version by [`version_step`].
pub(crate) fn bump_version(t: &mut Ticket, seed: u64) {
    t.version += version_step(seed, &t.id, t.version);
}

fn officer_label(by: &Officer) -> String {
    format!("{} {}", by.unit_name, by.name)
}

fn log(t: &mut Ticket, at: Dt, actor: &str, action: &str, note: String) {
    t.history.push(HistoryEntry {
        at,
        actor: actor.to_owned(),
        action: action.to_owned(),
        note,
    });
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn must_be_acknowledged(t: &Ticket) -> Result<(), Rejection> {
    if t.status == TicketStatus::PendingAck {
        return Err(Rejection::conflict("工单尚未签收：请先签收"));
    }
    Ok(())
}

fn must_be_open(t: &Ticket, what: &str) -> Result<(), Rejection> {
    must_be_acknowledged(t)?;
    if !matches!(t.status, TicketStatus::InProgress | TicketStatus::Redo) {
        return Err(Rejection::conflict(format!(
            "工单状态为 {}，不能{what}",
            t.status
        )));
    }
    Ok(())
}

fn outcome_label(o: &ReplyOutcome) -> &str {
    match o {
        ReplyOutcome::Resolved => "已解决",
        ReplyOutcome::PartiallyResolved => "部分解决",
        ReplyOutcome::UnresolvedExplained => "未解决已说明",
        ReplyOutcome::InformationProvided => "已答复咨询",
        ReplyOutcome::Other(s) => s,
    }
}

/// 签收: `pending_ack` → `in_progress`. Any other status is 409.
pub(crate) fn ack(t: &Ticket, by: &Officer, now: Dt) -> Result<Ticket, Rejection> {
    if t.status != TicketStatus::PendingAck {
        let who = t
            .acked_by
            .as_ref()
            .map(|a| format!("已由{}签收", a.name))
            .unwrap_or_else(|| format!("工单状态为 {}", t.status));
        return Err(Rejection::conflict(format!("工单{who}，不能重复签收")));
    }
    let mut t = t.clone();
    t.status = TicketStatus::InProgress;
    t.acked_by = Some(AckedBy {
        id: by.id.clone(),
        name: by.name.clone(),
        at: now,
    });
    log(&mut t, now, &officer_label(by), "ack", "签收".to_owned());
    Ok(t)
}

/// 答复 (lead unit): `in_progress`/`redo` → `replied`, checked against the reply rules.
pub(crate) fn reply(
    t: &Ticket,
    r: &Reply,
    rules: &ReplyRules,
    by: &Officer,
    now: Dt,
) -> Result<Ticket, Rejection> {
    let errors = check_reply(r, rules, t, now);
    if !errors.is_empty() {
        return Err(Rejection::invalid(errors));
    }
    if t.our_role != OurRole::Lead {
        return Err(Rejection::conflict(
            "本单位是协办单位：请提交协办意见，由牵头单位答复",
        ));
    }
    must_be_open(t, "答复")?;
    let mut t = t.clone();
    t.status = TicketStatus::Replied;
    t.callback = None;
    let note = format!("答复（{}）", outcome_label(&r.outcome));
    log(&mut t, now, &officer_label(by), "reply", note);
    Ok(t)
}

/// 协办意见 (co-handling unit only).
pub(crate) fn opinion(t: &Ticket, o: &Opinion, by: &Officer, now: Dt) -> Result<Ticket, Rejection> {
    let mut c = Check::default();
    c.field("text", blank(&o.text), "请填写协办意见");
    c.field("contact_name", blank(&o.contact_name), "请填写联系人");
    c.field(
        "contact_phone",
        !valid_phone(&o.contact_phone),
        "联系电话须为11位手机号或带区号的固定电话",
    );
    c.done()?;
    if t.our_role != OurRole::CoHandler {
        return Err(Rejection::conflict(
            "本单位是牵头单位：请答复工单，协办意见由协办单位提交",
        ));
    }
    must_be_acknowledged(t)?;
    if t.status == TicketStatus::Closed {
        return Err(Rejection::conflict("工单已办结，不能提交协办意见"));
    }
    let mut t = t.clone();
    log(
        &mut t,
        now,
        &officer_label(by),
        "opinion",
        format!("提交协办意见：{}", o.text.trim()),
    );
    Ok(t)
}

/// 延期申请: the ticket gets a pending extension.
pub(crate) fn request_extension(
    t: &Ticket,
    r: &ExtensionRequest,
    by: &Officer,
    now: Dt,
) -> Result<Ticket, Rejection> {
    let mut c = Check::default();
    c.field("reason", blank(&r.reason), "请填写延期理由");
    c.field(
        "requested_due_at",
        r.requested_due_at <= t.reply_due_at,
        "申请的办理时限须晚于当前答复时限",
    );
    c.done()?;
    if t.extension
        .as_ref()
        .is_some_and(|e| e.status == ExtensionStatus::Pending)
    {
        return Err(Rejection::conflict("已有待审批的延期申请"));
    }
    must_be_open(t, "申请延期")?;
    let mut t = t.clone();
    t.extension = Some(Extension {
        status: ExtensionStatus::Pending,
        requested_due_at: r.requested_due_at,
        reason: r.reason.trim().to_owned(),
        decided_at: None,
    });
    let note = format!(
        "申请延期至{}：{}",
        r.requested_due_at.format("%Y-%m-%d %H:%M"),
        r.reason.trim()
    );
    log(&mut t, now, &officer_label(by), "extension_request", note);
    Ok(t)
}

/// 申请协调/会商.
pub(crate) fn request_coordination(
    t: &Ticket,
    r: &CoordinationRequest,
    by: &Officer,
    now: Dt,
) -> Result<Ticket, Rejection> {
    let mut c = Check::default();
    c.field("reason", blank(&r.reason), "请填写申请协调的理由");
    c.field(
        "units",
        r.units.iter().all(|u| blank(u)),
        "请至少列出一个需协调的单位",
    );
    c.done()?;
    must_be_open(t, "申请协调")?;
    let mut t = t.clone();
    let units: Vec<&str> = r
        .units
        .iter()
        .map(|u| u.trim())
        .filter(|u| !u.is_empty())
        .collect();
    let note = format!(
        "申请协调：{}（涉及：{}）",
        r.reason.trim(),
        units.join("、")
    );
    log(
        &mut t,
        now,
        &officer_label(by),
        "coordination_request",
        note,
    );
    Ok(t)
}

/// 申请改派: only before `ack_due_at`.
pub(crate) fn request_reassignment(
    t: &Ticket,
    r: &ReassignmentRequest,
    by: &Officer,
    now: Dt,
) -> Result<Ticket, Rejection> {
    let mut c = Check::default();
    c.field("reason", blank(&r.reason), "请填写申请改派的理由");
    c.done()?;
    if now >= t.ack_due_at {
        return Err(Rejection::conflict(format!(
            "已超过签收时限（{}），不能申请改派；如需其他单位配合，请申请协调",
            t.ack_due_at.format("%Y-%m-%d %H:%M")
        )));
    }
    let mut t = t.clone();
    let mut note = format!("申请改派：{}", r.reason.trim());
    if let Some(unit) = r.suggested_unit.as_deref().filter(|u| !blank(u)) {
        note.push_str(&format!("（建议改派至{}）", unit.trim()));
    }
    log(
        &mut t,
        now,
        &officer_label(by),
        "reassignment_request",
        note,
    );
    Ok(t)
}

// ---------- the hotline's side (control API) ----------

/// 回访: satisfied closes a replied ticket; unsatisfied sends it back as a redo with a new
/// deadline of 3 working days.
pub(crate) fn callback(
    t: &Ticket,
    satisfied: bool,
    reason: Option<&str>,
    comment: Option<&str>,
    now: Dt,
    calendar: &crate::calendar::SimCalendar,
) -> Result<Ticket, Rejection> {
    if t.status != TicketStatus::Replied {
        return Err(Rejection::conflict(format!(
            "只能回访已答复的工单（当前状态 {}）",
            t.status
        )));
    }
    let mut t = t.clone();
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if satisfied {
        t.callback = Some(Callback {
            at: now,
            process: ProcessSatisfaction::Satisfied,
            result: CallbackResult::Resolved,
            comment: comment
                .unwrap_or("市民表示问题已解决，对处理结果满意。")
                .to_owned(),
        });
        t.status = TicketStatus::Closed;
        log(
            &mut t,
            now,
            HOTLINE_OFFICE,
            "callback",
            "回访：满意，已解决".to_owned(),
        );
        log(&mut t, now, HOTLINE_OFFICE, "close", "工单办结".to_owned());
    } else {
        let reason = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .unwrap_or("市民反映问题仍未解决，对答复不认可。")
            .to_owned();
        t.callback = Some(Callback {
            at: now,
            process: ProcessSatisfaction::Unsatisfied,
            result: CallbackResult::Unresolved,
            comment: comment.unwrap_or(&reason).to_owned(),
        });
        let count = t.redo.as_ref().map_or(0, |r| r.count) + 1;
        t.redo = Some(Redo {
            count,
            reason: reason.clone(),
            at: now,
        });
        t.status = TicketStatus::Redo;
        t.reply_due_at = calendar.deadline(now, REDO_REPLY_DAYS);
        log(
            &mut t,
            now,
            HOTLINE_OFFICE,
            "callback",
            "回访：不满意，问题未解决".to_owned(),
        );
        log(
            &mut t,
            now,
            HOTLINE_OFFICE,
            "redo",
            format!("退回重办：{reason}"),
        );
    }
    Ok(t)
}

/// Decides a pending extension; an approval moves `reply_due_at`.
pub(crate) fn decide_extension(t: &Ticket, approve: bool, now: Dt) -> Result<Ticket, Rejection> {
    let Some(ext) = t
        .extension
        .as_ref()
        .filter(|e| e.status == ExtensionStatus::Pending)
    else {
        return Err(Rejection::conflict("该工单没有待审批的延期申请"));
    };
    let mut t = t.clone();
    let mut ext = ext.clone();
    ext.decided_at = Some(now);
    if approve {
        ext.status = ExtensionStatus::Approved;
        t.reply_due_at = ext.requested_due_at;
        log(
            &mut t,
            now,
            HOTLINE_OFFICE,
            "extension_approve",
            "同意延期".to_owned(),
        );
    } else {
        ext.status = ExtensionStatus::Rejected;
        log(
            &mut t,
            now,
            HOTLINE_OFFICE,
            "extension_reject",
            "延期申请未获批准，按原时限办理".to_owned(),
        );
    }
    t.extension = Some(ext);
    Ok(t)
}

/// The ticket as it leaves for `to` (改派).
pub(crate) fn redispatch_away(t: &Ticket, to: &UnitRef, now: Dt) -> Ticket {
    let mut t = t.clone();
    if t.our_role == OurRole::Lead {
        t.lead_unit = to.clone();
    }
    log(
        &mut t,
        now,
        HOTLINE_OFFICE,
        "redispatch",
        format!("改派至{}", to.name),
    );
    t
}

/// The ticket as it is dispatched (again) to the demo unit as lead unit: a fresh
/// `pending_ack` ticket with new deadlines.
pub(crate) fn redispatch_back(
    t: &Ticket,
    now: Dt,
    calendar: &crate::calendar::SimCalendar,
) -> Ticket {
    let mut t = t.clone();
    let unit = demo_unit();
    t.our_role = OurRole::Lead;
    t.co_units.retain(|u| u.id != unit.id);
    t.lead_unit = unit.clone();
    t.status = TicketStatus::PendingAck;
    t.dispatched_at = now;
    t.ack_due_at = now + ACK_WINDOW;
    let days = if t.urgency == Urgency::Urgent { 1 } else { 5 };
    t.reply_due_at = calendar.deadline(now, days);
    t.acked_by = None;
    t.extension = None;
    t.supervision = None;
    t.callback = None;
    log(
        &mut t,
        now,
        HOTLINE_OFFICE,
        "dispatch",
        format!("改派至{}办理", unit.name),
    );
    t
}

/// A shallow JSON merge of top-level fields into the ticket (`id` and `version` cannot be
/// edited; `null` sets an optional field to null).
pub(crate) fn merge_edit(t: &Ticket, patch: &serde_json::Value) -> Result<Ticket, Rejection> {
    let Some(patch) = patch.as_object() else {
        return Err(Rejection::invalid(
            [("body".to_owned(), vec!["须为 JSON 对象".to_owned()])].into(),
        ));
    };
    let mut value = serde_json::to_value(t).map_err(|e| Rejection::conflict(e.to_string()))?;
    let Some(obj) = value.as_object_mut() else {
        return Err(Rejection::conflict("工单不是 JSON 对象"));
    };
    let mut c = Check::default();
    for (k, v) in patch {
        if k == "id" || k == "version" {
            c.field(k, true, "不能修改");
            continue;
        }
        obj.insert(k.clone(), v.clone());
    }
    c.done()?;
    serde_json::from_value(value).map_err(|e| {
        Rejection::invalid([("body".to_owned(), vec![format!("不是有效的工单：{e}")])].into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::sim_calendar;
    use crate::directory::ACCOUNTS;
    use crate::generate::generate_tickets;
    use crate::rules::reply_rules;
    use district_api::ContactMethod;

    fn now() -> Dt {
        test_support::time::at("2026-11-26T10:00:00+08:00")
    }

    fn tickets() -> Vec<Ticket> {
        let cal = sim_calendar();
        generate_tickets(42, 200, now(), &cal).collect()
    }

    fn find(status: TicketStatus, role: OurRole) -> Ticket {
        tickets()
            .into_iter()
            .find(|t| t.status == status && t.our_role == role)
            .unwrap_or_else(|| panic!("a {status} {role} ticket"))
    }

    fn good_reply(t: &Ticket) -> Reply {
        Reply {
            outcome: ReplyOutcome::Resolved,
            text: "经我单位电话联系市民，于当日安排工作人员到现场核实，确认路灯线路老化导致不亮。\
                   维修人员已更换线路并恢复照明，经复查运行正常，已告知市民，市民表示认可。"
                .to_owned(),
            citizen_contacted_at: (t.dispatched_at + TimeDelta::minutes(30)).min(now()),
            contact_method: ContactMethod::Phone,
            contact_name: "李四".to_owned(),
            contact_phone: "0531-88888888".to_owned(),
            policy_basis: None,
            addresses_redo_reason: Some("已针对重办原因重新核实并整改".to_owned()),
        }
    }

    fn officer() -> Officer {
        ACCOUNTS[0].officer()
    }

    fn conflict(r: Result<Ticket, Rejection>) -> bool {
        matches!(r, Err(Rejection::Conflict(_)))
    }

    fn invalid_fields(r: Result<Ticket, Rejection>) -> Vec<String> {
        match r {
            Err(Rejection::Invalid { errors, .. }) => errors.into_keys().collect(),
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn ack_by_status() {
        let cases = [
            (TicketStatus::PendingAck, true),
            (TicketStatus::InProgress, false),
            (TicketStatus::Redo, false),
            (TicketStatus::Replied, false),
            (TicketStatus::Closed, false),
        ];
        for (status, ok) in cases {
            let t = find(status.clone(), OurRole::Lead);
            let r = ack(&t, &officer(), now());
            if ok {
                let n = r.unwrap_or_else(|e| panic!("{e:?}"));
                assert_eq!(n.status, TicketStatus::InProgress);
                assert_eq!(n.acked_by.map(|a| a.id), Some("off-a".to_owned()));
                assert_eq!(n.history.last().map(|h| h.action.as_str()), Some("ack"));
            } else {
                assert!(conflict(r), "{status}");
            }
        }
    }

    #[test]
    fn reply_by_status_and_role() {
        let cases = [
            (TicketStatus::PendingAck, OurRole::Lead, false),
            (TicketStatus::InProgress, OurRole::Lead, true),
            (TicketStatus::Redo, OurRole::Lead, true),
            (TicketStatus::Replied, OurRole::Lead, false),
            (TicketStatus::Closed, OurRole::Lead, false),
            (TicketStatus::InProgress, OurRole::CoHandler, false),
        ];
        let rules = reply_rules();
        for (status, role, ok) in cases {
            let t = find(status.clone(), role.clone());
            let r = reply(&t, &good_reply(&t), &rules, &officer(), now());
            if ok {
                let n = r.unwrap_or_else(|e| panic!("{status} {e:?}"));
                assert_eq!(n.status, TicketStatus::Replied);
                assert_eq!(n.callback, None);
            } else {
                assert!(conflict(r), "{status} {role}");
            }
        }
    }

    #[test]
    fn reply_422_comes_before_409_and_names_the_fields() {
        let rules = reply_rules();
        let closed = find(TicketStatus::Closed, OurRole::Lead);
        let mut bad = good_reply(&closed);
        bad.text = "不归 我们，管".to_owned();
        bad.contact_phone = "12345".to_owned();
        bad.outcome = ReplyOutcome::UnresolvedExplained;
        bad.citizen_contacted_at = now() + TimeDelta::hours(1);
        assert_eq!(
            invalid_fields(reply(&closed, &bad, &rules, &officer(), now())),
            [
                "citizen_contacted_at",
                "contact_phone",
                "policy_basis",
                "text"
            ]
        );
        let redo = find(TicketStatus::Redo, OurRole::Lead);
        let mut r = good_reply(&redo);
        r.addresses_redo_reason = Some("  ".to_owned());
        r.citizen_contacted_at = redo.dispatched_at - TimeDelta::minutes(1);
        assert_eq!(
            invalid_fields(reply(&redo, &r, &rules, &officer(), now())),
            ["addresses_redo_reason", "citizen_contacted_at"]
        );
    }

    #[test]
    fn extension_coordination_reassignment_opinion() {
        let open = find(TicketStatus::InProgress, OurRole::Lead);
        let req = ExtensionRequest {
            reason: "需协调施工单位".to_owned(),
            requested_due_at: open.reply_due_at + TimeDelta::days(3),
        };
        let once = request_extension(&open, &req, &officer(), now());
        let once = once.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            once.extension.as_ref().map(|e| e.status.clone()),
            Some(ExtensionStatus::Pending)
        );
        assert!(conflict(request_extension(&once, &req, &officer(), now())));
        let early = ExtensionRequest {
            reason: String::new(),
            requested_due_at: open.reply_due_at,
        };
        assert_eq!(
            invalid_fields(request_extension(&open, &early, &officer(), now())),
            ["reason", "requested_due_at"]
        );
        let approved = decide_extension(&once, true, now()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(approved.reply_due_at, req.requested_due_at);
        assert!(conflict(decide_extension(&approved, true, now())));

        let coord = CoordinationRequest {
            reason: String::new(),
            units: vec![" ".to_owned()],
        };
        assert_eq!(
            invalid_fields(request_coordination(&open, &coord, &officer(), now())),
            ["reason", "units"]
        );

        let pending = find(TicketStatus::PendingAck, OurRole::Lead);
        let re = ReassignmentRequest {
            reason: "非本辖区".to_owned(),
            suggested_unit: Some("tq-yaoshan".to_owned()),
        };
        let before = pending.ack_due_at - TimeDelta::minutes(1);
        let done = request_reassignment(&pending, &re, &officer(), before);
        assert!(done.is_ok_and(|t| t.history.iter().any(|h| h.note.contains("申请改派"))));
        assert!(conflict(request_reassignment(
            &pending,
            &re,
            &officer(),
            pending.ack_due_at
        )));

        let op = Opinion {
            text: "同意牵头单位意见".to_owned(),
            contact_name: "李四".to_owned(),
            contact_phone: "13905318801".to_owned(),
        };
        assert!(conflict(opinion(&open, &op, &officer(), now())));
        let co = find(TicketStatus::InProgress, OurRole::CoHandler);
        assert!(opinion(&co, &op, &officer(), now()).is_ok());
    }

    #[test]
    fn callbacks_close_or_redo() {
        let cal = sim_calendar();
        let replied = find(TicketStatus::Replied, OurRole::Lead);
        let closed = callback(&replied, true, None, None, now(), &cal);
        assert!(closed.is_ok_and(|t| t.status == TicketStatus::Closed));
        let redo = callback(&replied, false, Some("仍未修好"), None, now(), &cal);
        let redo = redo.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(redo.status, TicketStatus::Redo);
        let before = replied.redo.as_ref().map_or(0, |r| r.count);
        assert_eq!(redo.redo.as_ref().map(|r| r.count), Some(before + 1));
        assert_eq!(
            redo.reply_due_at,
            cal.deadline(now(), REDO_REPLY_DAYS),
            "3 working days"
        );
        assert!(conflict(callback(&redo, true, None, None, now(), &cal)));
    }

    #[test]
    fn version_steps_are_between_one_and_three_and_vary() {
        let steps: std::collections::BTreeSet<i64> =
            (0..50).map(|v| version_step(42, "TQ1", v)).collect();
        assert_eq!(steps, [1, 2, 3].into());
    }
}
