//! What a failed command prints and the exit code it ends with.

use desk_app::AppError;
use desk_app::ipc::ErrorCode;

/// A failure with the exit code it maps to.
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        let code = match e.code() {
            // A pass ended by its bounds: like an unreachable district, try again later.
            _ if matches!(&e, AppError::Sync(s) if s.is_pass_bound()) => 3,
            ErrorCode::InvalidInput | ErrorCode::Unauthorized => 2,
            ErrorCode::Offline => 3,
            ErrorCode::Server | ErrorCode::NotFound => 4,
            ErrorCode::Storage | ErrorCode::Internal => 1,
        };
        let message = match e.code() {
            ErrorCode::Offline => format!("{e}\n本地缓存未受影响。"),
            _ => e.to_string(),
        };
        Failure { code, message }
    }
}

/// A usage or configuration error (exit 2).
pub fn usage(message: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: message.into(),
    }
}

/// Something was rejected or conflicted (exit 4).
pub fn refused(message: impl Into<String>) -> Failure {
    Failure {
        code: 4,
        message: message.into(),
    }
}
