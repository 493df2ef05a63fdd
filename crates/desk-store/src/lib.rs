//! The liaison desk's local cache: SQLite (WAL, `STRICT` tables; SQLCipher-encrypted with
//! a key from the keyring) behind typed methods.
//!
//! Everything the app shows is read from here, so it works offline. Migrations are
//! append-only (`src/migrations/NNN_*.sql`, guarded by `PRAGMA user_version`). This
//! crate stores what it is given: it makes no network calls, decides no sync policy,
//! and reads the clock only through values passed in.

mod alert_checks;
mod alerts;
mod assessment;
mod attachments;
mod calendar;
mod db;
mod drafts;
mod encryption;
mod error;
mod outbox;
pub mod search;
mod server_state;
#[cfg(test)]
mod sync_cost_tests;
mod sync_state;
mod tabs;
mod tickets;

pub use alert_checks::{AlertRoundMark, AlertScope};
pub use alerts::AlertLogEntry;
pub use assessment::{MedianKind, value_bucket};
pub use attachments::AttachmentFile;
pub use calendar::CachedCalendarYear;
pub use db::{AuditEntry, Store};
pub use drafts::{DraftVersion, LocalDraft, MAX_VERSIONS, VersionSource};
pub use encryption::{CacheFile, CacheKey, ConversionStop, cache_file_kind, encrypt_in_place};
pub use error::StoreError;
pub use outbox::{NewWrite, OutboxCounts, OutboxKind, OutboxRow, OutboxState};
pub use sync_state::SyncState;
pub use tabs::{COUNT_CAP, ListFilter, SearchCounts, SearchLimits, TabClock};
pub use tickets::{ApplyStats, Change};
