//! The workbench's tabs as SQL: counts of every tab and one tab's page, with an optional
//! search, without parsing more tickets than a page shows. The predicates mirror
//! `desk_domain::tabs::Tab::matches`; a test checks the two agree ticket by ticket.

use crate::{Store, StoreError};
use desk_domain::tabs::Tab;
use district_api::Ticket;
use rusqlite::{ToSql, params_from_iter};

/// Which tickets a list holds: those in every tab of `tabs` (no tab: every ticket),
/// narrowed by status and by having been redone. The workbench asks for one tab; the
/// command line combines its filters (`liaison tickets --overdue --status redo`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Tabs a ticket must all be in.
    pub tabs: Vec<Tab>,
    /// Only tickets in this status (wire name, e.g. `in_progress`).
    pub status: Option<String>,
    /// Only tickets redone at least once (`redo.count` ≥ 1, whatever their status now).
    pub redone: bool,
}

impl ListFilter {
    /// The tickets of one tab.
    pub fn tab(tab: Tab) -> Self {
        ListFilter {
            tabs: vec![tab],
            ..ListFilter::default()
        }
    }

    /// The SQL condition, over `tickets` or (`narrow`) over `ticket_tabs` keyed by
    /// `ticket_rowid`, which has no `redo_count`. The status is `?5`.
    fn condition(&self, narrow: bool) -> String {
        let mut parts: Vec<&str> = self.tabs.iter().map(|t| predicate(*t)).collect();
        if self.status.is_some() {
            parts.push("status = ?5");
        }
        if self.redone {
            parts.push(if narrow {
                "(SELECT redo_count FROM tickets WHERE rowid = ticket_rowid) > 0"
            } else {
                "redo_count > 0"
            });
        }
        if parts.is_empty() {
            return "1".to_owned();
        }
        parts
            .iter()
            .map(|p| format!("({p})"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}

/// The time a tab question is asked at, in unix seconds (server-corrected).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabClock {
    pub now: i64,
    /// The end of the 即将超时 window.
    pub due_soon_until: i64,
}

/// The SQL condition of a tab, over the `clock` CTE that every query binds first. Each
/// matches an index of migration 010 (or the work order's): an active deadline is the
/// work order's key in groups 0 and 1 (`work_order_key`), so 即将超时 and 已超时 are
/// ranges of the work order.
fn predicate(tab: Tab) -> &'static str {
    match tab {
        Tab::All => "1",
        Tab::PendingAck => "status = 'pending_ack'",
        Tab::DueSoon => {
            "order_group IN (0, 1)
             AND order_key BETWEEN (SELECT now FROM clock) AND (SELECT soon FROM clock)"
        }
        Tab::Overdue => "order_group IN (0, 1) AND order_key < (SELECT now FROM clock)",
        Tab::Redo => "status = 'redo'",
        Tab::Supervised => "supervised = 1 AND status <> 'closed'",
        Tab::CoHandling => "our_role = 'co_handler'",
        Tab::ExtensionPending => "extension_pending = 1",
        Tab::Replied => "status = 'replied'",
        Tab::Closed => "status = 'closed'",
    }
}

/// The row of `tab_totals` (migration 010) that counts a tab, for the tabs that do not
/// depend on the time. Its triggers use the conditions of [`predicate`].
fn total(tab: Tab) -> Option<&'static str> {
    match tab {
        Tab::All => Some("all"),
        Tab::PendingAck => Some("pending_ack"),
        Tab::Redo => Some("redo"),
        Tab::Supervised => Some("supervised"),
        Tab::CoHandling => Some("co_handling"),
        Tab::ExtensionPending => Some("extension_pending"),
        Tab::Replied => Some("replied"),
        Tab::Closed => Some("closed"),
        Tab::DueSoon | Tab::Overdue => None,
    }
}

/// `?1` is now and `?2` the end of the due-soon window, always bound.
const CLOCK: &str = "WITH clock (now, soon) AS (SELECT ?1, ?2)";

/// The CTE `hits (rowid)`: the tickets a search finds (`?3` FTS expression, `?4`
/// needle). A needle of one or two letters, digits or CJK characters, or of three ASCII
/// letters and digits, is one gram of the index, so the index's answer is exact; a
/// longer one is checked on `search_norm`.
fn hits_cte(plan: &crate::search::SearchPlan) -> &'static str {
    let n = plan.needle.chars().count();
    let exact = (n <= 2
        && plan
            .needle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fff}').contains(&c)))
        || (n == 3 && plan.needle.chars().all(|c| c.is_ascii_alphanumeric()));
    if exact {
        ", hits (rowid) AS (SELECT rowid FROM ticket_search
                            WHERE ticket_search MATCH ?3 AND ?4 IS NOT NULL)"
    } else {
        ", hits (rowid) AS (SELECT s.rowid FROM ticket_search s JOIN tickets t ON t.rowid = s.rowid
                            WHERE s.ticket_search MATCH ?3 AND instr(t.search_norm, ?4) > 0)"
    }
}

/// `?1`, `?2` the clock; `?3`, `?4` the search (bound, `NULL`, when only a status
/// follows); `?5` the status.
fn params(
    clock: TabClock,
    search: Option<&crate::search::SearchPlan>,
    status: Option<&str>,
) -> Vec<Box<dyn ToSql>> {
    let mut p: Vec<Box<dyn ToSql>> = vec![Box::new(clock.now), Box::new(clock.due_soon_until)];
    match search {
        Some(plan) => {
            p.push(Box::new(plan.fts.clone()));
            p.push(Box::new(plan.needle.clone()));
        }
        None if status.is_some() => {
            p.push(Box::new(rusqlite::types::Null));
            p.push(Box::new(rusqlite::types::Null));
        }
        None => {}
    }
    if let Some(status) = status {
        p.push(Box::new(status.to_owned()));
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
        let plan = match crate::search::Query::parse(search) {
            crate::search::Query::All => None,
            crate::search::Query::Nothing => return Ok(vec![0; Tab::ALL.len()]),
            crate::search::Query::Plan(plan) => Some(plan),
        };
        let sql = match &plan {
            // The kept totals (migration 010), and the time-dependent tabs as ranges of
            // the work order.
            None => {
                let columns: Vec<String> = Tab::ALL
                    .iter()
                    .map(|t| match total(*t) {
                        Some(name) => {
                            format!("coalesce((SELECT n FROM tab_totals WHERE tab = '{name}'), 0)")
                        }
                        None => format!("(SELECT count(*) FROM tickets WHERE {})", predicate(*t)),
                    })
                    .collect();
                format!("{CLOCK} SELECT {}", columns.join(", "))
            }
            // One pass over the narrow tab rows of the tickets the search found.
            Some(plan) => {
                let columns: Vec<String> = Tab::ALL
                    .iter()
                    .map(|t| format!("count(*) FILTER (WHERE {})", predicate(*t)))
                    .collect();
                format!(
                    "{CLOCK}{} SELECT {} FROM ticket_tabs
                     WHERE ticket_rowid IN (SELECT rowid FROM hits)",
                    hits_cte(plan),
                    columns.join(", "),
                )
            }
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let counts = stmt.query_row(params_from_iter(params(clock, plan.as_ref(), None)), |r| {
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
        self.list_page(&ListFilter::tab(tab), search, clock, offset, limit)
    }

    /// One page of the tickets `filter` holds, in work order, under an optional search.
    pub fn list_page(
        &self,
        filter: &ListFilter,
        search: Option<&str>,
        clock: TabClock,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<Ticket>, StoreError> {
        let plan = match crate::search::Query::parse(search) {
            crate::search::Query::All => None,
            crate::search::Query::Nothing => return Ok(Vec::new()),
            crate::search::Query::Plan(plan) => Some(plan),
        };
        let sql = match &plan {
            // The tab's own index, in work order.
            None => format!(
                "{CLOCK} SELECT id, body FROM tickets WHERE {}
                 ORDER BY order_group, order_key, id LIMIT {limit} OFFSET {offset}",
                filter.condition(false)
            ),
            // The hits' narrow tab rows are filtered and ordered; only the page's tickets
            // are read.
            Some(plan) => format!(
                "{CLOCK}{} SELECT id, body FROM tickets WHERE rowid IN (
                     SELECT ticket_rowid FROM ticket_tabs
                     WHERE ticket_rowid IN (SELECT rowid FROM hits) AND ({})
                     ORDER BY order_group, order_key, id LIMIT {limit} OFFSET {offset})
                 ORDER BY order_group, order_key, id",
                hits_cte(plan),
                filter.condition(true)
            ),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let binds = params(clock, plan.as_ref(), filter.status.as_deref());
        let rows = stmt.query_map(params_from_iter(binds), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (id, body) = row?;
            serde_json::from_str(&body).map_err(|source| StoreError::CorruptRow { id, source })
        })
        .collect()
    }
}
