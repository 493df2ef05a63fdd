//! The district client and the sync pass.
//!
//! [`DistrictClient`] speaks contract v1 over HTTP (reqwest with rustls) and measures the
//! offset between the server's clock (`Date`) and the PC's. [`sync_pass`] pulls the
//! changes feed page by page into the local cache, committing each page with its cursor.
//! This crate decides nothing a user sees: it moves data and classifies failures as
//! transient or permanent; use cases and presentation live in `desk-app`.

mod calendar;
mod client;
mod error;
mod flush;
mod retry;
mod secret;
mod sync;

pub use calendar::{
    CalendarRefresh, MAX_YEARS_AHEAD, needed_years, refresh_calendars, years_to_fetch,
};
pub use client::{
    DecodedPage, DistrictClient, MAX_FEED_PAGE_BYTES, MAX_JSON_BYTES, MAX_PROBLEM_BYTES,
    Precondition, Timed,
};
pub use error::{ErrorClass, ForLog, SyncError};
pub use flush::{BLOCK_AFTER_FAILED_PASSES, FlushReport, flush_outbox, write_target};
pub use retry::RetryPolicy;
pub use secret::Sensitive;
pub use sync::{APPLY_BATCH, PassLimits, SyncReport, pull_feed, sync_pass};
