//! Signed updates through Tauri's updater plugin on the mock runtime, against the
//! simulator's update feed. The signing key is generated here, for these tests only
//! ("TEST-ONLY" in its comments); the app under test is given its public half, as a
//! release build is given the release key's through `LIAISON_UPDATER_PUBKEY`.

use super::shell_tests::test_context;
use super::{Launch, Shell, app, updater};
use base64::Engine;
use desk_app::policy::{Policy, UpdatePolicy};
use district_sim::{DeskArtifact, DeskRelease, SimConfig, SimHandle};
use std::collections::BTreeMap;
use std::sync::mpsc;
use std::time::Duration;
use tauri::Listener;
use tauri::Manager;
use tauri::test::{MockRuntime, mock_builder};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A minisign key pair made for one test run: never a release key.
struct TestKey {
    /// As Tauri's config takes it: base64 of the public key file's text.
    public_b64: String,
    secret: minisign::SecretKey,
}

fn test_key() -> TestKey {
    let pair = minisign::KeyPair::generate_unencrypted_keypair().expect("TEST-ONLY key pair");
    let public = pair.pk.to_box().expect("public key box").to_string();
    TestKey {
        public_b64: B64.encode(public),
        secret: pair.sk,
    }
}

/// The feed's `signature` of `bytes` as the Tauri CLI writes it (base64 of the `.sig`
/// text, the version in the trusted comment).
fn sign(key: &TestKey, bytes: &[u8], version: &str) -> String {
    let trusted =
        format!("timestamp:1764979200\tfile:liaison-desk_{version}_amd64.deb\tversion:{version}");
    let signature = minisign::sign(
        None,
        &key.secret,
        std::io::Cursor::new(bytes),
        Some(&trusted),
        Some("signature from the TEST-ONLY updater key"),
    )
    .expect("sign");
    B64.encode(signature.to_string())
}

/// This machine's updater target (`linux-x86_64`).
fn target() -> String {
    let os = if cfg!(windows) { "windows" } else { "linux" };
    format!("{os}-{}", std::env::consts::ARCH)
}

fn release(version: &str, bytes: &[u8], signature: String) -> DeskRelease {
    DeskRelease {
        version: version.to_owned(),
        notes: Some("修复：提醒重复弹出。\n新增：系统策略文件。".to_owned()),
        pub_date: Some("2026-12-01T08:00:00Z".to_owned()),
        platforms: BTreeMap::from([(
            target(),
            DeskArtifact {
                file_name: format!("liaison-desk_{version}_amd64.deb"),
                bytes_base64: B64.encode(bytes),
                signature,
            },
        )]),
    }
}

struct World {
    app: tauri::App<MockRuntime>,
    sim: SimHandle,
    _dir: tempfile::TempDir,
}

impl World {
    /// The app (version 0.1.0, the mock context's) trusting `pubkey`, whose district is
    /// a fresh simulator.
    fn new(pubkey: &str, updates: UpdatePolicy) -> World {
        let sim = tauri::async_runtime::block_on(district_sim::spawn(SimConfig {
            tickets: 0,
            control_api: true,
            ..SimConfig::default()
        }))
        .expect("simulator");
        let dir = tempfile::tempdir().expect("temp dir");
        let launch = Launch {
            data_dir: Some(dir.path().join("data")),
            server: Some(sim.base_url()),
            updater_pubkey: pubkey.to_owned(),
            policy: Policy {
                updates,
                ..Policy::default()
            },
            ..Launch::default()
        };
        let mut app = app(mock_builder(), launch)
            .build(test_context())
            .expect("the app builds");
        #[allow(deprecated)]
        app.run_iteration(|_, _| {});
        World {
            app,
            sim,
            _dir: dir,
        }
    }

    fn check(&self) -> Result<desk_app::updates::UpdateCheck, desk_app::AppError> {
        let desk = self.app.state::<Shell>().desk.clone();
        tauri::async_runtime::block_on(updater::check(self.app.handle(), &desk))
    }

    /// Checks, then downloads and verifies what was offered.
    fn download(&self) -> Result<Vec<u8>, desk_app::AppError> {
        let desk = self.app.state::<Shell>().desk.clone();
        let handle = self.app.handle().clone();
        tauri::async_runtime::block_on(async move {
            let updater = tauri_plugin_updater::UpdaterExt::updater_builder(&handle)
                .endpoints(vec![
                    desk.update_settings()
                        .feed_url
                        .expect("a feed")
                        .parse()
                        .expect("url"),
                ])
                .expect("endpoints")
                .build()
                .expect("updater");
            let update = updater.check().await.expect("check").expect("an update");
            updater::download_verified(&handle, &update).await
        })
    }
}

#[test]
fn a_newer_signed_version_is_offered_and_its_artifact_verified() {
    let key = test_key();
    let world = World::new(&key.public_b64, UpdatePolicy::default());
    let artifact = b"!<arch>\ndebian-binary   TEST-ONLY package bytes".to_vec();
    world
        .sim
        .publish_desk_update(Some(release(
            "0.2.0",
            &artifact,
            sign(&key, &artifact, "0.2.0"),
        )))
        .expect("publish");
    let found = world.check().expect("the check answers");
    let offer = found.offer.expect("0.2.0 is offered");
    assert_eq!(offer.version, "0.2.0");
    assert_eq!(
        offer.notes.as_deref(),
        Some("修复：提醒重复弹出。\n新增：系统策略文件。")
    );
    assert_eq!(found.current_version, "0.1.0");
    assert!(found.in_app);
    let bytes = world.download().expect("the signature verifies");
    assert_eq!(bytes, artifact);
}

#[test]
fn a_tampered_artifact_and_a_wrong_key_are_refused_with_a_clear_message() {
    let key = test_key();
    let world = World::new(&key.public_b64, UpdatePolicy::default());
    let artifact = b"TEST-ONLY package bytes".to_vec();
    let mut tampered = artifact.clone();
    tampered[0] ^= 1;
    let signed_for_original = sign(&key, &artifact, "0.2.0");
    let other_key = test_key();
    let cases = [
        ("tampered", release("0.2.0", &tampered, signed_for_original)),
        (
            "wrong key",
            release("0.2.0", &artifact, sign(&other_key, &artifact, "0.2.0")),
        ),
        (
            "signed for another version",
            release("0.2.0", &artifact, sign(&key, &artifact, "0.1.5")),
        ),
    ];
    for (case, published) in cases {
        world
            .sim
            .publish_desk_update(Some(published))
            .expect("publish");
        let err = world.download().expect_err(case);
        assert_eq!(
            err.to_string(),
            "更新文件的签名校验未通过，已拒绝安装：文件可能被篡改或不是本单位发布的版本。请联系信息管理员。",
            "{case}"
        );
    }
}

#[test]
fn an_older_or_equal_version_is_not_offered() {
    let key = test_key();
    let world = World::new(&key.public_b64, UpdatePolicy::default());
    for version in ["0.1.0", "0.0.9"] {
        let artifact = version.as_bytes().to_vec();
        world
            .sim
            .publish_desk_update(Some(release(
                version,
                &artifact,
                sign(&key, &artifact, version),
            )))
            .expect("publish");
        let found = world.check().expect("the check answers");
        assert_eq!(found.offer, None, "{version} is not newer than 0.1.0");
    }
    world.sim.publish_desk_update(None).expect("withdraw");
    assert_eq!(world.check().expect("204: nothing").offer, None);
}

#[test]
fn an_unreachable_feed_stays_silent_in_the_daily_check() {
    let key = test_key();
    // A port nothing listens on.
    let feed = "http://127.0.0.1:9/desk-updates/latest.json".to_owned();
    let world = World::new(
        &key.public_b64,
        UpdatePolicy {
            feed_url: Some(feed),
            ..UpdatePolicy::default()
        },
    );
    let (tx, rx) = mpsc::channel::<()>();
    world
        .app
        .listen_any(desk_app::ipc::events::UPDATE_AVAILABLE, move |_| {
            let _ = tx.send(());
        });
    let desk = world.app.state::<Shell>().desk.clone();
    let found = tauri::async_runtime::block_on(updater::daily_once(world.app.handle(), &desk));
    assert_eq!(found, None);
    assert!(
        rx.recv_timeout(Duration::from_millis(200)).is_err(),
        "no event"
    );
    // Asked on demand (关于 → 检查更新), the officer is told why.
    let err = world.check().expect_err("unreachable");
    assert!(
        err.to_string().starts_with("暂时无法连接更新服务器"),
        "{err}"
    );
}

#[test]
fn where_in_app_updates_are_off_the_desk_only_says_whom_to_ask() {
    let key = test_key();
    let world = World::new(
        &key.public_b64,
        UpdatePolicy {
            in_app: false,
            feed_url: None,
            contact: Some("区政务服务中心信息科 010-12345678".to_owned()),
        },
    );
    let artifact = b"TEST-ONLY".to_vec();
    world
        .sim
        .publish_desk_update(Some(release(
            "0.2.0",
            &artifact,
            sign(&key, &artifact, "0.2.0"),
        )))
        .expect("publish");
    let (tx, rx) = mpsc::channel::<String>();
    world
        .app
        .listen_any(desk_app::ipc::events::UPDATE_AVAILABLE, move |event| {
            let _ = tx.send(event.payload().to_owned());
        });
    let desk = world.app.state::<Shell>().desk.clone();
    let found = tauri::async_runtime::block_on(updater::daily_once(world.app.handle(), &desk))
        .expect("the daily check finds 0.2.0");
    let ask =
        "本机由单位统一管理，不能在应用内更新。请联系区政务服务中心信息科 010-12345678安装新版本。";
    assert_eq!(found.ask.as_deref(), Some(ask));
    assert!(!found.in_app);
    let payload = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("update-available");
    assert!(payload.contains("0.2.0"), "{payload}");
    let refused = tauri::async_runtime::block_on(updater::install(world.app.handle(), &desk))
        .expect_err("no install");
    assert_eq!(refused.to_string(), ask);
}
