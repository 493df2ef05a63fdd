//! The workbench's list, tabs, search and detail, over a synced cache.

use desk_app::ipc::{TicketQuery, TicketRow};
use desk_domain::tabs::Tab;
use liaison_tests::World;
use pretty_assertions::assert_eq;

fn query(tab: Tab, search: Option<&str>) -> TicketQuery {
    TicketQuery {
        tab,
        search: search.map(str::to_owned),
        offset: 0,
        limit: 1000,
        due_soon_hours: 24,
    }
}

#[tokio::test]
async fn tab_counts_match_the_rows_each_tab_lists() {
    let world = World::start(51, 300).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let now = world.sim.now().with_timezone(&chrono::Utc);
    let page = desk
        .ticket_page_at(&query(Tab::All, None), now)
        .expect("page");
    assert_eq!(page.counts.all, 300);
    assert_eq!(page.total, 300);
    let counts = serde_json::to_value(page.counts).expect("json");
    for tab in Tab::ALL {
        let p = desk
            .ticket_page_at(&query(tab, None), now)
            .expect("tab page");
        let key = serde_json::to_value(tab).expect("tab");
        assert_eq!(counts[key.as_str().expect("str")], p.total, "{tab:?}");
        assert_eq!(p.rows.len() as u32, p.total.min(1000));
    }
    // Every named tab has something in 300 generated tickets.
    for tab in Tab::ALL {
        let p = desk
            .ticket_page_at(&query(tab, None), now)
            .expect("tab page");
        assert!(p.total > 0, "{tab:?} is empty");
    }
    let pending = desk
        .ticket_page_at(&query(Tab::PendingAck, None), now)
        .expect("page");
    assert!(
        pending
            .rows
            .iter()
            .all(|r: &TicketRow| r.status == "pending_ack")
    );
    let overdue = desk
        .ticket_page_at(&query(Tab::Overdue, None), now)
        .expect("page");
    assert!(overdue.rows.iter().all(|r| {
        r.deadline
            .as_ref()
            .is_some_and(|d| d.due_ms < now.timestamp_millis())
    }));
}

#[tokio::test]
async fn search_narrows_the_list_and_the_counts_and_pages_are_slices() {
    let world = World::start(52, 300).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let all = desk.ticket_page(&query(Tab::All, None)).expect("page");
    let word: String = all.rows[0].title.chars().take(2).collect();
    let found = desk
        .ticket_page(&query(Tab::All, Some(&word)))
        .expect("search");
    assert!(
        found.total >= 1 && found.total < 300,
        "{word}: {}",
        found.total
    );
    assert!(found.rows.iter().any(|r| r.id == all.rows[0].id));
    assert_eq!(found.counts.all, found.total);
    let second = desk
        .ticket_page(&TicketQuery {
            offset: 200,
            limit: 200,
            ..query(Tab::All, None)
        })
        .expect("page 2");
    assert_eq!(second.rows.len(), 100);
    assert_eq!(second.rows[0].id, all.rows[200].id);
}

#[tokio::test]
async fn detail_masks_personal_data_and_revealing_is_audited() {
    let world = World::start(53, 60).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let t = desk
        .tickets()
        .expect("cache")
        .into_iter()
        .find(|t| t.citizen.phone.len() >= 11)
        .expect("a phone");
    let detail = desk.ticket_detail(&t.id).expect("detail");
    assert!(
        detail.citizen_phone_masked.contains('*'),
        "{}",
        detail.citizen_phone_masked
    );
    assert_eq!(
        detail.content, t.content,
        "the citizen's words, unchanged, as text"
    );
    assert!(desk.audit_log().expect("log").is_empty());
    let phone = desk.reveal_phone(&t.id).expect("reveal");
    assert_eq!(phone, t.citizen.phone);
    let log = desk.audit_log().expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(
        (
            log[0].action.as_str(),
            log[0].ticket_id.as_deref(),
            log[0].officer.as_str()
        ),
        ("reveal_phone", Some(t.id.as_str()), "张敏")
    );
}

#[tokio::test]
async fn actions_are_offered_only_where_the_contract_allows_them() {
    let world = World::start(54, 120).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    for t in desk.tickets().expect("cache") {
        let d = desk.ticket_detail(&t.id).expect("detail");
        let status = t.status.as_str();
        assert_eq!(d.can_ack, status == "pending_ack", "{}", t.id);
        if d.can_reply {
            assert!(matches!(status, "in_progress" | "redo") && t.our_role.as_str() == "lead");
        }
        if d.can_opinion {
            assert_eq!(t.our_role.as_str(), "co_handler");
        }
        if matches!(status, "replied" | "closed") {
            assert!(
                !d.can_reassign && !d.can_extend && !d.can_coordinate,
                "{}",
                t.id
            );
        }
    }
}

#[tokio::test]
async fn working_days_left_count_to_the_reply_deadline_even_before_the_ack() {
    let world = World::start(56, 60).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    // The district's own count (the simulator's calendar, not the desk's).
    let district = district_sim::sim_calendar();
    for t in desk
        .tickets()
        .expect("cache")
        .iter()
        .filter(|t| t.status.as_str() == "pending_ack")
    {
        let d = desk.ticket_detail(&t.id).expect("detail");
        let today = desk
            .server_now()
            .expect("now")
            .with_timezone(t.reply_due_at.offset())
            .date_naive();
        let expected = today
            .iter_days()
            .skip(1)
            .take_while(|day| *day <= t.reply_due_at.date_naive())
            .filter(|day| district.is_workday(*day))
            .count();
        assert_eq!(
            d.reply_workdays_left,
            u32::try_from(expected).ok(),
            "{}",
            t.id
        );
        assert!(d.reply_workdays_estimated_years.is_empty(), "{}", t.id);
        assert!(
            d.reply_workdays_left.unwrap_or(0) > 0,
            "a fresh ticket has working days left"
        );
    }
}

#[tokio::test]
async fn extension_dates_are_working_days_and_must_be_later() {
    let world = World::start(55, 40).await;
    let desk = world.desk("A", "a").await;
    let days = desk
        .workday_dates("2026-09-28", "2026-10-12")
        .expect("dates");
    assert!(days.estimated_years.is_empty());
    assert_eq!(
        days.dates,
        [
            "2026-09-28",
            "2026-09-29",
            "2026-09-30",
            "2026-10-08",
            "2026-10-09",
            "2026-10-10",
            "2026-10-12"
        ]
    );
    desk.sync_now().await.expect("sync");
    let t = desk
        .tickets()
        .expect("cache")
        .into_iter()
        .find(|t| t.status.as_str() == "in_progress")
        .expect("open");
    let earlier = t.reply_due_at.timestamp_millis() - 86_400_000;
    assert!(
        desk.request_extension_at(&t.id, "需协调供电公司".into(), earlier)
            .is_err()
    );
    let later = t.reply_due_at.timestamp_millis() + 3 * 86_400_000;
    let row = desk
        .request_extension_at(&t.id, "需协调供电公司".into(), later)
        .expect("queued");
    assert_eq!(row.kind, "extension");
}

#[tokio::test]
async fn attachments_download_once_and_open_offline_from_the_cache() {
    let world = World::start(52, 200).await;
    let desk = world.desk("A", "att").await;
    desk.sync_now().await.expect("sync");
    let tickets = desk.tickets().expect("cache");
    let with: Vec<_> = tickets
        .iter()
        .filter(|t| t.attachments.len() >= 2)
        .collect();
    let ticket = with.first().expect("a ticket with two attachments");
    let (first, second) = (&ticket.attachments[0], &ticket.attachments[1]);

    let opened = desk
        .fetch_attachment(&ticket.id, &first.id)
        .await
        .expect("downloads");
    assert!(opened.downloaded_now);
    let bytes = std::fs::read(&opened.path).expect("file is on disk");
    assert_eq!(bytes.len() as u64, first.size, "the whole file");
    assert!(
        std::path::Path::new(&opened.path).starts_with(desk.data_dir()),
        "kept inside the data directory: {}",
        opened.path
    );
    // The second open comes from the cache.
    let again = desk
        .fetch_attachment(&ticket.id, &first.id)
        .await
        .expect("cached");
    assert!(!again.downloaded_now);
    assert_eq!(again.path, opened.path);
    let detail = desk.ticket_detail(&ticket.id).expect("detail");
    let cached: Vec<bool> = detail.attachments.iter().map(|a| a.cached).collect();
    assert_eq!(cached[..2], [true, false]);

    // An attachment of another ticket is not this ticket's.
    let other = tickets
        .iter()
        .find(|t| t.id != ticket.id && !t.attachments.is_empty())
        .expect("another ticket with an attachment");
    let err = desk
        .fetch_attachment(&ticket.id, &other.attachments[0].id)
        .await
        .expect_err("not this ticket's");
    assert_eq!(err.code(), desk_app::ipc::ErrorCode::NotFound);

    // The district goes away: the cached file still opens, the other one says why not.
    let url = world.sim.base_url();
    let token = world.token("A").await;
    drop(desk);
    let World { sim, dir } = world;
    let addr = sim.addr();
    sim.shutdown();
    liaison_tests::wait_until_refused(addr).await;
    let desk = desk_app::Desk::open(desk_app::DeskOptions {
        data_dir: dir.path().join("att"),
        server_url: Some(url),
        token: Some(token),
        ..Default::default()
    })
    .expect("opens offline");
    let offline = desk
        .fetch_attachment(&ticket.id, &first.id)
        .await
        .expect("cached file opens offline");
    assert_eq!(offline.path, opened.path);
    let err = desk
        .fetch_attachment(&ticket.id, &second.id)
        .await
        .expect_err("never downloaded");
    assert_eq!(err.code(), desk_app::ipc::ErrorCode::Offline);
    assert!(err.to_string().contains(&second.name), "{err}");

    // A cached file deleted behind the app's back is noticed, not served.
    std::fs::remove_file(&opened.path).expect("delete");
    let err = desk
        .fetch_attachment(&ticket.id, &first.id)
        .await
        .expect_err("gone and offline");
    assert_eq!(err.code(), desk_app::ipc::ErrorCode::Offline);
    let detail = desk.ticket_detail(&ticket.id).expect("detail");
    assert!(!detail.attachments[0].cached);
}
