use crate::AppError;
use crate::ipc::{AppInfo, Connectivity, OfficerRoleView, OutboxEntry, SyncReport, SyncStatus};
use crate::vault::{self, MemoryVault, TokenVault};
use desk_domain::Clock;
use desk_store::{NewWrite, OutboxKind, Store};
use desk_sync::{
    DistrictClient, ErrorClass, RetryPolicy, Sensitive, SyncError, flush_outbox, sync_pass,
};
use district_api::{
    CoordinationRequest, DEFAULT_PAGE_LIMIT, DutyPut, ExtensionRequest, Officer, Opinion,
    PartialReply, ReassignmentRequest, Reply, Ticket,
};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub(crate) const SETTING_SERVER_URL: &str = "server_url";
pub(crate) const SETTING_OFFICER: &str = "officer";
pub(crate) const SETTING_USERNAME: &str = "username";
const SETTING_CA_BUNDLE: &str = "ca_bundle";

/// A client for `url`, trusting the extra CAs when there are.
fn district_client(url: &str, ca_pem: Option<&[u8]>) -> Result<DistrictClient, AppError> {
    Ok(match ca_pem {
        Some(pem) => DistrictClient::with_ca_bundle(url, pem)?,
        None => DistrictClient::new(url)?,
    })
}

/// How to open a desk.
#[derive(Debug, Clone, Default)]
pub struct DeskOptions {
    /// Where the cache and settings live (created with user-only permissions).
    pub data_dir: PathBuf,
    /// The district API base URL; remembered in the data dir once given.
    pub server_url: Option<String>,
    pub token: Option<Sensitive<String>>,
    /// Demo data from the embedded simulator: the UI shows a banner.
    pub demo: bool,
    /// Written when the UI reports its first rendered list (smoke tests, benchmarks).
    pub ready_file: Option<PathBuf>,
    /// How hard each request is retried within one sync.
    pub retry: RetryPolicy,
    /// Feed page size to ask for.
    pub page_limit: Option<u32>,
    /// Where the token is kept between runs (the OS keyring in the app and the CLI);
    /// `None`: in memory for this run only.
    pub vault: Option<Arc<dyn TokenVault>>,
    /// Why tokens are not kept between runs, when the keyring could not be opened.
    pub vault_problem: Option<String>,
    /// A PEM bundle of extra certificate authorities to trust (district intranets);
    /// remembered in the data dir once given.
    pub ca_bundle: Option<PathBuf>,
    /// The system policy (issue 17): its district URL is preset (and wins over
    /// `server_url`), its CA bundle is used when `ca_bundle` is not given.
    pub policy: crate::policy::Policy,
    /// Why the policy file is not usable: the desk opens its cache but signs nobody in
    /// and talks to no district until the file is fixed (the UI shows this instead of
    /// the sign-in form).
    pub policy_problem: Option<String>,
}

/// Something the UI should hear about without asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskEvent {
    SyncStatus(Box<SyncStatus>),
    TicketsChanged,
}

/// Receives [`DeskEvent`]s (the shell forwards them to the webview).
pub type Listener = Arc<dyn Fn(DeskEvent) + Send + Sync>;

#[derive(Debug, Clone, Copy)]
struct Live {
    connectivity: Connectivity,
    syncing: bool,
    needs_sign_in: bool,
}

const LIVE_START: Live = Live {
    connectivity: Connectivity::Unknown,
    syncing: false,
    needs_sign_in: false,
};

fn connectivity_str(c: Connectivity) -> &'static str {
    match c {
        Connectivity::Online => "online",
        Connectivity::Offline => "offline",
        Connectivity::Degraded => "degraded",
        Connectivity::Unknown => "unknown",
    }
}

fn parse_connectivity(s: &str) -> Connectivity {
    match s {
        "online" => Connectivity::Online,
        "offline" => Connectivity::Offline,
        "degraded" => Connectivity::Degraded,
        _ => Connectivity::Unknown,
    }
}

/// Who is signed in where: the server, the username, and the authenticated client.
#[derive(Default)]
struct Session {
    server_url: Option<String>,
    username: Option<String>,
    client: Option<DistrictClient>,
}

/// One officer's desk: the cache, the district client, and what is happening now.
pub struct Desk {
    store: crate::store_lock::StoreLock,
    data_dir: PathBuf,
    session: Mutex<Session>,
    vault: Arc<dyn TokenVault>,
    vault_problem: Option<String>,
    /// The cache's key when it is encrypted at rest (`at_rest`); renewed by a wipe.
    cache_key: Mutex<Option<Arc<desk_store::CacheKey>>>,
    /// Extra certificate authorities (PEM) every client trusts.
    ca_pem: Option<Vec<u8>>,
    /// The system policy (preset district, updates).
    policy: crate::policy::Policy,
    /// Why the policy file is unusable, said instead of the sign-in form.
    policy_problem: Option<String>,
    /// The token came with the options (environment, tests), not from a sign-in.
    token_given: bool,
    officer: Mutex<Option<Officer>>,
    demo: bool,
    ready_file: Option<PathBuf>,
    retry: RetryPolicy,
    page_limit: u32,
    live: Mutex<Live>,
    /// One sync in flight at a time.
    sync_gate: tokio::sync::Mutex<()>,
    /// One alert round at a time: a round releases the cache between its chunks.
    pub(crate) alert_gate: tokio::sync::Mutex<()>,
    /// Syncs, flushes and downloads of this sign-in; a sign-out stops them.
    pub(crate) work: crate::session_work::SessionWork,
    /// One writer per data directory across processes (see `data_lock`).
    pub(crate) data_lock: crate::data_lock::DataLock,
    listener: Mutex<Option<Listener>>,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk")
            .field("server_url", &self.server_url())
            .finish_non_exhaustive()
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// An input check that fails with `message` for the officer.
fn require(ok: bool, message: &str) -> Result<(), AppError> {
    if ok {
        Ok(())
    } else {
        Err(AppError::InvalidInput(message.to_owned()))
    }
}

fn to_body<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(value).map_err(|e| AppError::Internal(e.to_string()))
}

/// Creates `dir` (and missing parents) readable by this user only: `0700` from the start
/// on Unix, whatever the process umask; an existing one loses group and other access.
pub(crate) fn create_private_dir(dir: &Path) -> Result<(), AppError> {
    let err = |source| AppError::DataDir {
        path: dir.display().to_string(),
        source,
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir).map_err(err)?;
        let mode = std::fs::metadata(dir).map_err(err)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & 0o700))
                .map_err(err)?;
        }
    }
    #[cfg(not(unix))]
    builder.create(dir).map_err(err)?;
    Ok(())
}

impl Desk {
    /// Opens the desk in `options.data_dir`. Makes no network call: everything cached
    /// is available at once, online or not.
    pub fn open(options: DeskOptions) -> Result<Desk, AppError> {
        create_private_dir(&options.data_dir)?;
        let vault: Arc<dyn TokenVault> = options
            .vault
            .unwrap_or_else(|| Arc::new(MemoryVault::default()));
        // Encrypted with the key kept in the keyring (issue 15); plain without one. The
        // store creates the file 0600 before SQLite opens it (its -wal and -shm follow).
        let (store, cache_key) = crate::at_rest::open_cache(&options.data_dir, vault.as_ref())?;
        let policy = options.policy;
        let policy_problem = options.policy_problem;
        let server_url = match policy.district_url.clone().or(options.server_url) {
            Some(url) => {
                // An address the client refuses (plain http to another machine) is not
                // remembered.
                DistrictClient::check_base_url(&url)?;
                store.set_setting(SETTING_SERVER_URL, &url)?;
                Some(url)
            }
            None => store.setting(SETTING_SERVER_URL)?,
        };
        let officer = store
            .setting(SETTING_OFFICER)?
            .and_then(|json| serde_json::from_str::<Officer>(&json).ok());
        let username = store.setting(SETTING_USERNAME)?;
        let ca_bundle = match options.ca_bundle.or_else(|| policy.ca_bundle.clone()) {
            Some(path) => {
                store.set_setting(SETTING_CA_BUNDLE, &path.display().to_string())?;
                Some(path)
            }
            None => store.setting(SETTING_CA_BUNDLE)?.map(PathBuf::from),
        };
        let ca_pem = match &ca_bundle {
            Some(path) => Some(std::fs::read(path).map_err(|e| {
                AppError::InvalidInput(format!("无法读取 CA 证书文件 {}: {e}", path.display()))
            })?),
            None => None,
        };
        // A token given (environment, tests) wins; else the one kept from the last sign-in.
        let token_given = options.token.is_some();
        let token = match (options.token, &server_url, &username) {
            (Some(t), _, _) => Some(t),
            (None, Some(url), Some(user)) => match vault.load(&vault::account(url, user)) {
                Ok(t) => t,
                Err(e) => {
                    tracing::warn!(error = %e, "no token from the keyring; sign in again");
                    None
                }
            },
            _ => None,
        };
        let client = match (&server_url, token) {
            // An unusable policy: no district is spoken to until it is fixed.
            _ if policy_problem.is_some() => None,
            (Some(url), Some(token)) => match district_client(url, ca_pem.as_deref()) {
                Ok(client) => Some(client.with_token(token)),
                // A plain-http address remembered by an earlier version: the cache still
                // opens; signing in again asks for an https address.
                Err(AppError::Sync(e @ SyncError::InsecureUrl(_))) => {
                    tracing::warn!(error = %e, "the remembered district address is refused");
                    None
                }
                Err(e) => return Err(e),
            },
            _ => None,
        };
        Ok(Desk {
            store: crate::store_lock::StoreLock::new(store),
            data_lock: crate::data_lock::DataLock::new(&options.data_dir),
            work: crate::session_work::SessionWork::new(),
            data_dir: options.data_dir,
            session: Mutex::new(Session {
                server_url,
                username,
                client,
            }),
            vault,
            vault_problem: options.vault_problem,
            cache_key: Mutex::new(cache_key),
            ca_pem,
            policy,
            policy_problem,
            token_given,
            officer: Mutex::new(officer),
            demo: options.demo,
            ready_file: options.ready_file,
            retry: options.retry,
            page_limit: options.page_limit.unwrap_or(DEFAULT_PAGE_LIMIT),
            live: Mutex::new(LIVE_START),
            sync_gate: tokio::sync::Mutex::new(()),
            alert_gate: tokio::sync::Mutex::new(()),
            listener: Mutex::new(None),
        })
    }

    /// Called with [`crate::data_lock::BUSY_NOTICE`] when a sync, flush or wipe has to
    /// wait for another program using the same data directory.
    pub fn on_cache_busy(&self, notice: crate::data_lock::BusyNotice) {
        self.data_lock.set_notice(notice);
    }

    /// Registers the one listener for [`DeskEvent`]s.
    pub fn set_listener(&self, listener: Listener) {
        if let Ok(mut l) = self.listener.lock() {
            *l = Some(listener);
        }
    }

    fn emit(&self, event: DeskEvent) {
        let listener = self.listener.lock().ok().and_then(|l| l.clone());
        if let Some(l) = listener {
            l(event);
        }
    }

    #[track_caller]
    pub(crate) fn store(&self) -> Result<crate::store_lock::StoreGuard<'_>, AppError> {
        self.store.lock()
    }

    /// The cache's lock (its hold times: [`Desk::store_lock_stats`]).
    pub(crate) fn store_lock(&self) -> &crate::store_lock::StoreLock {
        &self.store
    }

    /// How long holders kept the cache locked since the last reset (benchmarks).
    pub fn store_lock_stats(&self) -> crate::store_lock::LockStats {
        self.store.stats()
    }

    /// Starts measuring the cache lock's hold times again.
    pub fn reset_store_lock_stats(&self) {
        self.store.reset_stats();
    }

    /// Where the cache, settings and downloaded attachments live.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The cache behind its lock and the retry policy, for work that talks to the
    /// district without holding the lock across a request (the calendar refresh).
    pub(crate) fn sync_parts(&self) -> (&Mutex<Store>, &RetryPolicy) {
        (self.store.mutex(), &self.retry)
    }

    /// The system policy this desk was opened with.
    pub fn policy(&self) -> &crate::policy::Policy {
        &self.policy
    }

    /// Why the policy file is unusable, if it is.
    pub fn policy_problem(&self) -> Option<&str> {
        self.policy_problem.as_deref()
    }

    /// The extra CA roots (PEM) every connection to the district trusts.
    pub fn ca_pem(&self) -> Option<&[u8]> {
        self.ca_pem.as_deref()
    }

    /// The authenticated client (cheap to clone: it shares its connection pool).
    pub(crate) fn client(&self) -> Result<DistrictClient, AppError> {
        let session = self
            .session
            .lock()
            .map_err(|_| AppError::Internal("登录状态锁已损坏".into()))?;
        match (&session.server_url, &session.client) {
            (None, _) => Err(AppError::NoServer),
            (Some(_), None) => Err(AppError::NotSignedIn),
            (Some(_), Some(c)) => Ok(c.clone()),
        }
    }

    /// The district's base URL, once configured.
    pub fn server_url(&self) -> Option<String> {
        self.session.lock().ok().and_then(|s| s.server_url.clone())
    }

    pub(crate) fn session_username(&self) -> Option<String> {
        self.session.lock().ok().and_then(|s| s.username.clone())
    }

    pub(crate) fn signed_in(&self) -> bool {
        self.session.lock().is_ok_and(|s| s.client.is_some())
    }

    pub(crate) fn set_session(
        &self,
        server_url: Option<String>,
        username: Option<String>,
        client: Option<DistrictClient>,
    ) {
        if let Ok(mut s) = self.session.lock() {
            *s = Session {
                server_url,
                username,
                client,
            };
        }
    }

    /// A client for `url` with this desk's TLS trust (platform roots plus the CA bundle).
    pub(crate) fn new_client(&self, url: &str) -> Result<DistrictClient, AppError> {
        district_client(url, self.ca_pem.as_deref())
    }

    /// The one retry policy every request to the district goes through.
    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    pub(crate) fn vault(&self) -> &dyn TokenVault {
        self.vault.as_ref()
    }

    pub(crate) fn cache_key_slot(&self) -> &Mutex<Option<Arc<desk_store::CacheKey>>> {
        &self.cache_key
    }

    pub(crate) fn vault_problem(&self) -> Option<&str> {
        self.vault_problem.as_deref()
    }

    pub(crate) fn set_cached_officer(&self, officer: Option<Officer>) {
        if let Ok(mut o) = self.officer.lock() {
            *o = officer;
        }
    }

    /// The signed-in officer, from the cache or (once) from `GET /me`.
    pub async fn officer(&self) -> Result<Officer, AppError> {
        if let Some(o) = self.officer.lock().ok().and_then(|o| o.clone()) {
            return Ok(o);
        }
        let client = self.client()?;
        let me = self.retry.run(|| client.me()).await?.value;
        let json = serde_json::to_string(&me).map_err(|e| AppError::Internal(e.to_string()))?;
        self.store()?.set_setting(SETTING_OFFICER, &json)?;
        if let Ok(mut o) = self.officer.lock() {
            *o = Some(me.clone());
        }
        Ok(me)
    }

    pub(crate) fn cached_officer(&self) -> Option<Officer> {
        self.officer.lock().ok().and_then(|o| o.clone())
    }

    /// Pulls the unit's changes into the cache. One pass at a time: a second call waits
    /// for the first to finish and then runs its own pass.
    pub async fn sync_now(&self) -> Result<SyncReport, AppError> {
        let _gate = self.sync_gate.lock().await;
        let mut running = self.work.begin().await;
        self.set_live(|l| l.syncing = true);
        let result = running
            .unless_signed_out(async {
                self.client()?;
                let _lock = self.data_lock.acquire().await?;
                self.sync_locked().await
            })
            .await;
        self.settle(&result);
        drop(running);
        if let Ok(report) = &result
            && (report.tickets_changed > 0 || report.removed > 0)
        {
            self.emit(DeskEvent::TicketsChanged);
        }
        if let Err(e) = &result {
            tracing::warn!(error = %e.for_log(), "sync failed");
        }
        result
    }

    /// After a sign-in: the status bar stops asking for one.
    pub(crate) fn signed_in_again(&self) {
        self.set_live(|l| l.needs_sign_in = false);
    }

    /// After a sign-out: the UI asks for a sign-in.
    pub(crate) fn needs_sign_in(&self) {
        self.set_live(|l| l.needs_sign_in = true);
        self.emit(DeskEvent::TicketsChanged);
    }

    /// Records how an exchange with the district went, for the status bar.
    fn settle<T>(&self, result: &Result<T, AppError>) {
        let (connectivity, needs_sign_in) = match result {
            Ok(_) => (Connectivity::Online, false),
            Err(AppError::Sync(e)) if e.is_unreachable() => (Connectivity::Offline, false),
            Err(AppError::Sync(e)) if e.class() == ErrorClass::Unauthorized => {
                (Connectivity::Degraded, true)
            }
            Err(AppError::NotSignedIn) => (Connectivity::Degraded, true),
            Err(_) => (Connectivity::Degraded, false),
        };
        if let Ok(store) = self.store() {
            let _ = store.set_connectivity(connectivity_str(connectivity));
        }
        self.set_live(|l| {
            l.syncing = false;
            l.connectivity = connectivity;
            l.needs_sign_in = needs_sign_in;
        });
    }

    async fn sync_locked(&self) -> Result<SyncReport, AppError> {
        let client = self.client()?;
        let officer = self.officer().await?;
        let report = sync_pass(
            &client,
            self.store.mutex(),
            &officer.unit_id,
            self.page_limit,
            &self.retry,
        )
        .await
        .map_err(|e| match e {
            SyncError::StorePoisoned => AppError::Internal(e.to_string()),
            other => AppError::Sync(other),
        })?;
        tracing::info!(?report, "sync finished");
        self.refresh_reply_rules(&officer.unit_id).await;
        if self.refresh_calendar().await {
            // Working days left and estimate marks change with the calendar.
            self.emit(DeskEvent::TicketsChanged);
        }
        Ok(report.into())
    }

    fn set_live(&self, f: impl FnOnce(&mut Live)) {
        if let Ok(mut live) = self.live.lock() {
            f(&mut live);
        }
        if let Ok(status) = self.sync_status() {
            self.emit(DeskEvent::SyncStatus(Box::new(status)));
        }
    }

    /// Sends what is in the outbox now, without pulling the feed.
    pub async fn flush_now(&self) -> Result<desk_sync::FlushReport, AppError> {
        let _gate = self.sync_gate.lock().await;
        let mut running = self.work.begin().await;
        let result = running
            .unless_signed_out(async {
                let client = self.client()?;
                let _lock = self.data_lock.acquire().await?;
                let officer = self.officer().await?;
                flush_outbox(&client, self.store.mutex(), &officer.unit_id, &self.retry)
                    .await
                    .map_err(AppError::Sync)
            })
            .await;
        self.settle(&result);
        drop(running);
        if result.is_ok() {
            self.emit(DeskEvent::TicketsChanged);
        }
        result
    }

    /// Starts a flush without waiting for it (after the officer acted); its outcome
    /// reaches the UI through events.
    pub fn flush_in_background(self: &Arc<Self>) {
        let desk = Arc::clone(self);
        tokio::spawn(async move {
            if let Err(e) = desk.flush_now().await {
                tracing::info!(error = %e.for_log(), "background flush did not finish; the outbox keeps the writes");
            }
        });
    }

    /// Every shared draft in the cache, including those of tickets that left the unit.
    pub fn drafts(&self) -> Result<Vec<crate::ipc::DraftEntry>, AppError> {
        Ok(self
            .store()?
            .server_drafts()?
            .into_iter()
            .map(|(draft, ticket_id, archived)| crate::ipc::DraftEntry {
                ticket_id,
                archived,
                draft,
            })
            .collect())
    }

    /// Every write in the outbox, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, AppError> {
        Ok(self
            .store()?
            .outbox()?
            .into_iter()
            .map(OutboxEntry::from)
            .collect())
    }

    /// One outbox row.
    pub fn outbox_entry(&self, id: i64) -> Result<OutboxEntry, AppError> {
        self.store()?
            .outbox_row(id)?
            .map(OutboxEntry::from)
            .ok_or_else(|| AppError::InvalidInput(format!("待发送队列中没有 #{id}")))
    }

    /// Makes one write durable with a fresh idempotency key (made here, once), then tells
    /// the UI. Takes the store guard so the lock is released before listeners run.
    pub(crate) fn enqueue(
        &self,
        mut store: crate::store_lock::StoreGuard<'_>,
        ticket_id: Option<&str>,
        kind: OutboxKind,
        body: serde_json::Value,
        base_version: Option<i64>,
    ) -> Result<OutboxEntry, AppError> {
        let row = store.enqueue(
            NewWrite {
                ticket_id: ticket_id.map(str::to_owned),
                kind,
                body,
                idempotency_key: uuid::Uuid::new_v4().to_string(),
                base_version,
            },
            now_ms(),
        )?;
        drop(store);
        self.emit_status();
        Ok(row.into())
    }

    /// Queues a write on ticket `id`, based on the version the officer sees now.
    fn queue_ticket_write(
        &self,
        id: &str,
        kind: OutboxKind,
        body: serde_json::Value,
    ) -> Result<OutboxEntry, AppError> {
        let store = self.store()?;
        let ticket = store
            .ticket(id)?
            .ok_or_else(|| AppError::TicketNotFound(id.to_owned()))?;
        self.enqueue(store, Some(id), kind, body, Some(ticket.version))
    }

    /// 签收.
    pub fn ack(&self, id: &str) -> Result<OutboxEntry, AppError> {
        self.queue_ticket_write(id, OutboxKind::Ack, serde_json::json!({}))
    }

    /// 答复 (lead unit).
    pub fn reply(&self, id: &str, reply: &Reply) -> Result<OutboxEntry, AppError> {
        self.queue_ticket_write(id, OutboxKind::Reply, to_body(reply)?)
    }

    /// 协办意见 (co-handling unit).
    pub fn opinion(&self, id: &str, opinion: &Opinion) -> Result<OutboxEntry, AppError> {
        self.queue_ticket_write(id, OutboxKind::Opinion, to_body(opinion)?)
    }

    /// 延期申请.
    pub fn request_extension(
        &self,
        id: &str,
        req: &ExtensionRequest,
    ) -> Result<OutboxEntry, AppError> {
        require(!req.reason.trim().is_empty(), "延期申请需要填写理由")?;
        self.queue_ticket_write(id, OutboxKind::Extension, to_body(req)?)
    }

    /// 申请协调/会商.
    pub fn request_coordination(
        &self,
        id: &str,
        req: &CoordinationRequest,
    ) -> Result<OutboxEntry, AppError> {
        require(
            !req.reason.trim().is_empty() && !req.units.is_empty(),
            "协调申请需要理由和至少一个单位",
        )?;
        self.queue_ticket_write(id, OutboxKind::Coordination, to_body(req)?)
    }

    /// 申请改派 (mis-dispatch only).
    pub fn request_reassignment(
        &self,
        id: &str,
        req: &ReassignmentRequest,
    ) -> Result<OutboxEntry, AppError> {
        require(!req.reason.trim().is_empty(), "改派申请需要说明理由")?;
        self.queue_ticket_write(id, OutboxKind::Reassignment, to_body(req)?)
    }

    /// Saves the unit's shared draft of ticket `id` (only the newest content goes out).
    pub fn save_shared_draft(
        &self,
        id: &str,
        reply: &PartialReply,
    ) -> Result<OutboxEntry, AppError> {
        let store = self.store()?;
        if store.ticket(id)?.is_none() {
            return Err(AppError::TicketNotFound(id.to_owned()));
        }
        let base = store.server_draft(id)?.map(|d| d.revision);
        let body = serde_json::json!({ "reply": to_body(reply)? });
        self.enqueue(store, Some(id), OutboxKind::Draft, body, base)
    }

    /// Hands duty over (A going on leave sets B on duty until a time) or takes it back.
    pub async fn set_duty(&self, put: &DutyPut) -> Result<OutboxEntry, AppError> {
        let officer = self.officer().await?;
        let store = self.store()?;
        let base = store.duty(&officer.unit_id)?.map(|d| d.revision);
        self.enqueue(store, None, OutboxKind::Duty, to_body(put)?, base)
    }

    /// The officer drops a write in conflict, rejected or blocked. The row is kept
    /// (resolved, with the officer's text and what the district said) and never sent.
    pub fn discard_outbox_entry(&self, id: i64) -> Result<(), AppError> {
        if !self.store()?.outbox_discard(id, now_ms())? {
            return Err(AppError::InvalidInput(format!(
                "#{id} 不是冲突、被退回或发送受阻状态，不能放弃"
            )));
        }
        self.emit_status();
        Ok(())
    }

    /// The officer sends a blocked write again, with the same idempotency key (the
    /// district may have applied it). The caller flushes.
    pub fn retry_outbox_entry(&self, id: i64) -> Result<OutboxEntry, AppError> {
        let store = self.store()?;
        if !store.outbox_retry(id, now_ms())? {
            return Err(AppError::InvalidInput(format!(
                "#{id} 不是发送受阻状态，无需重试"
            )));
        }
        let row = store
            .outbox_row(id)?
            .ok_or_else(|| AppError::InvalidInput(format!("没有 #{id} 这条待发送记录")))?;
        drop(store);
        self.emit_status();
        Ok(row.into())
    }

    /// After the outbox changed: the status bar's counts and the list's badges.
    fn emit_status(&self) {
        if let Ok(status) = self.sync_status() {
            self.emit(DeskEvent::SyncStatus(Box::new(status)));
        }
        self.emit(DeskEvent::TicketsChanged);
    }

    /// The status bar's data.
    pub fn sync_status(&self) -> Result<SyncStatus, AppError> {
        let live = self.live.lock().map(|l| *l).unwrap_or(LIVE_START);
        let store = self.store()?;
        let state = store.sync_state()?;
        let counts = store.outbox_counts()?;
        // A process that has not talked to the district yet reports the last known state.
        let online = match live.connectivity {
            Connectivity::Unknown => store
                .connectivity()?
                .map_or(Connectivity::Unknown, |c| parse_connectivity(&c)),
            known => known,
        };
        let now = crate::workbench::server_clock(state.server_offset_ms).now();
        Ok(SyncStatus {
            calendar: crate::calendar::status(&store, now)?,
            online,
            outbox_pending: counts.pending,
            outbox_conflicts: counts.conflicts,
            outbox_rejected: counts.rejected,
            outbox_blocked: counts.blocked,
            needs_sign_in: live.needs_sign_in,
            syncing: live.syncing,
            last_sync_ms: state.last_success_ms,
            last_attempt_ms: state.last_attempt_ms,
            last_error: state.last_error,
            server_offset_ms: state.server_offset_ms,
            tickets: store.ticket_count()?,
        })
    }

    /// The cached tickets in contract shape, in work order.
    pub fn tickets(&self) -> Result<Vec<Ticket>, AppError> {
        Ok(self.store()?.tickets()?)
    }

    /// Cached tickets containing `query` (Chinese substrings of any length, ticket
    /// numbers, addresses), in work order. A query without a letter or a digit has
    /// nothing to search for: an error, never the whole cache.
    pub fn search_tickets(&self, query: &str, limit: usize) -> Result<Vec<Ticket>, AppError> {
        if !desk_store::search::is_searchable(query) {
            return Err(AppError::NothingToSearch(query.trim().to_owned()));
        }
        Ok(self.store()?.search_tickets(query, limit)?)
    }

    /// One cached ticket in contract shape.
    pub fn ticket(&self, id: &str) -> Result<Ticket, AppError> {
        self.store()?
            .ticket(id)?
            .ok_or_else(|| AppError::TicketNotFound(id.to_owned()))
    }

    /// Who is signed in, where, and whether this is demo data.
    pub fn app_info(&self) -> AppInfo {
        let officer = self.cached_officer();
        AppInfo {
            demo: self.demo,
            officer_name: officer.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
            officer_role: officer
                .as_ref()
                .and_then(|o| match OfficerRoleView::from(&o.role) {
                    OfficerRoleView::Other => None,
                    known => Some(known),
                }),
            unit_name: officer.map(|o| o.unit_name).unwrap_or_default(),
            server_url: self.server_url().unwrap_or_default(),
            username: self.session_username().unwrap_or_default(),
            signed_in: self.signed_in(),
            token_kept: self.vault().durable(),
            // A token from the environment is the caller's to keep: nothing to warn about.
            token_note: (!self.demo && !self.token_given && !self.vault().durable())
                .then(|| self.memory_only_note()),
            preset_server_url: self.policy.district_url.clone(),
            policy_problem: self.policy_problem.clone(),
        }
    }

    pub(crate) fn app_unit_id(&self) -> Option<String> {
        self.cached_officer().map(|o| o.unit_id)
    }

    pub(crate) fn audit(
        &self,
        officer: &str,
        action: &str,
        ticket: Option<&str>,
    ) -> Result<(), AppError> {
        Ok(self.store()?.audit(now_ms(), officer, action, ticket)?)
    }

    /// The local audit log (who revealed what, when).
    pub fn audit_log(&self) -> Result<Vec<desk_store::AuditEntry>, AppError> {
        Ok(self.store()?.audit_log()?)
    }

    /// The UI rendered its first list of `rows` rows.
    pub fn ui_ready(&self, rows: u32) -> Result<(), AppError> {
        tracing::info!(rows, "ui ready");
        if let Some(path) = &self.ready_file {
            let body = format!("{{\"rows\":{rows}}}\n");
            std::fs::write(path, body).map_err(|source| AppError::DataDir {
                path: path.display().to_string(),
                source,
            })?;
        }
        Ok(())
    }

    /// Syncs every `interval`, and once at once. Runs until the task is dropped.
    pub async fn run_background_sync(self: Arc<Self>, interval: std::time::Duration) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            // Errors are recorded in the sync state and shown in the status bar.
            let _ = self.sync_now().await;
        }
    }
}
