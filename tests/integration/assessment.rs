//! The unit's assessment (issue 16) over a cache synced from the simulator: a few
//! figures recounted from the simulator's own tickets, the click-through to the tickets
//! behind a figure, the projection and the trend.

use desk_app::ipc::OurRoleView;
use desk_app::ipc::{FigureFilter, FigureKey, ReportQuery, TicketQuery};
use desk_domain::tabs::Tab;
use district_api::{OurRole, SupervisionLevel, Ticket, TicketStatus};
use liaison_tests::World;
use pretty_assertions::assert_eq;

fn beijing() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).expect("offset")
}

/// The lead tickets the simulator holds for the unit, dispatched in November 2026.
fn november(world: &World) -> Vec<Ticket> {
    world
        .sim
        .unit_tickets()
        .expect("truth")
        .into_iter()
        .filter(|t| t.our_role == OurRole::Lead)
        .filter(|t| {
            let d = t.dispatched_at.with_timezone(&beijing()).date_naive();
            d.format("%Y-%m").to_string() == "2026-11"
        })
        .collect()
}

fn query() -> ReportQuery {
    ReportQuery {
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
        at_ms: None,
        at_risk_limit: None,
        breakdown_medians: true,
    }
}

#[tokio::test]
async fn the_figures_match_the_district_s_tickets() {
    let world = World::start(16, 400).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let now = world.sim.now().with_timezone(&chrono::Utc);
    let report = desk.assessment_report_at(&query(), now).expect("report");
    let truth = november(&world);
    let f = &report.figures;
    // Recounted here from the contract's fields, as the issue defines them.
    assert_eq!(f.dispatched as usize, truth.len());
    assert!(f.dispatched > 0);
    let finished_on_time = truth
        .iter()
        .filter(|t| matches!(t.status, TicketStatus::Replied | TicketStatus::Closed))
        .filter(|t| {
            t.history
                .iter()
                .filter(|h| h.action == "reply")
                .map(|h| h.at)
                .max()
                .is_some_and(|r| r <= t.reply_due_at)
        })
        .count();
    assert_eq!(f.finished_on_time as usize, finished_on_time);
    let redo = truth
        .iter()
        .filter(|t| t.redo.as_ref().is_some_and(|r| r.count >= 1))
        .count();
    assert_eq!(f.redo_tickets as usize, redo);
    let callbacks = truth.iter().filter(|t| t.callback.is_some()).count();
    assert_eq!(f.callbacks as usize, callbacks);
    let yellow = truth
        .iter()
        .filter(|t| {
            t.supervision
                .as_ref()
                .is_some_and(|s| s.level == SupervisionLevel::Yellow)
        })
        .count();
    assert_eq!(f.yellow_cards as usize, yellow);
    let overdue = truth
        .iter()
        .filter(|t| {
            matches!(
                t.status,
                TicketStatus::PendingAck | TicketStatus::InProgress | TicketStatus::Redo
            ) && t.reply_due_at < world.sim.now()
        })
        .count();
    assert_eq!(f.overdue_open as usize, overdue);
    // The breakdowns partition the period's tickets.
    let by_matter: u32 = report.by_matter.iter().map(|r| r.figures.dispatched).sum();
    let by_category: u32 = report
        .by_category
        .iter()
        .map(|r| r.figures.dispatched)
        .sum();
    assert_eq!(by_matter, f.dispatched);
    assert_eq!(by_category, f.dispatched);
    // November holds the simulator's "now": the month is projected.
    let projection = report.projection.as_ref().expect("projection");
    assert_eq!(projection.month, "2026-11");
    assert_eq!(projection.on_time_rate_now, f.on_time_rate);
    for t in &projection.at_risk {
        let ticket = truth
            .iter()
            .find(|x| x.id == t.id)
            .expect("at risk is the unit's");
        assert!(ticket.reply_due_at > world.sim.now());
    }
}

#[tokio::test]
async fn a_figure_clicks_through_to_its_tickets() {
    let world = World::start(16, 400).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let now = world.sim.now().with_timezone(&chrono::Utc);
    let report = desk.assessment_report_at(&query(), now).expect("report");
    let page = |figure: FigureKey, matter: Option<String>| {
        desk.ticket_page_at(
            &TicketQuery {
                tab: Tab::All,
                search: None,
                offset: 0,
                limit: 1000,
                due_soon_hours: 24,
                figure: Some(FigureFilter {
                    from: "2026-11-01".into(),
                    to: "2026-11-30".into(),
                    figure,
                    matter,
                    category: None,
                }),
                alert: None,
            },
            now,
        )
        .expect("page")
    };
    let redo = page(FigureKey::RedoTickets, None);
    assert_eq!(redo.total, report.figures.redo_tickets);
    assert!(redo.rows.iter().all(|r| r.redo_count >= 1));
    let dispatched = page(FigureKey::Dispatched, None);
    assert_eq!(dispatched.total, report.figures.dispatched);
    assert!(
        dispatched
            .rows
            .iter()
            .all(|r| r.our_role == OurRoleView::Lead)
    );
    let row = report.by_matter.first().expect("a matter");
    let by_matter = page(FigureKey::Dispatched, Some(row.key.clone()));
    assert_eq!(by_matter.total, row.figures.dispatched);
    assert!(
        by_matter
            .rows
            .iter()
            .all(|r| r.matter.starts_with(&row.key))
    );
    // Without a figure, the list is as before.
    let all = desk
        .ticket_page_at(
            &TicketQuery {
                tab: Tab::All,
                search: None,
                offset: 0,
                limit: 10,
                due_soon_hours: 24,
                figure: None,
                alert: None,
            },
            now,
        )
        .expect("page");
    assert_eq!(all.total, 400);
}

#[tokio::test]
async fn the_trend_adds_up_and_bad_periods_are_refused() {
    let world = World::start(16, 400).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let now = world.sim.now().with_timezone(&chrono::Utc);
    let trend = desk.assessment_trend_at("2026-11", 12, now).expect("trend");
    assert_eq!(trend.len(), 12);
    assert_eq!(trend.first().map(|m| m.month.as_str()), Some("2025-12"));
    let last = trend.last().expect("november");
    assert_eq!(last.month, "2026-11");
    let report = desk.assessment_report_at(&query(), now).expect("report");
    assert_eq!(last.dispatched, report.figures.dispatched);
    assert_eq!(last.on_time_rate, report.figures.on_time_rate);
    for (from, to) in [("2026-11-30", "2026-11-01"), ("2026-11-31", "2026-12-01")] {
        let e = desk
            .assessment_report(&ReportQuery {
                from: from.into(),
                to: to.into(),
                at_ms: None,
                at_risk_limit: None,
                breakdown_medians: true,
            })
            .expect_err("bad period");
        assert_eq!(e.code(), desk_app::ipc::ErrorCode::InvalidInput);
    }
    assert!(desk.assessment_trend("2026-11", 25).is_err());
}

#[tokio::test]
async fn an_export_with_citizens_revealed_is_audited() {
    let world = World::start(16, 120).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let masked = world.dir.path().join("masked.xlsx");
    let n = desk
        .write_assessment_xlsx(&query(), &masked, false)
        .expect("export");
    assert!(n > 0 && masked.exists());
    assert!(
        desk.audit_log()
            .expect("audit")
            .iter()
            .all(|e| e.action != "reveal_citizen_export"),
        "a masked export reveals nothing"
    );
    let revealed = world.dir.path().join("revealed.xlsx");
    desk.write_assessment_xlsx(&query(), &revealed, true)
        .expect("export");
    let log = desk.audit_log().expect("audit");
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "reveal_citizen_export")
            .count(),
        1
    );
}
