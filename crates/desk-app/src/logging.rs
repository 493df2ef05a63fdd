//! The app's logs: to standard error and to daily files in `<data dir>/logs` (a week is
//! kept), so an officer can send them to support. What is logged never holds a token, a
//! password or a citizen's unmasked data: secrets are `Sensitive` (redacted in `Debug`),
//! and use cases log ticket numbers, never names, phones or content. A test runs a full
//! sync, a sign-in, a phone reveal and attachment downloads at debug level and scans the
//! files for all of them.

use std::path::Path;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// Log files kept (one per day).
pub const KEEP_DAYS: usize = 7;

/// Keeps the file writer running; logs written before it drops are flushed.
#[must_use = "logs stop being written when the guard drops"]
pub struct LogGuard(#[allow(dead_code)] tracing_appender::non_blocking::WorkerGuard);

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
    std::fs::create_dir_all(logs_dir).map_err(|e| dir_error(e.to_string()))?;
    let files = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("liaison-desk")
        .filename_suffix("log")
        .max_log_files(KEEP_DAYS)
        .build(logs_dir)
        .map_err(|e| dir_error(e.to_string()))?;
    let (writer, guard) = tracing_appender::non_blocking(files);
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
    Ok(LogGuard(guard))
}
