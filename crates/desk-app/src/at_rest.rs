//! Encryption at rest (issue 15). The cache is a SQLCipher file keyed with a random
//! 256-bit key kept in the OS keyring beside the token; downloaded attachments are
//! sealed with the same key (XChaCha20-Poly1305 in the STREAM construction, 64 KiB
//! chunks, one random nonce per file stored in its header). Opening an attachment
//! decrypts it into `<data dir>/opened/` (0700 directories, 0600 files), which is emptied
//! when the desk closes and again at the next start.
//!
//! Without a keyring (or in demo mode) nothing is encrypted, and the officer is told so.

use crate::vault::{self, TokenVault};
use crate::{AppError, Desk};
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use desk_store::{CacheFile, CacheKey, Store, StoreError, cache_file_kind};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The first bytes of a sealed attachment file.
const MAGIC: &[u8; 8] = b"LDSEAL01";
/// STREAM's nonce prefix for XChaCha20 (24 bytes less the 5 of counter and last flag).
const NONCE_LEN: usize = 19;
/// Plaintext bytes per chunk; each sealed chunk is 16 bytes longer (its tag).
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
/// Set once every attachment of an earlier version was sealed.
const SETTING_ATTACHMENTS_SEALED: &str = "attachments_sealed";

/// The cache file in a data directory.
pub(crate) fn cache_path(data_dir: &Path) -> PathBuf {
    data_dir.join("cache.db")
}

/// Where opened attachments are decrypted to.
pub(crate) fn opened_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("opened")
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> AppError + '_ {
    move |source| AppError::DataDir {
        path: path.display().to_string(),
        source,
    }
}

fn remove_dir_if_present(dir: &Path) -> Result<(), AppError> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_error(dir)(e)),
    }
}

/// Creates `dir` and its missing parents below `data_dir` readable by this user only.
fn private_dir(dir: &Path) -> Result<(), AppError> {
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(io_error(dir))?;
    }
    Ok(())
}

/// A new file for this user only (0600), replacing one that is there.
fn private_file(path: &Path) -> Result<std::fs::File, AppError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(io_error(path))
}

/// Opens the cache of `data_dir`: encrypted with the key kept in `vault` (made now at
/// the first start, converting an earlier version's plain cache and attachments), or
/// plain when there is no durable keyring. Also empties the opened-attachments folder.
pub(crate) fn open_cache(
    data_dir: &Path,
    vault: &dyn TokenVault,
) -> Result<(Store, Option<Arc<CacheKey>>), AppError> {
    remove_dir_if_present(&opened_dir(data_dir))?;
    let db = cache_path(data_dir);
    if !vault.durable() {
        tracing::warn!("no OS keyring: the local cache is not encrypted");
        return Ok((Store::open(&db)?, None));
    }
    let key = match vault::load_cache_key(vault, data_dir) {
        Ok(Some(key)) => key,
        Ok(None) => {
            if cache_file_kind(&db)? == CacheFile::Encrypted {
                return Err(StoreError::KeyMissing {
                    path: db.display().to_string(),
                }
                .into());
            }
            let key = CacheKey::generate()?;
            vault::save_cache_key(vault, data_dir, &key)
                .map_err(|e| AppError::CacheKey(e.to_string()))?;
            tracing::info!("a new cache key is kept in the OS keyring");
            key
        }
        Err(e) => {
            if cache_file_kind(&db)? == CacheFile::Encrypted {
                return Err(AppError::CacheKey(e.to_string()));
            }
            tracing::warn!(error = %e, "the cache key could not be read: the cache stays unencrypted for now");
            return Ok((Store::open(&db)?, None));
        }
    };
    let store = Store::open_encrypted(&db, &key)?;
    if store.setting(SETTING_ATTACHMENTS_SEALED)?.is_none() {
        let sealed = seal_plain_attachments(&data_dir.join("attachments"), &key)?;
        if sealed > 0 {
            tracing::info!(files = sealed, "downloaded attachments were encrypted");
        }
        store.set_setting(SETTING_ATTACHMENTS_SEALED, "1")?;
    }
    Ok((store, Some(Arc::new(key))))
}

/// Seals every plain file under `dir` in place (written aside, synced, renamed over);
/// removes what a killed run left half written. Returns how many were sealed.
fn seal_plain_attachments(dir: &Path, key: &CacheKey) -> Result<usize, AppError> {
    let mut sealed = 0;
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io_error(dir)(e)),
    };
    for entry in entries {
        let path = entry.map_err(io_error(dir))?.path();
        if path.is_dir() {
            sealed += seal_plain_attachments(&path, key)?;
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.ends_with(".sealing") || name == ".download.part" {
            std::fs::remove_file(&path).map_err(io_error(&path))?;
            continue;
        }
        if is_sealed(&path)? {
            continue;
        }
        let temp = path.with_file_name(format!(".{name}.sealing"));
        let plain = std::fs::File::open(&path).map_err(io_error(&path))?;
        seal_to(plain, &temp, key)?;
        std::fs::rename(&temp, &path).map_err(io_error(&path))?;
        sealed += 1;
    }
    Ok(sealed)
}

/// Whether `path` starts like a sealed file.
pub(crate) fn is_sealed(path: &Path) -> Result<bool, AppError> {
    let mut head = [0u8; MAGIC.len()];
    let mut file = std::fs::File::open(path).map_err(io_error(path))?;
    let read = fill(&mut file, &mut head).map_err(io_error(path))?;
    Ok(read == MAGIC.len() && &head == MAGIC)
}

/// Reads until `buf` is full or the input ends; returns how many bytes were read.
fn fill(input: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut read = 0;
    while read < buf.len() {
        match input.read(&mut buf[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(read)
}

fn cipher(key: &CacheKey) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.bytes().into())
}

fn sealing_failed(path: &Path) -> AppError {
    AppError::OpenFailed(format!("附件加密失败：{}", path.display()))
}

/// Writes `plain` sealed with `key` to `dest` (0600), synced. Every chunk but the last
/// is full, so the last (possibly empty) one marks the end and a cut file fails.
pub(crate) fn seal_to(mut plain: impl Read, dest: &Path, key: &CacheKey) -> Result<(), AppError> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut nonce).map_err(|e| AppError::CacheKey(e.to_string()))?;
    let mut out = std::io::BufWriter::new(private_file(dest)?);
    out.write_all(MAGIC).map_err(io_error(dest))?;
    out.write_all(&nonce).map_err(io_error(dest))?;
    let mut encryptor = EncryptorBE32::from_aead(cipher(key), (&nonce).into());
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = fill(&mut plain, &mut buf).map_err(io_error(dest))?;
        if n == CHUNK {
            let sealed = encryptor
                .encrypt_next(&buf[..])
                .map_err(|_| sealing_failed(dest))?;
            out.write_all(&sealed).map_err(io_error(dest))?;
        } else {
            let sealed = encryptor
                .encrypt_last(&buf[..n])
                .map_err(|_| sealing_failed(dest))?;
            out.write_all(&sealed).map_err(io_error(dest))?;
            break;
        }
    }
    let file = out
        .into_inner()
        .map_err(|e| io_error(dest)(e.into_error()))?;
    file.sync_all().map_err(io_error(dest))?;
    Ok(())
}

/// Decrypts the sealed file `src` into `dest` (0600). A file that was changed, cut or
/// sealed with another key fails, and nothing is left at `dest`.
pub(crate) fn unseal_to(src: &Path, dest: &Path, key: &CacheKey) -> Result<(), AppError> {
    let result = unseal_inner(src, dest, key);
    if result.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    result
}

fn unseal_inner(src: &Path, dest: &Path, key: &CacheKey) -> Result<(), AppError> {
    let damaged = || AppError::OpenFailed(format!("附件文件已损坏或密钥不符：{}", src.display()));
    let mut input = std::io::BufReader::new(std::fs::File::open(src).map_err(io_error(src))?);
    let mut head = [0u8; MAGIC.len() + NONCE_LEN];
    if fill(&mut input, &mut head).map_err(io_error(src))? != head.len()
        || &head[..MAGIC.len()] != MAGIC
    {
        return Err(damaged());
    }
    let mut nonce = [0u8; NONCE_LEN];
    nonce.copy_from_slice(&head[MAGIC.len()..]);
    let mut decryptor = DecryptorBE32::from_aead(cipher(key), (&nonce).into());
    let mut out = std::io::BufWriter::new(private_file(dest)?);
    let mut buf = vec![0u8; CHUNK + TAG];
    loop {
        let n = fill(&mut input, &mut buf).map_err(io_error(src))?;
        if n == buf.len() {
            let plain = decryptor.decrypt_next(&buf[..]).map_err(|_| damaged())?;
            out.write_all(&plain).map_err(io_error(dest))?;
        } else {
            let plain = decryptor.decrypt_last(&buf[..n]).map_err(|_| damaged())?;
            out.write_all(&plain).map_err(io_error(dest))?;
            break;
        }
    }
    out.flush().map_err(io_error(dest))?;
    Ok(())
}

impl Desk {
    /// The cache key, when the cache is encrypted.
    pub(crate) fn cache_key(&self) -> Option<Arc<CacheKey>> {
        self.cache_key_slot().lock().ok().and_then(|k| k.clone())
    }

    /// Whether the cache and the attachments are encrypted at rest.
    pub fn encrypted_at_rest(&self) -> bool {
        self.cache_key().is_some()
    }

    /// Writes a downloaded attachment to `path`: sealed when the cache is encrypted.
    pub(crate) fn write_attachment(&self, path: &Path, bytes: &[u8]) -> Result<(), AppError> {
        match self.cache_key() {
            Some(key) => seal_to(bytes, path, &key),
            None => std::fs::write(path, bytes).map_err(io_error(path)),
        }
    }

    /// The file to hand to the system viewer for the kept attachment at `kept`: itself
    /// when the cache is not encrypted, else a decrypted copy named `name` in the
    /// private opened-attachments folder (emptied when the desk closes).
    pub(crate) fn openable_attachment(
        &self,
        kept: &Path,
        dir_name: &str,
        name: &str,
    ) -> Result<PathBuf, AppError> {
        let Some(key) = self.cache_key() else {
            return Ok(kept.to_path_buf());
        };
        let opened = opened_dir(self.data_dir());
        private_dir(&opened)?;
        let dir = opened.join(dir_name);
        private_dir(&dir)?;
        let dest = dir.join(name);
        unseal_to(kept, &dest, &key)?;
        Ok(dest)
    }

    /// Removes the decrypted copies of opened attachments (when the app quits).
    pub fn remove_opened_attachments(&self) {
        if let Err(e) = remove_dir_if_present(&opened_dir(self.data_dir())) {
            tracing::warn!(error = %e, "opened attachments could not be removed");
        }
    }

    /// After a wipe: the key leaves the keyring (any copy of the old file stays
    /// unreadable) and the cache starts again as a new file under a new key.
    pub(crate) fn renew_cache_key(&self) -> Result<(), AppError> {
        self.remove_opened_attachments();
        let mut slot = self
            .cache_key_slot()
            .lock()
            .map_err(|_| AppError::Internal("缓存密钥锁已损坏".into()))?;
        if slot.is_none() {
            return Ok(());
        }
        let data_dir = self.data_dir();
        let db = cache_path(data_dir);
        let mut store = self.store()?;
        // The old file is closed and removed before its key: never a file without key.
        *store = Store::open_in_memory()?;
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", db.display()));
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&file)(e)),
            }
        }
        vault::delete_cache_key(self.vault(), data_dir)
            .map_err(|e| AppError::CacheKey(format!("密钥未能从系统钥匙串删除：{e}")))?;
        *slot = None;
        let key = CacheKey::generate()?;
        match vault::save_cache_key(self.vault(), data_dir, &key) {
            Ok(()) => {
                *store = Store::open_encrypted(&db, &key)?;
                *slot = Some(Arc::new(key));
            }
            Err(e) => {
                tracing::warn!(error = %e, "no new cache key: the new cache is not encrypted");
                *store = Store::open(&db)?;
            }
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600))
                .map_err(io_error(&db))?;
        }
        Ok(())
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        self.remove_opened_attachments();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed_round_trip(len: usize) -> Result<(), AppError> {
        let dir = tempfile::tempdir().map_err(io_error(Path::new("tmp")))?;
        let key = CacheKey::generate()?;
        let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let sealed = dir.path().join("sealed");
        seal_to(&plain[..], &sealed, &key)?;
        assert!(is_sealed(&sealed)?);
        let bytes = std::fs::read(&sealed).map_err(io_error(&sealed))?;
        assert_eq!(
            bytes.len(),
            MAGIC.len() + NONCE_LEN + len + (len / CHUNK + 1) * TAG,
            "{len}"
        );
        let out = dir.path().join("out");
        unseal_to(&sealed, &out, &key)?;
        assert_eq!(std::fs::read(&out).map_err(io_error(&out))?, plain, "{len}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out)
                .map_err(io_error(&out))?
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }

        // Another key, a flipped bit, a cut at a chunk boundary: refused, nothing left.
        let other = CacheKey::generate()?;
        assert!(unseal_to(&sealed, &out, &other).is_err());
        assert!(!out.exists());
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        std::fs::write(&sealed, &flipped).map_err(io_error(&sealed))?;
        assert!(unseal_to(&sealed, &out, &key).is_err());
        if len >= CHUNK {
            let cut = &bytes[..MAGIC.len() + NONCE_LEN + CHUNK + TAG];
            std::fs::write(&sealed, cut).map_err(io_error(&sealed))?;
            assert!(unseal_to(&sealed, &out, &key).is_err(), "{len}: cut");
        }
        Ok(())
    }

    #[test]
    fn sealed_files_round_trip_and_refuse_tampering() -> Result<(), AppError> {
        for len in [0, 1, 1000, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17] {
            sealed_round_trip(len)?;
        }
        Ok(())
    }

    #[test]
    fn two_seals_of_one_file_differ_by_their_nonce() -> Result<(), AppError> {
        let dir = tempfile::tempdir().map_err(io_error(Path::new("tmp")))?;
        let key = CacheKey::generate()?;
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        seal_to(&b"same text"[..], &a, &key)?;
        seal_to(&b"same text"[..], &b, &key)?;
        assert_ne!(
            std::fs::read(&a).map_err(io_error(&a))?,
            std::fs::read(&b).map_err(io_error(&b))?
        );
        Ok(())
    }
}
