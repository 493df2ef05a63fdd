use crate::ipc::{ErrorCode, IpcError};
use desk_sync::{ErrorClass, SyncError};

/// Everything a use case can fail with. Crosses IPC as `{code, message}`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("尚未登录：请先登录区热线平台")]
    NotSignedIn,
    #[error("用户名或密码错误")]
    BadCredentials,
    #[error("尚未配置区热线平台地址")]
    NoServer,
    #[error("配置无效: {0}")]
    InvalidInput(String),
    #[error("搜索词「{0}」中没有文字或数字，无从搜索")]
    NothingToSearch(String),
    #[error("未找到工单 {0}")]
    TicketNotFound(String),
    #[error("{0}")]
    ReplyNotReady(String),
    #[error("工单中没有附件 {0}")]
    AttachmentNotFound(String),
    #[error("附件「{0}」尚未下载，当前无法连接区热线平台：联网后即可打开")]
    AttachmentOffline(String),
    #[error("无法打开附件: {0}")]
    OpenFailed(String),
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Store(#[from] desk_store::StoreError),
    #[error("无法创建数据目录 {path}: {source}")]
    DataDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("本地缓存密钥不可用（系统钥匙串）: {0}")]
    CacheKey(String),
    #[error("演示平台启动失败: {0}")]
    Demo(String),
    /// The system policy file is unusable (issue 17): the officer's IT must fix it.
    #[error("{0}")]
    Policy(String),
    /// An update could not be checked, downloaded, verified or installed.
    #[error("{0}")]
    Update(String),
    #[error("内部错误: {0}")]
    Internal(String),
    /// The assessment workbook could not be written (issue 16).
    #[error("无法写入 Excel 文件 {path}: {message}")]
    Export { path: String, message: String },
}

impl AppError {
    /// The closed code the UI and the CLI switch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::NotSignedIn | AppError::BadCredentials => ErrorCode::Unauthorized,
            AppError::NoServer
            | AppError::Policy(_)
            | AppError::InvalidInput(_)
            | AppError::ReplyNotReady(_)
            | AppError::NothingToSearch(_) => ErrorCode::InvalidInput,
            AppError::TicketNotFound(_) | AppError::AttachmentNotFound(_) => ErrorCode::NotFound,
            AppError::AttachmentOffline(_) => ErrorCode::Offline,
            AppError::Sync(e) => match e.class() {
                ErrorClass::Unauthorized => ErrorCode::Unauthorized,
                _ if e.is_unreachable() => ErrorCode::Offline,
                ErrorClass::Transient | ErrorClass::Permanent | ErrorClass::Resync => match e {
                    SyncError::Store(_) | SyncError::StorePoisoned => ErrorCode::Storage,
                    SyncError::BadBaseUrl(_)
                    | SyncError::BadCaBundle(_)
                    | SyncError::InsecureUrl(_) => ErrorCode::InvalidInput,
                    _ => ErrorCode::Server,
                },
            },
            AppError::Store(_)
            | AppError::DataDir { .. }
            | AppError::CacheKey(_)
            | AppError::Export { .. } => ErrorCode::Storage,
            AppError::Demo(_)
            | AppError::Internal(_)
            | AppError::OpenFailed(_)
            | AppError::Update(_) => ErrorCode::Internal,
        }
    }

    /// This error for the logs: the officer's screen gets the district's words, the log
    /// files get the kind and the status (see [`SyncError::for_log`]); messages holding
    /// text from the district or the officer (a file name, a search) give their kind only.
    pub fn for_log(&self) -> String {
        match self {
            AppError::Sync(e) => e.for_log().to_string(),
            AppError::Store(desk_store::StoreError::CorruptRow { id, .. }) => {
                format!("corrupt cached ticket {id}")
            }
            AppError::InvalidInput(_)
            | AppError::ReplyNotReady(_)
            | AppError::NothingToSearch(_)
            | AppError::AttachmentOffline(_)
            | AppError::OpenFailed(_)
            | AppError::Demo(_)
            | AppError::Internal(_)
            | AppError::Export { .. } => format!("{:?}", self.code()),
            other => other.to_string(),
        }
    }

    /// The IPC form.
    pub fn to_ipc(&self) -> IpcError {
        IpcError {
            code: self.code(),
            message: self.to_string(),
        }
    }
}

impl From<AppError> for IpcError {
    fn from(e: AppError) -> Self {
        e.to_ipc()
    }
}
