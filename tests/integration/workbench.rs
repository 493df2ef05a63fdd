//! The workbench's list, tabs, search and detail, over a synced cache.

use desk_app::ipc::{OutboxKindView, TicketStatusView};
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
        figure: None,
        alert: None,
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
            .all(|r: &TicketRow| r.status == TicketStatusView::PendingAck)
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
    // The house number is masked like the portal shows it; street and community stay.
    assert_ne!(detail.citizen_address_masked, t.citizen.address);
    assert_eq!(
        detail.citizen_address_masked,
        desk_domain::mask::address(&t.citizen.address)
    );
    assert!(
        !detail
            .citizen_address_masked
            .chars()
            .any(|c| c.is_ascii_digit()),
        "{}",
        detail.citizen_address_masked
    );
    assert!(detail.citizen_address_masked.starts_with("天桥区北园街道"));
    assert!(desk.audit_log().expect("log").is_empty());
    // One audited reveal gives both the phone and the whole address.
    let revealed = desk.reveal_phone(&t.id).expect("reveal");
    assert_eq!(revealed.phone, t.citizen.phone);
    assert_eq!(revealed.address, t.citizen.address);
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
    assert_eq!(row.kind, OutboxKindView::Extension);
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

#[tokio::test]
async fn a_renamed_or_replaced_attachment_is_downloaded_again_and_judged_by_its_file() {
    let world = World::start(52, 200).await;
    let desk = world.desk("A", "att").await;
    desk.sync_now().await.expect("sync");
    let ticket = desk
        .tickets()
        .expect("cache")
        .into_iter()
        .find(|t| !t.attachments.is_empty())
        .expect("a ticket with an attachment");
    let relist = |name: &str, size: u64| {
        let mut attachments = ticket.attachments.clone();
        attachments[0].name = name.to_owned();
        attachments[0].size = size;
        serde_json::json!({ "attachments": attachments })
    };
    let id = ticket.attachments[0].id.clone();
    let size = ticket.attachments[0].size;

    // The district lists the file as a program: it is downloaded and only shown in
    // its folder.
    world
        .sim
        .edit(&ticket.id, relist("说明.exe", size))
        .await
        .expect("edit");
    desk.sync_now().await.expect("sync");
    let exe = desk.fetch_attachment(&ticket.id, &id).await.expect("exe");
    assert!(exe.path.ends_with("说明.exe"), "{}", exe.path);
    assert!(!exe.opens_directly, "a program is never opened by a click");

    // Later it is listed as a PDF of the same size. The file on disk is the program: it
    // is not handed to the system under the new name's decision; the listed file is
    // downloaded again and the program is gone.
    world
        .sim
        .edit(&ticket.id, relist("说明.pdf", size))
        .await
        .expect("edit");
    desk.sync_now().await.expect("sync");
    let pdf = desk.fetch_attachment(&ticket.id, &id).await.expect("pdf");
    assert!(
        pdf.downloaded_now,
        "a renamed attachment is downloaded again"
    );
    assert!(pdf.path.ends_with("说明.pdf"), "{}", pdf.path);
    assert!(pdf.opens_directly);
    assert!(
        !std::path::Path::new(&exe.path).exists(),
        "the stale file is removed"
    );
    let again = desk
        .fetch_attachment(&ticket.id, &id)
        .await
        .expect("cached");
    assert!(!again.downloaded_now);
    assert_eq!(again.path, pdf.path);

    // The same name with another size is another file.
    world
        .sim
        .edit(&ticket.id, relist("说明.pdf", size + 1000))
        .await
        .expect("edit");
    desk.sync_now().await.expect("sync");
    let bigger = desk.fetch_attachment(&ticket.id, &id).await.expect("new");
    assert!(
        bigger.downloaded_now,
        "a replaced attachment is downloaded again"
    );
    let bytes = std::fs::read(&bigger.path).expect("on disk");
    assert_eq!(bytes.len() as u64, size + 1000);

    // A cached file renamed behind the app's back (now a script on disk) is not
    // opened by the name the ticket gives.
    let script = std::path::Path::new(&bigger.path).with_file_name("说明.pdf.sh");
    std::fs::rename(&bigger.path, &script).expect("rename");
    let fetched = desk.fetch_attachment(&ticket.id, &id).await.expect("again");
    assert!(
        fetched.downloaded_now,
        "the listed file is missing: fetched again"
    );
    assert!(fetched.path.ends_with("说明.pdf") && fetched.opens_directly);
}

#[tokio::test]
async fn a_search_without_a_letter_or_digit_finds_nothing_instead_of_everything() {
    let world = World::start(57, 150).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let now = world.sim.now().with_timezone(&chrono::Utc);
    for q in ["\"", "-", "%", "_", "*", "——", "“”"] {
        let page = desk
            .ticket_page_at(&query(Tab::All, Some(q)), now)
            .expect("page");
        assert_eq!(page.total, 0, "{q:?} is not a search for every ticket");
        assert_eq!(page.counts.all, 0, "{q:?}");
        assert!(page.rows.is_empty(), "{q:?}");
        let err = desk
            .search_tickets(q, 1000)
            .expect_err("nothing to search for");
        assert_eq!(err.code(), desk_app::ipc::ErrorCode::InvalidInput, "{q:?}");
        assert!(err.to_string().contains("没有文字或数字"), "{err}");
    }
    // Blank is no search; a word in punctuation is still found.
    let page = desk
        .ticket_page_at(&query(Tab::All, Some("  ")), now)
        .expect("page");
    assert_eq!(page.total, 150);
    let t = desk.tickets().expect("cache").remove(0);
    let id_tail = &t.id[t.id.len() - 6..];
    let found = desk
        .ticket_page_at(&query(Tab::All, Some(&format!("%{id_tail}%"))), now)
        .expect("page");
    assert!(found.rows.iter().any(|r| r.id == t.id));
    assert!(found.total < 150);
}

#[tokio::test]
async fn a_conflicts_server_ticket_reaches_the_webview_masked() {
    let world = World::start_controlled(23, 40).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("first sync");
    let t = desk
        .tickets()
        .expect("cache")
        .into_iter()
        .find(|t| {
            t.status == district_api::TicketStatus::InProgress && t.our_role.as_str() == "lead"
        })
        .expect("an open ticket we lead");
    // The district changes the ticket after the officer saw it, and sends the citizen
    // unmasked (districts do not all mask).
    world
        .sim
        .edit(
            &t.id,
            serde_json::json!({
                "supervision": {"level": "red", "note": "请立即办理", "at": "2026-11-27T10:00:00+08:00"},
                "citizen": {"name": "欧阳秀英", "phone": "13905316688", "address": "北园街道幸福小区3号楼2单元501"},
            }),
        )
        .await
        .expect("edit");
    let row = desk
        .reply(&t.id, &liaison_tests::valid_reply(&t))
        .expect("queued");
    desk.flush_now().await.expect("flush ends");
    let entry = desk.outbox_entry(row.id).expect("row");
    assert_eq!(entry.status_code, Some(412));
    let current = entry.server_current.clone().expect("the server's ticket");
    assert_eq!(current["supervision"]["level"], "red", "the rest is intact");
    assert_eq!(
        current["citizen"],
        serde_json::json!({"name": "欧***", "phone": "139****6688", "address": "北园街道幸福小区*号楼*单元***"})
    );
    // Every way the webview gets outbox rows: the entry, the queue, the ticket's detail.
    let detail = desk.ticket_detail(&t.id).expect("detail");
    let dtos = serde_json::json!([entry, desk.outbox().expect("outbox"), detail]).to_string();
    for unmasked in ["欧阳秀英", "13905316688", "3号楼2单元501"] {
        assert!(!dtos.contains(unmasked), "{unmasked} reaches the webview");
    }
}
