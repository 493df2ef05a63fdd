//! Encryption at rest (issue 15): the cache is a SQLCipher database keyed with a random
//! 256-bit key that the app keeps in the OS keyring. A raw key (`x'…'`) skips SQLCipher's
//! key derivation, so opening costs nothing extra. Without a key the file is plain
//! SQLite (no keyring on the PC; the simulator; tests).
//!
//! An unencrypted cache from an earlier version is converted in place by
//! [`Store::open_encrypted`]: exported into a new encrypted file beside it, which is
//! synced and then renamed over the old one. A kill at any point leaves the old file or
//! the new one, never neither; a half-written export is removed at the next open.

use crate::{Store, StoreError};
use rusqlite::{Connection, ErrorCode};
use std::io::Read;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The cache's 256-bit key. Redacted in `Debug`, not serializable, zeroed when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct CacheKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CacheKey(<redacted>)")
    }
}

impl CacheKey {
    /// A new random key from the operating system's CSPRNG.
    pub fn generate() -> Result<CacheKey, StoreError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(&mut *bytes).map_err(|e| StoreError::Random(e.to_string()))?;
        Ok(CacheKey(bytes))
    }

    /// The key from its 64 hex digits (as kept in the keyring); `None` if malformed.
    pub fn from_hex(hex: &str) -> Option<CacheKey> {
        let hex = hex.trim().as_bytes();
        if hex.len() != 64 {
            return None;
        }
        let mut bytes = Zeroizing::new([0u8; 32]);
        for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
            let text = std::str::from_utf8(pair).ok()?;
            *byte = u8::from_str_radix(text, 16).ok()?;
        }
        Some(CacheKey(bytes))
    }

    /// The key as 64 lower-case hex digits (to keep it in the keyring).
    pub fn to_hex(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(64));
        for b in self.0.iter() {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }

    /// The raw key bytes (file encryption).
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// SQLCipher's raw-key form: `x'<64 hex>'`.
    fn sql_key(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", self.to_hex().as_str()))
    }
}

/// What a cache file on disk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheFile {
    /// No file, or an empty one.
    Missing,
    /// A plain SQLite file (an earlier version's, or kept without a keyring).
    Plain,
    /// Anything else: a SQLCipher file (its first bytes are a random salt).
    Encrypted,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Tells a plain SQLite file from an encrypted one by its header.
pub fn cache_file_kind(path: &Path) -> Result<CacheFile, StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(CacheFile::Missing),
        Err(e) => return Err(io(path, e)),
    };
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(io(path, e)),
        }
    }
    Ok(match read {
        0 => CacheFile::Missing,
        _ if &header == SQLITE_HEADER => CacheFile::Plain,
        _ => CacheFile::Encrypted,
    })
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::File {
        path: path.display().to_string(),
        source,
    }
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The new encrypted file while a conversion writes it.
pub(crate) fn conversion_temp(path: &Path) -> PathBuf {
    with_suffix(path, ".encrypting")
}

fn remove_if_present(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(path, e)),
    }
}

fn sync_dir(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Where a conversion stops when a test simulates a kill.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversionStop {
    /// The export is half written (the new file is garbage).
    DuringExport,
    /// The new file is complete and synced, not yet renamed.
    BeforeRename,
    /// Renamed over the old file; the old `-wal`/`-shm` not yet removed.
    BeforeCleanup,
}

/// Turns a plain cache at `path` into an encrypted one, in place. Returns whether a
/// conversion happened. A leftover of a killed conversion is removed first.
#[doc(hidden)]
pub fn encrypt_in_place(
    path: &Path,
    key: &CacheKey,
    stop: Option<ConversionStop>,
) -> Result<bool, StoreError> {
    let temp = conversion_temp(path);
    remove_if_present(&temp)?;
    remove_if_present(&with_suffix(&temp, "-journal"))?;
    if cache_file_kind(path)? != CacheFile::Plain {
        return Ok(false);
    }
    let open_err = |source| StoreError::Open {
        path: path.display().to_string(),
        source,
    };
    let conn = Connection::open(path).map_err(open_err)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Leaving WAL mode folds the WAL into the file and removes it: the old file is
    // whole on its own, and no old WAL can be replayed over the new file later.
    let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::Conversion(format!(
            "the cache stays in journal mode {mode}"
        )));
    }
    if stop == Some(ConversionStop::DuringExport) {
        std::fs::write(&temp, b"half an export").map_err(|e| io(&temp, e))?;
        return Ok(false);
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    conn.execute(
        "ATTACH DATABASE ?1 AS encrypted KEY ?2",
        rusqlite::params![temp.display().to_string(), key.sql_key().as_str()],
    )?;
    conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))?;
    conn.execute_batch("DETACH DATABASE encrypted")?;
    drop(conn);
    std::fs::File::open(&temp)
        .and_then(|f| f.sync_all())
        .map_err(|e| io(&temp, e))?;
    if stop == Some(ConversionStop::BeforeRename) {
        return Ok(false);
    }
    std::fs::rename(&temp, path).map_err(|e| io(path, e))?;
    sync_dir(path)?;
    if stop == Some(ConversionStop::BeforeCleanup) {
        return Ok(true);
    }
    remove_if_present(&with_suffix(path, "-wal"))?;
    remove_if_present(&with_suffix(path, "-shm"))?;
    Ok(true)
}

/// Sets the key (or none) and checks that the file can be read with it.
pub(crate) fn unlock(
    conn: Connection,
    path: &Path,
    key: Option<&CacheKey>,
) -> Result<Connection, StoreError> {
    // SQLCipher logs a failed key check to stderr itself; the typed error says it.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    if let Some(key) = key {
        conn.pragma_update(None, "key", key.sql_key().as_str())?;
    }
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => {
            let path = path.display().to_string();
            Err(match key {
                Some(_) => StoreError::WrongKey { path },
                None => StoreError::KeyMissing { path },
            })
        }
        Err(e) => Err(StoreError::Open {
            path: path.display().to_string(),
            source: e,
        }),
    }
}

impl Store {
    /// Opens (creating if needed) the encrypted cache at `path` with `key`. A plain cache
    /// there (an earlier version's) is converted in place first. A file encrypted with
    /// another key fails with [`StoreError::WrongKey`].
    pub fn open_encrypted(path: &Path, key: &CacheKey) -> Result<Store, StoreError> {
        if encrypt_in_place(path, key, None)? {
            tracing::info!("the local cache was converted to an encrypted one");
        }
        Self::open_with_key(path, Some(key))
    }

    /// Whether this connection's file is encrypted (SQLCipher with a key set).
    pub fn is_encrypted(&self) -> bool {
        self.conn
            .query_row("PRAGMA cipher_version", [], |r| r.get::<_, String>(0))
            .is_ok()
            && self
                .conn
                .path()
                .map(Path::new)
                .is_some_and(|p| matches!(cache_file_kind(p), Ok(CacheFile::Encrypted)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_round_trip_through_hex_without_showing() -> Result<(), StoreError> {
        let a = CacheKey::generate()?;
        let b = CacheKey::generate()?;
        assert_ne!(a, b);
        let hex = a.to_hex();
        assert_eq!(hex.len(), 64);
        assert_eq!(CacheKey::from_hex(&hex), Some(a.clone()));
        assert_eq!(CacheKey::from_hex("zz"), None);
        assert_eq!(CacheKey::from_hex(&"g".repeat(64)), None);
        assert!(!format!("{a:?}").contains(hex.as_str()));
        Ok(())
    }
}
