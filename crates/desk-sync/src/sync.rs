use crate::{DistrictClient, ErrorClass, FlushReport, RetryPolicy, SyncError, flush_outbox};
use chrono::Utc;
use desk_store::{Change, Store};
use district_api::{Decoded, FeedItem};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::time::Duration;

/// 410s within one pass after which it gives up for now.
const MAX_RESTARTS: u32 = 2;

/// How far one pass reads the feed before it ends for now. Ending keeps everything that
/// arrived (with its cursor): the next pass goes on from there, and meanwhile the sync
/// lock is free again (the outbox goes out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassLimits {
    /// Consecutive pages with `has_more: true` that bring nothing new: empty, or the same
    /// items as a page already read in this pass (a district stuck on one page).
    pub unproductive_pages: u32,
    /// Wall time of the feed part of a pass (checked between pages).
    pub max_duration: Duration,
}

impl Default for PassLimits {
    fn default() -> Self {
        PassLimits {
            unproductive_pages: 20,
            // A first sync of 1M tickets takes about 9 minutes on loopback; a real unit
            // has thousands. A longer catch-up simply continues at the next pass.
            max_duration: Duration::from_secs(20 * 60),
        }
    }
}

/// What one sync pass did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncReport {
    pub pages: u32,
    pub items: u32,
    /// Tickets inserted or updated in the cache.
    pub tickets_changed: u32,
    /// Tickets that left the unit (removed items, or reconciliation after a fresh feed).
    pub removed: u32,
    /// Items skipped: unknown types and unparseable items.
    pub skipped: u32,
    /// Items that were not newer than the cache.
    pub stale: u32,
    /// Times the feed was started again because the cursor expired (410).
    pub restarts: u32,
    pub flush: FlushReport,
}

fn lock(store: &Mutex<Store>) -> Result<std::sync::MutexGuard<'_, Store>, SyncError> {
    store.lock().map_err(|_| SyncError::StorePoisoned)
}

/// One sync: flush the outbox, then pull the unit's changes feed until `has_more` is
/// false.
///
/// Pages are applied together with the cursor that follows them in one transaction (up
/// to [`APPLY_BATCH`] items per transaction while the feed has more), so a pass that is
/// interrupted (network, crash, kill, a dropped future) resumes where it stopped. The
/// store lock is held only while pages are written, never across a network wait.
pub async fn sync_pass(
    client: &DistrictClient,
    store: &Mutex<Store>,
    unit_id: &str,
    page_limit: u32,
    policy: &RetryPolicy,
) -> Result<SyncReport, SyncError> {
    lock(store)?.record_attempt(Utc::now().timestamp_millis())?;
    let result: Result<SyncReport, SyncError> = async {
        let flush = flush_outbox(client, store, unit_id, policy).await?;
        let limits = PassLimits::default();
        let mut report = pull_feed(client, store, unit_id, page_limit, policy, &limits).await?;
        report.flush = flush;
        Ok(report)
    }
    .await;
    let guard = lock(store)?;
    match &result {
        Ok(_) => guard.record_success(Utc::now().timestamp_millis())?,
        Err(e) => guard.record_failure(&e.to_string())?,
    }
    result
}

/// Feed items written per transaction while a pass catches up (several pages when the
/// feed has more): a cache write costs mostly per transaction (the search index's new
/// segment, the WAL), so a first sync of many tickets commits in batches, not per page.
/// Whatever the batch, its last page's cursor is committed with it.
pub const APPLY_BATCH: usize = 2_000;

/// Fetched pages not written yet, and the cursor that follows the last of them.
#[derive(Default)]
struct Pending {
    changes: Vec<Change>,
    cursor: Option<String>,
    server_offset_ms: Option<i64>,
    pages: u32,
    items: u32,
    skipped: u32,
}

impl Pending {
    /// Writes the pending pages with their cursor in one transaction; with `last`, the
    /// feed is exhausted and a fresh pass is reconciled in the same transaction's wake.
    fn write(
        &mut self,
        store: &Mutex<Store>,
        unit_id: &str,
        last: Option<i64>,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        if self.pages == 0 {
            return Ok(());
        }
        let done = std::mem::take(self);
        let mut guard = lock(store)?;
        if let Some(offset) = done.server_offset_ms {
            guard.set_server_offset(offset)?;
        }
        let stats = guard.apply_page(unit_id, &done.changes, done.cursor.as_deref())?;
        report.tickets_changed += count(stats.upserted);
        report.removed += count(stats.removed);
        report.stale += count(stats.stale);
        if let Some(server_time) = last
            && guard.reconciling()?
        {
            let gone = guard.finish_fresh_pass(server_time)?;
            report.removed += count(gone);
        }
        report.pages += done.pages;
        report.items += done.items;
        report.skipped += done.skipped;
        Ok(())
    }
}

/// The feed part of a pass: pulls the unit's changes until `has_more` is false, or until
/// one of `limits` ends the pass ([`SyncError::NoProgress`], [`SyncError::PassTooLong`])
/// with everything read so far written.
pub async fn pull_feed(
    client: &DistrictClient,
    store: &Mutex<Store>,
    unit_id: &str,
    page_limit: u32,
    policy: &RetryPolicy,
    limits: &PassLimits,
) -> Result<SyncReport, SyncError> {
    let started = std::time::Instant::now();
    let mut report = SyncReport::default();
    let mut cursor = lock(store)?.sync_state()?.cursor;
    // Pages of this pass (since the last restart), by their items.
    let mut pages_seen: HashSet<u64> = HashSet::new();
    let mut unproductive = 0;
    // The next page, fetched and decoded while this one is written.
    let mut prefetch: Option<Prefetch> = None;
    let mut pending = Pending::default();
    loop {
        if cursor.is_none() {
            // From the beginning: whatever the fresh feed does not mention is gone.
            lock(store)?.begin_fresh_pass()?;
        }
        let fetched = match prefetch.take().map(Prefetch::join) {
            Some(fut) => match fut.await {
                Some(fetched) => fetched,
                // The task failed to run (a panic): fetch it here instead.
                None => {
                    policy
                        .run(|| client.changes(unit_id, cursor.as_deref(), page_limit))
                        .await
                }
            },
            None => {
                policy
                    .run(|| client.changes(unit_id, cursor.as_deref(), page_limit))
                    .await
            }
        };
        let page = match fetched {
            Ok(p) => p,
            Err(e) => {
                // What was fetched before the failure is kept, with its cursor.
                pending.write(store, unit_id, None, &mut report)?;
                if e.class() == ErrorClass::Resync && report.restarts < MAX_RESTARTS {
                    tracing::info!("feed cursor expired: starting the feed again");
                    lock(store)?.reset_cursor()?;
                    cursor = None;
                    report.restarts += 1;
                    pages_seen.clear();
                    unproductive = 0;
                    continue;
                }
                return Err(e);
            }
        };
        let item_count = page.value.items.len();
        let fingerprint = page_fingerprint(&page.value.items);
        let (changes, skipped) = decode_page(page.value.items);
        // A page without a next cursor leaves the position where it was.
        let next = page.value.next_cursor.clone().or(cursor.clone());
        if page.value.has_more {
            prefetch = Some(Prefetch::start(
                client,
                unit_id,
                next.clone(),
                page_limit,
                policy,
            ));
        }
        pending.changes.extend(changes);
        pending.cursor.clone_from(&next);
        if let Some(offset) = page.server_offset {
            pending.server_offset_ms = Some(offset.num_milliseconds());
        }
        pending.pages += 1;
        pending.items += count(item_count);
        pending.skipped += skipped;
        if !page.value.has_more {
            let server_time = page.value.server_time.timestamp();
            pending.write(store, unit_id, Some(server_time), &mut report)?;
            return Ok(report);
        }
        if pending.changes.len() >= APPLY_BATCH {
            pending.write(store, unit_id, None, &mut report)?;
        }
        let productive = item_count > 0 && pages_seen.insert(fingerprint);
        unproductive = if productive { 0 } else { unproductive + 1 };
        if unproductive >= limits.unproductive_pages {
            pending.write(store, unit_id, None, &mut report)?;
            return Err(SyncError::NoProgress {
                pages: unproductive,
            });
        }
        if started.elapsed() >= limits.max_duration {
            pending.write(store, unit_id, None, &mut report)?;
            return Err(SyncError::PassTooLong {
                pages: report.pages,
                seconds: limits.max_duration.as_secs(),
            });
        }
        cursor = next;
    }
}

type Fetched = Result<crate::Timed<crate::DecodedPage>, SyncError>;

/// A feed page being fetched (with its retries) and decoded on another task, so that the
/// network, the server and the JSON decoding overlap with writing the page before it.
/// Dropping it (the pass failed or was dropped) cancels the fetch; nothing is written
/// until the pass takes the page.
struct Prefetch(tokio::task::JoinHandle<Fetched>);

impl Prefetch {
    fn start(
        client: &DistrictClient,
        unit_id: &str,
        cursor: Option<String>,
        page_limit: u32,
        policy: &RetryPolicy,
    ) -> Prefetch {
        let (client, unit_id, policy) = (client.clone(), unit_id.to_owned(), *policy);
        Prefetch(tokio::spawn(async move {
            policy
                .run(|| client.changes(&unit_id, cursor.as_deref(), page_limit))
                .await
        }))
    }

    /// The fetched page; `None` if the task did not run to completion.
    async fn join(mut self) -> Option<Fetched> {
        (&mut self.0).await.ok()
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// What a page carries, as one number: the same items (kind, ticket, version or
/// revision) in the same order give the same fingerprint, whatever the cursor.
fn page_fingerprint(items: &[Decoded]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for item in items {
        match item {
            Decoded::Item(FeedItem::Ticket { ticket }) => {
                ("t", &ticket.id, ticket.version).hash(&mut h)
            }
            Decoded::Item(FeedItem::Removed {
                ticket_id, version, ..
            }) => ("r", ticket_id, version).hash(&mut h),
            Decoded::Item(FeedItem::Draft { ticket_id, draft }) => {
                ("d", ticket_id, draft.as_ref().map(|d| d.revision)).hash(&mut h)
            }
            Decoded::Item(FeedItem::Duty { duty }) => ("u", duty.revision).hash(&mut h),
            other => std::mem::discriminant(other).hash(&mut h),
        }
    }
    h.finish()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Decodes a page's items; what cannot be used is logged and skipped, never fatal.
fn decode_page(items: Vec<Decoded>) -> (Vec<Change>, u32) {
    let mut changes = Vec::with_capacity(items.len());
    let mut skipped = 0;
    for raw in items {
        match raw {
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
            Decoded::Item(FeedItem::Draft { ticket_id, draft }) => {
                changes.push(Change::Draft { ticket_id, draft })
            }
            Decoded::Item(FeedItem::Duty { duty }) => changes.push(Change::Duty(duty)),
            Decoded::UnknownType(kind) => {
                tracing::info!(kind, "skipping feed item of unknown type");
                skipped += 1;
            }
            Decoded::Malformed(why) => {
                // Kind, JSON path and fault only: never the item's values.
                tracing::warn!(
                    kind = why.kind.unwrap_or("?"),
                    path = why.path.as_deref().unwrap_or("."),
                    reason = %why.reason,
                    "skipping malformed feed item"
                );
                skipped += 1;
            }
        }
    }
    (changes, skipped)
}
