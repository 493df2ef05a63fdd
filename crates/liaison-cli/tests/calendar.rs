//! The district's calendar at the turn of the year (issue 14), as `liaison` shows it:
//! `status --json`'s `calendar`, `liaison calendar`, and `alerts --at` on New Year's Day
//! and on a make-up Saturday — before the district published 2027 (estimated, and
//! saying so) and after (its holidays and make-up days respected).

mod support;

use district_sim::{SimConfig, SimHandle};
use liaison_tests::test_support::time::at;
use serde_json::Value;
use std::process::Output;
use support::{Sandbox, World};

struct Cli {
    data: String,
    sandbox: Sandbox,
    token: String,
    url: String,
}

impl Cli {
    fn run(&self, args: &[&str]) -> Output {
        let mut all = vec![
            "--data-dir",
            self.data.as_str(),
            "--server",
            self.url.as_str(),
        ];
        all.extend(args);
        self.sandbox.run(&all, Some(&self.token))
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "liaison {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }

    async fn sync(&self) {
        let this = Cli {
            data: self.data.clone(),
            sandbox: Sandbox::new(),
            token: self.token.clone(),
            url: self.url.clone(),
        };
        let out = tokio::task::spawn_blocking(move || this.run(&["sync"]))
            .await
            .expect("join");
        assert!(
            out.status.success(),
            "sync failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `alerts --at AT --as A --json`.
    fn alerts(&self, at: &str) -> Vec<Value> {
        match self.json(&["alerts", "--at", at, "--as", "A", "--json"]) {
            Value::Array(a) => a,
            other => panic!("not an array: {other}"),
        }
    }
}

/// Dispatches one ticket at the simulator's `when` (the sim clock is moved there).
async fn dispatch_at(sim: &SimHandle, when: &str) -> String {
    let delta = at(when) - sim.now();
    sim.advance_clock(delta.num_seconds());
    let t = sim.dispatch(1).await.expect("dispatch");
    t[0].id.clone()
}

/// `(ticket id, kind)` of every alert key the notifications would mark fired.
fn keys(alerts: &[Value]) -> Vec<(String, String)> {
    alerts
        .iter()
        .flat_map(|n| n["keys"].as_array().cloned().unwrap_or_default())
        .map(|k| {
            (
                k["ticket_id"].as_str().unwrap_or_default().to_owned(),
                k["kind"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Only overdue, redo and supervision alerts fire: a reminder's key appears only as an
/// earlier step of the same ticket's overdue alert (marked fired with it).
fn only_critical(fired: &[(String, String)], when: &str) {
    for (id, kind) in fired {
        let critical = matches!(kind.as_str(), "overdue" | "redo" | "supervision");
        let step_of_overdue = fired.iter().any(|(i, k)| i == id && k == "overdue");
        assert!(
            critical || step_of_overdue,
            "{when} only critical alerts come, got {kind} for {id}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_years_day_and_a_make_up_saturday_follow_the_districts_2027() {
    let world = World::with_config(SimConfig {
        seed: 14,
        tickets: 60,
        now: Some(at("2026-12-29T10:00:00+08:00")),
        ..SimConfig::default()
    })
    .await;
    let World { sim, .. } = world;
    let provisional = district_sim::sim_calendar()
        .year(2027)
        .expect("the simulator has a 2027");
    // A ticket dispatched on New Year's Day, and one on the make-up Saturday 2027-02-20.
    let new_year = dispatch_at(&sim, "2027-01-01T09:30:00+08:00").await;
    let saturday = dispatch_at(&sim, "2027-02-20T09:30:00+08:00").await;
    sim.set_clock_offset(0);
    let sandbox = Sandbox::new();
    let cli = Cli {
        data: support::utf8(&sandbox.join("desk")).to_owned(),
        token: support::token(&sim, "A").await,
        sandbox,
        url: sim.base_url(),
    };

    // The district has not published 2027: the desk estimates it, and says so.
    assert!(sim.withdraw_calendar(2027));
    cli.sync().await;
    let status = cli.json(&["status", "--json"]);
    let cal = &status["calendar"];
    assert_eq!(cal["estimated"], serde_json::json!([2027]), "{cal}");
    assert_eq!(cal["covered"], serde_json::json!([2026]), "{cal}");
    assert_eq!(cal["source"]["2026"], "district", "{cal}");
    assert!(cal["fetched_at"]["2026"].is_string(), "{cal}");
    assert!(
        cal["notice"]
            .as_str()
            .is_some_and(|n| n.contains("2027 年节假日安排尚未发布")),
        "{cal}"
    );
    let years = cli.json(&["calendar", "--year", "2027", "--json"]);
    assert_eq!(years[0]["source"], "none", "{years}");
    // Friday 2027-01-01 is counted as a working day: the new ticket's reminder comes,
    // and says that the day is an estimate.
    let guessed = cli.alerts("2027-01-01T10:00:00+08:00");
    let about_new_year: Vec<&Value> = guessed
        .iter()
        .filter(|n| {
            n["ticket_ids"]
                .as_array()
                .is_some_and(|ids| ids.iter().any(|i| i == new_year.as_str()))
        })
        .collect();
    assert!(!about_new_year.is_empty(), "{guessed:#?}");
    assert!(
        about_new_year.iter().all(|n| n["body"]
            .as_str()
            .is_some_and(|b| b.contains("按周一至周五估算"))),
        "{about_new_year:#?}"
    );

    // The district publishes 2027 (元旦 off, 02-20 a make-up Saturday).
    sim.publish_calendar(&provisional).expect("publish");
    cli.sync().await;
    let cal = cli.json(&["status", "--json"])["calendar"].clone();
    assert_eq!(cal["estimated"], serde_json::json!([]), "{cal}");
    assert_eq!(cal["source"]["2027"], "district", "{cal}");
    assert!(cal["notice"].is_null(), "{cal}");
    let years = cli.json(&["calendar", "--year", "2027", "--json"]);
    assert_eq!(years[0]["source"], "district", "{years}");
    assert_eq!(years[0]["holidays"][0], "2027-01-01", "{years}");

    // On the holiday every reminder waits for the next working day; what is overdue, a
    // redo or a red supervision still comes.
    let holiday = cli.alerts("2027-01-01T10:00:00+08:00");
    let fired = keys(&holiday);
    assert!(
        fired.iter().any(|(_, kind)| kind == "overdue"),
        "overdue tickets still alert: {fired:?}"
    );
    only_critical(&fired, "on the holiday");
    assert!(
        fired.iter().all(|(id, _)| id != &new_year),
        "the new ticket's reminder waits: {fired:?}"
    );
    for n in &holiday {
        if n["keys"]
            .as_array()
            .is_some_and(|k| k.iter().any(|k| k["kind"] == "supervision"))
        {
            assert_eq!(n["critical"], true, "only a red supervision comes: {n}");
        }
        assert!(!n["body"].as_str().unwrap_or("").contains("估算"), "{n}");
    }

    // The make-up Saturday is a working day: the ticket dispatched then alerts at once.
    let makeup = cli.alerts("2027-02-20T10:00:00+08:00");
    assert!(
        keys(&makeup).contains(&(saturday.clone(), "new_ticket".to_owned())),
        "{makeup:#?}"
    );
    // A plain Saturday a week later holds the same kind of reminder.
    let plain = cli.alerts("2027-02-27T10:00:00+08:00");
    only_critical(&keys(&plain), "on a plain Saturday");
    sim.shutdown();
}
