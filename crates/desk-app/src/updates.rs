//! Signed updates (issue 17): what the desk's update check says to the officer. The
//! shell runs Tauri's updater plugin (feed in Tauri's static JSON format, minisign
//! signatures checked against the public key built into the app); this module holds the
//! settings that come from the system policy, the IPC shapes and the officer's words for
//! each failure, so they are the same wherever the check runs.

use crate::Desk;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How often the desk looks for a new version on its own.
pub const CHECK_INTERVAL: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Where and how this desk updates, from the system policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateSettings {
    /// The feed; `None` when neither the policy nor a sign-in names a district.
    pub feed_url: Option<String>,
    /// The desk may download and install (else it only tells).
    pub in_app: bool,
    /// Whom to ask when it may not.
    pub contact: Option<String>,
}

impl Desk {
    /// Where and how this desk updates: the policy's feed, else the district's.
    pub fn update_settings(&self) -> UpdateSettings {
        let policy = self.policy();
        UpdateSettings {
            feed_url: policy.feed_url(self.server_url().as_deref()),
            in_app: policy.updates.in_app,
            contact: policy.updates.contact.clone(),
        }
    }
}

/// A newer version the feed offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UpdateOffer {
    pub version: String,
    /// The release notes, as text (never rendered as HTML).
    pub notes: Option<String>,
    /// RFC 3339, when the feed gives one.
    pub date: Option<String>,
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UpdateCheck {
    pub current_version: String,
    /// `None`: this is the newest version.
    pub offer: Option<UpdateOffer>,
    /// The desk may download and install it itself.
    pub in_app: bool,
    /// When it may not: what the officer is told to do (the policy's contact).
    pub ask: Option<String>,
}

impl UpdateCheck {
    pub fn new(
        current_version: &str,
        offer: Option<UpdateOffer>,
        settings: &UpdateSettings,
    ) -> Self {
        UpdateCheck {
            current_version: current_version.to_owned(),
            offer,
            in_app: settings.in_app,
            ask: (!settings.in_app).then(|| ask_it(settings.contact.as_deref())),
        }
    }
}

/// Where an install is (the `update-progress` event).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UpdateProgress {
    pub stage: UpdateStage,
    pub downloaded: u64,
    /// From `Content-Length`, when the server sent one.
    pub total: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UpdateStage {
    Downloading,
    /// The signature is checked (the whole file is downloaded).
    Verifying,
    Installing,
    /// Installed: the new version runs after a restart.
    Installed,
}

/// The words for "ask your IT".
pub fn ask_it(contact: Option<&str>) -> String {
    match contact {
        Some(c) => format!("本机由单位统一管理，不能在应用内更新。请联系{c}安装新版本。"),
        None => {
            "本机由单位统一管理，不能在应用内更新。请联系本单位信息管理员安装新版本。".to_owned()
        }
    }
}

/// Why an update check or install failed (the shell classifies the updater's errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateFailureKind {
    /// No feed URL: no policy feed and no district yet.
    NoFeed,
    /// The feed or the artifact could not be fetched.
    Unreachable,
    /// The feed's JSON is not a release manifest (or has no artifact for this system).
    BadFeed,
    /// The artifact does not match its signature under the built-in key (tampered, or
    /// signed with another key, or signed for another version).
    BadSignature,
    /// This build has no updater public key.
    NoPublicKey,
    /// The policy turns in-app updates off.
    NotAllowed,
    /// Verified, but the package manager did not install it.
    Install,
    /// Install asked without a checked offer.
    NothingToInstall,
}

/// What the officer reads when an update fails.
pub fn failure_message(kind: UpdateFailureKind, detail: &str) -> String {
    match kind {
        UpdateFailureKind::NoFeed => {
            "尚未配置更新地址：请先登录区热线平台，或请信息管理员在系统策略中设置".to_owned()
        }
        UpdateFailureKind::Unreachable => {
            format!("暂时无法连接更新服务器，请稍后再试（{detail}）")
        }
        UpdateFailureKind::BadFeed => format!("更新服务器返回的版本信息无效（{detail}）"),
        UpdateFailureKind::BadSignature => "更新文件的签名校验未通过，已拒绝安装：文件可能被篡改或不是本单位发布的版本。请联系信息管理员。".to_owned(),
        UpdateFailureKind::NoPublicKey => "本版本未内置更新签名公钥，不能在应用内安装更新：请联系信息管理员安装新版本。".to_owned(),
        UpdateFailureKind::NotAllowed => ask_it(None),
        UpdateFailureKind::Install => format!(
            "新版本已下载并通过签名校验，但安装未完成（需要管理员授权）：{detail}"
        ),
        UpdateFailureKind::NothingToInstall => "没有可安装的新版本：请先检查更新".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_in_app_updates_are_off_the_officer_is_told_whom_to_ask() {
        let settings = UpdateSettings {
            feed_url: None,
            in_app: false,
            contact: Some("区政务服务中心信息科 010-12345678".into()),
        };
        let check = UpdateCheck::new("0.1.0", None, &settings);
        assert_eq!(
            check.ask.as_deref(),
            Some(
                "本机由单位统一管理，不能在应用内更新。请联系区政务服务中心信息科 010-12345678安装新版本。"
            )
        );
        let allowed = UpdateSettings {
            in_app: true,
            ..settings
        };
        assert_eq!(UpdateCheck::new("0.1.0", None, &allowed).ask, None);
    }
}
