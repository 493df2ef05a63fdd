//! `liaison report`: the unit's assessment of a period (issue 16) from a cache synced
//! from the simulator, as other programs read it.

mod support;

use district_api::OurRole;
use district_sim::SimConfig;
use pretty_assertions::assert_eq;
use serde_json::Value;
use std::process::Output;
use support::{Sandbox, World, utf8};

/// Every field of the table, under exactly its name.
const FIELDS: &[&str] = &[
    "dispatched",
    "acked_on_time",
    "ack_on_time_rate",
    "finished",
    "finished_on_time",
    "overdue_open",
    "on_time_rate",
    "redo_tickets",
    "redo_rate",
    "callbacks",
    "process_satisfied",
    "process_satisfaction_rate",
    "result_resolved",
    "result_satisfaction_rate",
    "extensions_requested",
    "extensions_approved",
    "supervised",
    "yellow_cards",
    "red_cards",
    "opinions_due",
    "opinions_on_time",
    "opinion_on_time_rate",
    "ack_minutes_median",
    "contact_minutes_median",
    "reply_margin_working_hours_median",
    "from",
    "to",
    "at",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_json_has_every_figure_and_the_projection() {
    let start = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+08:00").expect("t");
    let World { sim, .. } = World::with_config(SimConfig {
        seed: 16,
        tickets: 120,
        now: Some(start),
        ..SimConfig::default()
    })
    .await;
    let token = support::token(&sim, "A").await;
    let sandbox = Sandbox::new();
    let data = utf8(&sandbox.join("data")).to_owned();
    let url = sim.base_url();
    let xlsx = sandbox.join("考核.xlsx");
    let xlsx_arg = utf8(&xlsx).to_owned();
    let (sandbox, synced, report, bad) = tokio::task::spawn_blocking(move || {
        let synced = sandbox.run(
            &["--data-dir", &data, "--server", &url, "sync"],
            Some(&token),
        );
        let report = sandbox.run(
            &[
                "--data-dir",
                &data,
                "report",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--at",
                "2026-11-27T10:00:00+08:00",
                "--json",
                "--xlsx",
                &xlsx_arg,
            ],
            None,
        );
        let bad: Vec<Output> = [
            ("2026-11-30", "2026-11-01"),
            ("2026-11-31", "2026-12-31"),
            ("2026/11/01", "2026-11-30"),
            ("2020-01-01", "2026-11-30"),
        ]
        .iter()
        .map(|(from, to)| {
            sandbox.run(
                &[
                    "--data-dir",
                    &data,
                    "report",
                    "--from",
                    from,
                    "--to",
                    to,
                    "--json",
                ],
                None,
            )
        })
        .collect();
        (sandbox, synced, report, bad)
    })
    .await
    .expect("join");
    assert!(
        synced.status.success(),
        "{}",
        String::from_utf8_lossy(&synced.stderr)
    );
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let json: Value = serde_json::from_slice(&report.stdout).expect("one JSON object");
    for field in FIELDS {
        assert!(json.get(field).is_some(), "missing {field}: {json}");
    }
    assert_eq!(json["from"], "2026-11-01");
    assert_eq!(json["at"], "2026-11-27T10:00:00+08:00");
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).expect("offset");
    let november = sim
        .unit_tickets()
        .expect("truth")
        .into_iter()
        .filter(|t| t.our_role == OurRole::Lead)
        .filter(|t| {
            t.dispatched_at
                .with_timezone(&beijing)
                .format("%Y-%m")
                .to_string()
                == "2026-11"
        })
        .count();
    assert_eq!(json["dispatched"].as_u64(), Some(november as u64));
    // The period holds `at`: the month is projected; at-risk tickets by id.
    assert!(json["projection"]["at_risk"].is_array());
    assert!(json["projection"].get("on_time_rate_if_missed").is_some());
    assert!(
        sandbox.join("考核.xlsx").exists(),
        "the workbook is written"
    );
    for out in bad {
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty());
    }
}
