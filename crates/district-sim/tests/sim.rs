//! The simulator against the contract: the generator's output, and the HTTP API served
//! by `spawn` on 127.0.0.1:0.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, Timelike};
use desk_domain::calendar::office_close;
use district_api::{
    Category, ChangesPage, Decoded, ExtensionStatus, FeedItem, LoginResponse, Officer, OfficerRole,
    OurRole, PROBLEM_CONTENT_TYPE, Problem, Ticket, TicketStatus, Urgency,
};
use district_sim::{
    DEMO_OFFICER_A, DEMO_OFFICER_B, DEMO_UNIT_ID, SimConfig, SimHandle, generate_ticket,
    generate_tickets, sim_calendar, spawn,
};
use pretty_assertions::assert_eq;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, DATE, WWW_AUTHENTICATE};
use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Predicate<'a> = dyn Fn(&Ticket) -> bool + 'a;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("test timestamps are valid RFC 3339")
}

/// A Thursday, so that some deadlines fall within the next 24 hours.
const THURSDAY: &str = "2026-11-26T10:00:00+08:00";
/// A Saturday morning.
const SATURDAY: &str = "2026-11-28T09:00:00+08:00";

fn generate(seed: u64, n: u64, now: &str) -> Vec<Ticket> {
    let now = at(now);
    let cal = sim_calendar();
    generate_tickets(seed, n, now, &cal).collect()
}

// ---------------------------------------------------------------- generator

#[test]
fn generator_is_deterministic_per_seed_and_index() {
    let now = at(THURSDAY);
    let cal = sim_calendar();
    for index in [0, 1, 2, 17, 99, 100, 12_345, 999_999] {
        let a = generate_ticket(42, index, now, &cal);
        assert_eq!(a, generate_ticket(42, index, now, &cal), "index {index}");
        assert_ne!(
            a,
            generate_ticket(43, index, now, &cal),
            "index {index}: other seed"
        );
        assert_ne!(
            a,
            generate_ticket(42, index + 1, now, &cal),
            "index {index}: next index"
        );
        assert!(a.id.ends_with(&format!("{index:06}")), "{}", a.id);
    }
}

#[test]
fn three_hundred_tickets_cover_the_domain() {
    let now = at(THURSDAY);
    let tickets = generate(42, 300, THURSDAY);

    let count = |f: &dyn Fn(&Ticket) -> bool| tickets.iter().filter(|t| f(t)).count();
    let statuses: BTreeMap<String, usize> = tickets.iter().fold(BTreeMap::new(), |mut m, t| {
        *m.entry(t.status.to_string()).or_default() += 1;
        m
    });
    let expected: BTreeMap<String, usize> = [
        ("pending_ack", 30),
        ("in_progress", 150),
        ("redo", 24),
        ("replied", 36),
        ("closed", 60),
    ]
    .into_iter()
    .map(|(s, n)| (s.to_owned(), n))
    .collect();
    assert_eq!(statuses, expected, "stratified status mix");

    let categories: BTreeSet<String> = tickets.iter().map(|t| t.category.to_string()).collect();
    let all: BTreeSet<String> = Category::KNOWN.iter().map(ToString::to_string).collect();
    assert_eq!(categories, all);

    let open = |t: &Ticket| matches!(t.status, TicketStatus::InProgress | TicketStatus::Redo);
    let checks: &[(&str, usize, usize, &Predicate)] = &[
        ("urgent", 10, 60, &|t| t.urgency == Urgency::Urgent),
        ("normal", 200, 290, &|t| t.urgency == Urgency::Normal),
        ("co_handler", 10, 45, &|t| t.our_role == OurRole::CoHandler),
        ("supervised", 15, 60, &|t| t.supervision.is_some()),
        ("lead with co_units", 5, 60, &|t| {
            t.our_role == OurRole::Lead && !t.co_units.is_empty()
        }),
        ("overdue", 10, 200, &|t| open(t) && t.reply_due_at < now),
        ("due within 24 h", 5, 200, &|t| {
            open(t) && t.reply_due_at > now && t.reply_due_at - now <= TimeDelta::hours(24)
        }),
        ("past the ack deadline", 3, 30, &|t| {
            t.status == TicketStatus::PendingAck && t.ack_due_at < now
        }),
        ("with an extension", 5, 60, &|t| t.extension.is_some()),
        ("with attachments", 15, 90, &|t| !t.attachments.is_empty()),
        ("redo twice", 1, 24, &|t| {
            t.redo.as_ref().is_some_and(|r| r.count == 2)
        }),
    ];
    for (what, lo, hi, f) in checks {
        let n = count(f);
        assert!((*lo..=*hi).contains(&n), "{what}: {n} not in {lo}..={hi}");
    }
    let extension_states: BTreeSet<String> = tickets
        .iter()
        .filter_map(|t| t.extension.as_ref().map(|e| e.status.to_string()))
        .collect();
    assert_eq!(
        extension_states.len(),
        ExtensionStatus::KNOWN.len(),
        "{extension_states:?}"
    );

    let matters: BTreeSet<&str> = tickets.iter().map(|t| t.matter.as_str()).collect();
    assert!(matters.len() >= 25, "{} distinct matters", matters.len());
    let several = count(&|t| t.content.matches(['。', '！', '？']).count() >= 2);
    assert!(
        several >= 270,
        "{several} of 300 contents have several sentences"
    );
}

#[test]
fn every_ticket_is_internally_consistent() {
    for now in [
        THURSDAY,
        SATURDAY,
        "2026-02-24T08:05:00+08:00",
        "2026-10-12T09:30:00+08:00",
    ] {
        let now = at(now);
        let tickets = generate(7, 300, &now.to_rfc3339());
        let mut ids = BTreeSet::new();
        for t in &tickets {
            let ctx = format!("{} at {now}", t.id);
            assert!(ids.insert(t.id.clone()), "duplicate id {ctx}");
            assert_eq!(t.id.len(), 16, "{ctx}");
            assert!(
                t.id.starts_with(&format!("TQ{}", t.dispatched_at.format("%Y%m%d"))),
                "{ctx}"
            );
            assert!(t.version >= 1, "{ctx}");
            for time in [t.dispatched_at, t.ack_due_at, t.reply_due_at] {
                assert_eq!(time.offset().local_minus_utc(), 8 * 3600, "{ctx}");
            }
            assert!(t.dispatched_at <= now, "{ctx}");
            assert!(now - t.dispatched_at < TimeDelta::days(180), "{ctx}");
            assert_eq!(t.ack_due_at, t.dispatched_at + TimeDelta::hours(2), "{ctx}");
            assert_eq!(
                t.acked_by.is_none(),
                t.status == TicketStatus::PendingAck,
                "{ctx}"
            );
            if let Some(ack) = &t.acked_by {
                assert!(["off-a", "off-b"].contains(&ack.id.as_str()), "{ctx}");
                assert!(t.dispatched_at < ack.at && ack.at <= now, "{ctx}");
            }
            assert_eq!(
                t.redo.is_some(),
                t.status == TicketStatus::Redo || t.history.iter().any(|h| h.action == "redo"),
                "{ctx}"
            );
            if let Some(redo) = &t.redo {
                assert!((1..=2).contains(&redo.count), "{ctx}");
                assert!(!redo.reason.is_empty(), "{ctx}");
            }
            assert_eq!(
                t.callback.is_some(),
                matches!(t.status, TicketStatus::Closed | TicketStatus::Redo),
                "{ctx}"
            );
            // History: starts with the dispatch, in time order, nothing in the future.
            assert_eq!(
                t.history.first().map(|h| h.action.as_str()),
                Some("dispatch"),
                "{ctx}"
            );
            assert!(t.history.windows(2).all(|w| w[0].at <= w[1].at), "{ctx}");
            assert!(t.history.iter().all(|h| h.at <= now), "{ctx}");
            let actions: Vec<&str> = t.history.iter().map(|h| h.action.as_str()).collect();
            let expect = match t.status {
                TicketStatus::PendingAck => vec![],
                TicketStatus::InProgress => vec!["ack"],
                TicketStatus::Redo => vec!["ack", "reply", "callback", "redo"],
                TicketStatus::Replied => vec!["ack", "reply"],
                _ => vec!["ack", "reply", "callback", "close"],
            };
            for action in expect {
                assert!(
                    actions.contains(&action),
                    "{ctx}: no {action} in {actions:?}"
                );
            }
            // Roles.
            match t.our_role {
                OurRole::CoHandler => {
                    assert_ne!(t.lead_unit.id, DEMO_UNIT_ID, "{ctx}");
                    let ours = t.co_units.iter().find(|u| u.id == DEMO_UNIT_ID);
                    assert!(ours.is_some_and(|u| u.opinion_due_at.is_some()), "{ctx}");
                }
                _ => assert_eq!(t.lead_unit.id, DEMO_UNIT_ID, "{ctx}"),
            }
            // Citizen data arrives masked.
            assert!(
                t.citizen.name == "匿名" || t.citizen.name.contains('*'),
                "{ctx}"
            );
            assert!(
                t.citizen.phone.is_empty() || t.citizen.phone.contains("****"),
                "{ctx}"
            );
            assert!(t.location.starts_with("天桥区"), "{ctx}");
        }
    }
}

#[test]
fn reply_deadlines_fall_at_office_close_on_working_days() {
    // The desk's bundled 2026 table and the simulator's own are two copies of the
    // official schedule: they must agree.
    let official = desk_domain::WorkCalendar::resolve([]);
    let sim = sim_calendar();
    for now in [
        THURSDAY,
        SATURDAY,
        "2026-02-24T08:05:00+08:00",
        "2026-10-12T09:30:00+08:00",
        "2026-05-06T14:00:00+08:00",
    ] {
        for t in generate(3, 600, now) {
            let mut dues = vec![t.reply_due_at];
            dues.extend(t.extension.as_ref().map(|e| e.requested_due_at));
            dues.extend(t.co_units.iter().filter_map(|u| u.opinion_due_at));
            for due in dues {
                assert_eq!(due.time(), office_close(), "{} {due}", t.id);
                let day = due.date_naive();
                if day.year() == 2026 {
                    assert_eq!(official.is_workday(day), Ok(true), "{} {due}", t.id);
                } else {
                    assert!(sim.is_workday(day), "{} {due}", t.id);
                }
            }
        }
    }
}

#[test]
fn the_national_day_holiday_and_its_make_up_saturday() {
    let dues: Vec<NaiveDate> = generate(11, 1500, "2026-10-12T09:30:00+08:00")
        .iter()
        .map(|t| t.reply_due_at.date_naive())
        .collect();
    let golden_week =
        |d: &NaiveDate| d.month() == 10 && (1..=7).contains(&d.day()) && d.year() == 2026;
    assert!(!dues.iter().any(golden_week), "nothing is due during 国庆");
    let make_up = NaiveDate::from_ymd_opt(2026, 10, 10).expect("valid date");
    assert!(
        dues.contains(&make_up),
        "the make-up Saturday 2026-10-10 is a working day"
    );

    // Dispatched on Monday 2026-09-28: five working days skip the holiday, land on Sat 10-10.
    let due = sim_calendar().deadline(at("2026-09-28T09:00:00+08:00"), 5);
    assert_eq!(due, at("2026-10-10T18:00:00+08:00"));
}

#[test]
fn other_years_use_the_provisional_table_or_weekdays_without_panicking() {
    let cal = sim_calendar();
    for now in [
        "2031-03-04T10:00:00+08:00",
        "2025-12-31T23:30:00+08:00",
        "2027-01-04T08:00:00+08:00",
    ] {
        for t in generate(5, 200, now) {
            assert_eq!(t.reply_due_at.time(), office_close(), "{}", t.id);
            let day = t.reply_due_at.date_naive();
            assert!(cal.is_workday(day), "{} due on a day off: {day}", t.id);
            if !(2026..=2027).contains(&day.year()) {
                let weekday = day.weekday().number_from_monday();
                assert!(weekday <= 5, "{} due on a weekend: {day}", t.id);
            }
        }
    }
}

// ---------------------------------------------------------------- HTTP

async fn start(now: &str) -> Result<SimHandle, Box<dyn std::error::Error>> {
    Ok(spawn(SimConfig {
        now: Some(at(now)),
        ..SimConfig::default()
    })
    .await?)
}

async fn login(
    client: &reqwest::Client,
    sim: &SimHandle,
    (username, password): (&str, &str),
) -> Result<LoginResponse, Box<dyn std::error::Error>> {
    let res = client
        .post(format!("{}/auth/login", sim.base_url()))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await?;
    assert_eq!(res.status(), StatusCode::OK);
    Ok(res.json().await?)
}

/// Asserts a problem document with `status` and returns it.
async fn problem(
    res: reqwest::Response,
    status: StatusCode,
) -> Result<Problem, Box<dyn std::error::Error>> {
    assert_eq!(res.status(), status, "{}", res.url());
    let content_type = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    assert_eq!(content_type, Some(PROBLEM_CONTENT_TYPE), "{}", res.url());
    assert!(res.headers().contains_key(DATE));
    let p: Problem = res.json().await?;
    assert_eq!(p.status, status.as_u16());
    assert!(!p.title.is_empty() && !p.detail.is_empty(), "{p:?}");
    Ok(p)
}

#[tokio::test]
async fn health_login_and_me() -> TestResult {
    let sim = start(SATURDAY).await?;
    let client = reqwest::Client::new();

    let health: serde_json::Value = client
        .get(format!("{}/health", sim.base_url()))
        .send()
        .await?
        .json()
        .await?;
    assert_eq!(health, serde_json::json!({"status": "ok"}));

    let cases = [
        (DEMO_OFFICER_A, "off-a", "张敏", OfficerRole::A),
        (DEMO_OFFICER_B, "off-b", "王磊", OfficerRole::B),
    ];
    let mut tokens = BTreeSet::new();
    for (creds, id, name, role) in cases {
        let login = login(&client, &sim, creds).await?;
        assert!(tokens.insert(login.token.clone()), "tokens are fresh");
        let expected = Officer {
            id: id.to_owned(),
            name: name.to_owned(),
            unit_id: DEMO_UNIT_ID.to_owned(),
            unit_name: "北园街道办事处".to_owned(),
            role,
            phone: login.officer.phone.clone(),
        };
        assert_eq!(login.officer, expected);
        assert!(!login.officer.phone.is_empty());
        let lifetime = login.expires_at - sim.now();
        assert!(
            (TimeDelta::hours(12) - lifetime).abs() < TimeDelta::seconds(5),
            "expires in {lifetime}"
        );
        let me: Officer = client
            .get(format!("{}/me", sim.base_url()))
            .bearer_auth(&login.token)
            .send()
            .await?
            .json()
            .await?;
        assert_eq!(me, expected);
    }

    let bad_logins = [
        (
            serde_json::json!({"username": "demo-a", "password": "wrong"}),
            StatusCode::UNAUTHORIZED,
        ),
        (
            serde_json::json!({"username": "nobody", "password": "demo"}),
            StatusCode::UNAUTHORIZED,
        ),
        (
            serde_json::json!({"username": "demo-a"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (body, status) in bad_logins {
        let res = client
            .post(format!("{}/auth/login", sim.base_url()))
            .json(&body)
            .send()
            .await?;
        problem(res, status).await?;
    }
    Ok(())
}

#[tokio::test]
async fn requests_without_a_valid_token_are_401() -> TestResult {
    let sim = start(SATURDAY).await?;
    let client = reqwest::Client::new();
    let paths = [
        "/me".to_owned(),
        format!("/units/{DEMO_UNIT_ID}/changes"),
        "/tickets/TQ20261128000001".to_owned(),
    ];
    let auths = [
        None,
        Some("Bearer not-a-token"),
        Some("Basic ZGVtby1hOmRlbW8="),
        Some("Bearer "),
    ];
    for path in &paths {
        for auth in auths {
            let mut req = client.get(format!("{}{path}", sim.base_url()));
            if let Some(auth) = auth {
                req = req.header(reqwest::header::AUTHORIZATION, auth);
            }
            let res = req.send().await?;
            assert!(
                res.headers().contains_key(WWW_AUTHENTICATE),
                "{path} {auth:?}"
            );
            problem(res, StatusCode::UNAUTHORIZED).await?;
        }
    }
    Ok(())
}

async fn page(
    client: &reqwest::Client,
    sim: &SimHandle,
    token: &str,
    query: &[(&str, &str)],
) -> Result<ChangesPage, Box<dyn std::error::Error>> {
    // The standard form encoding: '+', '/' and '=' in a cursor are percent-encoded.
    let mut url = reqwest::Url::parse(&format!("{}/units/{DEMO_UNIT_ID}/changes", sim.base_url()))?;
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    let res = client.get(url).bearer_auth(token).send().await?;
    assert_eq!(res.status(), StatusCode::OK, "{query:?}");
    Ok(res.json().await?)
}

#[tokio::test]
async fn paging_the_feed_yields_every_ticket_of_the_unit_once() -> TestResult {
    let sim = start(THURSDAY).await?;
    let client = reqwest::Client::new();
    let token = login(&client, &sim, DEMO_OFFICER_B).await?.token;

    let mut seen: BTreeMap<String, Ticket> = BTreeMap::new();
    let mut duties = 0;
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut query = vec![("limit", "37")];
        if let Some(c) = &cursor {
            query.push(("cursor", c.as_str()));
        }
        let page = page(&client, &sim, &token, &query).await?;
        pages += 1;
        assert!(page.items.len() <= 37);
        assert_eq!(page.server_time.offset().local_minus_utc(), 8 * 3600);
        assert!((page.server_time - sim.now()).abs() < TimeDelta::seconds(5));
        for raw in &page.items {
            match FeedItem::decode(raw) {
                Decoded::Item(FeedItem::Ticket { ticket }) => {
                    let id = ticket.id.clone();
                    assert!(seen.insert(id.clone(), *ticket).is_none(), "{id} twice");
                }
                Decoded::Item(FeedItem::Duty { .. }) => duties += 1,
                other => panic!("unexpected item {other:?}"),
            }
        }
        let next = page.next_cursor.ok_or("next_cursor is always returned")?;
        assert!(
            next.contains('+') && next.contains('/') && next.contains('='),
            "{next}"
        );
        cursor = Some(next);
        if !page.has_more {
            break;
        }
        assert!(pages < 100, "the feed does not end");
    }
    assert_eq!(
        pages,
        301usize.div_ceil(37),
        "300 tickets and the duty roster"
    );
    assert_eq!(duties, 1);
    let truth = sim.unit_tickets()?;
    assert_eq!(truth.len(), 300);
    assert_eq!(seen.into_values().collect::<Vec<_>>(), truth);

    // The last cursor resumes later: nothing new yet, and a cursor again (at the same
    // position; cursors carry their issue time, so the string may differ).
    let c = cursor.ok_or("a cursor")?;
    let after = page(&client, &sim, &token, &[("cursor", c.as_str())]).await?;
    assert!(after.items.is_empty() && !after.has_more);
    let again = after.next_cursor.ok_or("a cursor again")?;
    let later = page(&client, &sim, &token, &[("cursor", again.as_str())]).await?;
    assert!(later.items.is_empty() && !later.has_more);

    // Without a limit: the default page; a huge limit is clamped, never an error.
    let default = page(&client, &sim, &token, &[]).await?;
    assert_eq!((default.items.len(), default.has_more), (200, true));
    let clamped = page(&client, &sim, &token, &[("limit", "100000")]).await?;
    assert_eq!((clamped.items.len(), clamped.has_more), (301, false));
    Ok(())
}

#[tokio::test]
async fn feed_errors_are_problem_documents() -> TestResult {
    let sim = start(SATURDAY).await?;
    let client = reqwest::Client::new();
    let token = login(&client, &sim, DEMO_OFFICER_A).await?.token;
    let first = page(&client, &sim, &token, &[("limit", "5")]).await?;
    let valid = first.next_cursor.ok_or("a cursor")?;
    let feed = format!("{}/units/{DEMO_UNIT_ID}/changes", sim.base_url());

    let cases: Vec<(String, StatusCode)> = vec![
        (format!("{feed}?cursor=garbage"), StatusCode::BAD_REQUEST),
        (format!("{feed}?cursor=djE6AAAA"), StatusCode::BAD_REQUEST),
        // Not percent-encoded: the '+' arrives as a space.
        (format!("{feed}?cursor={valid}"), StatusCode::BAD_REQUEST),
        (format!("{feed}?limit=0"), StatusCode::BAD_REQUEST),
        (format!("{feed}?limit=-3"), StatusCode::BAD_REQUEST),
        (format!("{feed}?limit=abc"), StatusCode::BAD_REQUEST),
        (
            format!("{}/units/tq-wuyingshan/changes", sim.base_url()),
            StatusCode::FORBIDDEN,
        ),
        (
            format!("{}/tickets/TQ20260101999999", sim.base_url()),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("{}/no/such/path", sim.base_url()),
            StatusCode::NOT_FOUND,
        ),
    ];
    for (url, status) in cases {
        let res = client.get(&url).bearer_auth(&token).send().await?;
        problem(res, status).await?;
    }
    // Outside the API prefix there is nothing either.
    let addr = sim.addr();
    let res = client.get(format!("http://{addr}/health")).send().await?;
    problem(res, StatusCode::NOT_FOUND).await?;
    Ok(())
}

#[tokio::test]
async fn tickets_by_id_match_the_servers_truth() -> TestResult {
    let sim = start(THURSDAY).await?;
    let client = reqwest::Client::new();
    let token = login(&client, &sim, DEMO_OFFICER_A).await?.token;
    let truth = sim.unit_tickets()?;
    for expected in truth.iter().step_by(29) {
        let got: Ticket = client
            .get(format!("{}/tickets/{}", sim.base_url(), expected.id))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        assert_eq!(&got, expected);
    }
    Ok(())
}

#[tokio::test]
async fn the_date_header_follows_the_sim_clock() -> TestResult {
    let sim = start(SATURDAY).await?;
    let client = reqwest::Client::new();
    let expected = SystemTime::from(at(SATURDAY));
    let urls = [
        format!("{}/health", sim.base_url()),
        format!("{}/me", sim.base_url()),
        format!("{}/nowhere", sim.base_url()),
    ];
    for url in urls {
        let res = client.get(&url).send().await?;
        let date = res.headers().get(DATE).ok_or("a Date header")?.to_str()?;
        let date = httpdate::parse_http_date(date)?;
        let skew = date
            .duration_since(expected)
            .unwrap_or_else(|e| e.duration());
        assert!(
            skew.as_secs() < 5,
            "{url}: Date is {skew:?} away from the sim clock"
        );
    }
    assert_eq!(
        sim.now().with_nanosecond(0).map(|t| t.date_naive()),
        Some(at(SATURDAY).date_naive())
    );
    Ok(())
}

#[tokio::test]
async fn a_database_file_survives_a_restart() -> TestResult {
    let dir = tempfile::tempdir()?;
    let config = SimConfig {
        now: Some(at(SATURDAY)),
        tickets: 40,
        db_path: Some(dir.path().join("district.sqlite")),
        ..SimConfig::default()
    };
    let first = spawn(config.clone()).await?;
    let before = first.unit_tickets()?;
    first.shutdown();
    // Another seed: a seeded file is served as it is.
    let second = spawn(SimConfig { seed: 7, ..config }).await?;
    assert_eq!(second.unit_tickets()?, before);
    Ok(())
}

// ---------------------------------------------------------------- desk updates

/// The update feed (issue 17): 204 until a release is published through the control
/// API, then Tauri's static manifest pointing at the served artifact; withdrawn, 204.
#[tokio::test]
async fn the_desk_update_feed_serves_what_the_control_api_publishes() -> TestResult {
    let sim = spawn(SimConfig {
        tickets: 0,
        control_api: true,
        ..SimConfig::default()
    })
    .await?;
    let client = reqwest::Client::new();
    let feed = format!("{}/desk-updates/latest.json", sim.base_url());
    assert_eq!(
        client.get(&feed).send().await?.status(),
        StatusCode::NO_CONTENT
    );
    let control = format!("http://{}/_sim/desk-updates", sim.addr());
    let body = serde_json::json!({
        "version": "0.2.0",
        "notes": "新版本",
        "platforms": { "linux-x86_64": {
            "file_name": "liaison-desk_0.2.0_amd64.deb",
            "bytes_base64": "AAEC",
            "signature": "c2ln",
        }},
    });
    let res = client.put(&control).json(&body).send().await?;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let manifest: serde_json::Value = client.get(&feed).send().await?.json().await?;
    assert_eq!(manifest["version"], "0.2.0");
    assert_eq!(manifest["notes"], "新版本");
    let platform = &manifest["platforms"]["linux-x86_64"];
    assert_eq!(platform["signature"], "c2ln");
    let url = platform["url"].as_str().ok_or("a url")?;
    let bytes = client.get(url).send().await?.bytes().await?;
    assert_eq!(bytes.as_ref(), &[0u8, 1, 2]);
    let mut bad = body.clone();
    bad["platforms"]["linux-x86_64"]["file_name"] = "../etc/passwd".into();
    let res = client.put(&control).json(&bad).send().await?;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        client.delete(&control).send().await?.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        client.get(&feed).send().await?.status(),
        StatusCode::NO_CONTENT
    );
    Ok(())
}
