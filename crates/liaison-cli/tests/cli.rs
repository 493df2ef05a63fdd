//! The `liaison` binary against the simulator, as a script or another program uses it.

mod support;

use desk_sync::Sensitive;
use district_sim::SimConfig;
use pretty_assertions::assert_eq;
use std::process::Output;
use support::{Sandbox, World, liaison, token as demo_token_of};

fn sorted(mut v: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
    v.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_then_tickets_json_equals_the_district() {
    let world = World::with_config(SimConfig {
        seed: 5,
        tickets: 120,
        ..SimConfig::default()
    })
    .await;
    let token = demo_token_of(&world.sim, "A").await;
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().to_str().expect("utf-8 path").to_owned();
    let url = world.sim.base_url();

    let out = tokio::task::spawn_blocking(move || {
        liaison(
            &["--data-dir", &data, "--server", &url, "sync"],
            Some(&token),
        )
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "sync failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("本地共 120 件工单"));

    // The server URL was remembered; reading the cache needs neither server nor token.
    let data = dir.path().to_str().expect("utf-8 path").to_owned();
    let out = tokio::task::spawn_blocking(move || {
        liaison(&["--data-dir", &data, "tickets", "--all", "--json"], None)
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON array");
    assert_eq!(sorted(printed), world.truth());
}

#[test]
fn missing_token_is_a_usage_error_with_exit_code_2() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().to_str().expect("utf-8 path");
    let out = liaison(
        &[
            "--data-dir",
            data,
            "--server",
            "http://127.0.0.1:9/api/v1",
            "sync",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("LIAISON_TOKEN"));
}

#[test]
fn unreachable_district_exits_3_and_says_the_cache_is_intact() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().to_str().expect("utf-8 path");
    // Port 9 (discard) on loopback: nothing listens there.
    let out = liaison(
        &[
            "--data-dir",
            data,
            "--server",
            "http://127.0.0.1:9/api/v1",
            "sync",
        ],
        Some("t"),
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("本地缓存未受影响"));
}

/// Issue 15, item 5: a district stuck on one page with `has_more: true` ends the sync
/// with exit 3 (try again later) instead of running for ever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_that_never_advances_exits_3() {
    let cli = Cli::start(61).await;
    cli.sim.set_faults(district_sim::FaultPlan {
        stuck_feed: true,
        ..Default::default()
    });
    let out = tokio::time::timeout(std::time::Duration::from_secs(120), cli.run(&["sync"]))
        .await
        .expect("the sync ends");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("已保存"));
}

#[test]
fn missing_data_dir_is_a_usage_error_until_one_was_used() {
    let sandbox = Sandbox::new();
    let run = |args: &[&str]| sandbox.run(args, None);
    assert_eq!(run(&["tickets"]).status.code(), Some(2));
    let data = tempfile::tempdir().expect("tmp");
    assert!(
        run(&[
            "--data-dir",
            data.path().to_str().expect("utf-8"),
            "tickets"
        ])
        .status
        .success()
    );
    assert!(
        run(&["status"]).status.success(),
        "the data dir is remembered"
    );
}

/// A sync killed with SIGKILL at random moments never corrupts the cache, and the next
/// sync completes to the district's truth.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_syncs_leave_a_sound_cache_and_the_next_sync_completes() {
    use rand::{Rng, SeedableRng};
    let world = World::with_config(SimConfig {
        seed: 9,
        tickets: 600,
        control_api: true,
        ..SimConfig::default()
    })
    .await;
    let sim = &world.sim;
    sim.set_faults(district_sim::FaultPlan {
        seed: 9,
        latency_ms: Some((5, 40)),
        ..Default::default()
    });
    let token = demo_token_of(&world.sim, "A").await;
    let sandbox = std::sync::Arc::new(Sandbox::new());
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().to_str().expect("utf-8 path").to_owned();
    let url = sim.base_url();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20261128);
    let delays: Vec<u64> = (0..20).map(|_| rng.random_range(20..600)).collect();
    let (data2, url2, token2) = (data.clone(), url.clone(), token.clone());
    let sandbox2 = std::sync::Arc::clone(&sandbox);
    tokio::task::spawn_blocking(move || {
        for (i, delay) in delays.into_iter().enumerate() {
            let mut child = sandbox2
                .command()
                .args(["--data-dir", &data2, "--server", &url2, "sync"])
                .env("LIAISON_TOKEN", &token2)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn");
            std::thread::sleep(std::time::Duration::from_millis(delay));
            let _ = child.kill(); // SIGKILL; it may also have finished already
            let _ = child.wait();
            let db = std::path::Path::new(&data2).join("cache.db");
            if db.exists() {
                let store = desk_store::Store::open(&db).expect("reopens after kill");
                assert_eq!(store.integrity_check().expect("check"), "ok", "kill #{i}");
            }
        }
    })
    .await
    .expect("kill loop");

    sim.clear_faults();
    let out = tokio::task::spawn_blocking(move || {
        liaison(
            &["--data-dir", &data, "--server", &url, "sync"],
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
    let store = desk_store::Store::open(&dir.path().join("cache.db")).expect("open");
    let cached = liaison_tests::to_sorted_values(&store.tickets().expect("cache"));
    assert_eq!(cached, world.truth());
}

/// A signed-in, synced CLI data dir against a fresh simulator.
struct Cli {
    sim: district_sim::SimHandle,
    dir: tempfile::TempDir,
    token: String,
}

impl Cli {
    async fn start(seed: u64) -> Cli {
        let world = World::with_config(SimConfig {
            seed,
            tickets: 60,
            control_api: true,
            ..SimConfig::default()
        })
        .await;
        let token = demo_token_of(&world.sim, "A").await;
        let World { sim, .. } = world;
        let cli = Cli {
            sim,
            dir: tempfile::tempdir().expect("tmp"),
            token,
        };
        let out = cli.run(&["sync"]).await;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        cli
    }

    async fn run(&self, args: &[&str]) -> Output {
        let mut all = vec![
            "--data-dir".to_owned(),
            self.dir.path().to_str().expect("utf-8").to_owned(),
            "--server".to_owned(),
            self.sim.base_url(),
        ];
        all.extend(args.iter().map(|a| (*a).to_owned()));
        let token = self.token.clone();
        tokio::task::spawn_blocking(move || {
            let refs: Vec<&str> = all.iter().map(String::as_str).collect();
            liaison(&refs, Some(&token))
        })
        .await
        .expect("join")
    }

    async fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.run(args).await;
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ack_is_sent_and_outbox_and_status_keep_their_json_shapes() {
    let cli = Cli::start(61).await;
    let pending = cli
        .json(&["tickets", "--status", "pending_ack", "--json"])
        .await;
    let id = pending[0]["id"]
        .as_str()
        .expect("a pending ticket")
        .to_owned();
    let out = cli.run(&["ack", &id]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let outbox = cli.json(&["outbox", "--json"]).await;
    let row = &outbox[0];
    for field in [
        "id",
        "ticket_id",
        "kind",
        "state",
        "idempotency_key",
        "attempts",
        "last_error",
    ] {
        assert!(row.get(field).is_some(), "outbox JSON lacks {field}: {row}");
    }
    assert_eq!(
        (row["kind"].as_str(), row["state"].as_str()),
        (Some("ack"), Some("sent"))
    );
    assert_eq!(row["ticket_id"], serde_json::json!(id));

    let status = cli.json(&["status", "--json"]).await;
    for field in [
        "online",
        "last_sync_at",
        "server_clock_offset_seconds",
        "tickets",
        "outbox_pending",
        "outbox_conflicts",
    ] {
        assert!(
            status.get(field).is_some(),
            "status JSON lacks {field}: {status}"
        );
    }
    assert_eq!(status["online"], "online");
    assert_eq!(status["tickets"], 60);
    assert_eq!(status["outbox_pending"], 0);
    let ticket = cli.json(&["ticket", &id, "--json"]).await;
    assert_eq!(ticket["status"], "in_progress");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_that_breaks_the_rules_is_linted_and_never_sent() {
    let cli = Cli::start(62).await;
    let list = cli
        .json(&["tickets", "--status", "in_progress", "--json"])
        .await;
    let t = list
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["our_role"] == "lead")
        .expect("a lead ticket in progress");
    let id = t["id"].as_str().expect("id");
    let reply = serde_json::json!({
        "outcome": "resolved", "text": "已处理，此事不归我们管。", "citizen_contacted_at": t["dispatched_at"],
        "contact_method": "phone", "contact_name": "李明", "contact_phone": "0531-8888"
    });
    let file = cli.dir.path().join("reply.json");
    std::fs::write(&file, reply.to_string()).expect("write");
    let file = file.to_str().expect("utf-8");

    // `lint --json`: an array of findings other programs read; exit 4 when one blocks.
    let out = cli.run(&["lint", id, "--file", file, "--json"]).await;
    assert_eq!(out.status.code(), Some(4));
    let findings: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("a JSON array");
    let codes: Vec<(&str, &str, bool)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().expect("code"),
                f["field"].as_str().expect("field"),
                f["blocking"].as_bool().expect("blocking"),
            )
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            ("text_too_short", "text", true),
            ("forbidden_phrase", "text", true),
            ("invalid_phone", "contact_phone", true),
        ]
    );
    assert!(
        findings
            .iter()
            .all(|f| f["message"].as_str().is_some_and(|m| !m.is_empty()))
    );

    // `reply` lints first: nothing is queued, nothing reaches the district.
    let out = cli.run(&["reply", id, "--file", file]).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stdout).contains("不归我们管"));
    assert_eq!(cli.json(&["outbox", "--json"]).await, serde_json::json!([]));
    let writes = cli.sim.writes().await.expect("writes");
    assert!(writes.iter().all(|w| w.kind != "reply"));

    // A good reply lints clean: exit 0.
    let good = serde_json::json!({
        "outcome": "resolved",
        "text": "经我单位工作人员现场核实，市民反映的问题属实。我单位已协调相关责任部门于当日完成处置，并安排专人持续跟踪，确保问题不再反复。已电话告知市民处理结果，市民表示认可。",
        "citizen_contacted_at": t["dispatched_at"],
        "contact_method": "phone", "contact_name": "李明", "contact_phone": "0531-88886666"
    });
    std::fs::write(file, good.to_string()).expect("write");
    let out = cli.run(&["lint", id, "--file", file, "--json"]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A draft saved line by line survives the process being killed between (and during)
/// keystroke batches: reopened, it is exactly the last text that was reported saved, or
/// the one being written when the kill came — never a mix, never empty.
/// `liaison draft ID --share` with one JSON line on stdin, as `token`'s officer, in
/// `data_dir`.
async fn share_draft(
    server: &str,
    data_dir: &std::path::Path,
    token: &str,
    id: &str,
    text: &str,
) -> Output {
    use std::io::Write;
    let (server, data_dir, token, id) = (
        server.to_owned(),
        data_dir.to_owned(),
        token.to_owned(),
        id.to_owned(),
    );
    let line = serde_json::json!({ "text": text }).to_string();
    tokio::task::spawn_blocking(move || {
        let sandbox = Sandbox::new();
        let mut child = sandbox
            .command()
            .args([
                "--data-dir",
                data_dir.to_str().expect("utf-8"),
                "--server",
                &server,
            ])
            .args(["draft", &id, "--share"])
            .env("LIAISON_TOKEN", &token)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        writeln!(stdin, "{line}").expect("write");
        drop(stdin);
        child.wait_with_output().expect("wait")
    })
    .await
    .expect("join")
}

/// Officer B shares a draft; officer A, whose desk has not synced since, shares another:
/// the district refuses A's (412), A is told, and B's text is not overwritten. After a
/// sync, B builds on A's latest text and the share goes through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_draft_never_overwrites_a_newer_one_of_the_other_officer() {
    let a = Cli::start(66).await;
    let list = a
        .json(&["tickets", "--status", "in_progress", "--json"])
        .await;
    let id = list[0]["id"].as_str().expect("id").to_owned();
    let b_token = demo_token_of(&a.sim, "B").await;
    let b_dir = tempfile::tempdir().expect("tmp");
    let b_sandbox = Sandbox::new();
    let server = a.sim.base_url();

    let sync_b = || {
        let synced = b_sandbox.run(
            &[
                "--data-dir",
                b_dir.path().to_str().expect("utf-8"),
                "--server",
                &server,
                "sync",
            ],
            Some(&b_token),
        );
        assert!(
            synced.status.success(),
            "{}",
            String::from_utf8_lossy(&synced.stderr)
        );
    };
    sync_b();

    let b1 = "B角：已电话联系市民，约定明日上午上门核实。";
    let out = share_draft(&server, b_dir.path(), &b_token, &id, b1).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("草稿已共享"));

    let a1 = "A角：现场核实后已安排维修。";
    let out = share_draft(&server, a.dir.path(), &a.token, &id, a1).await;
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("对方已保存了更新的草稿"), "{said}");
    let draft = a.sim.draft(&id).await.expect("draft").expect("shared");
    assert_eq!(draft.reply.text.as_deref(), Some(b1));
    assert_eq!(draft.updated_by.name, "王磊");

    // B syncs, sees nothing newer than its own, and goes on: its share builds on its own
    // revision and goes through.
    let b2 = "B角：已电话联系市民，约定明日上午上门核实并拍照留存。";
    sync_b();
    let out = share_draft(&server, b_dir.path(), &b_token, &id, b2).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let draft = a.sim.draft(&id).await.expect("draft").expect("shared");
    assert_eq!(draft.reply.text.as_deref(), Some(b2));
}

/// A draft line with an outcome this version does not know is refused with a clear
/// error naming the line and the value; the lines before it stay saved as they were.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_line_with_an_unknown_outcome_is_refused_and_the_earlier_one_kept() {
    use std::io::Write;
    let cli = Cli::start(67).await;
    let list = cli
        .json(&["tickets", "--status", "in_progress", "--json"])
        .await;
    let id = list[0]["id"].as_str().expect("id").to_owned();
    let data = cli.dir.path().to_owned();
    let lines = [
        serde_json::json!({ "text": "经核实，路灯已修复。", "outcome": "resolved", "contact_method": "visit" }),
        serde_json::json!({ "text": "第二稿", "outcome": "referred_elsewhere" }),
    ];
    let (data2, id2) = (data.clone(), id.clone());
    let out = tokio::task::spawn_blocking(move || {
        let sandbox = Sandbox::new();
        let mut child = sandbox
            .command()
            .args(["--data-dir", data2.to_str().expect("utf-8"), "draft", &id2])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        for line in &lines {
            writeln!(stdin, "{line}").expect("write");
        }
        drop(stdin);
        child.wait_with_output().expect("wait")
    })
    .await
    .expect("join");
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("第 2 行") && stderr.contains("referred_elsewhere"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "saved 1");
    let store = desk_store::Store::open(&data.join("cache.db")).expect("reopens");
    let draft = store.local_draft(&id).expect("read").expect("saved");
    assert_eq!(draft.reply.text.as_deref(), Some("经核实，路灯已修复。"));
    assert_eq!(
        draft.reply.outcome,
        Some(district_api::ReplyOutcome::Resolved)
    );
    assert_eq!(
        draft.reply.contact_method,
        Some(district_api::ContactMethod::Visit)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autosaved_drafts_survive_a_killed_process() {
    use std::io::{BufRead, BufReader, Write};
    let cli = Cli::start(65).await;
    let list = cli
        .json(&["tickets", "--status", "in_progress", "--json"])
        .await;
    let id = list[0]["id"].as_str().expect("id").to_owned();
    let data = cli.dir.path().to_owned();
    let texts: Vec<String> = (1..=200)
        .map(|n| format!("经核实，第{n}批修改：{}", "路灯已修复，".repeat(n % 7 + 1)))
        .collect();
    let lines: Vec<String> = texts
        .iter()
        .map(|t| serde_json::json!({ "text": t, "contact_name": "李明" }).to_string())
        .collect();
    let (data2, id2) = (data.clone(), id.clone());
    let (acked, _) = tokio::task::spawn_blocking(move || {
        let sandbox = Sandbox::new();
        let mut child = sandbox
            .command()
            .args(["--data-dir", data2.to_str().expect("utf-8"), "draft", &id2])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        // Batch one, confirmed line by line.
        let mut acked = 0;
        for line in &lines[..10] {
            writeln!(stdin, "{line}").expect("write");
            let mut ack = String::new();
            stdout.read_line(&mut ack).expect("ack");
            acked += 1;
            assert_eq!(ack.trim(), format!("saved {acked}"));
        }
        // Batch two written in one go, then killed mid-stream (the last line half sent).
        for line in &lines[10..199] {
            writeln!(stdin, "{line}").expect("write");
        }
        stdin
            .write_all(&lines[199].as_bytes()[..20])
            .expect("half a line");
        stdin.flush().expect("flush");
        let mut ack = String::new();
        while acked < 60 {
            ack.clear();
            if stdout.read_line(&mut ack).expect("ack") == 0 {
                break;
            }
            acked += 1;
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        (acked, ())
    })
    .await
    .expect("join");
    assert!(acked >= 60, "the writer stopped early at {acked}");

    let store = desk_store::Store::open(&data.join("cache.db")).expect("reopens");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    let draft = store
        .local_draft(&id)
        .expect("read")
        .expect("the draft is there");
    let text = draft.reply.text.expect("text");
    let at = texts
        .iter()
        .position(|t| *t == text)
        .expect("exactly one of the texts typed");
    assert!(
        at + 1 >= acked,
        "text {} is older than the last confirmed {acked}",
        at + 1
    );
    assert!(at < 199, "the half-written line was never saved");
    assert_eq!(draft.reply.contact_name.as_deref(), Some("李明"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_select_what_they_say() {
    let cli = Cli::start(63).await;
    let all = cli.json(&["tickets", "--all", "--json"]).await;
    let redo = cli.json(&["tickets", "--redo", "--json"]).await;
    assert!(!redo.as_array().expect("array").is_empty());
    assert!(
        redo.as_array()
            .expect("array")
            .iter()
            .all(|t| t["redo"]["count"].as_u64() > Some(0))
    );
    let overdue = cli.json(&["tickets", "--overdue", "--json"]).await;
    let soon = cli
        .json(&["tickets", "--due-within", "24h", "--json"])
        .await;
    let n = |v: &serde_json::Value| v.as_array().map_or(0, Vec::len);
    assert!(n(&overdue) + n(&soon) < n(&all));
    let first = &all[0];
    let title: String = first["title"]
        .as_str()
        .expect("title")
        .chars()
        .take(2)
        .collect();
    let found = cli.json(&["tickets", "--search", &title, "--json"]).await;
    let found = found.as_array().expect("array");
    assert!(
        found.iter().any(|t| t["id"] == first["id"]),
        "searching {title} finds its ticket"
    );
    assert!(
        found
            .iter()
            .all(|t| serde_json::to_string(t).expect("json").contains(&title))
    );
    let none = cli
        .json(&[
            "tickets",
            "--search",
            "这段文字不会出现在任何工单里",
            "--json",
        ])
        .await;
    assert_eq!(none, serde_json::json!([]));
    // Punctuation alone is nothing to search for: an error, not every ticket.
    for q in ["%", "-", "\"", "_"] {
        let out = cli.run(&["tickets", "--search", q, "--json"]).await;
        assert_eq!(out.status.code(), Some(2), "{q:?}");
        assert!(out.stdout.is_empty(), "{q:?} listed tickets");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("没有文字或数字"),
            "{q:?}"
        );
    }
    let bad = cli.run(&["tickets", "--due-within", "soon"]).await;
    assert_eq!(bad.status.code(), Some(2));
}

/// The list is the workbench's paged query: the first `--limit` (default 50) in work
/// order, a note on stderr when more match, `--all` for every one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tickets_are_listed_a_page_at_a_time() {
    let cli = Cli::start(64).await;
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|t| t["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let every = cli.run(&["tickets", "--all", "--json"]).await;
    assert!(every.status.success());
    assert!(
        !String::from_utf8_lossy(&every.stderr).contains("--all"),
        "nothing more to list"
    );
    let every = ids(&serde_json::from_slice(&every.stdout).expect("JSON"));
    assert_eq!(every.len(), 60);
    let first = cli.run(&["tickets", "--json"]).await;
    assert!(String::from_utf8_lossy(&first.stderr).contains("--all"));
    let first = ids(&serde_json::from_slice(&first.stdout).expect("JSON"));
    assert_eq!(
        first,
        every[..50],
        "the default page: the first 50 in work order"
    );
    let five = cli.run(&["tickets", "--limit", "5"]).await;
    let lines: Vec<String> = String::from_utf8_lossy(&five.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(lines, every[..5]);
    for bad in [&["--limit", "0"][..], &["--all", "--limit", "5"]] {
        let out = cli.run(&[&["tickets"][..], bad].concat()).await;
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
}

/// Sign-in on a real Secret Service (gnome-keyring on a private D-Bus session): the token
/// is in the keyring, the next command works without `LIAISON_TOKEN`, and after logout
/// it is gone from the keyring and the district cannot be reached as the officer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_keeps_the_token_in_the_os_keyring_and_logout_removes_it() {
    let world = World::with_config(SimConfig {
        seed: 66,
        tickets: 30,
        ..SimConfig::default()
    })
    .await;
    let sim = &world.sim;
    let (user, password) = district_sim::DEMO_OFFICER_A;
    // The keyring daemon keeps its files under the sandbox's HOME, its control socket
    // in the sandbox's runtime directory, on a bus of its own.
    let sandbox = Sandbox::new();
    let data = sandbox.join("data");
    let account = format!("{} {user}", sim.base_url());
    let script = r#"
set -u
eval "$(printf %s test-pass | gnome-keyring-daemon --unlock --components=secrets)"
printf '%s\n' "$PASSWORD" | "$LIAISON" --data-dir "$DATA" --server "$SERVER" login --username "$USER_A" --password-stdin || echo LOGIN_FAILED
TOKEN="$(secret-tool lookup service cn.gov.12345.liaison-desk username "$ACCOUNT")"
echo "KEYRING_BEFORE=$(printf %s "$TOKEN" | wc -c)"
"$LIAISON" --data-dir "$DATA" sync || echo SYNC_FAILED
echo "TOKEN_IN_FILES=$(grep -rlF "$TOKEN" "$DATA" | wc -l)"
KEY_ACCOUNT="cache-key $(cd "$DATA" && pwd -P)"
KEY="$(secret-tool lookup service cn.gov.12345.liaison-desk username "$KEY_ACCOUNT")"
echo "CACHE_KEY=$(printf %s "$KEY" | wc -c)"
echo "PLAIN_CACHE=$(head -c 15 "$DATA/cache.db" | grep -c 'SQLite format')"
"$LIAISON" --data-dir "$DATA" logout || echo LOGOUT_FAILED
echo "KEYRING_AFTER=$(secret-tool lookup service cn.gov.12345.liaison-desk username "$ACCOUNT" | wc -c)"
"$LIAISON" --data-dir "$DATA" sync; echo "SYNC_AFTER_LOGOUT=$?"
[ "$(secret-tool lookup service cn.gov.12345.liaison-desk username "$KEY_ACCOUNT")" = "$KEY" ] || echo KEY_LOST_FAILED
"$LIAISON" --data-dir "$DATA" tickets --json >/dev/null || echo TICKETS_FAILED
"$LIAISON" --data-dir "$DATA" logout --wipe || echo WIPE_FAILED
NEW_KEY="$(secret-tool lookup service cn.gov.12345.liaison-desk username "$KEY_ACCOUNT")"
[ -n "$NEW_KEY" ] && [ "$NEW_KEY" != "$KEY" ] || echo KEY_NOT_RENEWED_FAILED
"$LIAISON" --data-dir "$DATA" tickets --json >/dev/null || echo TICKETS_AFTER_WIPE_FAILED
"#;
    let mut session = sandbox.program("dbus-run-session");
    session
        .args(["--", "sh", "-c", script])
        .env("LIAISON", support::liaison_binary())
        .env("DATA", &data)
        .env("SERVER", sim.base_url())
        .env("USER_A", user)
        .env("PASSWORD", password)
        .env("ACCOUNT", &account);
    let out = tokio::task::spawn_blocking(move || session.output().expect("dbus-run-session runs"))
        .await
        .expect("join");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let context = format!("stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("已登录"), "{context}");
    assert!(!stdout.contains("FAILED"), "{context}");
    assert!(
        stdout.contains("本地共 30 件工单"),
        "synced with the kept token: {context}"
    );
    let before: usize = field(&stdout, "KEYRING_BEFORE=");
    assert!(before > 10, "the token is in the keyring: {context}");
    assert_eq!(field::<usize>(&stdout, "KEYRING_AFTER="), 0, "{context}");
    assert_eq!(field::<i32>(&stdout, "SYNC_AFTER_LOGOUT="), 2, "{context}");
    // The token is in the keyring only: no file of the data directory holds it.
    assert_eq!(field::<usize>(&stdout, "TOKEN_IN_FILES="), 0, "{context}");
    // The cache is encrypted with a 256-bit key kept beside the token (issue 15); a
    // sign-out keeps it, a wipe replaces it.
    assert_eq!(field::<usize>(&stdout, "CACHE_KEY="), 64, "{context}");
    assert_eq!(field::<usize>(&stdout, "PLAIN_CACHE="), 0, "{context}");
}

fn field<T: std::str::FromStr>(text: &str, prefix: &str) -> T {
    text.lines()
        .find_map(|l| l.strip_prefix(prefix))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {prefix} in:\n{text}"))
}

/// Issue 15: `logout --wipe` also removes the log files in the data dir and the
/// remembered data dir (`$XDG_CONFIG_HOME/liaison/data-dir`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_wipe_removes_the_logs_and_the_remembered_data_dir() {
    let world = World::with_config(SimConfig {
        seed: 67,
        tickets: 20,
        ..SimConfig::default()
    })
    .await;
    let token = demo_token_of(&world.sim, "A").await;
    let sandbox = std::sync::Arc::new(Sandbox::new());
    let data = sandbox.join("data");
    let (url, data_s) = (
        world.sim.base_url(),
        data.to_str().expect("utf-8").to_owned(),
    );
    let run = {
        let sandbox = std::sync::Arc::clone(&sandbox);
        move |args: Vec<String>, token: Option<String>| {
            let sandbox = std::sync::Arc::clone(&sandbox);
            async move {
                tokio::task::spawn_blocking(move || {
                    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
                    sandbox.run(&refs, token.as_deref())
                })
                .await
                .expect("join")
            }
        }
    };
    let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let out = run(
        args(&["--data-dir", &data_s, "--server", &url, "sync"]),
        Some(token.clone()),
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let remembered = sandbox.remembered_data_dir();
    assert!(remembered.exists(), "the data dir is remembered");
    // The app's log files in the same data dir.
    std::fs::create_dir_all(data.join("logs")).expect("logs");
    std::fs::write(data.join("logs").join("liaison-desk.2026-12-06.log"), "x").expect("log");

    let out = run(args(&["logout", "--wipe"]), Some(token.clone())).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!data.join("logs").exists(), "the log files are gone");
    assert!(!remembered.exists(), "the remembered data dir is forgotten");
    let out = run(args(&["tickets"]), None).await;
    assert_eq!(out.status.code(), Some(2), "no data dir is known any more");
}

/// Ends a child process when dropped (a failed assertion must not leave it running).
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Issue 15: the app (here: a desk in this process) and `liaison` on one data dir: while
/// the desk syncs, `liaison sync` waits and says why; `liaison tickets` reads at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_program_waits_for_the_writer_of_the_same_cache_and_says_so() {
    use std::io::BufRead;
    let world = World::with_config(SimConfig {
        seed: 68,
        tickets: 30,
        ..SimConfig::default()
    })
    .await;
    let sim = &world.sim;
    let token = demo_token_of(sim, "A").await;
    let sandbox = std::sync::Arc::new(Sandbox::new());
    let data = sandbox.join("data");
    let desk = std::sync::Arc::new(
        desk_app::Desk::open(desk_app::DeskOptions {
            data_dir: data.clone(),
            server_url: Some(sim.base_url()),
            token: Some(Sensitive::new(token.clone())),
            ..desk_app::DeskOptions::default()
        })
        .expect("desk"),
    );
    sim.hold_requests("/changes");
    let app_sync = tokio::spawn({
        let desk = std::sync::Arc::clone(&desk);
        async move { desk.sync_now().await }
    });
    sim.held_arrived(1).await;

    let data_s = data.to_str().expect("utf-8").to_owned();
    let mut child = Child(
        sandbox
            .command()
            .args(["--data-dir", &data_s, "sync"])
            .env("LIAISON_TOKEN", &token)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("liaison starts"),
    );
    let stderr = child.0.stderr.take().expect("stderr");
    // The first line on standard error: the notice (or, without a lock, nothing until
    // its own feed request, held as well, arrives).
    let first_line = tokio::task::spawn_blocking(move || {
        // Lines before it may be warnings (no keyring here: the cache is not encrypted).
        let mut seen = String::new();
        let mut reader = std::io::BufReader::new(stderr);
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(n) if n > 0 => {
                    seen.push_str(&line);
                    if line.contains(desk_app::data_lock::BUSY_NOTICE) {
                        return line;
                    }
                }
                _ => return seen,
            }
        }
    });
    let line = tokio::select! {
        l = first_line => l.expect("join"),
        () = sim.held_arrived(2) => panic!("liaison sync did not wait for the desk's sync"),
    };
    assert!(
        line.contains(desk_app::data_lock::BUSY_NOTICE),
        "stderr: {line}"
    );
    assert!(child.0.try_wait().expect("status").is_none(), "it waits");
    // A reader does not wait.
    let out = tokio::task::spawn_blocking({
        let (data_s, sandbox) = (data_s.clone(), std::sync::Arc::clone(&sandbox));
        move || sandbox.run(&["--data-dir", &data_s, "status", "--json"], None)
    })
    .await
    .expect("join");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    sim.release_held();
    app_sync.await.expect("join").expect("the desk's sync");
    let status = tokio::task::spawn_blocking(move || {
        let status = child.0.wait().expect("waits");
        let mut stdout = String::new();
        if let Some(mut out) = child.0.stdout.take() {
            use std::io::Read;
            let _ = out.read_to_string(&mut stdout);
        }
        (status, stdout)
    })
    .await
    .expect("join");
    assert!(
        status.0.success(),
        "liaison sync after the desk's: {}",
        status.1
    );
    assert!(status.1.contains("本地共 30 件工单"), "{}", status.1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_discard_asks_for_yes_and_retry_takes_only_a_blocked_write() {
    let cli = Cli::start(63).await;
    let pending = cli
        .json(&["tickets", "--status", "pending_ack", "--json"])
        .await;
    let id = pending[0]["id"]
        .as_str()
        .expect("a pending ticket")
        .to_owned();
    let out = cli.run(&["ack", &id]).await;
    assert_eq!(out.status.code(), Some(0));
    let row_id = cli.json(&["outbox", "--json"]).await[0]["id"]
        .as_i64()
        .expect("row id")
        .to_string();

    // Without --yes nothing happens, and the officer is told what a discard keeps.
    let out = cli.run(&["outbox", "discard", &row_id]).await;
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("--yes") && said.contains("仍保留"), "{said}");
    // A sent write can be neither discarded nor retried.
    let out = cli.run(&["outbox", "discard", &row_id, "--yes"]).await;
    assert_ne!(out.status.code(), Some(0));
    let out = cli.run(&["outbox", "retry", &row_id]).await;
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是发送受阻状态"));
    assert_eq!(cli.json(&["outbox", "--json"]).await[0]["state"], "sent");
}

/// The system policy (issue 17) presets the district for the CLI as for the app; an
/// unusable policy file stops the command naming the file and the field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_system_policy_presets_the_district_and_an_unusable_one_is_named() {
    let world = World::with_config(SimConfig {
        seed: 17,
        tickets: 12,
        ..SimConfig::default()
    })
    .await;
    let token = demo_token_of(&world.sim, "A").await;
    let sandbox = Sandbox::new();
    let policy = sandbox.join("policy.json");
    std::fs::write(
        &policy,
        serde_json::json!({ "district_url": world.sim.base_url() }).to_string(),
    )
    .expect("policy");
    let data = sandbox.join("data");
    let run = || {
        sandbox
            .command()
            .args(["--data-dir", support::utf8(&data), "sync"])
            .env("LIAISON_TOKEN", &token)
            .env("LIAISON_POLICY", &policy)
            .output()
            .expect("liaison runs")
    };
    let out = run();
    assert_eq!(
        out.status.code(),
        Some(0),
        "no --server: the policy's district ({})",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        &policy,
        r#"{"updates": {"feed_url": "ftp://example/latest.json"}}"#,
    )
    .expect("policy");
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("policy.json: updates.feed_url: not an http(s) URL"),
        "{stderr}"
    );
}
