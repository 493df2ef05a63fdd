//! Fault injection as a client sees it: every fault class is observable, plans are
//! reproducible, and faults that drop a write's answer still leave it applied once.

mod common;

use common::*;
use district_api::{ChangesPage, TicketStatus};
use district_sim::{DEMO_UNIT_ID, FaultPlan, SimHandle};
use reqwest::header::{CONTENT_LENGTH, DATE, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use std::time::{Duration, Instant, SystemTime};

fn feed_path() -> String {
    format!("/units/{DEMO_UNIT_ID}/changes")
}

/// What one request came to, as a client sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Status(u16),
    /// No answer at all (connection reset/closed) or a body that could not be read.
    Broken,
    /// A 2xx whose body is not valid JSON.
    Truncated(u16),
}

async fn outcome<E>(res: Result<reqwest::Response, E>) -> Outcome {
    let Ok(res) = res else {
        return Outcome::Broken;
    };
    let status = res.status().as_u16();
    let Ok(bytes) = res.bytes().await else {
        return Outcome::Broken;
    };
    if (200..300).contains(&status) && serde_json::from_slice::<serde_json::Value>(&bytes).is_err()
    {
        return Outcome::Truncated(status);
    }
    Outcome::Status(status)
}

async fn get_me(api: &Api) -> Outcome {
    let res = api
        .client
        .get(api.url("/me"))
        .bearer_auth(&api.token)
        .send()
        .await;
    outcome(res).await
}

#[tokio::test]
async fn errors_rate_limits_and_maintenance_are_problem_documents() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;

    sim.set_faults(FaultPlan {
        error_rate: 1.0,
        ..FaultPlan::default()
    });
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..30 {
        let res = api.get("/me").await?;
        assert!(res.headers().get(RETRY_AFTER).is_none());
        let status = res.status();
        let p = problem(res, status).await?;
        seen.insert(p.status);
    }
    assert_eq!(seen, [500, 502, 503].into(), "all three kinds of error");

    sim.set_faults(FaultPlan {
        rate_limit_rate: 1.0,
        retry_after_seconds: 7,
        ..FaultPlan::default()
    });
    let res = api.get("/me").await?;
    assert_eq!(
        res.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok()),
        Some("7")
    );
    problem(res, StatusCode::TOO_MANY_REQUESTS).await?;

    sim.set_faults(FaultPlan {
        maintenance_rate: 1.0,
        retry_after_seconds: 120,
        retry_after_http_date: true,
        ..FaultPlan::default()
    });
    let res = api.get("/me").await?;
    let header = |name| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
    };
    let (date, retry) = (
        header(DATE).ok_or("Date")?,
        header(RETRY_AFTER).ok_or("an HTTP-date")?,
    );
    let wait = retry.duration_since(date)?;
    assert!(
        (Duration::from_secs(118)..=Duration::from_secs(122)).contains(&wait),
        "{wait:?}: read against the server's Date"
    );
    problem(res, StatusCode::SERVICE_UNAVAILABLE).await?;

    // Health is never faulted; clearing the plan ends the faults.
    let health = api.client.get(api.url("/health")).send().await?;
    assert_eq!(health.status(), StatusCode::OK);
    sim.clear_faults();
    assert_eq!(get_me(&api).await, Outcome::Status(200));
    Ok(())
}

#[tokio::test]
async fn a_reset_connection_is_an_error_and_has_no_effect() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let t = find(&sim, |t| t.status == TicketStatus::PendingAck)?;
    sim.set_faults(FaultPlan {
        reset_rate: 1.0,
        ..FaultPlan::default()
    });
    assert_eq!(get_me(&api).await, Outcome::Broken);
    let k = key();
    let res = api
        .write(
            Method::POST,
            &format!("/tickets/{}/ack", t.id),
            &serde_json::json!({}),
            Some(&k),
            Some(&t.version.to_string()),
        )
        .await;
    assert!(res.is_err(), "{res:?}");
    sim.clear_faults();
    assert!(sim.writes().await?.is_empty(), "nothing applied");
    // The key was not used: the same request now applies.
    let res = api
        .write(
            Method::POST,
            &format!("/tickets/{}/ack", t.id),
            &serde_json::json!({}),
            Some(&k),
            Some(&t.version.to_string()),
        )
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(sim.writes().await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn drop_after_commit_applies_the_write_and_a_replay_gets_the_stored_answer() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let t = find(&sim, open_lead)?;
    let body = serde_json::json!({"reason": "需协调相关部门", "units": ["tq-cgj"]});
    let path = format!("/tickets/{}/coordination-requests", t.id);
    let k = key();
    let if_match = format!("\"{}\"", t.version);
    sim.set_faults(FaultPlan {
        drop_after_commit_rate: 1.0,
        ..FaultPlan::default()
    });
    // Reads are not dropped by this fault.
    assert_eq!(get_me(&api).await, Outcome::Status(200));
    let first = api
        .write(Method::POST, &path, &body, Some(&k), Some(&if_match))
        .await;
    assert_eq!(outcome(first).await, Outcome::Broken);
    let writes = sim.writes().await?;
    assert_eq!(writes.len(), 1, "the effect was applied");
    assert_eq!(writes[0].idempotency_key, k);
    assert_eq!(writes[0].kind, "coordination_request");

    sim.clear_faults();
    // The retry carries the old If-Match (now stale): the stored 201 still wins.
    let replay = api
        .write(Method::POST, &path, &body, Some(&k), Some(&if_match))
        .await?;
    assert_eq!(
        replay
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let ticket: district_api::Ticket = json(replay, StatusCode::CREATED).await?;
    assert!(ticket.version > t.version);
    assert_eq!(ticket, api.ticket(&t.id).await?);
    assert_eq!(sim.writes().await?.len(), 1, "applied exactly once");
    Ok(())
}

#[tokio::test]
async fn truncated_answers_break_json_and_writes_still_apply() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let t = find(&sim, |t| t.status == TicketStatus::PendingAck)?;
    sim.set_faults(FaultPlan {
        truncate_rate: 1.0,
        ..FaultPlan::default()
    });
    let res = api.get(&format!("/tickets/{}", t.id)).await?;
    assert_eq!(res.status(), StatusCode::OK);
    let length: usize = res
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or("Content-Length")?;
    let body = res.bytes().await?;
    assert_eq!(body.len(), length, "Content-Length matches the cut body");
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());

    // Errors are not truncated.
    problem(api.get("/tickets/NOPE").await?, StatusCode::NOT_FOUND).await?;

    let k = key();
    let ack = api
        .write(
            Method::POST,
            &format!("/tickets/{}/ack", t.id),
            &serde_json::json!({}),
            Some(&k),
            Some(&t.version.to_string()),
        )
        .await;
    assert_eq!(outcome(ack).await, Outcome::Truncated(200));
    assert_eq!(
        sim.writes().await?.len(),
        1,
        "a truncated write took effect"
    );
    sim.clear_faults();
    assert_eq!(api.ticket(&t.id).await?.status, TicketStatus::InProgress);
    Ok(())
}

#[tokio::test]
async fn latency_delays_answers() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    sim.set_faults(FaultPlan {
        latency_ms: Some((150, 200)),
        ..FaultPlan::default()
    });
    let started = Instant::now();
    assert_eq!(get_me(&api).await, Outcome::Status(200));
    assert!(started.elapsed() >= Duration::from_millis(150));
    Ok(())
}

async fn page(api: &Api, cursor: Option<&str>, limit: u32) -> Res<ChangesPage> {
    let mut url = reqwest::Url::parse(&api.url(&feed_path()))?;
    url.query_pairs_mut()
        .append_pair("limit", &limit.to_string());
    if let Some(c) = cursor {
        url.query_pairs_mut().append_pair("cursor", c);
    }
    let res = api.client.get(url).bearer_auth(&api.token).send().await?;
    json(res, StatusCode::OK).await
}

fn keys(items: &[serde_json::Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i["type"].as_str() {
            Some("ticket") => format!("ticket:{}:{}", i["ticket"]["id"], i["ticket"]["version"]),
            other => format!("{other:?}:{}", i["ticket_id"]),
        })
        .collect()
}

#[tokio::test]
async fn feed_faults_duplicate_shuffle_resend_stale_and_stall() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let clean = page(&api, None, 40).await?;
    let clean_keys = keys(&clean.items);
    let cursor = clean.next_cursor.clone().ok_or("cursor")?;
    let second = page(&api, Some(&cursor), 40).await?;

    // Duplicates: within the page, and (with a cursor) from the page before.
    sim.set_faults(FaultPlan {
        seed: 1,
        duplicate_items_rate: 1.0,
        ..FaultPlan::default()
    });
    let dup = page(&api, Some(&cursor), 40).await?;
    let dup_keys = keys(&dup.items);
    assert!(dup_keys.len() > second.items.len());
    let unique: std::collections::BTreeSet<&String> = dup_keys.iter().collect();
    assert!(
        unique.len() < dup_keys.len(),
        "an item repeated within the page"
    );
    assert!(
        dup_keys.iter().any(|k| clean_keys.contains(k)),
        "an item of the earlier page again"
    );

    // Out of order: the same items, another order.
    sim.set_faults(FaultPlan {
        seed: 2,
        out_of_order_rate: 1.0,
        ..FaultPlan::default()
    });
    let shuffled = page(&api, None, 40).await?;
    let mut a = keys(&shuffled.items);
    assert_ne!(a, clean_keys);
    a.sort();
    let mut b = clean_keys.clone();
    b.sort();
    assert_eq!(a, b);

    // Empty page: has_more, and the cursor does not advance.
    sim.set_faults(FaultPlan {
        empty_page_rate: 1.0,
        ..FaultPlan::default()
    });
    let empty = page(&api, Some(&cursor), 40).await?;
    assert!(empty.items.is_empty() && empty.has_more);
    sim.clear_faults();
    let resumed = page(&api, empty.next_cursor.as_deref(), 40).await?;
    assert_eq!(keys(&resumed.items), keys(&second.items));

    // Stale versions: an older state of a changed ticket arrives again.
    let t = find(&sim, |t| t.status == TicketStatus::PendingAck)?;
    let acked: district_api::Ticket = json(
        api.post_ticket(&t.id, "ack", &serde_json::json!({}), t.version)
            .await?,
        StatusCode::OK,
    )
    .await?;
    sim.set_faults(FaultPlan {
        stale_versions_rate: 1.0,
        ..FaultPlan::default()
    });
    let (items, _) = api.drain(None).await?;
    let versions = ticket_versions(&items, &t.id);
    assert!(versions.contains(&acked.version), "{versions:?}");
    assert!(
        versions.contains(&t.version),
        "the stale version: {versions:?}"
    );

    // Cursor expiry: only requests with a cursor.
    sim.set_faults(FaultPlan {
        cursor_expiry_rate: 1.0,
        ..FaultPlan::default()
    });
    problem(
        api.get(&format!("{}?cursor={}", feed_path(), urlencode(&cursor)))
            .await?,
        StatusCode::GONE,
    )
    .await?;
    assert_eq!(page(&api, None, 5).await?.items.len(), 5);
    Ok(())
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn a_plan_shifts_the_clock_while_active() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let date = |res: &reqwest::Response| -> Res<SystemTime> {
        let v = res.headers().get(DATE).ok_or("Date")?.to_str()?;
        Ok(httpdate::parse_http_date(v)?)
    };
    let before = date(&api.get("/me").await?)?;
    sim.set_faults(FaultPlan {
        clock_offset_seconds: 3600,
        ..FaultPlan::default()
    });
    let during = date(&api.get("/me").await?)?;
    let shift = during.duration_since(before)?;
    assert!(
        (Duration::from_secs(3595)..=Duration::from_secs(3610)).contains(&shift),
        "{shift:?}"
    );
    sim.clear_faults();
    let after = date(&api.get("/me").await?)?;
    assert!(after.duration_since(before)? < Duration::from_secs(10));
    Ok(())
}

async fn run_sequence(sim: &SimHandle, api: &Api, plan: &FaultPlan) -> Vec<Outcome> {
    sim.set_faults(plan.clone());
    let mut out = Vec::new();
    for _ in 0..40 {
        out.push(get_me(api).await);
    }
    sim.clear_faults();
    out
}

#[tokio::test]
async fn the_same_seed_gives_the_same_sequence_of_outcomes() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;
    let plan = FaultPlan {
        seed: 77,
        error_rate: 0.15,
        rate_limit_rate: 0.15,
        maintenance_rate: 0.1,
        reset_rate: 0.1,
        truncate_rate: 0.15,
        retry_after_seconds: 1,
        ..FaultPlan::default()
    };
    let first = run_sequence(&sim, &api, &plan).await;
    let second = run_sequence(&sim, &api, &plan).await;
    assert_eq!(first, second);
    let kinds: std::collections::BTreeSet<String> =
        first.iter().map(|o| format!("{o:?}")).collect();
    assert!(kinds.len() >= 5, "a mix of outcomes: {kinds:?}");
    let other = run_sequence(&sim, &api, &FaultPlan { seed: 78, ..plan }).await;
    assert_ne!(first, other);

    // Over the control API too: a partial JSON plan.
    let control = format!("http://{}/_sim/faults", sim.addr());
    let res = api
        .client
        .put(&control)
        .json(&serde_json::json!({"seed": 77, "error_rate": 1.0}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(matches!(
        get_me(&api).await,
        Outcome::Status(500 | 502 | 503)
    ));
    let res = api.client.delete(&control).send().await?;
    assert!(res.status().is_success());
    assert_eq!(get_me(&api).await, Outcome::Status(200));
    Ok(())
}

/// The scripted faults: by request number (maintenance, redirect), padded answers, a
/// stuck feed, and a one-off reassignment with expired cursors after the first page.
#[tokio::test]
async fn scripted_faults_redirect_pad_stick_and_reassign() -> TestResult {
    let sim = start().await?;
    let api = Api::officer_a(&sim).await?;

    sim.set_faults(FaultPlan {
        maintenance_requests: vec![1],
        retry_after_seconds: 1,
        ..FaultPlan::default()
    });
    let answers = [get_me(&api).await, get_me(&api).await, get_me(&api).await];
    assert_eq!(
        answers,
        [
            Outcome::Status(200),
            Outcome::Status(503),
            Outcome::Status(200)
        ]
    );

    sim.set_faults(FaultPlan {
        redirect: Some(district_sim::RedirectFault {
            status: 308,
            location_base: "http://elsewhere.example/api/v1/".to_owned(),
            requests: vec![],
        }),
        ..FaultPlan::default()
    });
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let res = no_redirects
        .get(api.url("/me?x=1"))
        .bearer_auth(&api.token)
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        res.headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("http://elsewhere.example/api/v1/me?x=1")
    );

    sim.set_faults(FaultPlan {
        pad_answers_to_bytes: 300_000,
        ..FaultPlan::default()
    });
    let res = api.get("/me").await?;
    assert!(res.headers().get(CONTENT_LENGTH).is_none());
    let body = res.bytes().await?;
    assert!(body.len() >= 300_000, "{}", body.len());
    let me: district_api::Officer = serde_json::from_slice(&body)?;
    assert_eq!(me.unit_id, DEMO_UNIT_ID);

    sim.clear_faults();
    let first = page(&api, None, 20).await?;
    let cursor = first.next_cursor.clone().ok_or("cursor")?;
    sim.set_faults(FaultPlan {
        stuck_feed: true,
        ..FaultPlan::default()
    });
    for _ in 0..3 {
        let again = page(&api, Some(&cursor), 20).await?;
        assert_eq!(keys(&again.items), keys(&first.items));
        assert!(again.has_more);
    }

    let before = sim.unit_tickets()?.len();
    sim.set_faults(FaultPlan {
        reassign_after_first_page: Some(district_sim::ReassignFault {
            count: 3,
            to_unit: "tq-cgj".to_owned(),
        }),
        ..FaultPlan::default()
    });
    let fresh = page(&api, None, 20).await?;
    let moved: Vec<String> = fresh
        .items
        .iter()
        .filter_map(|i| i.pointer("/ticket/id")?.as_str().map(str::to_owned))
        .take(3)
        .collect();
    for id in &moved {
        let (unit, _) = sim.ticket(id).await?.ok_or("ticket")?;
        assert_eq!(unit, "tq-cgj", "{id} left the unit");
    }
    let next = fresh.next_cursor.clone().ok_or("cursor")?;
    let mut url = reqwest::Url::parse(&api.url(&feed_path()))?;
    url.query_pairs_mut().append_pair("cursor", &next);
    let res = api.client.get(url).bearer_auth(&api.token).send().await?;
    assert_eq!(res.status(), StatusCode::GONE, "every cursor expired");
    // Once only: the next fresh page moves nothing more.
    let again = page(&api, None, 20).await?;
    assert!(again.items.len() >= 17);
    assert_eq!(sim.unit_tickets()?.len(), before - 3);
    Ok(())
}
