use crate::{DistrictClient, SyncError};
use chrono::Utc;
use desk_store::{Change, Store};
use district_api::{Decoded, FeedItem};
use std::sync::Mutex;

/// What one sync pass did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncReport {
    pub pages: u32,
    pub items: u32,
    /// Tickets inserted or updated in the cache.
    pub tickets_changed: u32,
    /// Tickets that left the unit.
    pub removed: u32,
    /// Items skipped: unknown types, unparseable items, and (until drafts and duty are
    /// cached) draft and duty items.
    pub skipped: u32,
    /// Items that were not newer than the cache.
    pub stale: u32,
}

fn lock(store: &Mutex<Store>) -> Result<std::sync::MutexGuard<'_, Store>, SyncError> {
    store.lock().map_err(|_| SyncError::StorePoisoned)
}

/// Pulls the unit's changes feed until `has_more` is false.
///
/// Each page is applied together with its cursor in one transaction, so a pass that is
/// interrupted (network, crash, kill) resumes where it stopped. The store lock is held
/// only while a page is written, never across a network wait.
pub async fn sync_pass(
    client: &DistrictClient,
    store: &Mutex<Store>,
    unit_id: &str,
    page_limit: u32,
) -> Result<SyncReport, SyncError> {
    lock(store)?.record_attempt(Utc::now().timestamp_millis())?;
    let result = pull(client, store, unit_id, page_limit).await;
    let guard = lock(store)?;
    match &result {
        Ok(_) => guard.record_success(Utc::now().timestamp_millis())?,
        Err(e) => guard.record_failure(&e.to_string())?,
    }
    result
}

async fn pull(
    client: &DistrictClient,
    store: &Mutex<Store>,
    unit_id: &str,
    page_limit: u32,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let mut cursor = lock(store)?.sync_state()?.cursor;
    loop {
        let page = client
            .changes(unit_id, cursor.as_deref(), page_limit)
            .await?;
        let (changes, skipped) = decode_page(&page.value.items);
        // A page without a next cursor leaves the position where it was.
        let next = page.value.next_cursor.clone().or(cursor.clone());
        {
            let mut guard = lock(store)?;
            if let Some(offset) = page.server_offset {
                guard.set_server_offset(offset.num_milliseconds())?;
            }
            let stats = guard.apply_page(unit_id, &changes, next.as_deref())?;
            report.tickets_changed += count(stats.upserted);
            report.removed += count(stats.removed);
            report.stale += count(stats.stale);
        }
        report.pages += 1;
        report.items += count(page.value.items.len());
        report.skipped += skipped;
        cursor = next;
        if !page.value.has_more {
            return Ok(report);
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Decodes a page's items; what cannot be used is logged and skipped, never fatal.
fn decode_page(items: &[serde_json::Value]) -> (Vec<Change>, u32) {
    let mut changes = Vec::with_capacity(items.len());
    let mut skipped = 0;
    for raw in items {
        match FeedItem::decode(raw) {
            Decoded::Item(FeedItem::Ticket { ticket }) => changes.push(Change::Ticket(ticket)),
            Decoded::Item(FeedItem::Removed {
                ticket_id,
                reason,
                at,
                version,
            }) => changes.push(Change::Removed {
                ticket_id,
                version,
                reason,
                at,
            }),
            Decoded::Item(FeedItem::Draft { .. } | FeedItem::Duty { .. }) => skipped += 1,
            Decoded::UnknownType(kind) => {
                tracing::info!(kind, "skipping feed item of unknown type");
                skipped += 1;
            }
            Decoded::Malformed(why) => {
                tracing::warn!(%why, "skipping malformed feed item");
                skipped += 1;
            }
        }
    }
    (changes, skipped)
}
