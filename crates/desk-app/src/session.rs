//! Signing in and out: username and password go to `POST /auth/login` once and are
//! never stored; the token goes to the OS keyring (or stays in memory for this run when
//! there is none) and never leaves Rust.

use crate::desk::{SETTING_OFFICER, SETTING_SERVER_URL, SETTING_USERNAME};
use crate::ipc::SignInOutcome;
use crate::vault;
use crate::{AppError, Desk};
use desk_sync::{Sensitive, SyncError};

/// The keyring accounts (`<server URL> <username>`) this desk saved tokens under, JSON.
const SETTING_VAULT_ACCOUNTS: &str = "vault_accounts";

impl Desk {
    /// Signs in at `server_url`. The cache stays the unit's: signing in as an officer of
    /// another unit is refused until the cache is wiped, so nothing queued is lost or
    /// sent under the wrong name. Writes waiting in the outbox go out at the next sync.
    pub async fn sign_in(
        &self,
        server_url: &str,
        username: &str,
        password: &Sensitive<String>,
    ) -> Result<SignInOutcome, AppError> {
        if let Some(problem) = self.policy_problem() {
            return Err(AppError::Policy(problem.to_owned()));
        }
        // A district preset by the system policy is the only one signed in at.
        let server_url = match &self.policy().district_url {
            Some(preset) => preset.clone(),
            None => server_url.trim().trim_end_matches('/').to_owned(),
        };
        let username = username.trim().to_owned();
        if server_url.is_empty() || username.is_empty() || password.expose().is_empty() {
            return Err(AppError::InvalidInput(
                "请填写平台地址、用户名和密码".into(),
            ));
        }
        let client = self.new_client(&server_url)?;
        let retry = self.retry_policy();
        let login = match retry.run(|| client.login(&username, password)).await {
            Ok(l) => l,
            Err(SyncError::Http { status: 401, .. }) => {
                return Err(AppError::BadCredentials);
            }
            Err(e) => return Err(e.into()),
        };
        let token = Sensitive::new(login.token);
        let client = client.with_token(token.clone());
        let me = retry.run(|| client.me()).await?.value;
        if let Some(cached) = self.cached_officer()
            && cached.unit_id != me.unit_id
            && self.store()?.ticket_count()? > 0
        {
            return Err(AppError::InvalidInput(format!(
                "本机缓存属于{}，不能以{}的账号登录：请先“退出并清除本地缓存”",
                cached.unit_name, me.unit_name
            )));
        }
        let officer_json =
            serde_json::to_string(&me).map_err(|e| AppError::Internal(e.to_string()))?;
        {
            let store = self.store()?;
            store.set_setting(SETTING_SERVER_URL, &server_url)?;
            store.set_setting(SETTING_USERNAME, &username)?;
            store.set_setting(SETTING_OFFICER, &officer_json)?;
        }
        let account = vault::account(&server_url, &username);
        let kept = self.vault().save(&account, &token);
        if kept.is_ok() {
            self.remember_vault_account(&account)?;
        }
        let token_kept = kept.is_ok() && self.vault().durable();
        let note = match kept {
            Err(e) => Some(format!(
                "{e}。令牌只保存在本次运行的内存中，下次启动需重新登录"
            )),
            Ok(()) if !token_kept => Some(self.memory_only_note()),
            Ok(()) => None,
        };
        if let Some(n) = &note {
            tracing::warn!(note = %n, "token kept for this run only");
        }
        self.set_cached_officer(Some(me));
        self.set_session(Some(server_url), Some(username), Some(client));
        self.signed_in_again();
        tracing::info!("signed in");
        Ok(SignInOutcome {
            info: self.app_info(),
            token_kept,
            note,
        })
    }

    /// Why the token is kept for this run only.
    pub(crate) fn memory_only_note(&self) -> String {
        let note = match self.vault_problem() {
            Some(p) => format!("{p}。令牌只保存在本次运行的内存中，下次启动需重新登录"),
            None => "本机没有可用的系统钥匙串：令牌只保存在本次运行的内存中，下次启动需重新登录"
                .to_owned(),
        };
        if self.encrypted_at_rest() {
            note
        } else {
            format!("{note}；本地缓存未加密")
        }
    }

    /// Signs out: every token this desk put in the keyring leaves it, and memory. A sync,
    /// flush or attachment download in progress is stopped first (and new ones wait),
    /// so nothing of it is written afterwards. With `wipe`, the local cache (tickets,
    /// drafts, the outbox, downloaded attachments, the log files) is removed too — the
    /// UI asks first and says what is still unsent. A wipe waits for another program
    /// writing the same cache (the CLI or the app) to finish.
    pub async fn sign_out(&self, wipe: bool) -> Result<(), AppError> {
        let _stopped = self.work.stop_all().await;
        let _lock = if wipe {
            Some(self.data_lock.acquire().await?)
        } else {
            None
        };
        let server = self.server_url();
        self.forget_secrets()?;
        if wipe {
            self.wipe_local_data()?;
            self.renew_cache_key()?;
            self.set_cached_officer(None);
            self.set_session(None, None, None);
        } else {
            self.store()?.delete_setting(SETTING_USERNAME)?;
            self.set_session(server, None, None);
        }
        self.needs_sign_in();
        tracing::info!(wipe, "signed out");
        Ok(())
    }

    /// Removes the secrets this desk keeps outside the cache: every token it saved in the
    /// keyring (under any server and username it signed in with), the current one
    /// included. The one place to add further keyring secrets (e.g. a cache key).
    fn forget_secrets(&self) -> Result<(), AppError> {
        let mut accounts = self.vault_accounts()?;
        if let (Some(url), Some(user)) = (self.server_url(), self.session_username()) {
            accounts.push(vault::account(&url, &user));
        }
        accounts.sort();
        accounts.dedup();
        for account in &accounts {
            self.vault()
                .delete(account)
                .map_err(|e| AppError::Internal(format!("令牌未能从系统钥匙串删除：{e}")))?;
        }
        self.store()?.delete_setting(SETTING_VAULT_ACCOUNTS)?;
        Ok(())
    }

    /// Empties the cache and removes the files beside it (attachments, logs). Every
    /// table is emptied (`Store::wipe` enumerates them); the data directory itself, the
    /// cache file and its lock file stay.
    fn wipe_local_data(&self) -> Result<(), AppError> {
        self.store()?.wipe()?;
        let mut dirs = vec![
            self.data_dir().join("attachments"),
            self.data_dir().join("logs"),
        ];
        // The app's log files (in demo mode beside the demo cache, not in it): closed for
        // the rest of this run, then removed.
        dirs.extend(crate::logging::close_files());
        for dir in dirs {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(|source| AppError::DataDir {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
        }
        Ok(())
    }

    /// The keyring accounts this desk saved a token under.
    fn vault_accounts(&self) -> Result<Vec<String>, AppError> {
        Ok(self
            .store()?
            .setting(SETTING_VAULT_ACCOUNTS)?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// Notes that a token was saved under `account`, so a sign-out removes it even after
    /// a later sign-in elsewhere.
    fn remember_vault_account(&self, account: &str) -> Result<(), AppError> {
        let mut accounts = self.vault_accounts()?;
        if !accounts.iter().any(|a| a == account) {
            accounts.push(account.to_owned());
        }
        let json =
            serde_json::to_string(&accounts).map_err(|e| AppError::Internal(e.to_string()))?;
        self.store()?.set_setting(SETTING_VAULT_ACCOUNTS, &json)?;
        Ok(())
    }
}

/// The shell runs sign-out in a Tauri command: its future must be `Send`.
#[cfg(test)]
#[allow(dead_code)]
fn sign_out_future_is_send(desk: &'static Desk) {
    fn send<T: Send>(_: T) {}
    send(desk.sign_out(true));
}
