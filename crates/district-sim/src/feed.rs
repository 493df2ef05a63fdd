//! One page of the changes feed, with the feed faults of the active plan applied.

use crate::cursor::{self, Cursor};
use crate::faults::FeedFaults;
use crate::store::{self, FeedOutcome};
use crate::{Sim, SimError};
use district_api::ChangesPage;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A page as sent: the contract's [`ChangesPage`], with the stored items passed through
/// as they are instead of parsed and written again (a million-ticket feed is mostly
/// this copy).
#[derive(serde::Serialize)]
pub(crate) struct WirePage {
    items: Vec<Box<serde_json::value::RawValue>>,
    next_cursor: Option<String>,
    has_more: bool,
    server_time: district_api::Timestamp,
}

impl From<ChangesPage> for WirePage {
    fn from(page: ChangesPage) -> Self {
        WirePage {
            items: page
                .items
                .iter()
                .filter_map(|v| serde_json::value::to_raw_value(v).ok())
                .collect(),
            next_cursor: page.next_cursor,
            has_more: page.has_more,
            server_time: page.server_time,
        }
    }
}

impl WirePage {
    /// The ids of the page's first `n` ticket items.
    pub(crate) fn ticket_ids(&self, n: usize) -> Vec<String> {
        self.items
            .iter()
            .filter_map(|raw| {
                let item: serde_json::Value = serde_json::from_str(raw.get()).ok()?;
                Some(item.pointer("/ticket/id")?.as_str()?.to_owned())
            })
            .take(n)
            .collect()
    }
}

/// What a page request came to.
pub(crate) enum PageOutcome {
    Page(WirePage),
    UnknownCursor,
    Expired,
}

/// Reads one page of `unit_id`'s feed after `after` (blocking).
pub(crate) fn page(
    sim: &Sim,
    unit_id: &str,
    after: Option<Cursor>,
    limit: u32,
    faults: FeedFaults,
) -> Result<PageOutcome, SimError> {
    // A stuck feed answers every request with a cursor as if it had none, and always
    // says there is more.
    let stuck = faults.stuck && after.is_some();
    let after = if stuck { None } else { after };
    let now = sim.clock.now_seconds();
    let now_ms = sim.clock.now().timestamp_millis();
    let oldest_ms = sim
        .cursor_max_age()
        .map(|age| now_ms - age.num_milliseconds());
    let rows = match sim
        .store
        .feed_page(unit_id, after, limit, sim.clock.now(), oldest_ms)?
    {
        FeedOutcome::Page(rows) => rows,
        FeedOutcome::UnknownCursor => return Ok(PageOutcome::UnknownCursor),
        FeedOutcome::Expired => return Ok(PageOutcome::Expired),
    };
    let next = |seq: u64| {
        cursor::encode(
            unit_id,
            &Cursor {
                seq,
                snapshot: rows.snapshot,
                issued_ms: now_ms,
                epoch: rows.epoch,
            },
        )
    };
    if faults.empty {
        // An empty page whose cursor stays where the request was.
        return Ok(PageOutcome::Page(WirePage {
            items: Vec::new(),
            next_cursor: Some(next(after.map_or(0, |c| c.seq))),
            has_more: true,
            server_time: now,
        }));
    }
    if !(faults.duplicate || faults.stale || faults.out_of_order || faults.leaky) {
        // Stored items are the JSON of `FeedItem`s this simulator wrote: sent verbatim.
        let items = rows
            .items
            .into_iter()
            .map(serde_json::value::RawValue::from_string)
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(PageOutcome::Page(WirePage {
            items,
            next_cursor: Some(next(rows.next_seq)),
            has_more: rows.has_more || stuck,
            server_time: now,
        }));
    }
    let mut items = rows
        .items
        .iter()
        .map(|item| serde_json::from_str(item))
        .collect::<Result<Vec<serde_json::Value>, _>>()?;
    let mut rng = ChaCha8Rng::seed_from_u64(faults.seed);
    if faults.duplicate {
        duplicate(sim, unit_id, after, &mut items, &mut rng)?;
    }
    if faults.stale {
        let ids: Vec<String> = items
            .iter()
            .filter_map(|i| i.pointer("/ticket/id").and_then(|v| v.as_str()))
            .map(str::to_owned)
            .collect();
        let old = sim
            .store
            .read(|conn| store::stale_versions(conn, unit_id, &ids, 1))?;
        for json in old {
            let ticket: serde_json::Value = serde_json::from_str(&json)?;
            items.push(serde_json::json!({"type": "ticket", "ticket": ticket}));
        }
    }
    if faults.leaky {
        items.extend(crate::faults::leaky_items());
    }
    if faults.out_of_order {
        items.shuffle(&mut rng);
    }
    Ok(PageOutcome::Page(WirePage::from(ChangesPage {
        items,
        next_cursor: Some(next(rows.next_seq)),
        has_more: rows.has_more || stuck,
        server_time: now,
    })))
}

/// Repeats items: some of this page's (within), and with a cursor some of the items just
/// before it (across pages).
fn duplicate(
    sim: &Sim,
    unit_id: &str,
    after: Option<Cursor>,
    items: &mut Vec<serde_json::Value>,
    rng: &mut ChaCha8Rng,
) -> Result<(), SimError> {
    if !items.is_empty() {
        let n = rng.random_range(1..=items.len().min(3));
        for _ in 0..n {
            let from = rng.random_range(0..items.len());
            let to = rng.random_range(from..=items.len());
            let copy = items[from].clone();
            items.insert(to, copy);
        }
    }
    if let Some(c) = after.filter(|c| c.seq > 0) {
        let earlier = sim
            .store
            .read(|conn| store::items_up_to(conn, unit_id, c.seq, 2))?;
        for json in earlier.into_iter().rev() {
            items.insert(0, serde_json::from_str(&json)?);
        }
    }
    Ok(())
}
