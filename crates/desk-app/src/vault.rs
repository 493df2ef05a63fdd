//! Where the district's token is kept between runs: the OS keyring (Secret Service on
//! Linux, Credential Manager on Windows, Keychain on macOS), never a file. Without a
//! keyring, the token lives in memory for this run only, and the officer is told so.
//! The cache's encryption key is kept the same way, under its own account.

use desk_store::CacheKey;
use desk_sync::Sensitive;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

/// The keyring service name the token is stored under.
pub const KEYRING_SERVICE: &str = "cn.gov.12345.liaison-desk";

/// A keyring failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    #[error("系统钥匙串不可用：{0}")]
    Unavailable(String),
    #[error("系统钥匙串操作失败：{0}")]
    Failed(String),
}

/// Keeps tokens by account (`<server URL> <username>`).
pub trait TokenVault: Send + Sync + std::fmt::Debug {
    /// Whether tokens survive this run.
    fn durable(&self) -> bool;
    fn load(&self, account: &str) -> Result<Option<Sensitive<String>>, VaultError>;
    fn save(&self, account: &str, token: &Sensitive<String>) -> Result<(), VaultError>;
    /// Removes the token; absent is fine.
    fn delete(&self, account: &str) -> Result<(), VaultError>;
}

/// The account a token is stored under.
pub fn account(server_url: &str, username: &str) -> String {
    format!(
        "{} {}",
        server_url.trim().trim_end_matches('/'),
        username.trim()
    )
}

/// The keyring account the cache key of `data_dir` is kept under, beside the tokens
/// (same service; a token's account is `<server URL> <username>`, so they never meet).
pub fn cache_key_account(data_dir: &Path) -> String {
    let dir = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    format!("cache-key {}", dir.display())
}

/// The cache key of `data_dir`, if one is kept.
pub fn load_cache_key(
    vault: &dyn TokenVault,
    data_dir: &Path,
) -> Result<Option<CacheKey>, VaultError> {
    match vault.load(&cache_key_account(data_dir))? {
        None => Ok(None),
        Some(hex) => CacheKey::from_hex(hex.expose())
            .map(Some)
            .ok_or_else(|| VaultError::Failed("本地缓存密钥格式不正确".into())),
    }
}

/// Keeps the cache key of `data_dir`.
pub fn save_cache_key(
    vault: &dyn TokenVault,
    data_dir: &Path,
    key: &CacheKey,
) -> Result<(), VaultError> {
    let hex = Sensitive::new(key.to_hex().as_str().to_owned());
    vault.save(&cache_key_account(data_dir), &hex)
}

/// Forgets the cache key of `data_dir` (sign-out with wipe); absent is fine.
pub fn delete_cache_key(vault: &dyn TokenVault, data_dir: &Path) -> Result<(), VaultError> {
    vault.delete(&cache_key_account(data_dir))
}

/// Tokens in memory, for this run only.
#[derive(Debug, Default)]
pub struct MemoryVault {
    tokens: Mutex<HashMap<String, Sensitive<String>>>,
}

impl TokenVault for MemoryVault {
    fn durable(&self) -> bool {
        false
    }

    fn load(&self, account: &str) -> Result<Option<Sensitive<String>>, VaultError> {
        Ok(self
            .tokens
            .lock()
            .map_err(|_| VaultError::Failed("内存令牌表损坏".into()))?
            .get(account)
            .cloned())
    }

    fn save(&self, account: &str, token: &Sensitive<String>) -> Result<(), VaultError> {
        self.tokens
            .lock()
            .map_err(|_| VaultError::Failed("内存令牌表损坏".into()))?
            .insert(account.to_owned(), token.clone());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), VaultError> {
        self.tokens
            .lock()
            .map_err(|_| VaultError::Failed("内存令牌表损坏".into()))?
            .remove(account);
        Ok(())
    }
}

#[cfg(feature = "keyring")]
pub use os::KeyringVault;

#[cfg(feature = "keyring")]
mod os {
    use super::{KEYRING_SERVICE, TokenVault, VaultError};
    use desk_sync::Sensitive;
    use keyring_core::{Entry, Error};

    /// The OS keyring through keyring-core's default store.
    #[derive(Debug)]
    pub struct KeyringVault(());

    fn failed(e: Error) -> VaultError {
        match e {
            Error::NoStorageAccess(_) | Error::PlatformFailure(_) => {
                VaultError::Unavailable(e.to_string())
            }
            other => VaultError::Failed(other.to_string()),
        }
    }

    impl KeyringVault {
        /// Connects to the platform's keyring and checks that it answers (a locked or
        /// missing Secret Service fails here, not at the first sign-in).
        pub fn open() -> Result<KeyringVault, VaultError> {
            #[cfg(target_os = "linux")]
            let store = zbus_secret_service_keyring_store::Store::new()
                .map_err(|e| VaultError::Unavailable(e.to_string()))?;
            #[cfg(target_os = "windows")]
            let store = windows_native_keyring_store::Store::new()
                .map_err(|e| VaultError::Unavailable(e.to_string()))?;
            #[cfg(target_os = "macos")]
            let store = apple_native_keyring_store::keychain::Store::new()
                .map_err(|e| VaultError::Unavailable(e.to_string()))?;
            keyring_core::set_default_store(store);
            let vault = KeyringVault(());
            // A probe read: answers "no entry" on a working keyring.
            vault.load("probe")?;
            Ok(vault)
        }
    }

    impl TokenVault for KeyringVault {
        fn durable(&self) -> bool {
            true
        }

        fn load(&self, account: &str) -> Result<Option<Sensitive<String>>, VaultError> {
            let entry = Entry::new(KEYRING_SERVICE, account).map_err(failed)?;
            match entry.get_password() {
                Ok(token) => Ok(Some(Sensitive::new(token))),
                Err(Error::NoEntry) => Ok(None),
                Err(e) => Err(failed(e)),
            }
        }

        fn save(&self, account: &str, token: &Sensitive<String>) -> Result<(), VaultError> {
            Entry::new(KEYRING_SERVICE, account)
                .and_then(|entry| entry.set_password(token.expose()))
                .map_err(failed)
        }

        fn delete(&self, account: &str) -> Result<(), VaultError> {
            let entry = Entry::new(KEYRING_SERVICE, account).map_err(failed)?;
            match entry.delete_credential() {
                Ok(()) | Err(Error::NoEntry) => Ok(()),
                Err(e) => Err(failed(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_vault_keeps_tokens_per_account_for_this_run() -> Result<(), VaultError> {
        let vault = MemoryVault::default();
        let a = account("https://12345.example/api/v1/", " liaison-a ");
        assert_eq!(a, "https://12345.example/api/v1 liaison-a");
        assert!(vault.load(&a)?.is_none());
        vault.save(&a, &Sensitive::new("t1".to_owned()))?;
        assert_eq!(
            vault.load(&a)?.map(|t| t.expose().clone()),
            Some("t1".into())
        );
        assert!(vault.load("other")?.is_none());
        vault.delete(&a)?;
        vault.delete(&a)?;
        assert!(vault.load(&a)?.is_none());
        assert!(!vault.durable());
        Ok(())
    }
}
