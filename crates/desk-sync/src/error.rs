use district_api::Problem;

/// Whether retrying can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// Network down, timeouts, 5xx, 429, a truncated body: try again later.
    Transient,
    /// The token is missing, expired or revoked: sign in again, then retry.
    Unauthorized,
    /// The request itself is wrong for this server (4xx): retrying changes nothing.
    Permanent,
    /// The feed cursor expired (410): start the feed again and reconcile.
    Resync,
}

/// A failure talking to the district or storing what it sent.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("区热线平台地址无效: {0}")]
    BadBaseUrl(String),
    #[error("CA 证书文件无效: {0}")]
    BadCaBundle(String),
    #[error("区热线平台地址必须以 https:// 开头（只有本机地址可以用 http）: {0}")]
    InsecureUrl(String),
    #[error(
        "区热线平台要求跳转到「{location}」（HTTP {status}），为安全起见未跟随：请填写平台的最终地址"
    )]
    Redirected { status: u16, location: String },
    #[error("无法连接区热线平台: {0}")]
    Network(#[source] reqwest::Error),
    #[error("区热线平台返回 {status}: {}", problem_text(.problem))]
    Http {
        status: u16,
        problem: Box<Problem>,
        retry_after: Option<std::time::Duration>,
    },
    #[error("区热线平台返回的数据无法解析 ({context}): {detail}")]
    Decode { context: String, detail: String },
    #[error("文件超过 {} MB，未下载", .limit / (1024 * 1024))]
    TooLarge { limit: u64 },
    #[error("区热线平台的应答过大（{context} 超过 {}），已停止读取", size_text(*.limit))]
    AnswerTooLarge { context: String, limit: u64 },
    #[error("变更游标已过期，需要重新同步")]
    CursorExpired,
    #[error(
        "区热线平台的变更列表连续 {pages} 页没有新内容，本次同步已结束；已收到的内容已保存，下次同步继续"
    )]
    NoProgress { pages: u32 },
    #[error(
        "本次同步已读取 {pages} 页、超过 {seconds} 秒仍未读完变更列表，已结束；已收到的内容已保存，下次同步继续"
    )]
    PassTooLong { pages: u32, seconds: u64 },
    #[error(transparent)]
    Store(#[from] desk_store::StoreError),
    #[error("本地缓存不可用（上一次写入时程序异常退出）")]
    StorePoisoned,
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{} KB", bytes / 1024)
    }
}

fn problem_text(p: &Problem) -> String {
    match (p.title.is_empty(), p.detail.is_empty()) {
        (false, false) => format!("{} — {}", p.title, p.detail),
        (false, true) => p.title.clone(),
        (true, false) => p.detail.clone(),
        (true, true) => "（无说明）".to_owned(),
    }
}

/// A [`SyncError`] as the logs show it: what kind of failure, the request and the HTTP
/// status; never the district's words (a problem document's title and detail, or a
/// parser's message quoting a value, may hold a citizen's name or phone number).
pub struct ForLog<'a>(&'a SyncError);

impl std::fmt::Display for ForLog<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            SyncError::Http {
                status,
                retry_after,
                ..
            } => {
                write!(f, "district answered HTTP {status}")?;
                if let Some(after) = retry_after {
                    write!(f, " (retry after {}s)", after.as_secs())?;
                }
                Ok(())
            }
            SyncError::Decode { context, .. } => {
                write!(f, "undecodable answer to {context}")
            }
            SyncError::Network(e) => {
                let what = if e.is_timeout() {
                    "timeout"
                } else if e.is_connect() {
                    "connect"
                } else if e.is_body() || e.is_decode() {
                    "body"
                } else {
                    "request"
                };
                write!(f, "network error ({what})")?;
                if let Some(url) = e.url() {
                    write!(f, " on {}", url.path())?;
                }
                Ok(())
            }
            SyncError::Store(desk_store::StoreError::CorruptRow { id, .. }) => {
                write!(f, "corrupt cached ticket {id}")
            }
            other => write!(f, "{other}"),
        }
    }
}

impl SyncError {
    /// This error for the logs (see [`ForLog`]).
    pub fn for_log(&self) -> ForLog<'_> {
        ForLog(self)
    }

    /// The one place that decides what is worth retrying.
    pub fn class(&self) -> ErrorClass {
        match self {
            SyncError::Network(_)
            | SyncError::Decode { .. }
            | SyncError::NoProgress { .. }
            | SyncError::PassTooLong { .. } => ErrorClass::Transient,
            SyncError::CursorExpired => ErrorClass::Resync,
            SyncError::Http { status, .. } => match status {
                401 => ErrorClass::Unauthorized,
                408 | 425 | 429 | 500..=599 => ErrorClass::Transient,
                _ => ErrorClass::Permanent,
            },
            SyncError::BadBaseUrl(_)
            | SyncError::BadCaBundle(_)
            | SyncError::InsecureUrl(_)
            | SyncError::Redirected { .. }
            | SyncError::StorePoisoned
            | SyncError::TooLarge { .. }
            | SyncError::AnswerTooLarge { .. } => ErrorClass::Permanent,
            // A full disk or a locked file can clear up; a corrupt row will not, but the
            // pass stops either way and the cache keeps what it had.
            SyncError::Store(_) => ErrorClass::Transient,
        }
    }

    /// Whether a sync pass was ended by one of its bounds (pages without progress, wall
    /// time): what arrived is kept and the next pass goes on from there.
    pub fn is_pass_bound(&self) -> bool {
        matches!(
            self,
            SyncError::NoProgress { .. } | SyncError::PassTooLong { .. }
        )
    }

    /// How long the server asked us to wait (429/503 `Retry-After`).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            SyncError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The HTTP status, when the district answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            SyncError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the district is out of reach for now: the network failed, or the platform
    /// answered with a server error (5xx) that outlasted the retries — for the officer
    /// both mean "offline": work is kept and sent when the district is back. A 4xx, a
    /// 429 or an undecodable answer means the platform is up and is not "offline".
    pub fn is_unreachable(&self) -> bool {
        match self {
            SyncError::Network(_) => true,
            SyncError::Http { status, .. } => (500..=599).contains(status),
            _ => false,
        }
    }
}
