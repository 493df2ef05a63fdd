//! One writer at a time per data directory, across processes: the app and `liaison`
//! commands may use the same cache.
//!
//! A writer is whatever talks to the district on the cache's behalf or rewrites the cache
//! as a whole: a sync pass, an outbox flush (`liaison ack`, `reply`, ... flush after
//! queueing), a sign-out with wipe. It holds an exclusive lock on `<data dir>/cache.lock`
//! for that time; a second writer waits, and says so ([`BUSY_NOTICE`]). Readers (the
//! workbench's lists, `liaison tickets`, `status`, `outbox`) take no lock: SQLite's WAL
//! lets them read while a writer writes. Single local writes (queueing an action, saving
//! a draft) are one SQLite transaction each and need no lock either: SQLite serialises
//! them. Attachment downloads take no lock (the app's own sync would wait for them).
//!
//! The lock is `std::fs::File::lock` (flock on Unix, LockFileEx on Windows): the
//! operating system releases it when the process ends, also when it is killed.

use crate::AppError;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a writer that has to wait is told (the CLI prints it on standard error).
pub const BUSY_NOTICE: &str = "另一个程序（工作台或 liaison 命令）正在使用本地缓存，等待中…";

/// Receives [`BUSY_NOTICE`] when a writer has to wait for another program.
pub type BusyNotice = Arc<dyn Fn(&str) + Send + Sync>;

/// The lock file of one data directory.
pub(crate) struct DataLock {
    path: PathBuf,
    notice: Mutex<Option<BusyNotice>>,
}

impl std::fmt::Debug for DataLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataLock")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// The lock, held until dropped (closing the file releases it).
#[derive(Debug)]
pub(crate) struct DataLockGuard(#[allow(dead_code)] std::fs::File);

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> AppError + '_ {
    move |source| AppError::DataDir {
        path: path.display().to_string(),
        source,
    }
}

impl DataLock {
    pub(crate) fn new(data_dir: &Path) -> DataLock {
        DataLock {
            path: data_dir.join("cache.lock"),
            notice: Mutex::new(None),
        }
    }

    pub(crate) fn set_notice(&self, notice: BusyNotice) {
        if let Ok(mut n) = self.notice.lock() {
            *n = Some(notice);
        }
    }

    /// Opens the lock file anew (each holder has its own open file, so two desks of one
    /// process exclude each other too), readable by this user only.
    fn open(&self) -> Result<std::fs::File, AppError> {
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        options.open(&self.path).map_err(io_error(&self.path))
    }

    /// Takes the lock; when another program holds it, says so and waits. Dropping the
    /// future while it waits gives the lock up as soon as it comes.
    pub(crate) async fn acquire(&self) -> Result<DataLockGuard, AppError> {
        let file = self.open()?;
        match file.try_lock() {
            Ok(()) => return Ok(DataLockGuard(file)),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(io_error(&self.path)(e)),
        }
        tracing::info!("{BUSY_NOTICE}");
        let notice = self.notice.lock().ok().and_then(|n| n.clone());
        if let Some(notice) = notice {
            notice(BUSY_NOTICE);
        }
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || file.lock().map(|()| file))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map(DataLockGuard)
            .map_err(io_error(&path))
    }
}
