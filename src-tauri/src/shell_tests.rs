//! The shell on Tauri's mock runtime (`tauri::test`): the real `setup` and the real
//! invoke handler, without a window system. Signed out, on a fresh data directory.

use super::{Launch, Shell, alerts::AlertWake, app};
use desk_app::ipc::events::{self, DeskEvent as _};
use desk_app::ipc::{AlertPrefs, COMMANDS, ErrorCode, IpcError, ReplyForm, SyncStatus};
use serde_json::{Value, json};
use std::sync::mpsc;
use std::time::Duration;
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context};
use tauri::{Listener, Manager, WebviewWindow, WebviewWindowBuilder};

struct MockShell {
    app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
    _dir: tempfile::TempDir,
}

/// The app as `run` wires it, on the mock runtime: an officer's desk that knows its
/// district (nothing listens there) but is signed out, tokens in memory.
fn mock_shell() -> MockShell {
    let dir = tempfile::tempdir().expect("temp dir");
    let launch = Launch {
        data_dir: Some(dir.path().join("data")),
        server: Some("http://127.0.0.1:9".to_owned()),
        ..Launch::default()
    };
    let mut app = app(mock_builder(), launch)
        .build(test_context())
        .expect("the app builds");
    // The first iteration of the event loop runs `setup` (and, on the mock runtime,
    // nothing else); a failing setup panics here.
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock webview");
    MockShell {
        app,
        webview,
        _dir: dir,
    }
}

/// The mock runtime's context with the updater plugin's configuration (as
/// `tauri.conf.json` has it: the key itself is given to the plugin's builder).
pub(crate) fn test_context() -> tauri::Context<MockRuntime> {
    let mut context = mock_context(tauri::test::noop_assets());
    context
        .config_mut()
        .plugins
        .0
        .insert("updater".to_owned(), json!({ "pubkey": "" }));
    context
}

/// What the webview's `invoke(cmd, args)` resolves (`Ok`) or rejects (`Err`) with.
pub(crate) fn invoke(
    webview: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("a JSON answer"))
}

/// A valid value of an argument's TypeScript type, as the UI would send it.
/// `prefs`: the alert settings as `alert_settings` answered.
fn sample(ts_type: &str, prefs: &Value) -> Value {
    match ts_type {
        "string" => json!("T-0"),
        "number" => json!(1),
        "boolean" => json!(false),
        "string | null" => Value::Null,
        "Array<string>" => json!([]),
        "TicketQuery" => {
            json!({ "tab": "all", "search": null, "offset": 0, "limit": 20, "due_soon_hours": 24 })
        }
        "ReplyForm" => serde_json::to_value(ReplyForm::default()).expect("form"),
        "AlertPrefs" => prefs.clone(),
        "ReportQuery" => {
            json!({ "from": "2026-11-01", "to": "2026-11-30", "at_ms": null, "breakdown_medians": false })
        }
        other => panic!("no sample for argument type {other}: add one to `sample`"),
    }
}

#[test]
fn setup_opens_the_desk_and_manages_what_the_commands_need() {
    let shell = mock_shell();
    assert!(
        shell.app.try_state::<Shell>().is_some(),
        "the desk is managed"
    );
    assert!(
        shell.app.try_state::<AlertWake>().is_some(),
        "the alert scheduler's wake is managed"
    );
    let info = invoke(&shell.webview, "app_info", json!({})).expect("app_info resolves");
    assert_eq!(info["signed_in"], json!(false), "{info}");
    assert_eq!(info["demo"], json!(false), "{info}");
}

#[test]
fn every_declared_command_is_registered_and_rejects_with_code_and_message() {
    let shell = mock_shell();
    let cfg = ts_rs::Config::new().with_large_int("number");
    // An unknown command is refused by Tauri itself, not with our error shape: the
    // checks below would catch a declared command that is not registered.
    let unknown = invoke(&shell.webview, "no_such_command", json!({}));
    assert!(
        unknown
            .as_ref()
            .is_err_and(|e| serde_json::from_value::<IpcError>(e.clone()).is_err()),
        "{unknown:?}"
    );
    let prefs = invoke(&shell.webview, "alert_settings", json!({})).expect("alert settings");
    serde_json::from_value::<AlertPrefs>(prefs.clone()).expect("an AlertPrefs");
    for c in COMMANDS {
        let args: serde_json::Map<String, Value> = c
            .args
            .iter()
            .map(|(name, ts)| (c_arg(name), sample(&ts(&cfg), &prefs)))
            .collect();
        match invoke(&shell.webview, c.name, Value::Object(args)) {
            Ok(_) => {}
            Err(e) => {
                let error: Result<IpcError, _> = serde_json::from_value(e.clone());
                assert!(
                    error.is_ok(),
                    "{} rejected with {e}, not {{code, message}}",
                    c.name
                );
            }
        }
    }
}

/// The JSON key Tauri expects for an argument (camelCase).
fn c_arg(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in name.chars() {
        match (ch, upper) {
            ('_', _) => upper = true,
            (ch, true) => {
                out.extend(ch.to_uppercase());
                upper = false;
            }
            (ch, false) => out.push(ch),
        }
    }
    out
}

#[test]
fn signed_out_commands_say_so_and_the_status_reaches_the_webview() {
    let shell = mock_shell();
    let (tx, rx) = mpsc::channel();
    shell
        .app
        .listen_any(events::SyncStatus::NAME, move |event| {
            let _ = tx.send(event.payload().to_owned());
        });
    let refused = invoke(&shell.webview, "sync_now", json!({})).expect_err("not signed in");
    let error: IpcError = serde_json::from_value(refused).expect("{code, message}");
    assert_eq!(error.code, ErrorCode::Unauthorized, "{}", error.message);
    assert!(!error.message.is_empty());
    let payload = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("a sync-status event");
    let status: SyncStatus = serde_json::from_str(&payload).expect("a SyncStatus payload");
    assert_eq!(status.tickets, 0);
    let missing = invoke(
        &shell.webview,
        "ticket_detail",
        json!({ "id": "no-such-ticket" }),
    )
    .expect_err("no such ticket");
    let error: IpcError = serde_json::from_value(missing).expect("{code, message}");
    assert_eq!(error.code, ErrorCode::NotFound, "{}", error.message);
}

#[test]
fn an_unusable_policy_starts_the_app_and_says_why_instead_of_signing_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("policy.json");
    std::fs::write(
        &file,
        r#"{"updates": {"feed_url": "ftp://example/latest.json"}}"#,
    )
    .expect("policy");
    let problem = desk_app::policy::load(&file).expect_err("invalid");
    let launch = Launch {
        data_dir: Some(dir.path().join("data")),
        server: Some("http://127.0.0.1:9".to_owned()),
        policy_problem: Some(problem.for_officer()),
        ..Launch::default()
    };
    let mut app = app(mock_builder(), launch)
        .build(test_context())
        .expect("the app builds");
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock webview");
    let info = invoke(&webview, "app_info", json!({})).expect("app_info resolves");
    let shown = info["policy_problem"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        shown.contains("policy.json: updates.feed_url: not an http(s) URL"),
        "{info}"
    );
    assert_eq!(info["signed_in"], json!(false));
    let refused = invoke(
        &webview,
        "sign_in",
        json!({ "serverUrl": "http://127.0.0.1:9", "username": "a", "password": "b" }),
    )
    .expect_err("no sign-in under an unusable policy");
    let error: IpcError = serde_json::from_value(refused).expect("{code, message}");
    assert_eq!(error.message, shown);
}

#[test]
fn about_tells_the_build_the_contract_and_the_folders() {
    let shell = mock_shell();
    let about = invoke(&shell.webview, "about", json!({})).expect("about resolves");
    let about: desk_app::ipc::AboutInfo = serde_json::from_value(about).expect("an AboutInfo");
    assert_eq!(about.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(about.contract_version, district_api::CONTRACT_VERSION);
    let data_dir = shell._dir.path().join("data");
    assert_eq!(about.data_dir, data_dir.display().to_string());
    let commit_ok = about.commit == "unknown"
        || (about.commit.len() == 12 && about.commit.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(commit_ok, "commit {:?}", about.commit);
    let date_ok = about.build_date == "unknown"
        || (about.build_date.len() == "2026-12-06 10:15 UTC".len()
            && about.build_date.ends_with(" UTC"));
    assert!(date_ok, "build date {:?}", about.build_date);
}
