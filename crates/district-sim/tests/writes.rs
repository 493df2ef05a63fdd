//! The write side of the contract over HTTP: every write endpoint's success and errors,
//! error precedence, idempotency, drafts, duty, reply rules, the feed's removed/draft/duty
//! items, cursor expiry, the clock and the control API.

mod common;

use chrono::{DateTime, FixedOffset, TimeDelta};
use common::*;
use district_api::{
    Decoded, Draft, Duty, ExtensionStatus, FeedItem, OfficerRole, OurRole, ReplyRules, Ticket,
    TicketStatus,
};
use district_sim::{DEMO_OFFICER_B, DEMO_UNIT_ID, SimConfig, spawn};
use reqwest::header::DATE;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A reply that meets every rule, contacted `at`.
fn good_reply(at: DateTime<FixedOffset>) -> Value {
    json!({
        "outcome": "resolved",
        "text": "经我单位电话联系市民，于当日安排工作人员到现场核实，确认路灯线路老化导致不亮。维修人员已更换线路并恢复照明，经复查运行正常，已告知市民，市民表示认可。",
        "citizen_contacted_at": at.to_rfc3339(),
        "contact_method": "phone",
        "contact_name": "李四",
        "contact_phone": "0531-88888888",
        "addresses_redo_reason": "已针对重办原因再次到现场核实并整改到位"
    })
}

fn contacted(t: &Ticket, now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    (t.dispatched_at + TimeDelta::minutes(10))
        .min(now - TimeDelta::minutes(1))
        .max(t.dispatched_at)
}

// ---------------------------------------------------------------- ticket writes

#[tokio::test]
async fn ack_acknowledges_once_and_replays_are_free() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let t = find(&sim, |t| t.status == TicketStatus::PendingAck)?;
    let path = format!("/tickets/{}/ack", t.id);
    let k = key();
    let if_match = format!("\"{}\"", t.version);

    let first = api
        .write(Method::POST, &path, &json!({}), Some(&k), Some(&if_match))
        .await?;
    let acked: Ticket = json(first, StatusCode::OK).await?;
    assert_eq!(acked.status, TicketStatus::InProgress);
    assert!(acked.version > t.version && acked.version <= t.version + 3);
    assert_eq!(
        acked.acked_by.as_ref().map(|a| a.id.as_str()),
        Some("off-a")
    );
    assert_eq!(acked.history.last().map(|h| h.action.as_str()), Some("ack"));

    // The same request again: the same answer, no second effect.
    let again = api
        .write(Method::POST, &path, &json!({}), Some(&k), Some(&if_match))
        .await?;
    assert_eq!(json::<Ticket>(again, StatusCode::OK).await?, acked);
    let writes = sim.writes().await?;
    assert_eq!(writes.len(), 1);
    assert_eq!(
        (writes[0].kind.as_str(), writes[0].ticket_id.as_deref()),
        ("ack", Some(t.id.as_str()))
    );
    assert_eq!(writes[0].path, format!("/api/v1{path}"));

    // A fresh ack by the other officer: 409 carrying the ticket.
    let b = Api::login(&sim, DEMO_OFFICER_B).await?;
    let res = b
        .post_ticket(&t.id, "ack", &json!({}), acked.version)
        .await?;
    let p = problem(res, StatusCode::CONFLICT).await?;
    let current: Ticket = serde_json::from_value(p.current.ok_or("current")?)?;
    assert_eq!(current, acked);

    // Same key, another body or another path: 422, nothing applied.
    let res = api
        .write(
            Method::POST,
            &path,
            &json!({"x": 1}),
            Some(&k),
            Some(&if_match),
        )
        .await?;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY).await?;
    let other = format!("/tickets/{}/reassignment-requests", t.id);
    let res = api
        .write(Method::POST, &other, &json!({}), Some(&k), Some(&if_match))
        .await?;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY).await?;
    assert_eq!(sim.writes().await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn every_ticket_write_succeeds_from_the_right_state() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let now = sim.now();
    let lead = find(&sim, open_lead)?;
    let lead2 = find(&sim, |t| open_lead(t) && t.id != lead.id)?;
    let redo = find(&sim, |t| {
        t.status == TicketStatus::Redo && t.our_role == OurRole::Lead
    })?;
    let co = find(&sim, |t| {
        t.status == TicketStatus::InProgress && t.our_role == OurRole::CoHandler
    })?;
    let pending = find(&sim, |t| {
        t.status == TicketStatus::PendingAck && t.ack_due_at > now + TimeDelta::minutes(5)
    })?;
    let cases: Vec<(&Ticket, &str, Value, &str)> = vec![
        (
            &lead,
            "replies",
            good_reply(contacted(&lead, now)),
            "replied",
        ),
        (
            &redo,
            "replies",
            good_reply(contacted(&redo, now)),
            "replied",
        ),
        (
            &co,
            "opinions",
            json!({"text": "同意牵头单位处理意见，我单位配合现场核查。", "contact_name": "李四", "contact_phone": "13905318801"}),
            "in_progress",
        ),
        (
            &lead2,
            "extension-requests",
            json!({"reason": "需协调施工单位", "requested_due_at": (lead2.reply_due_at + TimeDelta::days(5)).to_rfc3339()}),
            "in_progress",
        ),
        (
            &co,
            "coordination-requests",
            json!({"reason": "涉及多个部门职责", "units": ["tq-cgj", "tq-zjj"]}),
            "in_progress",
        ),
        (
            &pending,
            "reassignment-requests",
            json!({"reason": "该地址不属于本街道辖区"}),
            "pending_ack",
        ),
    ];
    for (t, action, body, status) in cases {
        let current = api.ticket(&t.id).await?;
        let res = api
            .post_ticket(&t.id, action, &body, current.version)
            .await?;
        let changed: Ticket = json(res, StatusCode::CREATED).await?;
        assert_eq!(changed.status.as_str(), status, "{action} on {}", t.id);
        assert!(changed.version > current.version, "{action}");
        assert_eq!(changed.history.len(), current.history.len() + 1, "{action}");
        assert_eq!(changed, api.ticket(&t.id).await?, "{action}");
    }
    let ext = api.ticket(&lead2.id).await?.extension.ok_or("extension")?;
    assert_eq!(ext.status, ExtensionStatus::Pending);
    let reassign = api.ticket(&pending.id).await?;
    assert!(
        reassign
            .history
            .last()
            .is_some_and(|h| h.note.contains("申请改派"))
    );
    let kinds: Vec<String> = sim.writes().await?.into_iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        [
            "reply",
            "reply",
            "opinion",
            "extension_request",
            "coordination_request",
            "reassignment_request"
        ]
    );
    Ok(())
}

#[tokio::test]
async fn write_errors_by_endpoint() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let now = sim.now();
    let lead = find(&sim, open_lead)?;
    let pending = find(&sim, |t| t.status == TicketStatus::PendingAck)?;
    let late_pending = find(&sim, |t| {
        t.status == TicketStatus::PendingAck && t.ack_due_at < now
    })?;
    let closed = find(&sim, |t| t.status == TicketStatus::Closed)?;
    let replied = find(&sim, |t| {
        t.status == TicketStatus::Replied && t.our_role == OurRole::Lead
    })?;
    let co = find(&sim, |t| {
        t.status == TicketStatus::InProgress && t.our_role == OurRole::CoHandler
    })?;
    let opinion = json!({"text": "同意", "contact_name": "李四", "contact_phone": "13905318801"});
    let extension = |t: &Ticket| json!({"reason": "需协调", "requested_due_at": (t.reply_due_at + TimeDelta::days(3)).to_rfc3339()});
    let coordination = json!({"reason": "需协调", "units": ["tq-cgj"]});
    let reassignment = json!({"reason": "非本辖区", "suggested_unit": "tq-yaoshan"});

    // (ticket id, action, body, expected status, field expected in errors)
    let cases: Vec<(String, &str, Value, StatusCode, Option<&str>)> = vec![
        (
            "TQ20260101999999".into(),
            "ack",
            json!({}),
            StatusCode::NOT_FOUND,
            None,
        ),
        (
            "TQ20260101999999".into(),
            "replies",
            json!({"bad": true}),
            StatusCode::NOT_FOUND,
            None,
        ),
        (
            lead.id.clone(),
            "ack",
            json!({}),
            StatusCode::CONFLICT,
            None,
        ),
        (
            closed.id.clone(),
            "ack",
            json!({}),
            StatusCode::CONFLICT,
            None,
        ),
        (
            pending.id.clone(),
            "replies",
            good_reply(contacted(&pending, now)),
            StatusCode::CONFLICT,
            None,
        ),
        (
            closed.id.clone(),
            "replies",
            good_reply(contacted(&closed, now)),
            StatusCode::CONFLICT,
            None,
        ),
        (
            replied.id.clone(),
            "replies",
            good_reply(contacted(&replied, now)),
            StatusCode::CONFLICT,
            None,
        ),
        (
            co.id.clone(),
            "replies",
            good_reply(contacted(&co, now)),
            StatusCode::CONFLICT,
            None,
        ),
        (
            lead.id.clone(),
            "replies",
            json!({"outcome": "resolved"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("text"),
        ),
        (
            lead.id.clone(),
            "opinions",
            opinion.clone(),
            StatusCode::CONFLICT,
            None,
        ),
        (
            co.id.clone(),
            "opinions",
            json!({"text": " ", "contact_name": "李四", "contact_phone": "110"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("contact_phone"),
        ),
        (
            closed.id.clone(),
            "extension-requests",
            extension(&closed),
            StatusCode::CONFLICT,
            None,
        ),
        (
            replied.id.clone(),
            "extension-requests",
            extension(&replied),
            StatusCode::CONFLICT,
            None,
        ),
        (
            lead.id.clone(),
            "extension-requests",
            json!({"reason": "", "requested_due_at": lead.reply_due_at.to_rfc3339()}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("requested_due_at"),
        ),
        (
            lead.id.clone(),
            "coordination-requests",
            json!({"reason": "x", "units": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("units"),
        ),
        (
            closed.id.clone(),
            "coordination-requests",
            coordination.clone(),
            StatusCode::CONFLICT,
            None,
        ),
        (
            late_pending.id.clone(),
            "reassignment-requests",
            reassignment.clone(),
            StatusCode::CONFLICT,
            None,
        ),
        (
            lead.id.clone(),
            "reassignment-requests",
            reassignment.clone(),
            StatusCode::CONFLICT,
            None,
        ),
        (
            pending.id.clone(),
            "reassignment-requests",
            json!({"reason": ""}),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("reason"),
        ),
    ];
    for (id, action, body, status, field) in cases {
        let version = match sim.ticket(&id).await? {
            Some((_, t)) => t.version,
            None => 1,
        };
        let res = api.post_ticket(&id, action, &body, version).await?;
        let p = problem(res, status).await?;
        if let Some(field) = field {
            assert!(p.errors.contains_key(field), "{action} {id}: {p:?}");
        }
        if status == StatusCode::CONFLICT {
            let current: Ticket = serde_json::from_value(p.current.ok_or("409 carries current")?)?;
            assert_eq!(current.id, id);
        }
    }

    // A malformed body is 400; a write without Idempotency-Key or If-Match is 428.
    let res = api
        .client
        .post(api.url(&format!("/tickets/{}/replies", lead.id)))
        .bearer_auth(&api.token)
        .header("Idempotency-Key", key())
        .header("If-Match", lead.version.to_string())
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await?;
    problem(res, StatusCode::BAD_REQUEST).await?;
    let path = format!("/tickets/{}/ack", pending.id);
    let version = format!("\"{}\"", pending.version);
    let res = api
        .write(Method::POST, &path, &json!({}), None, Some(&version))
        .await?;
    problem(res, StatusCode::PRECONDITION_REQUIRED).await?;
    let res = api
        .write(Method::POST, &path, &json!({}), Some(&key()), None)
        .await?;
    problem(res, StatusCode::PRECONDITION_REQUIRED).await?;
    // A stale version: 412 with the ticket.
    let res = api
        .write(
            Method::POST,
            &path,
            &json!({}),
            Some(&key()),
            Some(&format!("\"{}\"", pending.version - 1)),
        )
        .await?;
    let p = problem(res, StatusCode::PRECONDITION_FAILED).await?;
    let current: Ticket = serde_json::from_value(p.current.ok_or("412 carries current")?)?;
    assert_eq!(current, pending);
    // Lenient If-Match forms.
    for form in ["W/\"{v}\"", "{v}"] {
        let t = find(&sim, |t| t.status == TicketStatus::PendingAck)?;
        let tag = form.replace("{v}", &t.version.to_string());
        let res = api
            .write(
                Method::POST,
                &format!("/tickets/{}/ack", t.id),
                &json!({}),
                Some(&key()),
                Some(&tag),
            )
            .await?;
        assert_eq!(res.status(), StatusCode::OK, "{tag}");
    }
    assert_eq!(
        sim.writes().await?.len(),
        2,
        "only the two lenient acks applied"
    );
    // Without a token: 401 before anything else.
    let res = api
        .client
        .post(api.url(&path))
        .json(&json!({}))
        .send()
        .await?;
    problem(res, StatusCode::UNAUTHORIZED).await?;
    Ok(())
}

#[tokio::test]
async fn error_precedence_and_idempotency_before_preconditions() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let now = sim.now();
    let closed = find(&sim, |t| t.status == TicketStatus::Closed)?;
    let lead = find(&sim, open_lead)?;
    let stale = "\"1\"";
    let bad_reply = json!({"outcome": "resolved", "text": "短", "citizen_contacted_at": now.to_rfc3339(),
        "contact_method": "phone", "contact_name": "李四", "contact_phone": "13905318801"});

    // (path, body, If-Match, expected)
    let cases: Vec<(String, Value, Option<&str>, StatusCode)> = vec![
        // 404 beats 422 and 412.
        (
            "/tickets/TQ0/replies".into(),
            bad_reply.clone(),
            Some(stale),
            StatusCode::NOT_FOUND,
        ),
        // 422 beats 409 and 412.
        (
            format!("/tickets/{}/replies", closed.id),
            bad_reply.clone(),
            Some(stale),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        // 409 beats 412 and 428.
        (
            format!("/tickets/{}/replies", closed.id),
            good_reply(contacted(&closed, now)),
            Some(stale),
            StatusCode::CONFLICT,
        ),
        (
            format!("/tickets/{}/ack", lead.id),
            json!({}),
            None,
            StatusCode::CONFLICT,
        ),
        // A request that would succeed: 412, or 428 without If-Match.
        (
            format!("/tickets/{}/replies", lead.id),
            good_reply(contacted(&lead, now)),
            Some(stale),
            StatusCode::PRECONDITION_FAILED,
        ),
        (
            format!("/tickets/{}/replies", lead.id),
            good_reply(contacted(&lead, now)),
            None,
            StatusCode::PRECONDITION_REQUIRED,
        ),
    ];
    for (path, body, if_match, status) in cases {
        let res = api
            .write(Method::POST, &path, &body, Some(&key()), if_match)
            .await?;
        problem(res, status).await?;
    }

    // Stored answers: a 412 replays as 412 even once the If-Match would be right.
    let path = format!("/tickets/{}/replies", lead.id);
    let body = good_reply(contacted(&lead, now));
    let k = key();
    let res = api
        .write(Method::POST, &path, &body, Some(&k), Some(stale))
        .await?;
    problem(res, StatusCode::PRECONDITION_FAILED).await?;
    let right = format!("\"{}\"", lead.version);
    let res = api
        .write(Method::POST, &path, &body, Some(&k), Some(&right))
        .await?;
    problem(res, StatusCode::PRECONDITION_FAILED).await?;
    // A new key applies; its replay with a now-stale If-Match still gets the 201.
    let k = key();
    let first = api
        .write(Method::POST, &path, &body, Some(&k), Some(&right))
        .await?;
    let replied: Ticket = json(first, StatusCode::CREATED).await?;
    let replay = api
        .write(Method::POST, &path, &body, Some(&k), Some(&right))
        .await?;
    assert_eq!(json::<Ticket>(replay, StatusCode::CREATED).await?, replied);
    let replies = sim
        .writes()
        .await?
        .into_iter()
        .filter(|w| w.kind == "reply")
        .count();
    assert_eq!(replies, 1, "the reply was applied exactly once");
    Ok(())
}

#[tokio::test]
async fn idempotency_keys_are_kept_72_hours_of_sim_time() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let lead = find(&sim, open_lead)?;
    let path = format!("/tickets/{}/coordination-requests", lead.id);
    let body = json!({"reason": "需协调", "units": ["tq-cgj"]});
    let k = key();
    let v = format!("\"{}\"", lead.version);
    let first = api
        .write(Method::POST, &path, &body, Some(&k), Some(&v))
        .await?;
    let first: Ticket = json(first, StatusCode::CREATED).await?;
    sim.advance_clock(71 * 3600);
    // Tokens live 12 hours: sign in again.
    let api = Api::officer_a(&sim).await?;
    let replay = api
        .write(Method::POST, &path, &body, Some(&k), Some(&v))
        .await?;
    assert_eq!(json::<Ticket>(replay, StatusCode::CREATED).await?, first);
    sim.advance_clock(2 * 3600);
    // Forgotten: the same request is new again (and now stale).
    let api = Api::officer_a(&sim).await?;
    let later = api
        .write(Method::POST, &path, &body, Some(&k), Some(&v))
        .await?;
    problem(later, StatusCode::PRECONDITION_FAILED).await?;
    assert_eq!(sim.writes().await?.len(), 1);
    Ok(())
}

// ---------------------------------------------------------------- reply rules

#[tokio::test]
async fn reply_rules_are_served_and_enforced_field_by_field() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let rules: ReplyRules = json(
        api.get(&format!("/units/{DEMO_UNIT_ID}/reply-rules"))
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!((rules.revision, rules.min_text_chars), (3, 60));
    assert_eq!(
        rules.forbidden_phrases,
        ["不归我们管", "自行解决", "无法处理", "与我单位无关"]
    );
    assert_eq!(rules.placeholder_patterns.len(), 3);
    assert_eq!(rules.policy_basis_required_for.len(), 2);
    for outcome in district_api::ReplyOutcome::KNOWN {
        assert!(
            rules.templates.iter().any(|t| &t.outcome == outcome),
            "{outcome}"
        );
    }
    problem(
        api.get("/units/tq-yaoshan/reply-rules").await?,
        StatusCode::FORBIDDEN,
    )
    .await?;

    let now = sim.now();
    let lead = find(&sim, open_lead)?;
    let redo = find(&sim, |t| {
        t.status == TicketStatus::Redo && t.our_role == OurRole::Lead
    })?;
    let base = good_reply(contacted(&lead, now));
    let long = base["text"].as_str().unwrap_or_default().to_owned();
    let with = |field: &str, value: Value| {
        let mut b = base.clone();
        b[field] = value;
        b
    };
    // (ticket, body, the fields that must be in errors)
    let cases: Vec<(&Ticket, Value, Vec<&str>)> = vec![
        (&lead, with("text", json!("已处理。")), vec!["text"]),
        // 60 characters only when whitespace is counted.
        (
            &lead,
            with("text", json!(format!("{}{}", "好 ".repeat(40), "。"))),
            vec!["text"],
        ),
        (
            &lead,
            with("text", json!(format!("{long}此事不归我们管。"))),
            vec!["text"],
        ),
        (
            &lead,
            with("text", json!(format!("{long}此事不 归 我们 管。"))),
            vec!["text"],
        ),
        (
            &lead,
            with("text", json!(format!("{long}请您自行，解决。"))),
            vec!["text"],
        ),
        (
            &lead,
            with("text", json!(format!("{long}与我单位（无关）"))),
            vec!["text"],
        ),
        (
            &lead,
            with("text", json!(format!("{long}无法“处理”！"))),
            vec!["text"],
        ),
        (
            &lead,
            with("text", json!(format!("{long}联系人XXX"))),
            vec!["text"],
        ),
        (
            &lead,
            with("text", json!(format!("{long}于{{{{date}}}}办结"))),
            vec!["text"],
        ),
        (
            &lead,
            with("text", json!(format!("{long}【待补充】"))),
            vec!["text"],
        ),
        (
            &lead,
            with("outcome", json!("partially_resolved")),
            vec!["policy_basis"],
        ),
        (
            &lead,
            with("outcome", json!("unresolved_explained")),
            vec!["policy_basis"],
        ),
        (
            &lead,
            with("contact_phone", json!("8888888")),
            vec!["contact_phone"],
        ),
        (
            &lead,
            with("contact_phone", json!("23905318801")),
            vec!["contact_phone"],
        ),
        (
            &lead,
            with("contact_name", json!(" ")),
            vec!["contact_name"],
        ),
        (
            &lead,
            with(
                "citizen_contacted_at",
                json!((lead.dispatched_at - TimeDelta::minutes(1)).to_rfc3339()),
            ),
            vec!["citizen_contacted_at"],
        ),
        (
            &lead,
            with(
                "citizen_contacted_at",
                json!((now + TimeDelta::hours(1)).to_rfc3339()),
            ),
            vec!["citizen_contacted_at"],
        ),
        (
            &redo,
            with("addresses_redo_reason", Value::Null),
            vec!["addresses_redo_reason"],
        ),
        (
            &lead,
            with("contact_method", json!("pigeon")),
            vec!["contact_method"],
        ),
    ];
    for (t, body, fields) in cases {
        let res = api.post_ticket(&t.id, "replies", &body, t.version).await?;
        let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await?;
        let got: Vec<&str> = p.errors.keys().map(String::as_str).collect();
        assert_eq!(got, fields, "{body}");
    }
    // Valid variants pass: a landline without a dash, policy basis given.
    let ok = with("outcome", json!("partially_resolved"));
    let mut ok = ok;
    ok["policy_basis"] = json!("《济南市城市照明管理办法》第十二条");
    ok["contact_phone"] = json!("053188888888");
    let res = api
        .post_ticket(&lead.id, "replies", &ok, lead.version)
        .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(sim.writes().await?.len(), 1);
    Ok(())
}

// ---------------------------------------------------------------- drafts and duty

#[tokio::test]
async fn drafts_are_created_updated_guarded_and_deleted_by_a_reply() -> TestResult {
    let sim = start().await?;
    let a = Api::officer_a(&sim).await?;
    let b = Api::login(&sim, DEMO_OFFICER_B).await?;
    let t = find(&sim, open_lead)?;
    let path = format!("/tickets/{}/draft", t.id);
    let (_, cursor) = a.drain(None).await?;

    problem(a.get(&path).await?, StatusCode::NOT_FOUND).await?;
    let body = json!({"reply": {"outcome": "resolved", "text": "初稿"}});
    // No precondition: 428.
    let res = a
        .write(Method::PUT, &path, &body, Some(&key()), None)
        .await?;
    problem(res, StatusCode::PRECONDITION_REQUIRED).await?;
    // If-Match on a draft that does not exist: 412.
    let res = a
        .write(Method::PUT, &path, &body, Some(&key()), Some("\"1\""))
        .await?;
    problem(res, StatusCode::PRECONDITION_FAILED).await?;
    // Create.
    let res = a
        .write_with(Method::PUT, &path, &body, Some(&key()), None, Some("*"))
        .await?;
    let created: Draft = json(res, StatusCode::CREATED).await?;
    assert_eq!(created.revision, 1);
    assert_eq!(created.updated_by.id, "off-a");
    assert_eq!(created.reply.text.as_deref(), Some("初稿"));
    // Create again: 412 with the draft.
    let res = b
        .write_with(Method::PUT, &path, &body, Some(&key()), None, Some("*"))
        .await?;
    let p = problem(res, StatusCode::PRECONDITION_FAILED).await?;
    assert_eq!(
        serde_json::from_value::<Draft>(p.current.ok_or("current")?)?,
        created
    );
    // B picks it up and updates it.
    let body2 =
        json!({"reply": {"outcome": "resolved", "text": "B 改过的稿", "contact_name": "王磊"}});
    let res = b
        .write(Method::PUT, &path, &body2, Some(&key()), Some("\"1\""))
        .await?;
    let updated: Draft = json(res, StatusCode::OK).await?;
    assert_eq!(
        (updated.revision, updated.updated_by.id.as_str()),
        (2, "off-b")
    );
    assert_eq!(
        json::<Draft>(a.get(&path).await?, StatusCode::OK).await?,
        updated
    );
    // A's stale revision: 412 with B's draft.
    let res = a
        .write(Method::PUT, &path, &body, Some(&key()), Some("\"1\""))
        .await?;
    let p = problem(res, StatusCode::PRECONDITION_FAILED).await?;
    assert_eq!(
        serde_json::from_value::<Draft>(p.current.ok_or("current")?)?,
        updated
    );
    // 404 for an unknown ticket, 422 for a body without `reply`.
    let res = a
        .write_with(
            Method::PUT,
            "/tickets/TQ0/draft",
            &body,
            Some(&key()),
            None,
            Some("*"),
        )
        .await?;
    problem(res, StatusCode::NOT_FOUND).await?;
    let res = a
        .write(
            Method::PUT,
            &path,
            &json!({"text": "x"}),
            Some(&key()),
            Some("\"2\""),
        )
        .await?;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY).await?;
    assert_eq!(sim.draft(&t.id).await?, Some(updated.clone()));

    // The feed carried the newest draft.
    let (items, cursor) = a.drain(Some(&cursor)).await?;
    let drafts: Vec<FeedItem> = items
        .iter()
        .filter_map(|i| match FeedItem::decode(i) {
            Decoded::Item(item @ FeedItem::Draft { .. }) => Some(item),
            _ => None,
        })
        .collect();
    assert_eq!(
        drafts,
        [FeedItem::Draft {
            ticket_id: t.id.clone(),
            draft: Some(Box::new(updated))
        }]
    );

    // A sent reply deletes the draft: GET 404, the feed says null.
    let res = a
        .post_ticket(
            &t.id,
            "replies",
            &good_reply(contacted(&t, sim.now())),
            t.version,
        )
        .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    problem(a.get(&path).await?, StatusCode::NOT_FOUND).await?;
    assert_eq!(sim.draft(&t.id).await?, None);
    let (items, _) = a.drain(Some(&cursor)).await?;
    assert!(items.contains(&json!({"type": "draft", "ticket_id": t.id, "draft": null})));
    // A fresh feed does not replay the deletion.
    let (fresh, _) = a.drain(None).await?;
    assert!(!fresh.iter().any(|i| i["type"] == "draft"));
    let kinds: Vec<String> = sim.writes().await?.into_iter().map(|w| w.kind).collect();
    assert_eq!(kinds, ["draft_put", "draft_put", "reply"]);
    Ok(())
}

#[tokio::test]
async fn duty_handover_is_guarded_by_revision_and_fed() -> TestResult {
    let sim = start().await?;
    let a = Api::officer_a(&sim).await?;
    let b = Api::login(&sim, DEMO_OFFICER_B).await?;
    let path = format!("/units/{DEMO_UNIT_ID}/duty");
    let (items, cursor) = a.drain(None).await?;
    let seeded: Duty = json(a.get(&path).await?, StatusCode::OK).await?;
    assert_eq!(
        (
            seeded.revision,
            seeded.on_duty.clone(),
            seeded.a.name.as_str(),
            seeded.b.name.as_str()
        ),
        (1, OfficerRole::A, "张敏", "王磊")
    );
    assert!(items.contains(&json!({"type": "duty", "duty": seeded})));

    let until = sim.now() + TimeDelta::days(3);
    let leave = json!({"on_duty": "B", "until": until.to_rfc3339(), "note": "张敏休假"});
    let res = a
        .write(Method::PUT, &path, &leave, Some(&key()), None)
        .await?;
    problem(res, StatusCode::PRECONDITION_REQUIRED).await?;
    let res = a
        .write(Method::PUT, &path, &leave, Some(&key()), Some("\"1\""))
        .await?;
    let handed: Duty = json(res, StatusCode::OK).await?;
    assert_eq!(
        (handed.revision, handed.on_duty.clone()),
        (2, OfficerRole::B)
    );
    assert_eq!(handed.until, Some(until));
    assert!(handed.since >= seeded.since);
    assert_eq!(sim.duty().await?, handed);
    // B's stale revision: 412 with the roster.
    let res = b
        .write(
            Method::PUT,
            &path,
            &json!({"on_duty": "A"}),
            Some(&key()),
            Some("\"1\""),
        )
        .await?;
    let p = problem(res, StatusCode::PRECONDITION_FAILED).await?;
    assert_eq!(
        serde_json::from_value::<Duty>(p.current.ok_or("current")?)?,
        handed
    );
    // Invalid values: 422; another unit: 403.
    let res = b
        .write(
            Method::PUT,
            &path,
            &json!({"on_duty": "C"}),
            Some(&key()),
            Some("\"2\""),
        )
        .await?;
    assert!(
        problem(res, StatusCode::UNPROCESSABLE_ENTITY)
            .await?
            .errors
            .contains_key("on_duty")
    );
    let past = json!({"on_duty": "A", "until": (sim.now() - TimeDelta::hours(1)).to_rfc3339()});
    let res = b
        .write(Method::PUT, &path, &past, Some(&key()), Some("\"2\""))
        .await?;
    assert!(
        problem(res, StatusCode::UNPROCESSABLE_ENTITY)
            .await?
            .errors
            .contains_key("until")
    );
    let res = b
        .write(
            Method::PUT,
            "/units/tq-yaoshan/duty",
            &leave,
            Some(&key()),
            Some("\"2\""),
        )
        .await?;
    problem(res, StatusCode::FORBIDDEN).await?;
    problem(
        b.get("/units/tq-yaoshan/duty").await?,
        StatusCode::FORBIDDEN,
    )
    .await?;

    let (items, _) = a.drain(Some(&cursor)).await?;
    assert_eq!(items, [json!({"type": "duty", "duty": handed})]);
    let writes = sim.writes().await?;
    assert_eq!(writes.len(), 1);
    assert_eq!(
        (writes[0].kind.as_str(), writes[0].ticket_id.as_deref()),
        ("duty_put", None)
    );
    Ok(())
}

// ---------------------------------------------------------------- the hotline's side

#[tokio::test]
async fn redispatch_away_and_back_is_versioned_in_the_feed() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let t = find(&sim, open_lead)?;
    let (_, cursor) = api.drain(None).await?;

    let away = sim.redispatch(&t.id, "tq-yaoshan").await?;
    assert!(away.version > t.version);
    let (items, cursor) = api.drain(Some(&cursor)).await?;
    let removed: Vec<FeedItem> = items
        .iter()
        .filter_map(|i| match FeedItem::decode(i) {
            Decoded::Item(item) => Some(item),
            _ => None,
        })
        .collect();
    assert!(
        matches!(&removed[..], [FeedItem::Removed { ticket_id, reason, version: Some(v), .. }]
            if *ticket_id == t.id && reason.as_str() == "reassigned" && *v == away.version),
        "{removed:?}"
    );
    problem(
        api.get(&format!("/tickets/{}", t.id)).await?,
        StatusCode::NOT_FOUND,
    )
    .await?;
    let (fresh, _) = api.drain(None).await?;
    assert!(ticket_versions(&fresh, &t.id).is_empty());
    assert!(
        !fresh.iter().any(|i| i["type"] == "removed"),
        "no tombstones in a fresh feed"
    );
    assert!(sim.unit_tickets()?.iter().all(|x| x.id != t.id));
    assert!(
        sim.redispatch(&t.id, "tq-yaoshan").await.is_err(),
        "already there"
    );

    let back = sim.redispatch(&t.id, DEMO_UNIT_ID).await?;
    assert!(back.version > away.version);
    assert_eq!(back.status, TicketStatus::PendingAck);
    assert!((sim.now() - back.dispatched_at).abs() < TimeDelta::seconds(5));
    let (items, _) = api.drain(Some(&cursor)).await?;
    assert_eq!(ticket_versions(&items, &t.id), [back.version]);
    assert_eq!(api.ticket(&t.id).await?, back);
    Ok(())
}

#[tokio::test]
async fn callbacks_extensions_edits_and_dispatches() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let replied = find(&sim, |t| {
        t.status == TicketStatus::Replied && t.our_role == OurRole::Lead
    })?;
    let redo = sim
        .callback(&replied.id, false, Some("路灯仍然不亮"))
        .await?;
    assert_eq!(redo.status, TicketStatus::Redo);
    let before = replied.redo.as_ref().map_or(0, |r| r.count);
    let r = redo.redo.as_ref().ok_or("redo")?;
    assert_eq!((r.count, r.reason.as_str()), (before + 1, "路灯仍然不亮"));
    assert!(redo.reply_due_at > sim.now());
    assert_eq!(
        redo.callback.as_ref().map(|c| c.process.as_str()),
        Some("unsatisfied")
    );
    assert_eq!(api.ticket(&replied.id).await?, redo);
    assert!(
        sim.callback(&replied.id, true, None).await.is_err(),
        "not replied now"
    );

    // Reply to the redo, then a satisfied callback closes it.
    let now = sim.now();
    let res = api
        .post_ticket(
            &redo.id,
            "replies",
            &good_reply(contacted(&redo, now)),
            redo.version,
        )
        .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let closed = sim.callback(&redo.id, true, None).await?;
    assert_eq!(closed.status, TicketStatus::Closed);

    // Extension: requested, then approved; the deadline moves.
    let lead = find(&sim, open_lead)?;
    let wanted = lead.reply_due_at + TimeDelta::days(4);
    let body = json!({"reason": "需等待检测结果", "requested_due_at": wanted.to_rfc3339()});
    let res = api
        .post_ticket(&lead.id, "extension-requests", &body, lead.version)
        .await?;
    let pending: Ticket = json(res, StatusCode::CREATED).await?;
    let res = api
        .post_ticket(&lead.id, "extension-requests", &body, pending.version)
        .await?;
    problem(res, StatusCode::CONFLICT).await?;
    let approved = sim.decide_extension(&lead.id, true).await?;
    assert_eq!(approved.reply_due_at, wanted);
    assert_eq!(
        approved.extension.map(|e| e.status),
        Some(ExtensionStatus::Approved)
    );

    // Edit: supervision, version bumped.
    let supervision = json!({"level": "red", "note": "红牌督办", "at": sim.now().to_rfc3339()});
    let edited = sim
        .edit(&lead.id, json!({"supervision": supervision}))
        .await?;
    assert!(edited.version > approved.version);
    assert_eq!(
        edited.supervision.map(|s| s.level.as_str().to_owned()),
        Some("red".to_owned())
    );
    assert!(sim.edit(&lead.id, json!({"status": 5})).await.is_err());

    // Dispatch: new pending tickets, dispatched now, in the feed.
    let (_, cursor) = api.drain(None).await?;
    let new = sim.dispatch(3).await?;
    assert_eq!(new.len(), 3);
    let (items, _) = api.drain(Some(&cursor)).await?;
    for t in &new {
        assert_eq!(t.status, TicketStatus::PendingAck);
        assert!((sim.now() - t.dispatched_at) < TimeDelta::seconds(5));
        assert_eq!(t.ack_due_at, t.dispatched_at + TimeDelta::hours(2));
        assert_eq!(ticket_versions(&items, &t.id), [t.version]);
    }
    assert_eq!(sim.unit_tickets()?.len(), 303);
    Ok(())
}

#[tokio::test]
async fn the_control_api_over_http() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let control = |p: &str| format!("http://{}/_sim{p}", sim.addr());
    let c = &api.client;

    let res = c
        .post(control("/dispatch"))
        .json(&json!({"count": 10}))
        .send()
        .await?;
    let dispatched: district_sim::Dispatched = json(res, StatusCode::OK).await?;
    assert_eq!(dispatched.ids.len(), 10);
    let lead = dispatched
        .tickets
        .iter()
        .find(|t| t.our_role == OurRole::Lead)
        .ok_or("a lead ticket among ten")?;
    let id = &lead.id;
    let t = api.ticket(id).await?;
    let res = api.post_ticket(id, "ack", &json!({}), t.version).await?;
    let acked: Ticket = json(res, StatusCode::OK).await?;
    let reply = good_reply(contacted(&acked, sim.now()));
    let res = api
        .post_ticket(id, "replies", &reply, acked.version)
        .await?;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = c
        .post(control(&format!("/tickets/{id}/callback")))
        .json(&json!({"satisfied": false, "reason": "市民表示无人联系"}))
        .send()
        .await?;
    let redo: Ticket = json(res, StatusCode::OK).await?;
    assert_eq!(redo.status, TicketStatus::Redo);
    assert_eq!(redo.redo.map(|r| r.count), Some(1));

    let res = c
        .post(control("/tickets/TQ0/callback"))
        .json(&json!({"satisfied": true}))
        .send()
        .await?;
    problem(res, StatusCode::NOT_FOUND).await?;
    let res = c
        .post(control(&format!("/tickets/{id}/extension")))
        .json(&json!({"approve": true}))
        .send()
        .await?;
    problem(res, StatusCode::CONFLICT).await?;
    let res = c
        .patch(control(&format!("/tickets/{id}")))
        .json(&json!({"urgency": "urgent"}))
        .send()
        .await?;
    assert_eq!(
        json::<Ticket>(res, StatusCode::OK).await?.urgency.as_str(),
        "urgent"
    );
    let res = c
        .post(control(&format!("/tickets/{id}/redispatch")))
        .json(&json!({"to_unit": "tq-nowhere"}))
        .send()
        .await?;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY).await?;

    let writes: Vec<district_sim::WriteRecord> =
        json(c.get(control("/writes")).send().await?, StatusCode::OK).await?;
    assert_eq!(writes, sim.writes().await?);
    assert_eq!(writes.len(), 2);
    let truth: Vec<district_sim::OwnedTicket> =
        json(c.get(control("/tickets")).send().await?, StatusCode::OK).await?;
    assert_eq!(truth.len(), 310);

    // The clock: advance and offset move Date and server_time.
    let res = c
        .post(control("/clock"))
        .json(&json!({"advance_seconds": 86_400}))
        .send()
        .await?;
    let state: district_sim::ClockState = json(res, StatusCode::OK).await?;
    assert!(
        (state.now - (common::at(THURSDAY) + TimeDelta::days(1))).abs() < TimeDelta::seconds(30)
    );
    let res = c
        .post(control("/clock"))
        .json(&json!({"offset_seconds": -3600}))
        .send()
        .await?;
    let state: district_sim::ClockState = json(res, StatusCode::OK).await?;
    assert_eq!(state.offset_seconds, -3600);
    let expected = common::at(THURSDAY) - TimeDelta::hours(1);
    let page = api
        .get(&format!("/units/{DEMO_UNIT_ID}/changes?limit=1"))
        .await?;
    let date = page.headers().get(DATE).ok_or("Date")?.to_str()?.to_owned();
    let date: DateTime<chrono::Utc> = httpdate::parse_http_date(&date)?.into();
    assert!(
        (date.fixed_offset() - expected).abs() < TimeDelta::seconds(30),
        "{date}"
    );
    let page: district_api::ChangesPage = json(page, StatusCode::OK).await?;
    assert!((page.server_time - expected).abs() < TimeDelta::seconds(30));
    let res = c.post(control("/clock")).json(&json!({})).send().await?;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY).await?;
    Ok(())
}

#[tokio::test]
async fn without_the_flag_there_is_no_control_api() -> TestResult {
    let sim = spawn(SimConfig {
        now: Some(common::at(THURSDAY)),
        tickets: 10,
        ..SimConfig::default()
    })
    .await?;
    let client = reqwest::Client::new();
    for path in ["/_sim/writes", "/_sim/tickets"] {
        let res = client
            .get(format!("http://{}{path}", sim.addr()))
            .send()
            .await?;
        problem(res, StatusCode::NOT_FOUND).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------- feed expiry

#[tokio::test]
async fn expired_cursors_are_410() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let feed = |c: &str| {
        let mut url = reqwest::Url::parse(&api.url(&format!("/units/{DEMO_UNIT_ID}/changes")))
            .unwrap_or_else(|e| panic!("{e}"));
        url.query_pairs_mut().append_pair("cursor", c);
        api.client.get(url).bearer_auth(&api.token).send()
    };
    let (_, old) = api.drain(None).await?;
    assert_eq!(feed(&old).await?.status(), StatusCode::OK);
    sim.expire_cursors().await?;
    problem(feed(&old).await?, StatusCode::GONE).await?;
    // Start again without a cursor: new cursors work.
    let (items, fresh) = api.drain(None).await?;
    assert_eq!(items.len(), 301);
    assert_eq!(feed(&fresh).await?.status(), StatusCode::OK);

    // By age: a cursor older than the maximum age.
    sim.set_cursor_max_age(Some(std::time::Duration::from_secs(3600)));
    assert_eq!(feed(&fresh).await?.status(), StatusCode::OK);
    sim.advance_clock(2 * 3600);
    problem(feed(&fresh).await?, StatusCode::GONE).await?;
    sim.set_cursor_max_age(None);
    assert_eq!(feed(&fresh).await?.status(), StatusCode::OK);
    Ok(())
}

// ---------------------------------------------------------------- other reads

#[tokio::test]
async fn calendar_and_attachments() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let cal: district_api::CalendarYear =
        json(api.get("/calendar/2026").await?, StatusCode::OK).await?;
    // The simulator's own copy of the official 2026 schedule is the desk's bundled one.
    assert_eq!(Some(cal), desk_domain::WorkCalendar::resolve([]).year(2026));
    // Its provisional 2027 is served until withdrawn; other years are not published.
    let y2027: district_api::CalendarYear =
        json(api.get("/calendar/2027").await?, StatusCode::OK).await?;
    assert!(y2027.holidays.iter().any(|d| d.to_string() == "2027-01-01"));
    problem(api.get("/calendar/2028").await?, StatusCode::NOT_FOUND).await?;
    problem(api.get("/calendar/abc").await?, StatusCode::BAD_REQUEST).await?;
    assert!(sim.withdraw_calendar(2027));
    problem(api.get("/calendar/2027").await?, StatusCode::NOT_FOUND).await?;
    let published = district_api::CalendarYear {
        year: 2027,
        holidays: vec![chrono::NaiveDate::from_ymd_opt(2027, 1, 1).expect("date")],
        workdays: vec![chrono::NaiveDate::from_ymd_opt(2027, 1, 9).expect("date")],
    };
    sim.publish_calendar(&published)?;
    let served: district_api::CalendarYear =
        json(api.get("/calendar/2027").await?, StatusCode::OK).await?;
    assert_eq!(served, published);
    // The same over the control API, as a test publishing a year from outside would.
    let control = format!("http://{}/_sim/calendar/2028", sim.addr());
    let y2028 = serde_json::json!({"year": 2028, "holidays": ["2028-01-01"], "workdays": []});
    let res = api.client.put(&control).json(&y2028).send().await?;
    assert_eq!(res.status(), StatusCode::OK);
    let served: serde_json::Value = json(api.get("/calendar/2028").await?, StatusCode::OK).await?;
    assert_eq!(served, y2028);
    let wrong = serde_json::json!({"year": 2028, "holidays": ["2027-12-31"], "workdays": []});
    let res = api.client.put(&control).json(&wrong).send().await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = api.client.delete(&control).send().await?;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    problem(api.get("/calendar/2028").await?, StatusCode::NOT_FOUND).await?;
    let res = api.client.delete(&control).send().await?;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let with = sim.unit_tickets()?;
    let mut kinds = std::collections::BTreeSet::new();
    for a in with.iter().flat_map(|t| t.attachments.iter()).take(40) {
        let res = api.get(&format!("/attachments/{}", a.id)).await?;
        assert_eq!(res.status(), StatusCode::OK);
        let ct = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        assert_eq!(ct.as_deref(), Some(a.content_type.as_str()));
        let bytes = res.bytes().await?;
        assert_eq!(bytes.len() as u64, a.size, "{}", a.id);
        let magic: &[u8] = match a.content_type.as_str() {
            "image/jpeg" => &[0xFF, 0xD8, 0xFF],
            "application/pdf" => b"%PDF-",
            _ => b"ID3",
        };
        assert!(bytes.starts_with(magic), "{}", a.id);
        kinds.insert(a.content_type.clone());
    }
    assert!(kinds.len() >= 2, "{kinds:?}");
    problem(
        api.get("/attachments/att-TQ0-1").await?,
        StatusCode::NOT_FOUND,
    )
    .await?;
    problem(
        api.get("/attachments/whatever").await?,
        StatusCode::NOT_FOUND,
    )
    .await?;
    Ok(())
}
