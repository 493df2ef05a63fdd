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

/// Whether the index's answer is exact for a plan: a needle of one or two letters,
/// digits or CJK characters, or of three ASCII letters and digits, is one gram of the
/// index; a longer one is checked on the normalised text.
fn exact(plan: &crate::search::SearchPlan) -> bool {
    let n = plan.needle.chars().count();
    (n <= 2
        && plan
            .needle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fff}').contains(&c)))
        || (n == 3 && plan.needle.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The CTE `hits (rowid)`: the tickets a search finds (`?3` FTS expression, `?4`
/// needle). When the index's answer is not exact, each candidate is checked on its
/// narrow `ticket_text` row (migration 017), never on the ticket's wide row.
fn hits_cte(plan: &crate::search::SearchPlan) -> &'static str {
    if exact(plan) {
        ", hits (rowid) AS (SELECT rowid FROM ticket_search
                            WHERE ticket_search MATCH ?3 AND ?4 IS NOT NULL)"
    } else {
        ", hits (rowid) AS (SELECT s.rowid FROM ticket_search s
                            JOIN ticket_text x ON x.ticket_rowid = s.rowid
                            WHERE s.ticket_search MATCH ?3 AND instr(x.norm, ?4) > 0)"
    }
}

/// A search that matches more than this many tickets is not counted per tab: the
/// workbench shows "1 万+" (counting every match's tab would cost time in proportion to
/// the matches, 50k for 路灯 at a million tickets).
pub const COUNT_CAP: u32 = 10_000;

/// From this many candidates of the search index on, a search's page is found by
/// walking the tab's work order and probing each ticket's narrow text until the page is
/// full (about `page ÷ share of matches` probes), rather than by ordering every match.
const WALK_FROM: u32 = 10_000;

/// The two thresholds of a search (tests lower them to take every plan with few tickets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchLimits {
    /// See [`COUNT_CAP`].
    pub count_cap: u32,
    /// See `WALK_FROM`.
    pub walk_from: u32,
}

impl Default for SearchLimits {
    fn default() -> Self {
        SearchLimits {
            count_cap: COUNT_CAP,
            walk_from: WALK_FROM,
        }
    }
}

/// The counts of a search: exact per tab, or only "more than `over`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchCounts {
    /// The count of every tab in `Tab::ALL` order (all zero when `over` is set).
    pub counts: Vec<u32>,
    /// `Some(cap)`: the search matches more than `cap` tickets, and the tabs were not
    /// counted.
    pub over: Option<u32>,
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
    /// Sets the search's thresholds (tests: every plan with a handful of tickets).
    #[doc(hidden)]
    pub fn set_search_limits(&mut self, limits: SearchLimits) {
        self.search_limits = limits;
    }

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

    /// [`Store::tab_counts`] as the workbench asks for them: a search that matches more
    /// than [`COUNT_CAP`] tickets is not counted per tab (`over`), so a keystroke costs at
    /// most about `COUNT_CAP` index entries whatever the size of the cache.
    pub fn tab_counts_capped(
        &self,
        search: Option<&str>,
        clock: TabClock,
    ) -> Result<SearchCounts, StoreError> {
        if let crate::search::Query::Plan(plan) = crate::search::Query::parse(search)
            && self.matches_more_than(&plan, self.search_limits.count_cap)?
        {
            return Ok(SearchCounts {
                counts: vec![0; Tab::ALL.len()],
                over: Some(self.search_limits.count_cap),
            });
        }
        Ok(SearchCounts {
            counts: self.tab_counts(search, clock)?,
            over: None,
        })
    }

    /// How many entries the search index holds for a plan, up to `limit` (its
    /// candidates: a superset of the matches; the matches when `exact`).
    fn candidates(&self, plan: &crate::search::SearchPlan, limit: u32) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT rowid FROM ticket_search
                 WHERE ticket_search MATCH ?1 LIMIT ?2)",
            )?
            .query_row(rusqlite::params![plan.fts, limit], |r| r.get(0))?)
    }

    /// Whether more than `cap` tickets match a plan, reading at most about `cap`
    /// candidates' narrow rows.
    fn matches_more_than(
        &self,
        plan: &crate::search::SearchPlan,
        cap: u32,
    ) -> Result<bool, StoreError> {
        let over = cap.saturating_add(1);
        if self.candidates(plan, over)? < over {
            return Ok(false);
        }
        if exact(plan) {
            return Ok(true);
        }
        let matched: u32 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM ticket_search s
                     JOIN ticket_text x ON x.ticket_rowid = s.rowid
                     WHERE s.ticket_search MATCH ?1 AND instr(x.norm, ?2) > 0 LIMIT ?3)",
            )?
            .query_row(rusqlite::params![plan.fts, plan.needle, over], |r| r.get(0))?;
        Ok(matched >= over)
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
            // A broad search: walk the tab's work order (its own index) and probe each
            // ticket's narrow text until the page is full; only the page's tickets are
            // read. The index's candidates (`?3`) only chose this plan.
            Some(plan)
                if self.candidates(plan, self.search_limits.walk_from.saturating_add(1))?
                    > self.search_limits.walk_from =>
            {
                format!(
                    "{CLOCK} SELECT id, body FROM tickets WHERE rowid IN (
                         SELECT rowid FROM tickets
                         WHERE ({}) AND ?3 IS NOT NULL AND instr(
                             (SELECT norm FROM ticket_text WHERE ticket_rowid = tickets.rowid),
                             ?4) > 0
                         ORDER BY order_group, order_key, id LIMIT {limit} OFFSET {offset})
                     ORDER BY order_group, order_key, id",
                    filter.condition(false)
                )
            }
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
