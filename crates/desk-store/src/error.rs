/// What can go wrong with the local cache.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("无法打开本地缓存 {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("本地缓存升级失败: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("本地缓存读写失败: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("本地缓存中的工单数据已损坏 ({id}): {source}")]
    CorruptRow {
        id: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("无法保存工单数据: {0}")]
    Encode(#[source] serde_json::Error),
    #[error("本地缓存 {path} 已加密，但系统钥匙串中没有它的密钥：无法读取")]
    KeyMissing { path: String },
    #[error("本地缓存 {path} 的密钥不正确（或文件已损坏）：无法读取")]
    WrongKey { path: String },
    #[error("本地缓存加密转换失败: {0}")]
    Conversion(String),
    #[error("无法读写 {path}: {source}")]
    File {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("无法生成密钥: {0}")]
    Random(String),
}

impl StoreError {
    /// Whether the disk is full (SQLITE_FULL): the write was rolled back, nothing is lost,
    /// and retrying after freeing space will work.
    pub fn is_disk_full(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DiskFull
        )
    }
}
