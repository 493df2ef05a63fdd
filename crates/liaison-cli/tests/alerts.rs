//! `liaison alerts --at`: what the planner would fire at a moment, as officers and other
//! programs read it, against a synced cache of the simulator.

mod support;

use chrono::{DateTime, Duration, FixedOffset};
use district_api::{OurRole, TicketStatus};
use pretty_assertions::assert_eq;
use serde_json::Value;
use support::{World, liaison};

/// `liaison alerts --json` at `at`, parsed; asserts success.
fn alerts_json(data: &str, at: DateTime<FixedOffset>, role: Option<&str>) -> Vec<Value> {
    let at = at.to_rfc3339();
    let mut args = vec!["--data-dir", data, "alerts", "--at", at.as_str(), "--json"];
    if let Some(r) = role {
        args.extend(["--as", r]);
    }
    let out = liaison(&args, None);
    assert!(
        out.status.success(),
        "alerts failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON array")
}

fn mentions(alerts: &[Value], id: &str) -> Vec<Value> {
    alerts
        .iter()
        .filter(|a| {
            a["ticket_ids"]
                .as_array()
                .is_some_and(|ids| ids.iter().any(|t| t == id))
        })
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alerts_at_a_moment_show_what_would_fire_without_firing_it() {
    // The harness's clock: Friday 2026-11-27 10:00 Beijing time, inside working hours.
    let world = World::start(7, 80).await;
    let sim = &world.sim;
    let token = support::token(sim, "A").await;
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().to_str().expect("utf-8 path").to_owned();
    let url = sim.base_url();
    let sync_data = data.clone();
    let out = tokio::task::spawn_blocking(move || {
        liaison(
            &["--data-dir", &sync_data, "--server", &url, "sync"],
            Some(&token),
        )
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let tickets = sim.unit_tickets().expect("truth");
    // An open ticket our unit leads: one hour after its reply deadline it is overdue,
    // a critical alert, whoever else is due at the same time.
    let open = tickets
        .iter()
        .filter(|t| t.status == TicketStatus::InProgress && t.our_role == OurRole::Lead)
        .min_by_key(|t| t.reply_due_at)
        .expect("an open ticket");
    let after_deadline = open.reply_due_at + Duration::hours(1);

    let data2 = data.clone();
    let (for_a, again, for_b) = tokio::task::spawn_blocking(move || {
        (
            alerts_json(&data2, after_deadline, None),
            alerts_json(&data2, after_deadline, None),
            alerts_json(&data2, after_deadline, Some("B")),
        )
    })
    .await
    .expect("join");

    let about_it = mentions(&for_a, &open.id);
    assert_eq!(about_it.len(), 1, "{for_a:#?}");
    assert_eq!(about_it[0]["critical"], true);
    assert!(
        about_it[0]["body"]
            .as_str()
            .is_some_and(|b| b.contains(&open.id)),
        "the body names the ticket: {about_it:#?}"
    );
    // The shape other programs read.
    let kinds = [
        "new_ticket",
        "ack_due",
        "reply_due",
        "overdue",
        "redo",
        "supervision",
        "extension_decided",
        "opinion_due",
        "outbox_problem",
    ];
    for a in &for_a {
        assert!(kinds.contains(&a["kind"].as_str().unwrap_or("?")), "{a}");
        assert!(
            a["ticket_ids"].is_array() && a["critical"].is_boolean(),
            "{a}"
        );
        assert!(a["title"].as_str().is_some_and(|t| !t.is_empty()), "{a}");
        assert!(a["body"].is_string(), "{a}");
    }
    // Nothing was marked fired: asking again gives the same answer.
    assert_eq!(again, for_a);
    // A is on duty: B, who chose nothing while off duty (the default), gets nothing.
    assert_eq!(for_b, Vec::<Value>::new());

    // No side effects: nothing remembered as fired, nothing in the notification centre.
    let store = desk_store::Store::open(&dir.path().join("cache.db")).expect("cache");
    assert!(store.fired_alert_keys().expect("keys").is_empty());
    assert!(store.alert_log(10).expect("log").is_empty());
}

#[test]
fn a_moment_that_is_not_rfc3339_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().to_str().expect("utf-8 path");
    let out = liaison(&["--data-dir", data, "alerts", "--at", "明天下午"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RFC 3339"));
}
