//! The app's logs: to standard error and to daily files in `<data dir>/logs` (a week is
//! kept), so an officer can send them to support. What is logged never holds a token, a
//! password or a citizen's unmasked data: secrets are `Sensitive` (redacted in `Debug`),
//! and use cases log ticket numbers, never names, phones or content. A test runs a full
//! sync, a sign-in, a phone reveal and attachment downloads at debug level and scans the
//! files for all of them.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use tracing_appender::non_blocking::{NonBlocking, WorkerGuard};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::writer::OptionalWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// Log files kept (one per day).
pub const KEEP_DAYS: usize = 7;

/// Keeps the file writer running; logs written before it drops are flushed.
#[must_use = "logs stop being written when the guard drops"]
pub struct LogGuard(#[allow(dead_code)] Arc<Files>);

/// The log files of this process: the writer thread and whether lines still go to it.
struct Files {
    dir: PathBuf,
    on: Arc<AtomicBool>,
    worker: Mutex<Option<WorkerGuard>>,
}

/// The files `init` set up, for [`close_files`] (the guard itself lives in the app).
static FILES: Mutex<Weak<Files>> = Mutex::new(Weak::new());

/// The file layer's writer: the files while they are open, nothing once closed.
struct Switched {
    on: Arc<AtomicBool>,
    inner: NonBlocking,
}

impl<'a> MakeWriter<'a> for Switched {
    type Writer = OptionalWriter<NonBlocking>;

    fn make_writer(&'a self) -> Self::Writer {
        if self.on.load(Ordering::Acquire) {
            OptionalWriter::some(self.inner.clone())
        } else {
            OptionalWriter::none()
        }
    }
}

/// The folder this process writes its log files to; `None` when it writes none (no
/// [`init`], or the files were closed).
pub fn files_dir() -> Option<PathBuf> {
    let files = FILES
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .upgrade()?;
    files.on.load(Ordering::Acquire).then(|| files.dir.clone())
}

/// Stops writing log files for the rest of this run (standard error goes on): what was
/// logged is flushed and the files are closed. Returns the folder they are in, so a
/// wipe can remove it; `None` when this process writes no log files.
pub fn close_files() -> Option<PathBuf> {
    let files = FILES
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .upgrade()?;
    files.on.store(false, Ordering::Release);
    // Dropping the worker's guard flushes and ends the writer thread, which closes the
    // file (Windows cannot remove an open file).
    drop(
        files
            .worker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take(),
    );
    Some(files.dir.clone())
}

/// Why the log files could not be set up (the app then logs to stderr only).
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("无法创建或写入日志目录 {path}: {reason}")]
    Dir { path: String, reason: String },
    #[error("日志已初始化: {0}")]
    AlreadySet(String),
}

/// Installs the process-wide logger: `LIAISON_LOG` (e.g. `debug`) or `default_filter`.
/// Fails if the directory cannot be made or a logger is already installed.
pub fn init(logs_dir: &Path, default_filter: &str) -> Result<LogGuard, LogError> {
    let dir_error = |reason: String| LogError::Dir {
        path: logs_dir.display().to_string(),
        reason,
    };
    // Private from the start: the folder 0700 and, through the umask, the files 0600.
    crate::private::restrict_umask();
    crate::desk::create_private_dir(logs_dir).map_err(|e| dir_error(e.to_string()))?;
    let files = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("liaison-desk")
        .filename_suffix("log")
        .max_log_files(KEEP_DAYS)
        .build(logs_dir)
        .map_err(|e| dir_error(e.to_string()))?;
    let (writer, guard) = tracing_appender::non_blocking(files);
    let on = Arc::new(AtomicBool::new(true));
    let writer = Switched {
        on: Arc::clone(&on),
        inner: writer,
    };
    let filter = || {
        EnvFilter::try_from_env("LIAISON_LOG").unwrap_or_else(|_| EnvFilter::new(default_filter))
    };
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(filter()),
        )
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(filter()),
        )
        .try_init()
        .map_err(|e| LogError::AlreadySet(e.to_string()))?;
    let files = Arc::new(Files {
        dir: logs_dir.to_owned(),
        on,
        worker: Mutex::new(Some(guard)),
    });
    *FILES.lock().unwrap_or_else(PoisonError::into_inner) = Arc::downgrade(&files);
    Ok(LogGuard(files))
}
