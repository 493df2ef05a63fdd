use crate::AppError;
use crate::ipc::{AppInfo, Connectivity, SyncReport, SyncStatus, TicketRow};
use desk_store::Store;
use desk_sync::{DistrictClient, ErrorClass, Sensitive, SyncError, sync_pass};
use district_api::{DEFAULT_PAGE_LIMIT, Officer, Ticket};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const SETTING_SERVER_URL: &str = "server_url";
const SETTING_OFFICER: &str = "officer";

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
}

/// Something the UI should hear about without asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskEvent {
    SyncStatus(SyncStatus),
    TicketsChanged,
}

/// Receives [`DeskEvent`]s (the shell forwards them to the webview).
pub type Listener = Arc<dyn Fn(DeskEvent) + Send + Sync>;

#[derive(Debug, Clone, Copy)]
struct Live {
    connectivity: Connectivity,
    syncing: bool,
}

/// One officer's desk: the cache, the district client, and what is happening now.
pub struct Desk {
    store: Mutex<Store>,
    client: Option<DistrictClient>,
    server_url: Option<String>,
    officer: Mutex<Option<Officer>>,
    demo: bool,
    ready_file: Option<PathBuf>,
    live: Mutex<Live>,
    /// One sync in flight at a time.
    sync_gate: tokio::sync::Mutex<()>,
    listener: Mutex<Option<Listener>>,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk")
            .field("server_url", &self.server_url)
            .finish_non_exhaustive()
    }
}

/// Creates `dir` (and parents) readable by this user only.
fn create_private_dir(dir: &Path) -> Result<(), AppError> {
    let err = |source| AppError::DataDir {
        path: dir.display().to_string(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(err)?;
    }
    Ok(())
}

impl Desk {
    /// Opens the desk in `options.data_dir`. Makes no network call: everything cached
    /// is available at once, online or not.
    pub fn open(options: DeskOptions) -> Result<Desk, AppError> {
        create_private_dir(&options.data_dir)?;
        let store = Store::open(&options.data_dir.join("cache.db"))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let db = options.data_dir.join("cache.db");
            std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).map_err(
                |source| AppError::DataDir {
                    path: db.display().to_string(),
                    source,
                },
            )?;
        }
        let server_url = match options.server_url {
            Some(url) => {
                store.set_setting(SETTING_SERVER_URL, &url)?;
                Some(url)
            }
            None => store.setting(SETTING_SERVER_URL)?,
        };
        let officer = store
            .setting(SETTING_OFFICER)?
            .and_then(|json| serde_json::from_str::<Officer>(&json).ok());
        let client = match (&server_url, options.token) {
            (Some(url), Some(token)) => Some(DistrictClient::new(url)?.with_token(token)),
            _ => None,
        };
        Ok(Desk {
            store: Mutex::new(store),
            client,
            server_url,
            officer: Mutex::new(officer),
            demo: options.demo,
            ready_file: options.ready_file,
            live: Mutex::new(Live {
                connectivity: Connectivity::Unknown,
                syncing: false,
            }),
            sync_gate: tokio::sync::Mutex::new(()),
            listener: Mutex::new(None),
        })
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

    fn store(&self) -> Result<std::sync::MutexGuard<'_, Store>, AppError> {
        self.store
            .lock()
            .map_err(|_| AppError::Internal("本地缓存锁已损坏".into()))
    }

    fn client(&self) -> Result<&DistrictClient, AppError> {
        match (&self.server_url, &self.client) {
            (None, _) => Err(AppError::NoServer),
            (Some(_), None) => Err(AppError::NotSignedIn),
            (Some(_), Some(c)) => Ok(c),
        }
    }

    /// The signed-in officer, from the cache or (once) from `GET /me`.
    pub async fn officer(&self) -> Result<Officer, AppError> {
        if let Some(o) = self.officer.lock().ok().and_then(|o| o.clone()) {
            return Ok(o);
        }
        let me = self.client()?.me().await?.value;
        let json = serde_json::to_string(&me).map_err(|e| AppError::Internal(e.to_string()))?;
        self.store()?.set_setting(SETTING_OFFICER, &json)?;
        if let Ok(mut o) = self.officer.lock() {
            *o = Some(me.clone());
        }
        Ok(me)
    }

    fn cached_officer(&self) -> Option<Officer> {
        self.officer.lock().ok().and_then(|o| o.clone())
    }

    /// Pulls the unit's changes into the cache. One pass at a time: a second call waits
    /// for the first to finish and then runs its own pass.
    pub async fn sync_now(&self) -> Result<SyncReport, AppError> {
        let _gate = self.sync_gate.lock().await;
        self.set_live(|l| l.syncing = true);
        let result = self.sync_locked().await;
        let connectivity = match &result {
            Ok(_) => Connectivity::Online,
            Err(AppError::Sync(e)) if e.is_unreachable() => Connectivity::Offline,
            Err(AppError::Sync(e)) if e.class() != ErrorClass::Permanent => Connectivity::Degraded,
            Err(_) => Connectivity::Degraded,
        };
        self.set_live(|l| {
            l.syncing = false;
            l.connectivity = connectivity;
        });
        if let Ok(report) = &result
            && (report.tickets_changed > 0 || report.removed > 0)
        {
            self.emit(DeskEvent::TicketsChanged);
        }
        if let Err(e) = &result {
            tracing::warn!(error = %e, "sync failed");
        }
        result
    }

    async fn sync_locked(&self) -> Result<SyncReport, AppError> {
        let client = self.client()?;
        let officer = self.officer().await?;
        let report = sync_pass(client, &self.store, &officer.unit_id, DEFAULT_PAGE_LIMIT)
            .await
            .map_err(|e| match e {
                SyncError::StorePoisoned => AppError::Internal(e.to_string()),
                other => AppError::Sync(other),
            })?;
        tracing::info!(?report, "sync finished");
        Ok(report.into())
    }

    fn set_live(&self, f: impl FnOnce(&mut Live)) {
        if let Ok(mut live) = self.live.lock() {
            f(&mut live);
        }
        if let Ok(status) = self.sync_status() {
            self.emit(DeskEvent::SyncStatus(status));
        }
    }

    /// The status bar's data.
    pub fn sync_status(&self) -> Result<SyncStatus, AppError> {
        let live = self.live.lock().map(|l| *l).unwrap_or(Live {
            connectivity: Connectivity::Unknown,
            syncing: false,
        });
        let store = self.store()?;
        let state = store.sync_state()?;
        Ok(SyncStatus {
            online: live.connectivity,
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

    /// One cached ticket in contract shape.
    pub fn ticket(&self, id: &str) -> Result<Ticket, AppError> {
        self.store()?
            .ticket(id)?
            .ok_or_else(|| AppError::TicketNotFound(id.to_owned()))
    }

    /// The list rows, in work order.
    pub fn ticket_rows(&self) -> Result<Vec<TicketRow>, AppError> {
        let unit_id = self.cached_officer().map(|o| o.unit_id).unwrap_or_default();
        Ok(self
            .tickets()?
            .iter()
            .map(|t| TicketRow::from_ticket(t, &unit_id))
            .collect())
    }

    /// Who is signed in, where, and whether this is demo data.
    pub fn app_info(&self) -> AppInfo {
        let officer = self.cached_officer();
        AppInfo {
            demo: self.demo,
            officer_name: officer.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
            officer_role: officer
                .as_ref()
                .map(|o| o.role.to_string())
                .unwrap_or_default(),
            unit_name: officer.map(|o| o.unit_name).unwrap_or_default(),
            server_url: self.server_url.clone().unwrap_or_default(),
        }
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
