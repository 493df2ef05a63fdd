//! The scenarios of issue 8, each its own test, each with its own app, simulator,
//! display and bus (see the harness in `src/lib.rs`). Run one at a time:
//! `cargo xtask e2e` (= `cargo test --workspace --features liaison-e2e/e2e --test e2e
//! -- --test-threads=1` after building the workspace and installing tauri-driver).

use anyhow::{Context, Result, ensure};
use chrono::{DateTime, Datelike, Duration, FixedOffset, Timelike, Utc};
use district_api::Ticket;
use liaison_e2e::tabs::{self, Counts, TABS};
use liaison_e2e::{App, Setup, UI_WAIT, scenario};
use std::sync::OnceLock;

const UNIT: &str = district_sim::DEMO_UNIT_ID;
/// 立即同步, once it can be clicked: while a sync runs (the app's own, started before
/// the district changed) the button is loading and disabled, and a click would be lost.
const SYNC_BUTTON: &str = ".status-bar__sync:not([disabled])";

fn truth(app: &App) -> Result<Vec<Ticket>> {
    app.sim().unit_tickets().context("the simulator's tickets")
}

/// The first ticket by number that still awaits acknowledgement by the demo unit as lead.
fn pending_ack(tickets: &[Ticket]) -> Result<Ticket> {
    tickets
        .iter()
        .filter(|t| t.status.as_str() == "pending_ack" && t.our_role.as_str() == "lead")
        .min_by(|a, b| a.id.cmp(&b.id))
        .cloned()
        .context("the simulated district has no ticket awaiting acknowledgement")
}

/// Checks the shown tab counts against the district's tickets: the counts that do not
/// depend on the time exactly, the whole set as it was at some second of `[from, to]`.
fn check_counts(
    shown: &Counts,
    tickets: &[Ticket],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<()> {
    let possible = tabs::counts_between(tickets, UNIT, from, to);
    let at_end = tabs::counts_at(tickets, UNIT, to);
    for (tab, label) in TABS {
        ensure!(
            shown.contains_key(tab),
            "the {label} tab ({tab}) is not shown; shown: {shown:?}"
        );
    }
    ensure!(
        possible.contains(shown),
        "the tab counts shown differ from the district's tickets\n  shown:    {shown:?}\n  expected: {at_end:?}\n  (any of {} sets of counts between {from} and {to} would do)",
        possible.len()
    );
    Ok(())
}

/// Scenario 1: the officer signs in (username, password) on the sign-in screen; the list
/// fills from the district, the tab counts equal what the
/// district's tickets give, the most urgent ticket is on top, the status bar is calm.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_fills_and_the_tab_counts_match_the_district() -> Result<()> {
    let from = OnceLock::new();
    scenario(
        "list",
        Setup {
            sign_in_in_ui: true,
            ..Setup::default()
        },
        async |sim| {
            let _ = from.set(sim.now().with_timezone(&Utc) - Duration::seconds(2));
            Ok(())
        },
        async |app| {
            // First start outside demo mode: the officer signs in with username and password.
            let (user, password) = district_sim::DEMO_OFFICER_A;
            app.sign_in(user, password).await?;
            let tickets = truth(app)?;
            let total = tickets.len() as u64;
            let shown = app.wait_all_tickets(total).await?;
            let to = app.sim().now().with_timezone(&Utc) + Duration::seconds(2);
            let from = *from.get().context("start time")?;
            check_counts(&shown, &tickets, from, to)?;

            let labels: Vec<String> = app.tabs().await?.into_iter().map(|(_, l, _)| l).collect();
            let expected_labels: Vec<&str> = TABS.iter().map(|(_, l)| *l).collect();
            ensure!(labels == expected_labels, "tab labels {labels:?}");

            // The list shows the district's tickets, the most urgent first: the one
            // whose acknowledgement is due first.
            let rows = app.rows().await?;
            ensure!(rows.len() >= 10, "only {} rows on screen", rows.len());
            for row in &rows {
                let t = tickets
                    .iter()
                    .find(|t| t.id == row.id)
                    .with_context(|| format!("row {} is not a ticket of the district", row.id))?;
                ensure!(row.title == t.title, "row {}: title {:?}, district {:?}", row.id, row.title, t.title);
            }
            let first_ack_due = tickets
                .iter()
                .filter(|t| t.status.as_str() == "pending_ack")
                .map(|t| t.ack_due_at)
                .min()
                .context("no pending tickets")?;
            let top = tickets
                .iter()
                .find(|t| t.id == rows[0].id)
                .context("top row")?;
            ensure!(
                top.status.as_str() == "pending_ack" && top.ack_due_at == first_ack_due,
                "the top row {} ({}, ack due {}) is not the ticket to acknowledge first (due {first_ack_due})",
                top.id,
                top.status,
                top.ack_due_at
            );
            ensure!(
                rows[0].badges.iter().any(|b| b == "待签收"),
                "the top row has no 待签收 badge: {:?}",
                rows[0]
            );

            let conn = app
                .wait_text(".status-bar__conn", "the status bar to say 在线", UI_WAIT, |t| {
                    t.contains("在线")
                })
                .await?;
            ensure!(conn.contains("在线"));
            let count = app.text(".status-bar__count").await?;
            ensure!(
                count.as_deref() == Some(format!("工单 {total} 件").as_str()),
                "status bar count {count:?}"
            );
            ensure!(
                app.find(".status-bar__clock").await?.is_none(),
                "a clock note although the PC and the district agree"
            );
            app.screenshot("list").await?;
            Ok(())
        },
    )
    .await
}

/// Scenario 2: open a pending ticket from the search box with the keyboard, 签收 → the
/// pending state goes away, and the district received exactly one acknowledgement.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledging_a_ticket_reaches_the_district_once() -> Result<()> {
    scenario(
        "ack",
        Setup {
            seed: 7,
            ..Setup::default()
        },
        async |_| Ok(()),
        async |app| {
            let tickets = truth(app)?;
            let ticket = pending_ack(&tickets)?;
            let id = ticket.id.as_str();
            let counts = app.wait_all_tickets(tickets.len() as u64).await?;
            let pending_before = counts["pending_ack"];

            app.open_by_search(id).await?;
            app.wait_text(
                ".detail__header .badge--pending-ack",
                "the 待签收 badge",
                UI_WAIT,
                |t| t == "待签收",
            )
            .await?;
            app.click(".detail__action--ack", "the 签收 button").await?;

            // The district's answer is applied: no longer pending, no 签收 button.
            app.wait_text(
                ".detail__status",
                "the status to leave 待签收",
                UI_WAIT,
                |t| !t.is_empty() && !t.starts_with("待签收"),
            )
            .await?;
            app.wait_gone(
                ".detail__header .badge--pending-ack",
                "the 待签收 badge to go",
                UI_WAIT,
            )
            .await?;
            app.wait_gone(".detail__action--ack", "the 签收 button to go", UI_WAIT)
                .await?;
            // Nothing left to send.
            app.wait_gone(".status-bar__pending", "the outbox to empty", UI_WAIT)
                .await?;

            let acks: Vec<_> = app
                .sim()
                .writes()
                .await?
                .into_iter()
                .filter(|w| w.kind == "ack")
                .collect();
            ensure!(
                acks.len() == 1 && acks[0].ticket_id.as_deref() == Some(id),
                "the district received {} acknowledgements: {acks:?}",
                acks.len()
            );
            let (_, now) = app
                .sim()
                .ticket(id)
                .await?
                .context("the ticket left the district")?;
            ensure!(
                now.status.as_str() == "in_progress",
                "district status {}",
                now.status
            );
            let by = now.acked_by.context("the district has no acknowledger")?;
            app.wait_text(".detail__deadline--ack", "who acknowledged", UI_WAIT, |t| {
                t.contains("已签收") && t.contains(&by.name)
            })
            .await?;
            // The "签收已保存" notice fades by itself; the picture is for the README.
            app.wait_gone(".el-message", "the notice to fade", UI_WAIT)
                .await?;
            app.screenshot("detail").await?;

            // Back in the list: the row no longer waits, and 待签收 counts one less.
            app.click(".detail__back", "← 返回").await?;
            let row = app.wait_row(id, UI_WAIT).await?;
            ensure!(
                row.status != "待签收" && !row.badges.iter().any(|b| b == "待签收"),
                "the row still shows 待签收: {row:?}"
            );
            app.click(".ticket-search input", "the search box").await?;
            app.press_key(fantoccini::key::Key::Escape).await?;
            let expected = pending_before - 1;
            let mut last = None;
            let waited = liaison_e2e::procs::wait_until(
                "the 待签收 tab to count one less",
                UI_WAIT,
                async || {
                    let counts = app.tab_counts().await?;
                    let done = counts.as_ref().is_some_and(|c| {
                        c.get("all") == Some(&(tickets.len() as u64))
                            && c.get("pending_ack") == Some(&expected)
                    });
                    last = counts;
                    Ok(done.then_some(()))
                },
            )
            .await;
            waited.with_context(|| format!("expected 待签收 {expected}; tabs showed {last:?}"))?;
            Ok(())
        },
    )
    .await
}

const XSS_TITLE: &str = "<img src=x onerror=alert(1)>";
const XSS_CONTENT: &str = "<script>window.__pwned=1</script>";

/// Scenario 6: a ticket whose title and content are markup is shown as literal text;
/// no script ran, no dialog opened, the page did not navigate.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_a_ticket_is_shown_as_text_and_never_runs() -> Result<()> {
    let target = OnceLock::new();
    scenario(
        "xss",
        Setup { seed: 11, ..Setup::default() },
        async |sim| {
            let tickets = sim.unit_tickets()?;
            let id = pending_ack(&tickets)?.id;
            sim.edit(
                &id,
                serde_json::json!({ "title": XSS_TITLE, "content": XSS_CONTENT }),
            )
            .await?;
            let _ = target.set(id);
            Ok(())
        },
        async |app| {
            let id = target.get().context("the edited ticket")?.as_str();
            app.wait_all_tickets(truth(app)?.len() as u64).await?;
            let url = app.client.current_url().await?;

            app.open_by_search(id).await?;
            let title = app
                .wait_text(".detail__title", "the title", UI_WAIT, |t| !t.is_empty())
                .await?;
            ensure!(title == XSS_TITLE, "title shown as {title:?}");
            let content = app.text(".detail__content").await?;
            ensure!(
                content.as_deref() == Some(XSS_CONTENT),
                "content shown as {content:?}"
            );

            let probe = app
                .js(
                    "return { pwned: typeof window.__pwned, \
                              imgs: document.querySelectorAll('img[src=\"x\"], img[onerror]').length, \
                              scripts: Array.from(document.scripts).filter((s) => s.textContent.includes('__pwned')).length };",
                )
                .await?;
            ensure!(probe["pwned"] == "undefined", "window.__pwned is set: {probe}");
            ensure!(probe["imgs"] == 0, "an <img> from the title is in the page: {probe}");
            ensure!(probe["scripts"] == 0, "a <script> from the content is in the page: {probe}");
            match app.client.get_alert_text().await {
                Err(e) if e.is_no_such_alert() => {}
                Err(e) => return Err(e).context("asking for an open dialog"),
                Ok(text) => anyhow::bail!("a dialog is open: {text:?}"),
            }
            let now = app.client.current_url().await?;
            ensure!(now == url, "the page navigated from {url} to {now}");
            app.screenshot("xss").await?;

            app.click(".detail__back", "← 返回").await?;
            let row = app.wait_row(id, UI_WAIT).await?;
            ensure!(row.title == XSS_TITLE, "the list shows the title as {:?}", row.title);
            Ok(())
        },
    )
    .await
}

/// The first ticket by number the demo unit leads and is working on (in progress, no
/// redo), dispatched at least an hour before the district's now.
fn in_progress_lead(tickets: &[Ticket], now: DateTime<FixedOffset>) -> Result<Ticket> {
    tickets
        .iter()
        .filter(|t| {
            t.status.as_str() == "in_progress"
                && t.our_role.as_str() == "lead"
                && t.redo.is_none()
                && t.dispatched_at <= now - Duration::hours(1)
        })
        .min_by(|a, b| a.id.cmp(&b.id))
        .cloned()
        .context("the simulated district has no in-progress ticket the unit leads")
}

/// A reply text the district accepts: long enough, no forbidden phrase, no placeholder.
const GOOD_REPLY: &str = "经我单位电话联系市民，并于当日安排工作人员到现场核实。经查，小区东门路灯因线路老化不亮。我单位已更换线路并完成维修，经复查路灯运行正常。已将处理结果告知市民，市民表示认可。";
const FORBIDDEN: &str = "不归我们管";

/// Opens ticket `id`'s reply editor from the list: search, detail, 撰写答复.
async fn open_reply_editor(app: &App, id: &str) -> Result<()> {
    app.open_by_search(id).await?;
    app.click(".detail__reply", "the 撰写答复 button").await?;
    app.wait_text(".reply-editor__ticket", "the reply editor", UI_WAIT, |t| {
        t.starts_with(id)
    })
    .await?;
    // The draft is loaded once the form is there.
    liaison_e2e::procs::wait_until("the reply form", UI_WAIT, async || {
        app.find(".reply-form__text textarea").await
    })
    .await?;
    Ok(())
}

/// Fills every reply field but the text, as the district wants them: 已解决, contacted
/// five minutes before the district's `now`, a contact method, name and phone.
async fn fill_reply_fields(app: &App, now: DateTime<FixedOffset>) -> Result<()> {
    app.click(".reply-form__outcome-resolved", "the 已解决 outcome")
        .await?;
    let china = FixedOffset::east_opt(8 * 3600).context("+08:00")?;
    let contacted = (now - Duration::minutes(5)).with_timezone(&china);
    let contacted = contacted.format("%Y-%m-%d %H:%M").to_string();
    let picker = app
        .fill(
            ".reply-form__contacted input",
            "the contact time",
            &contacted,
        )
        .await?;
    picker
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .context("confirming the contact time")?;
    app.click(".reply-form__method", "the contact method")
        .await?;
    let method = app
        .click_shown(".el-select-dropdown__item", "a contact method", |t| {
            !t.is_empty()
        })
        .await?;
    app.wait_text(".reply-form__method", "the chosen method", UI_WAIT, |t| {
        t.contains(&method)
    })
    .await?;
    app.refill(".reply-form__name input", "the contact name", "张明")
        .await?;
    app.refill(
        ".reply-form__phone input",
        "the contact phone",
        "13812345678",
    )
    .await?;
    let shown = app.value(".reply-form__contacted input").await?;
    ensure!(
        shown.as_deref() == Some(contacted.as_str()),
        "the contact time shows {shown:?}, typed {contacted}"
    );
    Ok(())
}

/// The tickets of the replies the district received, in order.
async fn replies(app: &App) -> Result<Vec<String>> {
    Ok(app
        .sim()
        .writes()
        .await?
        .into_iter()
        .filter(|w| w.kind == "reply")
        .map(|w| w.ticket_id.unwrap_or_default())
        .collect())
}

/// Scenario 3: a reply with a forbidden phrase cannot be sent and says why under the
/// text; once the phrase is gone it is sent, and the district receives exactly one reply.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forbidden_phrase_blocks_the_reply_until_it_is_fixed() -> Result<()> {
    scenario(
        "reply",
        Setup {
            seed: 31,
            ..Setup::default()
        },
        async |_| Ok(()),
        async |app| {
            let tickets = truth(app)?;
            let now = app.sim().now();
            let ticket = in_progress_lead(&tickets, now)?;
            let id = ticket.id.as_str();
            app.wait_all_tickets(tickets.len() as u64).await?;
            open_reply_editor(app, id).await?;

            fill_reply_fields(app, now).await?;

            // The text with the forbidden phrase: blocked, and the finding is under it.
            let text = app
                .fill(
                    ".reply-form__text textarea",
                    "the reply text",
                    &format!("{GOOD_REPLY}{FORBIDDEN}"),
                )
                .await?;
            app.wait_text(
                ".reply-field--text .field-findings__item--blocking",
                "the forbidden phrase finding under the text",
                UI_WAIT,
                |t| t.contains(&format!("含有禁用语“{FORBIDDEN}”")),
            )
            .await?;
            app.wait_text(".reply-editor__blocked", "the send blocker", UI_WAIT, |t| {
                t.contains("还有 1 项")
            })
            .await?;
            let enabled = app.enabled(".reply-editor__send").await?;
            ensure!(
                enabled == Some(false),
                "the send button is enabled: {enabled:?}"
            );
            app.screenshot("reply-blocked").await?;

            // Fixed: the phrase deleted with the keyboard.
            let backspaces = fantoccini::key::Key::Backspace
                .to_string()
                .repeat(FORBIDDEN.chars().count());
            text.send_keys(&backspaces)
                .await
                .context("deleting the phrase")?;
            liaison_e2e::procs::wait_until("the text without the phrase", UI_WAIT, async || {
                Ok(
                    (app.value(".reply-form__text textarea").await?.as_deref() == Some(GOOD_REPLY))
                        .then_some(()),
                )
            })
            .await?;
            app.wait_gone(
                ".reply-field--text .field-findings__item--blocking",
                "the finding to go",
                UI_WAIT,
            )
            .await?;
            liaison_e2e::procs::wait_until("the send button to enable", UI_WAIT, async || {
                Ok((app.enabled(".reply-editor__send").await? == Some(true)).then_some(()))
            })
            .await?;
            app.click(".reply-editor__send", "发送答复").await?;
            app.wait_text(
                ".reply-state__tag",
                "the reply to show 已发送",
                std::time::Duration::from_secs(60),
                |t| t == "已发送",
            )
            .await?;
            app.screenshot("reply-sent").await?;

            let replies = replies(app).await?;
            ensure!(
                replies == [id],
                "the district received replies to {replies:?}, expected one to {id}"
            );
            Ok(())
        },
    )
    .await
}

/// Scenario 4: the district platform fails every request → the status bar says 离线; the
/// officer writes and sends a reply anyway → it waits as 待发送 with the countdown going
/// on → the district recovers → the reply arrives exactly once and shows 已发送.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_a_sent_reply_waits_and_arrives_once_when_the_district_is_back() -> Result<()> {
    scenario(
        "offline",
        Setup {
            seed: 61,
            ..Setup::default()
        },
        async |_| Ok(()),
        async |app| {
            let tickets = truth(app)?;
            let now = app.sim().now();
            let ticket = in_progress_lead(&tickets, now)?;
            let id = ticket.id.as_str();
            app.wait_all_tickets(tickets.len() as u64).await?;

            // The platform goes down: every request answers 500/502/503.
            app.sim().set_faults(district_sim::FaultPlan {
                seed: 61,
                error_rate: 1.0,
                ..district_sim::FaultPlan::default()
            });
            app.click(SYNC_BUTTON, "立即同步").await?;
            // A sync retries for about 15 s before it gives up.
            let offline_wait = std::time::Duration::from_secs(90);
            app.wait_text(
                ".status-bar__conn",
                "the status bar to say 离线",
                offline_wait,
                |t| t.contains("离线"),
            )
            .await?;

            open_reply_editor(app, id).await?;
            fill_reply_fields(app, now).await?;
            app.fill(".reply-form__text textarea", "the reply text", GOOD_REPLY)
                .await?;
            liaison_e2e::procs::wait_until("the send button to enable", UI_WAIT, async || {
                Ok((app.enabled(".reply-editor__send").await? == Some(true)).then_some(()))
            })
            .await?;
            app.click(".reply-editor__send", "发送答复").await?;
            app.wait_text(
                ".reply-state__tag",
                "the reply to show 待发送",
                UI_WAIT,
                |t| t == "待发送",
            )
            .await?;
            app.wait_text(
                ".reply-state__note",
                "the offline note",
                offline_wait,
                |t| t.starts_with("当前离线"),
            )
            .await?;
            app.wait_text(".status-bar__pending", "the outbox count", UI_WAIT, |t| {
                t == "待发送 1 条"
            })
            .await?;
            let early = replies(app).await?;
            ensure!(
                early.is_empty(),
                "replies reached the district while it was down: {early:?}"
            );
            app.screenshot("offline").await?;

            // The platform is back: the next sync sends the reply.
            app.sim().clear_faults();
            app.click(SYNC_BUTTON, "立即同步").await?;
            app.wait_text(
                ".reply-state__tag",
                "the reply to show 已发送",
                offline_wait,
                |t| t == "已发送",
            )
            .await?;
            app.wait_text(
                ".status-bar__conn",
                "the status bar to say 在线",
                offline_wait,
                |t| t.contains("在线"),
            )
            .await?;
            app.wait_gone(".status-bar__pending", "the outbox to empty", UI_WAIT)
                .await?;
            let replies = replies(app).await?;
            ensure!(
                replies == [id],
                "the district received replies to {replies:?}, expected one to {id}"
            );
            let (_, now) = app
                .sim()
                .ticket(id)
                .await?
                .context("the ticket left the district")?;
            ensure!(
                now.status.as_str() == "replied",
                "district status {}",
                now.status
            );
            app.screenshot("offline-recovered").await?;
            Ok(())
        },
    )
    .await
}

/// Scenario 7: the hotline's callback sends a replied ticket back as a redo while the
/// app runs → a desktop notification naming the ticket reaches the notification daemon
/// on the test's bus, and the row shows 重办×1.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redo_brings_a_notification_and_the_badge() -> Result<()> {
    scenario(
        "redo",
        Setup {
            seed: 47,
            ..Setup::default()
        },
        async |_| Ok(()),
        async |app| {
            let tickets = truth(app)?;
            let ticket = tickets
                .iter()
                .filter(|t| {
                    t.status.as_str() == "replied"
                        && t.our_role.as_str() == "lead"
                        && t.redo.is_none()
                })
                .min_by(|a, b| a.id.cmp(&b.id))
                .cloned()
                .context("the simulated district has no replied ticket the unit led")?;
            let id = ticket.id.as_str();
            app.wait_all_tickets(tickets.len() as u64).await?;
            let row = app.search(id).await?;
            ensure!(
                !row.badges.iter().any(|b| b.starts_with("重办")),
                "a redo badge before the redo: {row:?}"
            );

            let notifications = app.env.watch_notifications().await?;
            let redone = app
                .sim()
                .callback(id, false, Some("市民反映路灯仍不亮，对处理结果不满意"))
                .await?;
            ensure!(
                redone.status.as_str() == "redo",
                "district status {}",
                redone.status
            );
            app.click(SYNC_BUTTON, "立即同步").await?;

            let call = notifications
                .wait_for(
                    &format!("a notification naming {id}"),
                    std::time::Duration::from_secs(60),
                    |call| call.contains(id) && call.contains("重办"),
                )
                .await?;
            eprintln!("e2e: notification on the bus:\n{call}");
            let row = liaison_e2e::procs::wait_until(
                &format!("the row of {id} to show 重办×1"),
                UI_WAIT,
                async || {
                    let rows = app.rows().await?;
                    Ok(rows
                        .into_iter()
                        .find(|r| r.id == id && r.badges.iter().any(|b| b == "重办×1")))
                },
            )
            .await?;
            ensure!(row.id == id);
            app.screenshot("redo").await?;
            Ok(())
        },
    )
    .await
}

/// Scenario 5: the app is killed (SIGKILL) after the reply text was autosaved; started
/// again, the reply editor holds the text exactly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_reply_survives_a_kill() -> Result<()> {
    let typed = format!("{GOOD_REPLY}（第二次核实：12:05）");
    liaison_e2e::scenario_across_kill(
        "autosave",
        Setup {
            seed: 53,
            ..Setup::default()
        },
        async |app| {
            let tickets = truth(app)?;
            let ticket = in_progress_lead(&tickets, app.sim().now())?;
            app.wait_all_tickets(tickets.len() as u64).await?;
            open_reply_editor(app, &ticket.id).await?;
            app.fill(".reply-form__text textarea", "the reply text", &typed)
                .await?;
            let typed_at = std::time::Instant::now();
            app.wait_text(
                ".reply-editor__status .draft-status__save",
                "the draft to be autosaved",
                UI_WAIT,
                |t| {
                    t.starts_with("已自动保存")
                        && typed_at.elapsed() >= std::time::Duration::from_secs(1)
                },
            )
            .await?;
            app.screenshot("autosave").await?;
            Ok(ticket.id)
        },
        async |app, id| {
            open_reply_editor(app, &id).await?;
            let text =
                liaison_e2e::procs::wait_until("the reply text to load", UI_WAIT, async || {
                    Ok(app
                        .value(".reply-form__text textarea")
                        .await?
                        .filter(|v| !v.is_empty()))
                })
                .await?;
            ensure!(
                text == typed,
                "after the restart the text is {text:?}, typed {typed:?}"
            );
            app.screenshot("autosave-restored").await?;
            Ok(())
        },
    )
    .await
}

/// The shared draft's text on the district, and who saved it.
async fn shared_draft(app: &App, id: &str) -> Result<Option<(String, String)>> {
    Ok(app
        .sim()
        .draft(id)
        .await?
        .map(|d| (d.reply.text.unwrap_or_default(), d.updated_by.name)))
}

/// Scenario 9: officer A edits a reply in the app while officer B, on another desk (the
/// `liaison` CLI signed in as B), saves a newer shared draft. A's next share is refused
/// by the district (412), A sees both texts side by side, merges them by hand, and the
/// district's shared draft then holds both; nothing either officer wrote is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_and_b_editing_at_once_both_texts_are_kept() -> Result<()> {
    const A_FIRST: &str = "经我单位电话联系市民，已安排工作人员到现场核实路灯情况。";
    const A_MORE: &str = "现场核实：东门路灯线路老化，已更换。";
    const B_TEXT: &str = "B角补充：已联系供电所于周三上午完成线路检修，并回访市民。";
    scenario(
        "collision",
        Setup {
            seed: 71,
            ..Setup::default()
        },
        async |_| Ok(()),
        async |app| {
            let tickets = truth(app)?;
            let ticket = in_progress_lead(&tickets, app.sim().now())?;
            let id = ticket.id.as_str();
            app.wait_all_tickets(tickets.len() as u64).await?;

            // B signs in on the other desk (the token goes to the keyring).
            let (b_user, b_password) = district_sim::DEMO_OFFICER_B;
            app.env
                .cli("b", &["login", "--username", b_user, "--password-stdin"], &format!("{b_password}\n"))
                .await?;

            // A writes; after a few idle seconds the text becomes the unit's shared draft.
            open_reply_editor(app, id).await?;
            app.fill(".reply-form__text textarea", "A's reply text", A_FIRST)
                .await?;
            let a_name = liaison_e2e::procs::wait_until(
                "A's text to become the shared draft",
                UI_WAIT,
                async || {
                    Ok(shared_draft(app, id)
                        .await?
                        .filter(|(text, _)| text == A_FIRST)
                        .map(|(_, by)| by))
                },
            )
            .await?;
            // B's desk syncs and sees it.
            app.env.cli("b", &["sync"], "").await?;

            // A goes on typing; before A's desk shares that, B saves a text of their own.
            let text = app
                .find(".reply-form__text textarea")
                .await?
                .context("the reply text box")?;
            text.send_keys(A_MORE).await.context("typing more")?;
            let line = serde_json::json!({ "text": B_TEXT }).to_string();
            let printed = app
                .env
                .cli("b", &["draft", id, "--share"], &format!("{line}\n"))
                .await?;
            let (shared, b_name) = shared_draft(app, id).await?.context("no shared draft")?;
            ensure!(
                shared == B_TEXT && b_name != a_name,
                "B's draft did not reach the district before A's (the CLI printed {printed:?}); the district holds {shared:?} by {b_name}"
            );

            // A's share is refused (the district has B's newer text): the collision view.
            let summary = app
                .wait_text(".collision__summary", "the collision view", UI_WAIT, |t| {
                    t.contains("B角") && t.contains(&b_name)
                })
                .await?;
            eprintln!("e2e: {summary}");
            let theirs = app.text(".collision__side--theirs .collision__text").await?;
            ensure!(theirs.as_deref() == Some(B_TEXT), "their side shows {theirs:?}");
            let mine_expected = format!("{A_FIRST}{A_MORE}");
            let mine = app.text(".collision__side--mine .collision__text").await?;
            ensure!(
                mine.as_deref() == Some(mine_expected.as_str()),
                "my side shows {mine:?}"
            );
            let enabled = app.enabled(".reply-editor__send").await?;
            ensure!(enabled != Some(true), "sending is possible during the collision");
            app.screenshot("collision").await?;

            // Both kept: merged by hand, the merge starting from both texts.
            app.click(".collision__merge", "手动合并").await?;
            let merged = liaison_e2e::procs::wait_until("the merge box", UI_WAIT, async || {
                app.value(".collision__merged textarea").await
            })
            .await?;
            ensure!(
                merged.contains(&mine_expected) && merged.contains(B_TEXT),
                "the merge starts from {merged:?}"
            );
            app.click(".collision__merge-use", "使用合并结果").await?;
            app.wait_gone(".collision", "the collision view to close", UI_WAIT)
                .await?;
            let shown = app.value(".reply-form__text textarea").await?;
            ensure!(shown.as_deref() == Some(merged.as_str()), "the editor shows {shown:?}");
            liaison_e2e::procs::wait_until(
                "the merged text to become the shared draft",
                UI_WAIT,
                async || {
                    Ok(shared_draft(app, id)
                        .await?
                        .filter(|(text, by)| *text == merged && *by == a_name)
                        .map(|_| ()))
                },
            )
            .await?;
            // B's desk gets the merged text at its next sync.
            app.env.cli("b", &["sync"], "").await?;
            let drafts = app.env.cli("b", &["drafts", "--json"], "").await?;
            ensure!(
                drafts.contains(&serde_json::to_string(&merged)?),
                "B's desk does not hold the merged text: {drafts}"
            );
            Ok(())
        },
    )
    .await
}

/// "剩余 N秒" → N, "已超时 N秒" → -N; `None` for other wordings (minutes and up).
fn countdown_seconds(text: &str) -> Option<i64> {
    let (sign, rest) = if let Some(r) = text.strip_prefix("剩余 ") {
        (1, r)
    } else {
        (-1, text.strip_prefix("已超时 ")?)
    };
    let n: i64 = rest.strip_suffix('秒')?.parse().ok()?;
    Some(sign * n)
}

/// Scenario 8: the district's clock is two hours ahead of the PC's. The countdown shown
/// equals the district's deadline minus the district's now (±2 s), the tab counts
/// follow the district's time, and the status bar explains the correction.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn countdowns_follow_the_district_clock_two_hours_ahead() -> Result<()> {
    let china = FixedOffset::east_opt(8 * 3600).context("+08:00")?;
    let ahead = (Utc::now() + Duration::hours(2)).with_timezone(&china);
    let setup = Setup {
        seed: 23,
        now: Some(ahead.with_nanosecond(0).unwrap_or(ahead)),
        ..Setup::default()
    };
    let from = OnceLock::new();
    scenario(
        "clock-skew",
        setup,
        async |sim| {
            let _ = from.set(sim.now().with_timezone(&Utc) - Duration::seconds(2));
            Ok(())
        },
        async |app| {
            let sim = app.sim();
            let tickets = truth(app)?;
            let shown = app.wait_all_tickets(tickets.len() as u64).await?;
            app.wait_text(
                ".status-bar__clock",
                "the status bar to explain the clock offset",
                UI_WAIT,
                |t| t == "本机时钟慢了 2 小时，倒计时已按服务器时间校正",
            )
            .await?;
            let to = sim.now().with_timezone(&Utc) + Duration::seconds(2);
            check_counts(&shown, &tickets, *from.get().context("start time")?, to)?;

            // A ticket whose acknowledgement is due 50 s from the district's now: its
            // countdown is in seconds, so it can be compared to the second.
            let ticket = pending_ack(&tickets)?;
            let now = sim.now();
            let deadline = (now + Duration::seconds(50))
                .with_nanosecond(0)
                .unwrap_or(now + Duration::seconds(50));
            sim.edit(&ticket.id, serde_json::json!({ "ack_due_at": deadline.to_rfc3339() }))
                .await?;
            app.click(SYNC_BUTTON, "立即同步").await?;

            let id = ticket.id.as_str();
            let (shown, before, after) = liaison_e2e::procs::wait_until(
                &format!("{id} to count down in seconds"),
                UI_WAIT,
                async || {
                    let before = sim.now();
                    let row = app.rows().await?.into_iter().find(|r| r.id == id);
                    let after = sim.now();
                    let seconds = row.and_then(|r| r.countdown).and_then(|c| countdown_seconds(&c));
                    Ok(seconds.map(|s| (s, before, after)))
                },
            )
            .await?;
            let most = (deadline - before).num_milliseconds() as f64 / 1000.0;
            let least = (deadline - after).num_milliseconds() as f64 / 1000.0;
            ensure!(
                (shown as f64) >= least.floor() - 2.0 && (shown as f64) <= most.ceil() + 2.0,
                "the countdown shows {shown} s; the district's deadline minus its now is {least:.1}–{most:.1} s"
            );
            app.screenshot("clock-skew").await?;
            Ok(())
        },
    )
    .await
}

/// Issue 14: at the turn of the year, before the district publishes 2027, the status bar
/// says that working days in 2027 are estimated and the countdowns of tickets due in
/// January carry 约; once the district publishes 2027, one sync clears both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unpublished_year_is_announced_and_cleared_once_published() -> Result<()> {
    let china = FixedOffset::east_opt(8 * 3600).context("+08:00")?;
    let setup = Setup {
        seed: 14,
        tickets: 120,
        now: Some(DateTime::parse_from_rfc3339("2026-12-30T10:00:00+08:00")?.with_timezone(&china)),
        ..Setup::default()
    };
    let published = district_sim::sim_calendar()
        .year(2027)
        .context("the simulator's 2027")?;
    scenario(
        "calendar-estimate",
        setup,
        async |sim| {
            ensure!(sim.withdraw_calendar(2027), "2027 was published");
            Ok(())
        },
        async |app| {
            // Its text is read from the DOM: the item may be cut with an ellipsis, and
            // WebKitWebDriver then reports no rendered text for it.
            liaison_e2e::procs::wait_until(
                "the status bar to say 2027 is estimated",
                UI_WAIT,
                async || {
                    let text = app
                        .js("return document.querySelector('.status-bar__calendar')?.textContent ?? null")
                        .await?;
                    Ok(text.as_str().map(str::trim).filter(|t| {
                        *t == "2027 年节假日安排尚未发布：涉及 2027 年的工作日按周一至周五估算"
                    }).map(str::to_owned))
                },
            )
            .await?;
            // A ticket in progress whose reply is due in January 2027.
            let january = truth(app)?
                .into_iter()
                .filter(|t| {
                    matches!(t.status.as_str(), "in_progress" | "redo")
                        && t.our_role.as_str() == "lead"
                        && t.reply_due_at.year() == 2027
                })
                .min_by(|a, b| a.id.cmp(&b.id))
                .context("a ticket due in January 2027")?;
            app.search(&january.id).await?;
            app.wait_text(
                ".countdown__estimate",
                "its countdown marked 约",
                UI_WAIT,
                |t| t == "约",
            )
            .await?;
            app.screenshot("calendar-estimate").await?;

            app.sim().publish_calendar(&published)?;
            app.click(SYNC_BUTTON, "立即同步").await?;
            app.wait_gone(".status-bar__calendar", "the calendar notice", UI_WAIT)
                .await?;
            app.wait_gone(".countdown__estimate", "the 约 marks", UI_WAIT)
                .await?;
            Ok(())
        },
    )
    .await
}

/// The harness's own rules for the tabs (what scenarios 1 and 8 compare against), on
/// hand-made tickets at the edges: a deadline one second past, one exactly 24 h ahead,
/// one a second beyond that.
#[test]
fn the_expected_tab_counts_follow_the_active_deadline() {
    let sim_now: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00+08:00").expect("time");
    let calendar = district_sim::sim_calendar();
    let ticket = |status: &str, ack_due: &str, reply_due: &str| {
        let mut t = district_sim::generate_ticket(7, 0, sim_now, &calendar);
        t.status = district_api::TicketStatus::from_wire(status);
        t.our_role = district_api::OurRole::Lead;
        t.ack_due_at = DateTime::parse_from_rfc3339(ack_due).expect("time");
        t.reply_due_at = DateTime::parse_from_rfc3339(reply_due).expect("time");
        t.supervision = None;
        t.extension = None;
        t
    };
    let now: DateTime<Utc> = "2026-11-27T02:00:00Z".parse().expect("time");
    let tickets = [
        ticket(
            "pending_ack",
            "2026-11-27T01:59:59Z",
            "2026-12-01T00:00:00Z",
        ),
        ticket(
            "in_progress",
            "2026-11-20T00:00:00Z",
            "2026-11-28T02:00:00Z",
        ),
        ticket(
            "in_progress",
            "2026-11-20T00:00:00Z",
            "2026-11-28T02:00:01Z",
        ),
        ticket("replied", "2026-11-20T00:00:00Z", "2026-11-20T00:00:00Z"),
    ];
    let c = tabs::counts_at(&tickets, UNIT, now);
    assert_eq!(c["all"], 4);
    assert_eq!(c["pending_ack"], 1);
    assert_eq!(c["overdue"], 1, "the ack deadline one second ago");
    assert_eq!(c["due_soon"], 1, "the reply deadline exactly 24 h ahead");
    assert_eq!(c["replied"], 1);
    assert_eq!(c["closed"], 0);
    let later = tabs::counts_at(&tickets, UNIT, now + Duration::seconds(1));
    assert_eq!(
        later["due_soon"], 2,
        "24 h and 1 s ahead is due soon a second later"
    );
    let moving = tabs::counts_between(&tickets, UNIT, now, now + Duration::seconds(1));
    assert_eq!(moving, vec![c, later]);
}

/// The text of the first element matching `css`, read from the DOM (WebKitWebDriver
/// reports no text for an element cut with an ellipsis).
async fn dom_text(app: &App, css: &str) -> Result<Option<String>> {
    let script = format!(
        "return document.querySelector({})?.textContent ?? null",
        serde_json::to_string(css)?
    );
    Ok(app.js(&script).await?.as_str().map(|t| t.trim().to_owned()))
}

/// Waits until `css` is in the DOM with a text `accept` takes, and returns it.
async fn wait_dom_text(
    app: &App,
    css: &str,
    what: &str,
    accept: impl Fn(&str) -> bool,
) -> Result<String> {
    liaison_e2e::procs::wait_until(what, UI_WAIT, async || {
        Ok(dom_text(app, css).await?.filter(|t| accept(t)))
    })
    .await
}

/// The ticket numbers of the 重办件研判单 in the print preview.
const REDO_SHEET_IDS: &str = "return Array.from(document.querySelectorAll('.ticket-sheet--redo')) \
     .map((s) => s.dataset.ticketId)";

/// Issue 16: the 考核 page shows the month's figures (the district's own count of the
/// unit's lead tickets dispatched this month), a figure opens exactly its tickets in the
/// list, the export writes an .xlsx, and each print sheet is screenshot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_assessment_page_opens_its_tickets_exports_and_prints() -> Result<()> {
    let china = FixedOffset::east_opt(8 * 3600).context("+08:00")?;
    let setup = Setup {
        seed: 16,
        tickets: 300,
        now: Some(DateTime::parse_from_rfc3339("2026-11-24T10:00:00+08:00")?.with_timezone(&china)),
        ..Setup::default()
    };
    scenario(
        "assessment",
        setup,
        async |_| Ok(()),
        async |app| {
            let tickets = truth(app)?;
            app.wait_all_tickets(tickets.len() as u64).await?;

            // A redo the unit leads: one from the district, or a replied ticket sent back now.
            let redo_id = match tickets
                .iter()
                .filter(|t| t.status.as_str() == "redo" && t.our_role.as_str() == "lead")
                .min_by(|a, b| a.id.cmp(&b.id))
            {
                Some(t) => t.id.clone(),
                None => {
                    let replied = tickets
                        .iter()
                        .filter(|t| t.status.as_str() == "replied" && t.our_role.as_str() == "lead")
                        .min_by(|a, b| a.id.cmp(&b.id))
                        .context("no replied ticket the unit led")?;
                    app.sim()
                        .callback(&replied.id, false, Some("市民反映问题仍未解决"))
                        .await?;
                    app.click(SYNC_BUTTON, "立即同步").await?;
                    replied.id.clone()
                }
            };

            // The page: this month's 派单量 is the district's count of the unit's lead tickets
            // dispatched in November (Beijing dates).
            app.click(".app-header__page--assessment", "考核").await?;
            let dispatched = tickets
                .iter()
                .filter(|t| {
                    let d = t.dispatched_at.with_timezone(&china);
                    t.our_role.as_str() == "lead" && d.year() == 2026 && d.month() == 11
                })
                .count();
            let cell =
                r#".assessment__figures tr[data-field="dispatched"] [data-column="current"]"#;
            wait_dom_text(app, cell, "this month's 派单量", |t| {
                t == dispatched.to_string()
            })
            .await?;
            wait_dom_text(app, ".assessment__projection-text", "the projection", |t| {
                t.starts_with("若本月到期的") || t.starts_with("本月剩余时间内")
            })
            .await?;
            app.screenshot("assessment").await?;

            // 考核报表 and the batch of 研判单 for every open redo.
            app.click(".assessment__print-report", "打印考核报表")
                .await?;
            wait_dom_text(
                app,
                ".report-sheet .print-sheet__title",
                "the 考核报表",
                |t| t.contains("2026 年 11 月"),
            )
            .await?;
            app.screenshot("print-report").await?;
            app.click(".print-host__close", "关闭").await?;
            app.click(".assessment__print-redos", "打印重办件研判单")
                .await?;
            let batch =
                liaison_e2e::procs::wait_until("the batch of 研判单", UI_WAIT, async || {
                    let ids = app.js(REDO_SHEET_IDS).await?;
                    let ids: Vec<String> = serde_json::from_value(ids)?;
                    Ok((!ids.is_empty()).then_some(ids))
                })
                .await?;
            ensure!(
                batch.contains(&redo_id),
                "{redo_id} is not in the batch {batch:?}"
            );
            app.screenshot("print-redo-batch").await?;
            app.click(".print-host__close", "关闭").await?;

            // 导出 Excel (masked by default): the file exists and is a zip (an .xlsx).
            app.click(".assessment__export", "导出 Excel").await?;
            let path = wait_dom_text(
                app,
                ".assessment__exported-path",
                "the exported file's path",
                |t| t.ends_with(".xlsx"),
            )
            .await?;
            let bytes = std::fs::read(&path).with_context(|| format!("reading {path}"))?;
            ensure!(bytes.starts_with(b"PK\x03\x04"), "{path} is not a zip");

            // The 派单量 opens exactly its tickets in the list, under the 考核 chip.
            app.click(cell, "派单量").await?;
            let chip = wait_dom_text(app, ".desk__figure-chip", "the 考核筛选 chip", |t| {
                t.starts_with("考核筛选：") && t.contains("派单量") && t.ends_with("件）")
            })
            .await?;
            ensure!(
                chip.ends_with(&format!("（{dispatched} 件）")),
                "chip {chip:?}, expected {dispatched} tickets"
            );
            let rows = app.rows().await?;
            for row in &rows {
                let t = tickets
                    .iter()
                    .find(|t| t.id == row.id)
                    .with_context(|| format!("row {}", row.id))?;
                let d = t.dispatched_at.with_timezone(&china);
                ensure!(
                    t.our_role.as_str() == "lead" && d.month() == 11,
                    "row {} (dispatched {d}) is not behind this month's 派单量",
                    row.id
                );
            }

            // Removing the chip gives the list back; the redo's own sheets from its detail.
            app.click(".desk__figure-chip .el-tag__close", "the chip's ×")
                .await?;
            app.wait_gone(".desk__figure-chip", "the chip to go", UI_WAIT)
                .await?;
            // 工单处理单 and 重办件研判单 from the redo's detail.
            app.open_by_search(&redo_id).await?;
            app.click(".detail__print-ticket", "打印处理单").await?;
            wait_dom_text(
                app,
                ".ticket-sheet--ticket .ticket-sheet__id",
                "the 工单处理单",
                |t| t == redo_id,
            )
            .await?;
            app.screenshot("print-ticket").await?;
            app.click(".print-host__close", "关闭").await?;
            app.click(".detail__print-redo", "打印重办研判单").await?;
            let leader = wait_dom_text(
                app,
                ".ticket-sheet--redo .ticket-sheet__leader",
                "the 重办件研判单",
                |t| t.contains("领导研判意见") && t.contains("签字") && t.contains("日期"),
            )
            .await?;
            ensure!(leader.contains("签字"), "{leader}");
            let reason = dom_text(app, ".ticket-sheet--redo .ticket-sheet__redo-reason").await?;
            ensure!(
                reason.as_deref().is_some_and(|r| !r.is_empty() && r != "—"),
                "redo reason {reason:?}"
            );
            app.screenshot("print-redo").await?;
            app.click(".print-host__close", "关闭").await?;

            Ok(())
        },
    )
    .await
}

/// Issue 17: 关于 opens from the header and tells this build, the contract version and
/// the folders the app really uses; the licence list is there and searchable.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn about_tells_the_build_the_folders_and_the_licences() -> Result<()> {
    let setup = Setup {
        seed: 17,
        tickets: 30,
        ..Setup::default()
    };
    scenario(
        "about",
        setup,
        async |_| Ok(()),
        async |app| {
            let tickets = truth(app)?;
            app.wait_all_tickets(tickets.len() as u64).await?;
            app.click(".app-header__about", "关于").await?;
            wait_dom_text(app, ".about__contract", "the contract version", |t| {
                t == format!("第 {} 版", district_api::CONTRACT_VERSION)
            })
            .await?;
            let version = dom_text(app, ".about__version").await?;
            ensure!(
                version.as_deref() == Some(env!("CARGO_PKG_VERSION")),
                "version shown: {version:?}"
            );
            let data_dir = dom_text(app, ".about__data-dir").await?;
            let want = app.env.data_dir().display().to_string();
            ensure!(
                data_dir.as_deref() == Some(want.as_str()),
                "data dir shown: {data_dir:?}, the app's: {want}"
            );
            let commit = dom_text(app, ".about__commit").await?.unwrap_or_default();
            ensure!(
                commit == "未知" || commit.len() == 12,
                "commit shown: {commit:?}"
            );
            wait_dom_text(app, ".about__licenses-count", "the licence list", |t| {
                t.starts_with("共 ") && !t.starts_with("共 0 ")
            })
            .await?;
            app.screenshot("about").await?;
            Ok(())
        },
    )
    .await
}
