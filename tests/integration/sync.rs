//! The sync pass over real HTTP: the cache ends equal to the district's truth.

use desk_store::{Change, Store};
use desk_sync::DistrictClient;
use district_api::{Decoded, FeedItem};
use liaison_tests::{World, to_sorted_values};
use pretty_assertions::assert_eq;

#[tokio::test]
async fn first_sync_makes_the_cache_equal_to_the_district_field_for_field() {
    let world = World::start(7, 300).await;
    let desk = world.desk("A", "a").await;
    let report = desk.sync_now().await.expect("sync succeeds");
    assert_eq!(report.tickets_changed, 300);
    assert!(
        report.pages >= 2,
        "300 tickets need more than one page of 200"
    );
    let cached = to_sorted_values(&desk.tickets().expect("cache readable"));
    assert_eq!(cached.len(), 300);
    assert_eq!(cached, world.truth());

    // A second pass finds nothing new and changes nothing.
    let again = desk.sync_now().await.expect("second sync");
    assert_eq!(again.tickets_changed, 0);
    assert_eq!(
        to_sorted_values(&desk.tickets().expect("cache")),
        world.truth()
    );

    let status = desk.sync_status().expect("status");
    assert_eq!(status.online, desk_app::ipc::Connectivity::Online);
    assert!(status.last_sync_ms.is_some());
    assert_eq!(status.tickets, 300);
}

#[tokio::test]
async fn interrupted_sync_resumes_from_the_last_committed_page() {
    let world = World::start(11, 250).await;
    let token = world.token("A").await;
    let data_dir = world.data_dir("resume");
    std::fs::create_dir_all(&data_dir).expect("dir");
    let db = data_dir.join("cache.db");
    let client = DistrictClient::new(&world.sim.base_url())
        .expect("client")
        .with_token(token);
    let unit = district_sim::DEMO_UNIT_ID;

    // A pass that got two pages of 40 in before the process died.
    let mut applied = 0;
    {
        let mut store = Store::open(&db).expect("open");
        let mut cursor = None;
        for _ in 0..2 {
            let page = client
                .changes(unit, cursor.as_deref(), 40)
                .await
                .expect("page")
                .value;
            let changes: Vec<Change> = page
                .items
                .into_iter()
                .filter_map(|item| match item {
                    Decoded::Item(FeedItem::Ticket { ticket }) => Some(Change::Ticket(ticket)),
                    _ => None,
                })
                .collect();
            applied += changes.len();
            store
                .apply_page(unit, &changes, page.next_cursor.as_deref())
                .expect("apply");
            cursor = page.next_cursor;
        }
    } // dropped without finishing, as a killed process would leave it
    assert_eq!(applied, 80);

    let store = std::sync::Mutex::new(Store::open(&db).expect("reopen"));
    let report = desk_sync::sync_pass(&client, &store, unit, 40, &desk_sync::RetryPolicy::none())
        .await
        .expect("resumed sync");
    assert_eq!(
        report.tickets_changed,
        250 - 80,
        "only what was missing is fetched"
    );
    let guard = store.lock().expect("lock");
    assert_eq!(guard.integrity_check().expect("check"), "ok");
    assert_eq!(
        to_sorted_values(&guard.tickets().expect("cache")),
        world.truth()
    );
}

#[tokio::test]
async fn unreachable_district_is_offline_and_keeps_the_cache() {
    let world = World::start(3, 30).await;
    let desk = world.desk("A", "offline").await;
    desk.sync_now().await.expect("first sync");
    let before = desk.tickets().expect("cache");

    // Same cache, but the district is gone (nothing listens on the port any more).
    let url = world.sim.base_url();
    drop(desk);
    let token = world.token("A").await;
    let World { sim, dir } = world;
    let addr = sim.addr();
    sim.shutdown();
    liaison_tests::wait_until_refused(addr).await;
    let desk = desk_app::Desk::open(desk_app::DeskOptions {
        data_dir: dir.path().join("offline"),
        server_url: Some(url),
        token: Some(token),
        ..Default::default()
    })
    .expect("opens offline");
    let err = desk.sync_now().await.expect_err("cannot sync");
    assert_eq!(err.code(), desk_app::ipc::ErrorCode::Offline, "{err}");
    assert_eq!(desk.tickets().expect("cache still readable"), before);
    let status = desk.sync_status().expect("status");
    assert_eq!(status.online, desk_app::ipc::Connectivity::Offline);
    assert!(status.last_error.is_some());
}

/// A district answering with hostile items: wrong types, a 2 MB string, JSON nested
/// deeper than any parser allows, bytes that are not UTF-8, an unknown item type. Each
/// is skipped and logged on its own; the good tickets on the same page are stored.
#[tokio::test]
async fn hostile_feed_items_are_skipped_one_by_one_and_the_rest_syncs() {
    use axum::{Router, http::header, routing::get};
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+08:00").expect("time");
    let calendar = district_sim::sim_calendar();
    let good: Vec<district_api::Ticket> = (0..3)
        .map(|i| district_sim::generate::generate_ticket(7, i, now, &calendar))
        .collect();
    let item =
        |t: &district_api::Ticket| serde_json::json!({"type": "ticket", "ticket": t}).to_string();
    let mut wrong_types = serde_json::to_value(&good[0]).expect("json");
    wrong_types["id"] = "TQ-WRONG".into();
    wrong_types["version"] = "seven".into();
    let mut huge = serde_json::to_value(&good[0]).expect("json");
    huge["id"] = "TQ-HUGE".into();
    huge["content"] = "长".repeat(700_000).into();
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let mut body: Vec<u8> = Vec::new();
    body.extend_from_slice(b"{\"items\":[");
    body.extend_from_slice(item(&good[0]).as_bytes());
    body.extend_from_slice(format!(",{{\"type\":\"ticket\",\"ticket\":{wrong_types}}}").as_bytes());
    body.extend_from_slice(format!(",{{\"type\":\"ticket\",\"ticket\":{huge}}}").as_bytes());
    body.extend_from_slice(format!(",{{\"type\":\"ticket\",\"ticket\":{deep}}}").as_bytes());
    body.push(b',');
    body.extend_from_slice(item(&good[1]).as_bytes());
    // Invalid UTF-8 inside another ticket's title.
    let mut broken = serde_json::to_value(&good[2]).expect("json");
    broken["id"] = "TQ-BYTES".into();
    broken["title"] = "@@".into();
    let broken = serde_json::json!({"type": "ticket", "ticket": broken}).to_string();
    let at = broken.find("@@").expect("marker");
    body.push(b',');
    body.extend_from_slice(&broken.as_bytes()[..at]);
    body.extend_from_slice(&[0xff, 0xfe, b'x']);
    body.extend_from_slice(&broken.as_bytes()[at + 2..]);
    body.extend_from_slice(b",{\"type\":\"hologram\",\"x\":1},");
    body.extend_from_slice(item(&good[2]).as_bytes());
    body.extend_from_slice(
        b"],\"next_cursor\":\"c1\",\"has_more\":false,\"server_time\":\"2026-11-27T10:00:00+08:00\"}",
    );
    let app = Router::new().route(
        "/units/{unit}/changes",
        get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let client = DistrictClient::new(&format!("http://{addr}")).expect("client");
    let store = std::sync::Mutex::new(Store::open_in_memory().expect("store"));
    let report = desk_sync::sync_pass(&client, &store, "U1", 200, &desk_sync::RetryPolicy::none())
        .await
        .expect("the page syncs");
    server.abort();
    assert_eq!((report.items, report.skipped), (8, 5));
    let mut ids: Vec<String> = store
        .lock()
        .expect("lock")
        .tickets()
        .expect("tickets")
        .into_iter()
        .map(|t| t.id)
        .collect();
    ids.sort();
    let mut expected: Vec<String> = good.iter().map(|t| t.id.clone()).collect();
    expected.sort();
    assert_eq!(ids, expected);
}
