//! The write side: the contract's write pipeline (idempotency, existence, validation,
//! state, preconditions, effect, write log), and the hotline's own operations behind the
//! control API. Blocking: run it off the async threads. Each write runs in one store
//! transaction, so concurrent requests with the same `Idempotency-Key` apply once.

use crate::directory::{account_by_id, unit_name};
use crate::rules::reply_rules;
use crate::store::{self, StoredAnswer, WriteRecord};
use crate::writes::{self, Rejection, bump_version};
use crate::{DEMO_UNIT_ID, Sim, SimError};
use axum::http::StatusCode;
use chrono::{DateTime, FixedOffset, TimeDelta};
use district_api::{
    CoordinationRequest, Draft, DraftPut, Duty, DutyPut, ExtensionRequest, Officer, OfficerRole,
    Opinion, PROBLEM_CONTENT_TYPE, PersonRef, Problem, ReassignmentRequest, RemovalReason, Reply,
    RosterOfficer, Ticket, UnitRef,
};
use rusqlite::Connection;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

type Dt = DateTime<FixedOffset>;

/// How long the answer of an `Idempotency-Key` is kept, in sim time.
pub(crate) const IDEMPOTENCY_RETENTION: TimeDelta = TimeDelta::hours(72);

const JSON: &str = "application/json";

/// A problem document with the status's reason phrase as title.
pub(crate) fn problem(status: StatusCode, detail: impl Into<String>) -> Problem {
    Problem::new(
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error"),
        detail,
    )
}

/// The writes of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteOp {
    Ack,
    Reply,
    Opinion,
    Extension,
    Coordination,
    Reassignment,
    Draft,
    Duty,
}

impl WriteOp {
    /// The write log's `kind`.
    pub fn kind(self) -> &'static str {
        match self {
            WriteOp::Ack => "ack",
            WriteOp::Reply => "reply",
            WriteOp::Opinion => "opinion",
            WriteOp::Extension => "extension_request",
            WriteOp::Coordination => "coordination_request",
            WriteOp::Reassignment => "reassignment_request",
            WriteOp::Draft => "draft_put",
            WriteOp::Duty => "duty_put",
        }
    }
}

/// One write request, as the HTTP layer hands it over.
#[derive(Debug, Clone)]
pub(crate) struct WriteRequest {
    pub op: WriteOp,
    /// The ticket id (ticket and draft writes) or the unit id (duty).
    pub target: String,
    pub method: String,
    pub path: String,
    pub key: String,
    pub body: Vec<u8>,
    pub if_match: Option<String>,
    pub if_none_match: Option<String>,
}

/// The answer of a write.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub status: u16,
    pub body: String,
    pub content_type: String,
    /// The write took effect in this request.
    pub committed: bool,
    /// The answer is a stored one (an idempotent replay).
    pub replayed: bool,
}

impl Answer {
    fn json(status: StatusCode, body: String) -> Self {
        Answer {
            status: status.as_u16(),
            body,
            content_type: JSON.to_owned(),
            committed: true,
            replayed: false,
        }
    }

    pub fn problem(p: &Problem) -> Self {
        Answer {
            status: p.status,
            body: serde_json::to_string(p).unwrap_or_else(|_| "{}".to_owned()),
            content_type: PROBLEM_CONTENT_TYPE.to_owned(),
            committed: false,
            replayed: false,
        }
    }
}

/// Whether an answer is kept under its key: all but 401, 429 and 5xx.
fn storable(status: u16) -> bool {
    !(status == 401 || status == 429 || status >= 500)
}

/// Whether two request bodies are the same JSON value (or the same bytes, if either is
/// not JSON).
fn same_body(a: &str, b: &[u8]) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_slice::<serde_json::Value>(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => a.as_bytes() == b,
    }
}

/// Performs a write: replays a stored answer, or evaluates, applies and stores it.
pub(crate) fn perform(
    sim: &Sim,
    officer: &Officer,
    req: &WriteRequest,
) -> Result<Answer, SimError> {
    let now = sim.clock.now_seconds();
    sim.store.write(|conn| {
        if let Some(stored) = store::stored_answer(conn, &req.key, now - IDEMPOTENCY_RETENTION)? {
            if stored.method == req.method
                && stored.path == req.path
                && same_body(&stored.body, &req.body)
            {
                return Ok(Answer {
                    status: stored.status,
                    body: stored.response,
                    content_type: stored.content_type,
                    committed: false,
                    replayed: true,
                });
            }
            let p = problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "该 Idempotency-Key 已用于另一个请求（方法、路径或请求体不同）：修改后的请求须使用新的 Idempotency-Key",
            );
            let mut p = p;
            p.errors.insert(
                "Idempotency-Key".to_owned(),
                vec!["已用于另一个请求".to_owned()],
            );
            return Ok(Answer::problem(&p));
        }
        let outcome = evaluate(conn, sim, officer, req, now)?;
        let (answer, ticket_id) = match outcome {
            Ok((answer, ticket_id)) => (answer, ticket_id),
            Err(p) => (Answer::problem(&p), None),
        };
        if storable(answer.status) {
            let stored = StoredAnswer {
                method: req.method.clone(),
                path: req.path.clone(),
                body: String::from_utf8_lossy(&req.body).into_owned(),
                status: answer.status,
                response: answer.body.clone(),
                content_type: answer.content_type.clone(),
            };
            store::store_answer(conn, &req.key, &stored, now)?;
        }
        if answer.committed {
            store::log_write(
                conn,
                &WriteRecord {
                    seq: 0,
                    idempotency_key: req.key.clone(),
                    method: req.method.clone(),
                    path: req.path.clone(),
                    ticket_id,
                    kind: req.op.kind().to_owned(),
                    at: now,
                },
            )?;
        }
        Ok(answer)
    })
}

type Evaluated = Result<(Answer, Option<String>), Box<Problem>>;

fn evaluate(
    conn: &Connection,
    sim: &Sim,
    officer: &Officer,
    req: &WriteRequest,
    now: Dt,
) -> Result<Evaluated, SimError> {
    match req.op {
        WriteOp::Duty => duty_write(conn, officer, req, now),
        WriteOp::Draft => draft_write(conn, officer, req, now),
        _ => ticket_write(conn, sim, officer, req, now),
    }
}

/// The ticket of `id` if it belongs to the officer's unit.
fn own_ticket(conn: &Connection, officer: &Officer, id: &str) -> Result<Option<Ticket>, SimError> {
    Ok(store::ticket_row(conn, id)?
        .filter(|(unit, _)| *unit == officer.unit_id)
        .map(|(_, t)| t))
}

fn ticket_not_found(id: &str) -> Box<Problem> {
    Box::new(problem(
        StatusCode::NOT_FOUND,
        format!("工单 {id} 不存在或不属于本单位"),
    ))
}

/// Parses a request body: 400 when it is not JSON, 422 when it does not fit.
pub(crate) fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, Box<Problem>> {
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Data => {
                let msg = e.to_string();
                let field = msg
                    .split_once("missing field `")
                    .and_then(|(_, rest)| rest.split_once('`'))
                    .map(|(f, _)| f.to_owned());
                let mut p = problem(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("请求体字段不符合要求：{msg}"),
                );
                match field {
                    Some(f) => p.errors.insert(f, vec!["必填".to_owned()]),
                    None => p.errors.insert("body".to_owned(), vec![msg]),
                };
                Box::new(p)
            }
            _ => Box::new(problem(
                StatusCode::BAD_REQUEST,
                format!("请求体不是合法的 JSON：{e}"),
            )),
        }
    })
}

fn rejection_problem(r: Rejection, current: serde_json::Value) -> Box<Problem> {
    let p = match r {
        Rejection::Invalid { detail, errors } => {
            let mut p = problem(StatusCode::UNPROCESSABLE_ENTITY, detail);
            p.errors = errors;
            p
        }
        Rejection::Conflict(detail) => {
            let mut p = problem(StatusCode::CONFLICT, detail);
            p.current = Some(current);
            p
        }
    };
    Box::new(p)
}

/// Whether an `If-Match` value names `current` (quoted, unquoted, weak, a list or `*`).
pub(crate) fn if_match_names(header: &str, current: i64) -> bool {
    header.split(',').any(|tag| {
        let tag = tag.trim();
        if tag == "*" {
            return true;
        }
        let tag = tag.strip_prefix("W/").unwrap_or(tag).trim();
        let tag = tag.trim_matches('"').trim();
        tag.parse::<i64>().is_ok_and(|v| v == current)
    })
}

fn precondition_required(what: &str) -> Box<Problem> {
    Box::new(problem(
        StatusCode::PRECONDITION_REQUIRED,
        format!("缺少前提条件：{what}"),
    ))
}

fn precondition_failed(detail: &str, current: serde_json::Value) -> Box<Problem> {
    let mut p = problem(StatusCode::PRECONDITION_FAILED, detail);
    p.current = Some(current);
    Box::new(p)
}

fn ticket_write(
    conn: &Connection,
    sim: &Sim,
    officer: &Officer,
    req: &WriteRequest,
    now: Dt,
) -> Result<Evaluated, SimError> {
    let id = &req.target;
    let Some(ticket) = own_ticket(conn, officer, id)? else {
        return Ok(Err(ticket_not_found(id)));
    };
    let changed = match req.op {
        WriteOp::Ack => {
            // The body is `{}`; an empty body is accepted, anything else must be JSON.
            if !req.body.iter().all(u8::is_ascii_whitespace)
                && let Err(p) = parse_body::<serde_json::Value>(&req.body)
            {
                return Ok(Err(p));
            }
            writes::ack(&ticket, officer, now)
        }
        WriteOp::Reply => match parse_body::<Reply>(&req.body) {
            Ok(r) => writes::reply(&ticket, &r, &reply_rules(), officer, now),
            Err(p) => return Ok(Err(p)),
        },
        WriteOp::Opinion => match parse_body::<Opinion>(&req.body) {
            Ok(o) => writes::opinion(&ticket, &o, officer, now),
            Err(p) => return Ok(Err(p)),
        },
        WriteOp::Extension => match parse_body::<ExtensionRequest>(&req.body) {
            Ok(r) => writes::request_extension(&ticket, &r, officer, now),
            Err(p) => return Ok(Err(p)),
        },
        WriteOp::Coordination => match parse_body::<CoordinationRequest>(&req.body) {
            Ok(r) => writes::request_coordination(&ticket, &r, officer, now),
            Err(p) => return Ok(Err(p)),
        },
        WriteOp::Reassignment => match parse_body::<ReassignmentRequest>(&req.body) {
            Ok(r) => writes::request_reassignment(&ticket, &r, officer, now),
            Err(p) => return Ok(Err(p)),
        },
        WriteOp::Draft | WriteOp::Duty => {
            return Err(SimError::Task("not a ticket write".to_owned()));
        }
    };
    let current = serde_json::to_value(&ticket)?;
    let mut changed = match changed {
        Ok(t) => t,
        Err(r) => return Ok(Err(rejection_problem(r, current))),
    };
    match req.if_match.as_deref() {
        None => {
            return Ok(Err(precondition_required(
                "工单写操作须带 If-Match: \"<工单 version>\"",
            )));
        }
        Some(h) if !if_match_names(h, ticket.version) => {
            return Ok(Err(precondition_failed(
                &format!(
                    "工单已变更（当前 version {}）：请基于最新工单重试",
                    ticket.version
                ),
                current,
            )));
        }
        Some(_) => {}
    }
    bump_version(&mut changed, sim.seed);
    store::put_ticket(conn, &officer.unit_id, &changed)?;
    if req.op == WriteOp::Reply {
        store::delete_draft(conn, &officer.unit_id, &changed.id)?;
    }
    let status = if req.op == WriteOp::Ack {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(Ok((
        Answer::json(status, serde_json::to_string(&changed)?),
        Some(changed.id),
    )))
}

fn draft_write(
    conn: &Connection,
    officer: &Officer,
    req: &WriteRequest,
    now: Dt,
) -> Result<Evaluated, SimError> {
    let id = &req.target;
    if own_ticket(conn, officer, id)?.is_none() {
        return Ok(Err(ticket_not_found(id)));
    }
    let put = match parse_body::<DraftPut>(&req.body) {
        Ok(p) => p,
        Err(p) => return Ok(Err(p)),
    };
    let current = store::draft(conn, id)?;
    let current_json = serde_json::to_value(&current)?;
    let revision = match (req.if_match.as_deref(), req.if_none_match.as_deref()) {
        (Some(h), _) => match &current {
            Some(d) if if_match_names(h, d.revision) => d.revision + 1,
            Some(d) => {
                return Ok(Err(precondition_failed(
                    &format!("草稿已被修改（当前 revision {}）", d.revision),
                    current_json,
                )));
            }
            None => {
                return Ok(Err(precondition_failed(
                    "该工单没有草稿：新建草稿请使用 If-None-Match: *",
                    current_json,
                )));
            }
        },
        (None, Some(h)) if h.trim() == "*" => match &current {
            None => 1,
            Some(d) => {
                return Ok(Err(precondition_failed(
                    &format!("草稿已存在（revision {}）：更新请使用 If-Match", d.revision),
                    current_json,
                )));
            }
        },
        _ => {
            return Ok(Err(precondition_required(
                "草稿 PUT 须带 If-Match: \"<revision>\"，或以 If-None-Match: * 新建",
            )));
        }
    };
    let draft = Draft {
        revision,
        updated_by: PersonRef {
            id: officer.id.clone(),
            name: officer.name.clone(),
        },
        updated_at: now,
        reply: put.reply,
    };
    store::put_draft(conn, &officer.unit_id, id, &draft)?;
    let status = if current.is_none() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(Ok((
        Answer::json(status, serde_json::to_string(&draft)?),
        Some(id.clone()),
    )))
}

fn duty_write(
    conn: &Connection,
    officer: &Officer,
    req: &WriteRequest,
    now: Dt,
) -> Result<Evaluated, SimError> {
    let unit = &req.target;
    if *unit != officer.unit_id {
        return Ok(Err(Box::new(problem(
            StatusCode::FORBIDDEN,
            format!("无权修改单位 {unit} 的值班安排"),
        ))));
    }
    let Some(current) = store::duty(conn, unit)? else {
        return Ok(Err(Box::new(problem(
            StatusCode::NOT_FOUND,
            format!("单位 {unit} 没有值班安排"),
        ))));
    };
    let put = match parse_body::<DutyPut>(&req.body) {
        Ok(p) => p,
        Err(p) => return Ok(Err(p)),
    };
    let mut errors = BTreeMap::new();
    if let OfficerRole::Other(o) = &put.on_duty {
        errors.insert(
            "on_duty".to_owned(),
            vec![format!("须为 A 或 B，而不是“{o}”")],
        );
    }
    if put.until.is_some_and(|u| u <= now) {
        errors.insert("until".to_owned(), vec!["须晚于当前时间".to_owned()]);
    }
    if !errors.is_empty() {
        let mut p = problem(StatusCode::UNPROCESSABLE_ENTITY, "值班安排不符合要求");
        p.errors = errors;
        return Ok(Err(Box::new(p)));
    }
    let current_json = serde_json::to_value(&current)?;
    match req.if_match.as_deref() {
        None => {
            return Ok(Err(precondition_required(
                "值班 PUT 须带 If-Match: \"<revision>\"",
            )));
        }
        Some(h) if !if_match_names(h, current.revision) => {
            return Ok(Err(precondition_failed(
                &format!("值班安排已被修改（当前 revision {}）", current.revision),
                current_json,
            )));
        }
        Some(_) => {}
    }
    let mut duty = current.clone();
    duty.revision += 1;
    if duty.on_duty != put.on_duty {
        duty.since = now;
    }
    duty.on_duty = put.on_duty;
    duty.until = put.until;
    duty.note = put.note;
    store::put_duty(conn, &duty)?;
    Ok(Ok((
        Answer::json(StatusCode::OK, serde_json::to_string(&duty)?),
        None,
    )))
}

/// The demo unit's first roster: A (张敏) on duty since `since`.
pub(crate) fn initial_duty(since: Dt) -> Duty {
    let officer = |id: &str| {
        let a = account_by_id(id);
        RosterOfficer {
            id: id.to_owned(),
            name: a.map(|a| a.name.to_owned()).unwrap_or_default(),
            phone: a.map(|a| a.phone.to_owned()).unwrap_or_default(),
        }
    };
    Duty {
        unit_id: DEMO_UNIT_ID.to_owned(),
        revision: 1,
        a: officer("off-a"),
        b: officer("off-b"),
        on_duty: OfficerRole::A,
        since,
        until: None,
        note: String::new(),
    }
}

// ---------- the hotline's operations (control API) ----------

fn rejected(r: Rejection) -> SimError {
    match r {
        Rejection::Invalid { detail, errors } => {
            let fields: Vec<String> = errors
                .iter()
                .map(|(k, v)| format!("{k}: {}", v.join("; ")))
                .collect();
            SimError::Invalid(format!("{detail} ({})", fields.join(", ")))
        }
        Rejection::Conflict(detail) => SimError::Conflict(detail),
    }
}

fn any_ticket(conn: &Connection, id: &str) -> Result<(String, Ticket), SimError> {
    store::ticket_row(conn, id)?.ok_or_else(|| SimError::NotFound(format!("ticket {id}")))
}

/// Applies a hotline-side change to ticket `id` (version bumped, feed item appended).
fn hotline_change(
    sim: &Sim,
    id: &str,
    change: impl FnOnce(&Ticket, Dt) -> Result<Ticket, Rejection>,
) -> Result<Ticket, SimError> {
    let now = sim.clock.now_seconds();
    sim.store.write(|conn| {
        let (unit, ticket) = any_ticket(conn, id)?;
        let mut next = change(&ticket, now).map_err(rejected)?;
        bump_version(&mut next, sim.seed);
        store::put_ticket(conn, &unit, &next)?;
        Ok(next)
    })
}

/// Dispatches `n` new tickets to the demo unit (pending_ack, dispatched now).
pub(crate) fn dispatch(sim: &Sim, n: usize) -> Result<Vec<Ticket>, SimError> {
    let now = sim.clock.now_seconds();
    let count = u64::try_from(n).map_err(|_| SimError::Invalid("count too large".to_owned()))?;
    if count > 10_000 {
        return Err(SimError::Invalid("count must be at most 10000".to_owned()));
    }
    sim.store.write(|conn| {
        let first = store::take_indices(conn, count)?;
        let calendar = sim.calendar();
        let mut out = Vec::with_capacity(n);
        for index in first..first + count {
            let t = crate::generate::generate_dispatch(sim.seed, index, now, &calendar);
            store::put_ticket(conn, DEMO_UNIT_ID, &t)?;
            out.push(t);
        }
        Ok(out)
    })
}

/// Records a callback (回访): satisfied closes, unsatisfied sends back as a redo.
pub(crate) fn callback(
    sim: &Sim,
    id: &str,
    satisfied: bool,
    reason: Option<&str>,
    comment: Option<&str>,
) -> Result<Ticket, SimError> {
    let calendar = sim.calendar();
    hotline_change(sim, id, |t, now| {
        writes::callback(t, satisfied, reason, comment, now, &calendar)
    })
}

/// Decides the pending extension of ticket `id`.
pub(crate) fn decide_extension(sim: &Sim, id: &str, approve: bool) -> Result<Ticket, SimError> {
    hotline_change(sim, id, |t, now| writes::decide_extension(t, approve, now))
}

/// A shallow merge of top-level fields into ticket `id`.
pub(crate) fn edit(sim: &Sim, id: &str, patch: &serde_json::Value) -> Result<Ticket, SimError> {
    hotline_change(sim, id, |t, _| writes::merge_edit(t, patch))
}

/// Re-dispatches ticket `id` to `to_unit` (the demo unit: back to it).
pub(crate) fn redispatch(sim: &Sim, id: &str, to_unit: &str) -> Result<Ticket, SimError> {
    let now = sim.clock.now_seconds();
    let to = UnitRef {
        id: to_unit.to_owned(),
        name: unit_name(to_unit)
            .ok_or_else(|| SimError::Invalid(format!("unknown unit {to_unit}")))?
            .to_owned(),
    };
    let calendar = sim.calendar();
    sim.store.write(|conn| {
        let (from, ticket) = any_ticket(conn, id)?;
        if from == to.id {
            return Err(SimError::Conflict(format!(
                "ticket {id} is already assigned to {}",
                to.id
            )));
        }
        let mut next = if to.id == DEMO_UNIT_ID {
            writes::redispatch_back(&ticket, now, &calendar)
        } else {
            writes::redispatch_away(&ticket, &to, now)
        };
        bump_version(&mut next, sim.seed);
        if from == DEMO_UNIT_ID {
            store::move_ticket_away(conn, &from, &to.id, &next, RemovalReason::Reassigned, now)?;
        } else {
            store::put_ticket(conn, &to.id, &next)?;
        }
        Ok(next)
    })
}

/// Every ticket of every unit with its unit (the control API's truth).
pub(crate) fn all_tickets(sim: &Sim) -> Result<Vec<(String, Ticket)>, SimError> {
    sim.store.read(store::all_tickets)
}

/// Makes sure the demo unit has a duty roster.
pub(crate) fn ensure_duty(sim: &Sim) -> Result<(), SimError> {
    let since = sim.clock.now_seconds();
    sim.store.write(|conn| {
        if store::duty(conn, DEMO_UNIT_ID)?.is_none() {
            store::put_duty(conn, &initial_duty(since))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_is_lenient_about_its_form() {
        for (header, ok) in [
            ("\"7\"", true),
            ("7", true),
            ("W/\"7\"", true),
            ("\"6\", \"7\"", true),
            ("*", true),
            ("\"8\"", false),
            ("", false),
            ("\"seven\"", false),
        ] {
            assert_eq!(if_match_names(header, 7), ok, "{header}");
        }
    }

    #[test]
    fn same_body_compares_json_values() {
        assert!(same_body(
            r#"{"a":1,"b":[1,2]}"#,
            br#"{ "b": [1, 2], "a": 1 }"#
        ));
        assert!(!same_body(r#"{"a":1}"#, br#"{"a":2}"#));
        assert!(same_body("", b""));
        assert!(!same_body("not json", b"other"));
    }

    #[test]
    fn body_errors_are_400_or_422_with_the_field() {
        let bad: Result<Opinion, Box<Problem>> = parse_body(b"{not json");
        assert_eq!(bad.err().map(|p| p.status), Some(400));
        let missing: Result<Opinion, Box<Problem>> =
            parse_body(br#"{"text":"x","contact_name":"y"}"#);
        let p = missing.err();
        assert_eq!(p.as_ref().map(|p| p.status), Some(422));
        assert!(p.is_some_and(|p| p.errors.contains_key("contact_phone")));
    }
}
