//! The workbench's tabs as SQL: counts of every tab and one tab's page, with an optional
//! search, without parsing more tickets than a page shows. The predicates mirror
//! `desk_domain::tabs::Tab::matches`; a test checks the two agree ticket by ticket.

use crate::{Store, StoreError};
use desk_domain::tabs::Tab;
use district_api::Ticket;
use rusqlite::{ToSql, params_from_iter};

/// The time a tab question is asked at, in unix seconds (server-corrected).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabClock {
    pub now: i64,
    /// The end of the 即将超时 window.
    pub due_soon_until: i64,
}

/// The SQL condition of a tab, over the `clock` CTE that every query binds first.
fn predicate(tab: Tab) -> &'static str {
    match tab {
        Tab::All => "1",
        Tab::PendingAck => "status = 'pending_ack'",
        Tab::DueSoon => {
            "active_due_at BETWEEN (SELECT now FROM clock) AND (SELECT soon FROM clock)"
        }
        Tab::Overdue => "active_due_at < (SELECT now FROM clock)",
        Tab::Redo => "status = 'redo'",
        Tab::Supervised => "supervised = 1 AND status <> 'closed'",
        Tab::CoHandling => "our_role = 'co_handler'",
        Tab::ExtensionPending => "extension_pending = 1",
        Tab::Replied => "status = 'replied'",
        Tab::Closed => "status = 'closed'",
    }
}

/// `?1` is now and `?2` the end of the due-soon window, always bound.
const CLOCK: &str = "WITH clock (now, soon) AS (SELECT ?1, ?2)";

/// The search condition (`?3` FTS expression, `?4` needle) or none.
fn search_clause(search: Option<&crate::search::SearchPlan>) -> &'static str {
    match search {
        Some(_) => {
            "rowid IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?3)
             AND instr(search_norm, ?4) > 0"
        }
        None => "1",
    }
}

fn params(clock: TabClock, search: Option<&crate::search::SearchPlan>) -> Vec<Box<dyn ToSql>> {
    let mut p: Vec<Box<dyn ToSql>> = vec![Box::new(clock.now), Box::new(clock.due_soon_until)];
    if let Some(plan) = search {
        p.push(Box::new(plan.fts.clone()));
        p.push(Box::new(plan.needle.clone()));
    }
    p
}

impl Store {
    /// How many tickets each tab holds (in `Tab::ALL` order), under an optional search.
    pub fn tab_counts(
        &self,
        search: Option<&str>,
        clock: TabClock,
    ) -> Result<Vec<u32>, StoreError> {
        let plan = search.and_then(crate::search::plan);
        let columns: Vec<String> = Tab::ALL
            .iter()
            .map(|t| format!("count(*) FILTER (WHERE {})", predicate(*t)))
            .collect();
        let sql = format!(
            "{CLOCK} SELECT {} FROM tickets WHERE {}",
            columns.join(", "),
            search_clause(plan.as_ref())
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let counts = stmt.query_row(params_from_iter(params(clock, plan.as_ref())), |r| {
            (0..Tab::ALL.len())
                .map(|i| r.get::<_, u32>(i))
                .collect::<Result<Vec<_>, _>>()
        })?;
        Ok(counts)
    }

    /// One page of a tab in work order, under an optional search.
    pub fn tab_page(
        &self,
        tab: Tab,
        search: Option<&str>,
        clock: TabClock,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<Ticket>, StoreError> {
        let plan = search.and_then(crate::search::plan);
        let sql = format!(
            "{CLOCK} SELECT id, body FROM tickets WHERE ({}) AND ({})
             ORDER BY order_group, order_key, id LIMIT {limit} OFFSET {offset}",
            predicate(tab),
            search_clause(plan.as_ref())
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params(clock, plan.as_ref())), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (id, body) = row?;
            serde_json::from_str(&body).map_err(|source| StoreError::CorruptRow { id, source })
        })
        .collect()
    }
}
