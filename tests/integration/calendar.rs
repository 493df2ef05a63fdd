//! The district's calendar at the turn of the year (issue 14): a desk that syncs while
//! the district has not published 2027 estimates it and says so everywhere; once the
//! district publishes it (while the desk runs), one sync is enough for the status, the
//! working days left and the alert planner to follow it.

use chrono::{DateTime, Utc};
use desk_app::ipc::{CalendarSourceView, TicketQuery};
use desk_domain::tabs::Tab;
use district_api::{OfficerRole, TicketStatus};
use liaison_tests::World;

const NOTE: &str = "2027 年节假日安排尚未发布，工作日按周一至周五估算";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("time").to_utc()
}

/// The notifications of a plan that are about `id`.
fn about<'a>(
    plan: &'a desk_domain::alerts::Plan,
    id: &str,
) -> Vec<&'a desk_domain::alerts::Notification> {
    plan.notifications
        .iter()
        .filter(|n| n.ticket_ids.iter().any(|t| t == id))
        .collect()
}

#[tokio::test]
async fn a_year_published_while_the_desk_runs_replaces_the_estimate_after_one_sync() {
    let world = World::start_at(140, 40, "2026-12-29T10:00:00+08:00").await;
    let provisional = district_sim::sim_calendar().year(2027).expect("2027");
    assert!(world.sim.withdraw_calendar(2027));
    // One ticket in progress, due Monday 2027-01-04 18:00.
    let id = world
        .sim
        .unit_tickets()
        .expect("truth")
        .into_iter()
        .find(|t| t.status == TicketStatus::InProgress && t.our_role.as_str() == "lead")
        .expect("an open ticket")
        .id;
    world
        .sim
        .edit(
            &id,
            serde_json::json!({"reply_due_at": "2027-01-04T18:00:00+08:00", "extension": null}),
        )
        .await
        .expect("edit");

    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");

    // Not published: the status says so, the ticket's figures are marked estimates.
    let status = desk.sync_status().expect("status").calendar;
    assert_eq!(status.estimated, vec![2027]);
    assert_eq!(status.covered, vec![2026]);
    assert_eq!(
        status.source.get("2026"),
        Some(&CalendarSourceView::District)
    );
    assert_eq!(
        status.notice.as_deref(),
        Some("2027 年节假日安排尚未发布：涉及 2027 年的工作日按周一至周五估算")
    );
    let detail = desk.ticket_detail(&id).expect("detail");
    assert_eq!(detail.row.estimated_years, vec![2027]);
    assert_eq!(detail.reply_workdays_estimated_years, vec![2027]);
    // From Tuesday 12-29: 12-30, 12-31, 01-01 (counted: not known to be a holiday), 01-04.
    assert_eq!(detail.reply_workdays_left, Some(4));
    let page = desk
        .ticket_page(&TicketQuery {
            tab: Tab::All,
            search: Some(id.clone()),
            offset: 0,
            limit: 10,
            due_soon_hours: 24,
            figure: None,
            alert: None,
        })
        .expect("page");
    assert_eq!(page.rows[0].estimated_years, vec![2027]);
    let picker = desk
        .workday_dates("2026-12-30", "2027-01-05")
        .expect("dates");
    assert_eq!(
        picker.dates,
        [
            "2026-12-30",
            "2026-12-31",
            "2027-01-01",
            "2027-01-04",
            "2027-01-05"
        ]
    );
    assert_eq!(picker.estimated_years, vec![2027]);
    // The "1 working day before" reminder lands on Friday 01-01 17:30, and says it is
    // an estimate.
    let guess = desk
        .plan_alerts_at(at("2027-01-01T17:31:00+08:00"), Some(OfficerRole::A), true)
        .expect("plan");
    assert!(guess.uncovered_years.contains(&2027));
    let notes = about(&guess, &id);
    assert!(!notes.is_empty(), "{guess:#?}");
    assert!(notes.iter().all(|n| n.body.contains(NOTE)), "{notes:#?}");

    // The district publishes 2027 while the desk runs: one sync later everything follows.
    world.sim.publish_calendar(&provisional).expect("publish");
    desk.sync_now().await.expect("sync");
    let status = desk.sync_status().expect("status").calendar;
    assert!(status.estimated.is_empty(), "{status:?}");
    assert_eq!(status.notice, None);
    assert_eq!(
        status.source.get("2027"),
        Some(&CalendarSourceView::District)
    );
    assert!(status.fetched_at.contains_key("2027"));
    let detail = desk.ticket_detail(&id).expect("detail");
    assert!(detail.row.estimated_years.is_empty());
    assert!(detail.reply_workdays_estimated_years.is_empty());
    assert_eq!(
        detail.reply_workdays_left,
        Some(3),
        "元旦 is not a working day"
    );
    let picker = desk
        .workday_dates("2026-12-30", "2027-01-05")
        .expect("dates");
    assert_eq!(
        picker.dates,
        ["2026-12-30", "2026-12-31", "2027-01-04", "2027-01-05"]
    );
    // The reminder is due on Thursday 12-31 now, and held on the holiday.
    let exact = desk
        .plan_alerts_at(at("2026-12-31T17:31:00+08:00"), Some(OfficerRole::A), true)
        .expect("plan");
    let notes = about(&exact, &id);
    assert!(!notes.is_empty(), "{exact:#?}");
    assert!(notes.iter().all(|n| !n.body.contains("估算")), "{notes:#?}");
    let holiday = desk
        .plan_alerts_at(at("2027-01-01T17:31:00+08:00"), Some(OfficerRole::A), true)
        .expect("plan");
    assert!(about(&holiday, &id).is_empty(), "{holiday:#?}");
    assert!(holiday.held > 0);
}

#[tokio::test]
async fn offline_the_cached_calendar_serves_and_a_corrected_year_is_picked_up() {
    let world = World::start_at(141, 20, "2026-12-29T10:00:00+08:00").await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let before = desk.work_calendar().expect("calendar");
    assert_eq!(
        before.is_workday(chrono::NaiveDate::from_ymd_opt(2027, 2, 20).expect("date")),
        Ok(true)
    );

    // The district goes away: the cached years keep serving.
    world.sim.set_faults(district_sim::FaultPlan {
        error_rate: 1.0,
        ..district_sim::FaultPlan::default()
    });
    let _ = desk.sync_now().await;
    assert_eq!(desk.work_calendar().expect("calendar"), before);
    assert!(
        desk.sync_status()
            .expect("status")
            .calendar
            .estimated
            .is_empty()
    );
    world.sim.clear_faults();

    // A year the district corrects reaches the desk within a day (server time).
    let mut corrected = district_sim::sim_calendar().year(2027).expect("2027");
    corrected.workdays.retain(|d| d.to_string() != "2027-02-20");
    world.sim.publish_calendar(&corrected).expect("publish");
    desk.sync_now().await.expect("sync");
    assert_eq!(
        desk.work_calendar().expect("calendar"),
        before,
        "not yet a day old"
    );
    world.sim.advance_clock(25 * 3600);
    // A day later the old sign-in has expired: the officer signs in again, same cache.
    drop(desk);
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let after = desk.work_calendar().expect("calendar");
    assert_eq!(
        after.is_workday(chrono::NaiveDate::from_ymd_opt(2027, 2, 20).expect("date")),
        Ok(false)
    );
}
