//! The desk's update feed as the district serves it (issue 17): Tauri's static JSON
//! format at `/api/v1/desk-updates/latest.json` and the artifacts beside it under
//! `/api/v1/desk-updates/files/{name}`. What is published is set through the control API
//! (`PUT`/`DELETE /_sim/desk-updates`) or [`crate::SimHandle::publish_desk_update`]: the
//! simulator stores and serves the bytes and signatures it is given and checks nothing
//! (signing is the release manager's; verifying is the desk's).

use crate::http::{ApiError, AppState};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One platform's artifact of a published release.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeskArtifact {
    /// The file name it is served under (`/desk-updates/files/{file_name}`).
    pub file_name: String,
    /// The artifact's bytes, base64 (standard alphabet).
    pub bytes_base64: String,
    /// The feed's `signature` field as given (Tauri: base64 of the minisign `.sig` text).
    pub signature: String,
}

/// `PUT /_sim/desk-updates` body: the release the feed announces.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeskRelease {
    pub version: String,
    #[serde(default)]
    pub notes: Option<String>,
    /// RFC 3339, as Tauri's feed has it.
    #[serde(default)]
    pub pub_date: Option<String>,
    /// By updater target (`linux-x86_64`, `linux-x86_64-deb`, `windows-x86_64`, ...).
    pub platforms: BTreeMap<String, DeskArtifact>,
}

/// Why a release cannot be published: an artifact the feed could not serve.
#[derive(Debug, thiserror::Error)]
pub enum BadRelease {
    #[error("{target}: bad file_name")]
    FileName { target: String },
    #[error("{target}: bytes_base64: {source}")]
    Bytes {
        target: String,
        source: base64::DecodeError,
    },
}

/// A published release with its artifacts decoded.
#[derive(Debug, Clone)]
pub(crate) struct Published {
    release: DeskRelease,
    files: BTreeMap<String, Vec<u8>>,
}

impl Published {
    pub(crate) fn new(release: DeskRelease) -> Result<Self, BadRelease> {
        let mut files = BTreeMap::new();
        for (target, artifact) in &release.platforms {
            let name = &artifact.file_name;
            if name.is_empty() || name.contains('/') || name.contains("..") {
                return Err(BadRelease::FileName {
                    target: target.clone(),
                });
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&artifact.bytes_base64)
                .map_err(|source| BadRelease::Bytes {
                    target: target.clone(),
                    source,
                })?;
            files.insert(name.clone(), bytes);
        }
        Ok(Published { release, files })
    }
}

/// `GET /api/v1/desk-updates/latest.json`: 204 when nothing is published.
pub(crate) async fn latest(State(sim): State<AppState>, headers: HeaderMap) -> Response {
    let Some(published) = sim.desk_update() else {
        return StatusCode::NO_CONTENT.into_response();
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let release = &published.release;
    let platforms: serde_json::Map<String, serde_json::Value> = release
        .platforms
        .iter()
        .map(|(target, a)| {
            let url = format!(
                "http://{host}{}/desk-updates/files/{}",
                crate::http::API_PREFIX,
                a.file_name
            );
            (
                target.clone(),
                serde_json::json!({ "signature": a.signature, "url": url }),
            )
        })
        .collect();
    let mut feed = serde_json::json!({
        "version": release.version,
        "platforms": platforms,
    });
    if let Some(notes) = &release.notes {
        feed["notes"] = notes.clone().into();
    }
    if let Some(date) = &release.pub_date {
        feed["pub_date"] = date.clone().into();
    }
    Json(feed).into_response()
}

/// `GET /api/v1/desk-updates/files/{name}`.
pub(crate) async fn file(State(sim): State<AppState>, Path(name): Path<String>) -> Response {
    match sim.desk_update().and_then(|p| p.files.get(&name).cloned()) {
        Some(bytes) => {
            ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response()
        }
        None => ApiError::new(StatusCode::NOT_FOUND, "no such update file").into_response(),
    }
}

/// `PUT /_sim/desk-updates`.
pub(crate) async fn publish(
    State(sim): State<AppState>,
    body: Result<Json<DeskRelease>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(release) = body?;
    let published = Published::new(release)
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    sim.set_desk_update(Some(published));
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /_sim/desk-updates`.
pub(crate) async fn withdraw(State(sim): State<AppState>) -> StatusCode {
    sim.set_desk_update(None);
    StatusCode::NO_CONTENT
}
