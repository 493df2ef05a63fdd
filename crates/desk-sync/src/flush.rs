//! Sending the outbox: oldest first, in order per ticket, each row with the idempotency
//! key it was given when the officer acted. What the district answers decides the row's
//! fate; nothing is dropped silently.

use crate::client::Precondition;
use crate::{DistrictClient, ErrorClass, RetryPolicy, SyncError};
use chrono::Utc;
use desk_store::{Change, OutboxKind, OutboxRow, Store};
use district_api::{Draft, Duty, Ticket, TicketStatus};
use reqwest::Method;
use serde_json::Value;
use std::sync::Mutex;

/// What one flush did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FlushReport {
    pub sent: u32,
    pub conflicts: u32,
    pub rejected: u32,
    /// Acks re-based automatically after a 412 (an ack has no content to review).
    pub rebased: u32,
    /// Rows the district failed on in this pass (5xx to the row, an undecodable answer):
    /// passed over, with the later rows of their tickets, until the next pass.
    pub held: u32,
    /// Of those, rows that reached [`BLOCK_AFTER_FAILED_PASSES`] and are now blocked
    /// (发送受阻) until the officer retries or discards them.
    pub blocked: u32,
}

/// Failed passes after which a row the district keeps failing on is set aside as blocked
/// (each pass already retried it per the [`RetryPolicy`]).
pub const BLOCK_AFTER_FAILED_PASSES: i64 = 3;

/// Whether the failure is the district failing on this one write (it answered, with a
/// 500 or something that does not decode) rather than the district being out of reach
/// for every write (network, 502/503/504 gateway or maintenance, 408/429): the first
/// holds back only its ticket, the second ends the pass.
fn fails_on_this_row(e: &SyncError) -> bool {
    match e {
        SyncError::Decode { .. } => true,
        SyncError::Http { status, .. } => {
            (500..=599).contains(status) && !matches!(status, 502..=504)
        }
        _ => false,
    }
}

/// Where a row goes: method, path segments under the base URL, and precondition.
pub fn write_target(row: &OutboxRow, unit_id: &str) -> (Method, Vec<String>, Option<Precondition>) {
    let ticket = row.ticket_id.clone().unwrap_or_default();
    let if_match = row.base_version.map(Precondition::IfMatch);
    let post = |leaf: &str| {
        (
            Method::POST,
            vec!["tickets".to_owned(), ticket.clone(), leaf.to_owned()],
            if_match,
        )
    };
    match row.kind {
        OutboxKind::Ack => post("ack"),
        OutboxKind::Reply => post("replies"),
        OutboxKind::Opinion => post("opinions"),
        OutboxKind::Extension => post("extension-requests"),
        OutboxKind::Coordination => post("coordination-requests"),
        OutboxKind::Reassignment => post("reassignment-requests"),
        OutboxKind::Draft => (
            Method::PUT,
            vec!["tickets".to_owned(), ticket.clone(), "draft".to_owned()],
            Some(if_match.unwrap_or(Precondition::IfNoneMatchAny)),
        ),
        OutboxKind::Duty => (
            Method::PUT,
            vec!["units".to_owned(), unit_id.to_owned(), "duty".to_owned()],
            if_match,
        ),
    }
}

fn lock(store: &Mutex<Store>) -> Result<std::sync::MutexGuard<'_, Store>, SyncError> {
    store.lock().map_err(|_| SyncError::StorePoisoned)
}

fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// What the district's answer (or the `current` of a refusal) says about the object.
fn changes_from(
    kind: OutboxKind,
    ticket_id: Option<&str>,
    value: &Value,
) -> (Vec<Change>, Option<i64>) {
    match kind {
        OutboxKind::Draft => match serde_json::from_value::<Draft>(value.clone()) {
            Ok(d) => {
                let rev = d.revision;
                let id = ticket_id.unwrap_or_default().to_owned();
                (
                    vec![Change::Draft {
                        ticket_id: id,
                        draft: Some(Box::new(d)),
                    }],
                    Some(rev),
                )
            }
            Err(_) => (vec![], None),
        },
        OutboxKind::Duty => match serde_json::from_value::<Duty>(value.clone()) {
            Ok(d) => {
                let rev = d.revision;
                (vec![Change::Duty(Box::new(d))], Some(rev))
            }
            Err(_) => (vec![], None),
        },
        _ => match serde_json::from_value::<Ticket>(value.clone()) {
            Ok(t) => {
                let v = t.version;
                (vec![Change::Ticket(Box::new(t))], Some(v))
            }
            Err(_) => (vec![], None),
        },
    }
}

/// Sends every sendable row. Stops at the first failure that means the district is out
/// of reach (network, 502/503/504, 429 after retries) or at a 401, leaving the rest
/// pending. A row the district fails on (500, an undecodable answer, after retries) is
/// passed over with its ticket's later rows for this pass and counted, and blocked after
/// [`BLOCK_AFTER_FAILED_PASSES`]; other tickets go on (when no other row got an answer,
/// the pass fails with that row's error: the district may be down). A row refused for good
/// (409/412/422) is set aside with what the server said and the flush goes on.
pub async fn flush_outbox(
    client: &DistrictClient,
    store: &Mutex<Store>,
    unit_id: &str,
    policy: &RetryPolicy,
) -> Result<FlushReport, SyncError> {
    let mut report = FlushReport::default();
    let mut skip: Vec<i64> = Vec::new();
    // The last failure of a row passed over: when nothing else got an answer in this
    // pass, the district looks down rather than stuck on one write, and the pass fails.
    let mut last_held: Option<SyncError> = None;
    loop {
        // Read and claim in one statement: what is sent is the row as claimed (a draft
        // edit coalesced a moment earlier is in it; a later one queues behind it).
        let row = {
            let guard = lock(store)?;
            let Some(next) = guard.next_sendable(&skip)? else {
                let answered = report.sent + report.conflicts + report.rejected + report.rebased;
                return match last_held {
                    Some(e) if answered == 0 => Err(e),
                    _ => Ok(report),
                };
            };
            match guard.outbox_claim(next.id, now_ms())? {
                Some(row) => row,
                None => {
                    skip.push(next.id);
                    continue;
                }
            }
        };
        let (method, segments, precondition) = write_target(&row, unit_id);
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let first_try = std::sync::atomic::AtomicBool::new(true);
        let result = policy
            .run(|| {
                let store = &store;
                let (method, segments, row) = (method.clone(), &segments, &row);
                let first_try = &first_try;
                async move {
                    if !first_try.swap(false, std::sync::atomic::Ordering::Relaxed) {
                        lock(store)?.outbox_attempt(row.id, now_ms())?;
                    }
                    client
                        .write(
                            method,
                            segments,
                            &row.body,
                            &row.idempotency_key,
                            precondition,
                        )
                        .await
                }
            })
            .await;
        match result {
            Ok(timed) => {
                let (status, body) = timed.value;
                let (changes, new_version) =
                    changes_from(row.kind, row.ticket_id.as_deref(), &body);
                let mut guard = lock(store)?;
                guard.outbox_sent(row.id, status, &body, new_version, now_ms())?;
                guard.apply_changes(unit_id, &changes)?;
                if row.kind == OutboxKind::Reply
                    && let Some(id) = &row.ticket_id
                {
                    // A sent reply deletes the shared draft on the server.
                    guard.apply_changes(
                        unit_id,
                        &[Change::Draft {
                            ticket_id: id.clone(),
                            draft: None,
                        }],
                    )?;
                }
                report.sent += 1;
            }
            Err(e) => match e.class() {
                ErrorClass::Transient if fails_on_this_row(&e) => {
                    let blocked = lock(store)?.outbox_failed(
                        row.id,
                        e.status(),
                        &e.to_string(),
                        BLOCK_AFTER_FAILED_PASSES,
                        now_ms(),
                    )?;
                    tracing::warn!(row = row.id, error = %e, blocked, "the district failed on a write; other tickets go on");
                    report.held += 1;
                    report.blocked += u32::from(blocked);
                    skip.push(row.id);
                    last_held = Some(e);
                }
                ErrorClass::Transient | ErrorClass::Unauthorized | ErrorClass::Resync => {
                    lock(store)?.outbox_transient(row.id, e.status(), &e.to_string(), now_ms())?;
                    return Err(e);
                }
                ErrorClass::Permanent => settle_refusal(store, unit_id, &row, &e, &mut report)?,
            },
        }
    }
}

/// Records a definitive refusal of `row`.
fn settle_refusal(
    store: &Mutex<Store>,
    unit_id: &str,
    row: &OutboxRow,
    e: &SyncError,
    report: &mut FlushReport,
) -> Result<(), SyncError> {
    let SyncError::Http {
        status, problem, ..
    } = e
    else {
        let guard = lock(store)?;
        guard.outbox_rejected(row.id, 0, None, None, &e.to_string(), now_ms())?;
        report.rejected += 1;
        return Ok(());
    };
    let current = problem.current.as_ref();
    let mut guard = lock(store)?;
    if let Some(cur) = current {
        // The server's present state is truth: the cache takes it (highest version wins).
        let (changes, _) = changes_from(row.kind, row.ticket_id.as_deref(), cur);
        guard.apply_changes(unit_id, &changes)?;
    }
    let message = e.to_string();
    match status {
        412 => {
            let current_ticket =
                current.and_then(|c| serde_json::from_value::<Ticket>(c.clone()).ok());
            match current_ticket {
                // An ack has nothing to review: if the ticket still awaits one, send it
                // again on the new version (a new key: the old one's 412 is final).
                Some(t) if row.kind == OutboxKind::Ack && t.status == TicketStatus::PendingAck => {
                    let key = uuid::Uuid::new_v4().to_string();
                    guard.outbox_rebase(row.id, &key, Some(t.version), now_ms())?;
                    report.rebased += 1;
                }
                _ => {
                    guard.outbox_conflict(row.id, *status, current, &message, now_ms())?;
                    report.conflicts += 1;
                }
            }
        }
        _ => {
            let errors = (!problem.errors.is_empty())
                .then(|| serde_json::to_value(&problem.errors).ok())
                .flatten();
            guard.outbox_rejected(
                row.id,
                *status,
                errors.as_ref(),
                current,
                &message,
                now_ms(),
            )?;
            report.rejected += 1;
        }
    }
    Ok(())
}
