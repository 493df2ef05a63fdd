//! Signed updates (issue 17) through Tauri's updater plugin: the feed (Tauri's static
//! JSON) at the system policy's URL, else the district's; minisign signatures checked
//! against the public key built into the app (`LIAISON_UPDATER_PUBKEY` at build time:
//! the release key's public half, never its private half). The plugin downloads,
//! verifies and installs (.deb/.rpm through `pkexec`, so an administrator authorises
//! it). Where the policy turns in-app updates off, the desk only says that a new version
//! exists and whom to ask. The check runs daily (a Rust timer) and from 关于 → 检查更新.

use crate::emit;
use desk_app::ipc::events;
use desk_app::updates::{
    CHECK_INTERVAL, UpdateCheck, UpdateFailureKind, UpdateOffer, UpdateProgress, UpdateStage,
    failure_message,
};
use desk_app::{AppError, Desk};
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::{Error as PluginError, Update, UpdaterExt};

/// The updater public key built into this app (base64 of the minisign public key file,
/// as `tauri signer generate` prints it). Set by `cargo xtask dist` from the release
/// manager's key; a build without it can tell of updates but installs none.
pub(crate) const BUILT_IN_PUBKEY: Option<&str> = option_env!("LIAISON_UPDATER_PUBKEY");

/// How long one request to the feed or for the artifact may take.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The update the last check offered, kept for `install_update`.
#[derive(Default)]
pub(crate) struct Pending(Mutex<Option<Update>>);

/// The plugin, with the public key the signatures are checked against.
pub(crate) fn plugin<R: Runtime>(
    pubkey: &str,
) -> tauri::plugin::TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().pubkey(pubkey).build()
}

/// The public key the plugin was given is empty: this build cannot verify anything.
fn has_pubkey<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<crate::UpdaterKey>()
        .is_some_and(|k| !k.0.trim().is_empty())
}

fn failure(kind: UpdateFailureKind, detail: impl std::fmt::Display) -> AppError {
    AppError::Update(failure_message(kind, &detail.to_string()))
}

/// The officer's words for an error of the plugin.
fn classify(e: &PluginError) -> UpdateFailureKind {
    match e {
        PluginError::Minisign(_)
        | PluginError::Base64(_)
        | PluginError::SignatureUtf8(_)
        | PluginError::SignedVersionMismatch { .. }
        | PluginError::MissingSignedVersion => UpdateFailureKind::BadSignature,
        PluginError::Reqwest(_) | PluginError::Network(_) => UpdateFailureKind::Unreachable,
        PluginError::ReleaseNotFound
        | PluginError::Serialization(_)
        | PluginError::Semver(_)
        | PluginError::UrlParse(_)
        | PluginError::TargetNotFound(_)
        | PluginError::TargetsNotFound(_)
        | PluginError::InsecureTransportProtocol
        | PluginError::EmptyEndpoints => UpdateFailureKind::BadFeed,
        _ => UpdateFailureKind::Install,
    }
}

fn plugin_failure(e: &PluginError) -> AppError {
    let kind = classify(e);
    if kind != UpdateFailureKind::BadSignature {
        tracing::warn!(error = %e, ?kind, "update failed");
    } else {
        tracing::error!(error = %e, "update refused: signature check failed");
    }
    failure(kind, e)
}

/// Asks the feed whether a newer version than this one exists.
pub(crate) async fn check<R: Runtime>(
    app: &AppHandle<R>,
    desk: &Desk,
) -> Result<UpdateCheck, AppError> {
    let settings = desk.update_settings();
    let feed = settings
        .feed_url
        .clone()
        .ok_or_else(|| failure(UpdateFailureKind::NoFeed, ""))?;
    let url: tauri::Url = feed
        .parse()
        .map_err(|e| failure(UpdateFailureKind::BadFeed, e))?;
    let mut builder = app
        .updater_builder()
        .endpoints(vec![url])
        .map_err(|e| plugin_failure(&e))?
        .timeout(REQUEST_TIMEOUT);
    // The district's intranet CA (policy `ca_bundle`) is trusted for the feed too.
    if let Some(pem) = desk.ca_pem() {
        let certs = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| failure(UpdateFailureKind::BadFeed, e))?;
        builder = builder.configure_client(move |b| b.tls_certs_merge(certs.clone()));
    }
    let updater = builder.build().map_err(|e| plugin_failure(&e))?;
    let update = updater.check().await.map_err(|e| plugin_failure(&e))?;
    let offer = update.as_ref().map(|u| UpdateOffer {
        version: u.version.clone(),
        notes: u.body.clone(),
        date: u
            .raw_json
            .get("pub_date")
            .and_then(|d| d.as_str())
            .map(str::to_owned),
    });
    let current = app.package_info().version.to_string();
    if let Some(pending) = app.try_state::<Pending>()
        && let Ok(mut slot) = pending.0.lock()
    {
        *slot = update;
    }
    Ok(UpdateCheck::new(&current, offer, &settings))
}

/// Downloads the offered update, verifies its signature and installs it, reporting
/// progress as `update-progress` events.
pub(crate) async fn install<R: Runtime>(app: &AppHandle<R>, desk: &Desk) -> Result<(), AppError> {
    let settings = desk.update_settings();
    if !settings.in_app {
        return Err(AppError::Update(desk_app::updates::ask_it(
            settings.contact.as_deref(),
        )));
    }
    if !has_pubkey(app) {
        return Err(failure(UpdateFailureKind::NoPublicKey, ""));
    }
    if !installable() {
        return Err(failure(
            UpdateFailureKind::Install,
            "本机不是以安装包（.deb/.rpm/Windows 安装程序）安装的，请联系信息管理员",
        ));
    }
    let update = app
        .try_state::<Pending>()
        .and_then(|p| p.0.lock().ok().and_then(|u| u.clone()))
        .ok_or_else(|| failure(UpdateFailureKind::NothingToInstall, ""))?;
    let bytes = download_verified(app, &update).await?;
    progress(app, UpdateStage::Installing, bytes.len() as u64, None);
    let installing = update.clone();
    tauri::async_runtime::spawn_blocking(move || installing.install(&bytes))
        .await
        .map_err(|e| failure(UpdateFailureKind::Install, e))?
        .map_err(|e| plugin_failure(&e))?;
    progress(app, UpdateStage::Installed, 0, None);
    tracing::info!(version = %update.version, "update installed");
    Ok(())
}

/// This copy was installed from a package the updater can replace (a .deb or .rpm on
/// Linux, the installer on Windows): a binary run from elsewhere is never overwritten.
fn installable() -> bool {
    use tauri::utils::config::BundleType;
    cfg!(windows)
        || matches!(
            tauri::utils::platform::bundle_type(),
            Some(BundleType::Deb | BundleType::Rpm)
        )
}

/// The artifact's bytes, only when its signature verifies under the built-in key.
pub(crate) async fn download_verified<R: Runtime>(
    app: &AppHandle<R>,
    update: &Update,
) -> Result<Vec<u8>, AppError> {
    let mut downloaded = 0u64;
    let bytes = update
        .download(
            |chunk, total| {
                downloaded += chunk as u64;
                progress(app, UpdateStage::Downloading, downloaded, total);
            },
            || progress(app, UpdateStage::Verifying, 0, None),
        )
        .await
        .map_err(|e| plugin_failure(&e))?;
    Ok(bytes)
}

fn progress<R: Runtime>(
    app: &AppHandle<R>,
    stage: UpdateStage,
    downloaded: u64,
    total: Option<u64>,
) {
    emit::<events::UpdateProgress, R>(
        app,
        UpdateProgress {
            stage,
            downloaded,
            total,
        },
    );
}

/// The daily check: an event to the UI when a newer version exists; failures (an
/// unreachable feed, no district yet) are a log line only.
pub(crate) fn start_daily<R: Runtime>(app: AppHandle<R>, desk: Arc<Desk>) {
    tauri::async_runtime::spawn(async move {
        // The first check waits a little, so it does not compete with the first sync.
        tokio::time::sleep(std::time::Duration::from_secs(5 * 60)).await;
        let mut ticks = tokio::time::interval(CHECK_INTERVAL);
        loop {
            ticks.tick().await;
            daily_once(&app, &desk).await;
        }
    });
}

/// One daily check: silent unless a newer version exists.
pub(crate) async fn daily_once<R: Runtime>(app: &AppHandle<R>, desk: &Desk) -> Option<UpdateCheck> {
    match check(app, desk).await {
        Ok(found) if found.offer.is_some() => {
            emit::<events::UpdateAvailable, R>(app, found.clone());
            Some(found)
        }
        Ok(_) => None,
        Err(e) => {
            tracing::info!(error = %e, "daily update check: nothing offered");
            None
        }
    }
}
