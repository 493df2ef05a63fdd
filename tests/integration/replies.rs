//! Standardized replies: the linter before sending, shared A/B drafts and their
//! collisions, sending through the outbox — against the simulator.

use desk_app::Desk;
use desk_app::ipc::OutboxStateView;
use desk_app::ipc::ReplyForm;
use desk_app::replies::partial_to_form;
use district_api::{OurRole, PartialReply, Ticket, TicketStatus};
use liaison_tests::{World, valid_reply};
use pretty_assertions::assert_eq;

fn form_of(reply: &district_api::Reply) -> ReplyForm {
    let partial: PartialReply =
        serde_json::from_value(serde_json::to_value(reply).expect("json")).expect("partial");
    partial_to_form(&partial)
}

/// An acknowledged ticket the unit leads, open for a reply.
fn replyable(desk: &Desk) -> Ticket {
    desk.tickets()
        .expect("cache")
        .into_iter()
        .find(|t| t.status == TicketStatus::InProgress && t.our_role == OurRole::Lead)
        .expect("an in-progress ticket the unit leads")
}

async fn replies_to(world: &World, id: &str) -> usize {
    world
        .sim
        .writes()
        .await
        .expect("writes")
        .iter()
        .filter(|w| w.kind == "reply" && w.ticket_id.as_deref() == Some(id))
        .count()
}

#[tokio::test]
async fn a_blocked_reply_is_not_sent_and_a_fixed_one_arrives_once() {
    let world = World::start_controlled(61, 80).await;
    let desk = world.desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let ticket = replyable(&desk);
    let good = form_of(&valid_reply(&ticket));

    // A forbidden phrase, split by a space and a full-width comma.
    let bad = ReplyForm {
        text: format!("{}此事不归 我们，管。", good.text),
        ..good.clone()
    };
    let saved = desk
        .save_reply_draft(&ticket.id, &bad, false)
        .expect("autosave");
    assert!(saved.blocked);
    let finding = saved
        .findings
        .iter()
        .find(|f| f.code == desk_domain::reply_lint::FindingCode::ForbiddenPhrase)
        .expect("the phrase is found");
    assert_eq!(
        (finding.field.as_str(), finding.matched.as_deref()),
        ("text", Some("不归 我们，管"))
    );
    let err = desk.send_reply(&ticket.id).expect_err("blocked");
    assert_eq!(err.code(), desk_app::ipc::ErrorCode::InvalidInput);
    assert!(err.to_string().contains("不归我们管"), "{err}");
    desk.flush_now().await.expect("flush");
    assert_eq!(replies_to(&world, &ticket.id).await, 0);

    // Fixed: it goes, exactly once, and stays readable on the ticket.
    let saved = desk
        .save_reply_draft(&ticket.id, &good, false)
        .expect("autosave");
    assert!(!saved.blocked, "{:?}", saved.findings);
    desk.send_reply(&ticket.id).expect("queued");
    desk.flush_now().await.expect("flush");
    desk.sync_now().await.expect("sync");
    assert_eq!(replies_to(&world, &ticket.id).await, 1);
    let ws = desk.reply_workspace(&ticket.id).expect("workspace");
    let entry = ws.reply_entry.expect("the sent reply");
    assert_eq!(entry.state, OutboxStateView::Sent);
    assert_eq!(entry.body["text"], good.text.as_str());
    // Sending again is refused: the district must never get it twice.
    assert!(desk.send_reply(&ticket.id).is_err());
}

#[tokio::test]
async fn reply_rules_come_from_the_district_and_stay_cached() {
    let world = World::start(62, 20).await;
    let desk = world.desk("A", "a").await;
    // Before the first sync: the bundled rules.
    assert_eq!(desk.reply_rules().expect("rules").revision, 3);
    desk.sync_now().await.expect("sync");
    let rules = desk.reply_rules().expect("rules");
    assert!(!rules.templates.is_empty());
    let ticket = replyable(&desk);
    let ws = desk.reply_workspace(&ticket.id).expect("workspace");
    // Templates arrive filled with what the app knows; the rest stays visible.
    let t = ws
        .templates
        .iter()
        .find(|t| t.outcome == desk_app::ipc::ReplyOutcomeView::Resolved)
        .expect("a template");
    assert!(t.body.contains(&ticket.location) || !t.body.contains("{{location}}"));
    assert!(t.body.contains("{{finding}}"), "{}", t.body);
    // The signed-in officer is the default contact.
    assert!(!ws.form.contact_name.is_empty());
}

#[tokio::test]
async fn a_and_b_share_a_draft_and_a_collision_keeps_both_texts() {
    let world = World::start_controlled(63, 60).await;
    let a = world.desk("A", "a").await;
    let b = world.desk("B", "b").await;
    a.sync_now().await.expect("sync A");
    b.sync_now().await.expect("sync B");
    let ticket = replyable(&a);
    let id = ticket.id.as_str();
    let base = form_of(&valid_reply(&ticket));

    // A writes and shares; B picks it up after a sync.
    let a_text = ReplyForm {
        text: format!("{}（A角初稿）", base.text),
        ..base.clone()
    };
    assert!(
        a.save_reply_draft(id, &a_text, true)
            .expect("save")
            .shared_queued
    );
    a.flush_now().await.expect("flush A");
    b.sync_now().await.expect("sync B");
    let wb = b.reply_workspace(id).expect("B workspace");
    assert_eq!(wb.form.text, a_text.text);
    assert!(wb.collision.is_none());
    assert!(!wb.shared.as_ref().expect("shared").mine);

    // B revises and shares; meanwhile A keeps typing on the old revision.
    let b_text = ReplyForm {
        text: format!("{}（B角补充：已回访）", a_text.text),
        ..base.clone()
    };
    b.save_reply_draft(id, &b_text, true).expect("save B");
    b.flush_now().await.expect("flush B");
    let a_more = ReplyForm {
        text: format!("{}（A角修改）", a_text.text),
        ..base.clone()
    };
    a.save_reply_draft(id, &a_more, true).expect("save A");
    a.flush_now().await.expect("flush A");

    // A's write was refused (412): both texts are shown, nothing was overwritten.
    assert_eq!(
        world
            .sim
            .draft(id)
            .await
            .expect("draft")
            .expect("exists")
            .reply
            .text,
        Some(b_text.text.clone())
    );
    let wa = a.reply_workspace(id).expect("A workspace");
    let collision = wa.collision.expect("a collision");
    assert_eq!(collision.theirs.text, b_text.text);
    assert_eq!(wa.form.text, a_more.text, "mine is kept");
    assert!(
        collision.summary.contains("更新了草稿"),
        "{}",
        collision.summary
    );
    // Sending is held until the officer decides.
    assert!(a.send_reply(id).is_err());

    // A merges by hand; it goes on top of B's revision; B gets it.
    let merged = ReplyForm {
        text: format!("{}（B角补充：已回访）（A角修改）", a_text.text),
        ..base.clone()
    };
    let wa = a.resolve_draft_collision(id, &merged).expect("resolved");
    assert!(wa.collision.is_none());
    a.flush_now().await.expect("flush A");
    assert_eq!(
        world
            .sim
            .draft(id)
            .await
            .expect("draft")
            .expect("exists")
            .reply
            .text,
        Some(merged.text.clone())
    );
    b.sync_now().await.expect("sync B");
    assert_eq!(b.reply_workspace(id).expect("B").form.text, merged.text);
    // A's versions hold both earlier texts.
    let versions: Vec<String> = a
        .draft_versions(id)
        .expect("versions")
        .into_iter()
        .map(|v| v.form.text)
        .collect();
    assert!(versions.contains(&a_more.text), "{versions:?}");
    assert!(versions.contains(&b_text.text), "{versions:?}");
}

#[tokio::test]
async fn offline_the_reply_waits_and_arrives_once_when_the_district_is_back() {
    let world = World::start_controlled(64, 40).await;
    let desk = world.fast_desk("A", "a").await;
    desk.sync_now().await.expect("sync");
    let ticket = replyable(&desk);
    desk.save_reply_draft(&ticket.id, &form_of(&valid_reply(&ticket)), false)
        .expect("save");
    world.sim.set_faults(district_sim::FaultPlan {
        error_rate: 1.0,
        ..district_sim::FaultPlan::default()
    });
    desk.send_reply(&ticket.id).expect("queued offline");
    let err = desk.flush_now().await.expect_err("the district is down");
    assert_eq!(err.code(), desk_app::ipc::ErrorCode::Offline, "{err}");
    // A platform answering 5xx to everything is offline for the officer, like a cable out.
    let status = desk.sync_status().expect("status");
    assert_eq!(status.online, desk_app::ipc::Connectivity::Offline);
    assert_eq!(status.outbox_pending, 1);
    let ws = desk.reply_workspace(&ticket.id).expect("workspace");
    assert_eq!(
        ws.reply_entry.expect("queued").state,
        OutboxStateView::Pending
    );
    world.sim.clear_faults();
    liaison_tests::sync_until_settled(&desk, 5).await;
    assert_eq!(replies_to(&world, &ticket.id).await, 1);
    let status = desk.sync_status().expect("status");
    assert_eq!(status.online, desk_app::ipc::Connectivity::Online);
    assert_eq!(status.outbox_pending, 0);
}
