//! The assessment's facts per ticket (migration 014): written with each ticket, read
//! per period by dispatch time; and the daily totals of the figures that do not depend on
//! the instant (migration 015), kept by triggers from each facts row's `flags`.

use crate::{Store, StoreError};
use desk_domain::WorkCalendar;
use desk_domain::assessment::{MedianValues, OfficeDay, TicketFacts, Totals};
use district_api::{
    CallbackResult, ExtensionStatus, ProcessSatisfaction, SupervisionLevel, Ticket, TicketStatus,
};
use rusqlite::{Connection, params};

/// A ticket at risk: id, title, reply deadline (unix seconds).
pub type AtRisk = (String, String, i64);

/// A 四早 median kept per lead ticket (migration 016): the contact's comes from the
/// outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MedianKind {
    /// Dispatch → ack, seconds.
    Ack,
    /// Last reply → reply deadline, working seconds.
    Margin,
}

/// Ticket titles by ticket id.
pub type TitlesById = std::collections::HashMap<String, String>;

/// (Re)writes the facts row of `t` as seen by unit `unit_id`, with its flags: the
/// triggers of migration 015 move the daily totals from the old row to the new one.
/// `calendar`: the working-day calendar the store holds ([`store_calendar`]), for the
/// reply margin (migration 016).
pub(crate) fn put_facts(
    conn: &Connection,
    unit_id: &str,
    t: &Ticket,
    calendar: &WorkCalendar,
) -> rusqlite::Result<()> {
    let f = TicketFacts::from_ticket(t, unit_id);
    write_facts(
        conn,
        &f,
        Some(Kept {
            title: &t.title,
            ack: f.ack_seconds(),
            margin: f.margin_working_seconds(calendar, OfficeDay::default()),
        }),
    )
}

/// The bucket of a kept 四早 value (migration 019): increasing with the value; the value
/// itself below 16, then 8 buckets per doubling (a bucket spans at most an eighth of its
/// values), negative values mirrored below zero. A median reads only its bucket's exact
/// values, so only the order and the width matter.
pub fn value_bucket(v: i64) -> i64 {
    fn up(u: u64) -> i64 {
        if u < 16 {
            return u as i64;
        }
        let e = i64::from(63 - u.leading_zeros());
        let m = ((u >> (e - 3)) & 7) as i64;
        16 + (e - 4) * 8 + m
    }
    if v >= 0 {
        up(v.unsigned_abs())
    } else {
        -1 - up((v + 1).unsigned_abs())
    }
}

/// Migration hook (019): the buckets of every kept 四早 value; the triggers of 019 count
/// them as they are set.
pub(crate) fn backfill_buckets(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let rows: Vec<(String, Option<i64>, Option<i64>)> = {
        let mut stmt = tx.prepare(
            "SELECT ticket_id, ack_s, margin_ws FROM ticket_facts
             WHERE lead = 1 AND (ack_s IS NOT NULL OR margin_ws IS NOT NULL)",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut set =
        tx.prepare("UPDATE ticket_facts SET ack_b = ?1, margin_b = ?2 WHERE ticket_id = ?3")?;
    for (id, ack, margin) in rows {
        set.execute(params![ack.map(value_bucket), margin.map(value_bucket), id])?;
    }
    Ok(())
}

/// The working-day calendar the desk works with, as the store holds it (the district's
/// years as cached, resolved as `desk_app`'s calendar does): what the reply margins of
/// migration 016 are counted on. A year that does not parse is left out.
pub(crate) fn store_calendar(conn: &Connection) -> rusqlite::Result<WorkCalendar> {
    let mut stmt = conn
        .prepare_cached("SELECT body FROM calendar_years WHERE body IS NOT NULL ORDER BY year")?;
    let bodies = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut years = Vec::new();
    for body in bodies {
        if let Ok(y) = serde_json::from_str::<district_api::CalendarYear>(&body?) {
            years.push(y);
        }
    }
    Ok(WorkCalendar::resolve(years))
}

/// Counts every stored reply margin again on the calendar the store now holds (after the
/// calendar changed). Linear in the finished lead tickets; rare.
pub(crate) fn recompute_margins(conn: &Connection) -> rusqlite::Result<()> {
    let calendar = store_calendar(conn)?;
    let rows: Vec<(String, i64, i64)> = {
        let mut stmt = conn.prepare(
            "SELECT ticket_id, last_reply_at, reply_due_at FROM ticket_facts
             WHERE margin_ws IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut set =
        conn.prepare("UPDATE ticket_facts SET margin_ws = ?1, margin_b = ?2 WHERE ticket_id = ?3")?;
    let day = OfficeDay::default();
    for (id, reply, due) in rows {
        let margin = desk_domain::assessment::working_seconds_between(&calendar, day, reply, due);
        set.execute(params![margin, value_bucket(margin), id])?;
    }
    Ok(())
}

/// Migration hook (016): the 四早 values of every facts row.
pub(crate) fn backfill_medians(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let calendar = store_calendar(tx)?;
    let facts: Vec<TicketFacts> = {
        let mut stmt = tx.prepare(&format!(
            "SELECT {FACT_COLUMNS} FROM ticket_facts WHERE lead = 1"
        ))?;
        let rows = stmt.query_map([], fact_row)?;
        rows.collect::<Result<_, _>>()?
    };
    let mut set =
        tx.prepare("UPDATE ticket_facts SET ack_s = ?1, margin_ws = ?2 WHERE ticket_id = ?3")?;
    let day = OfficeDay::default();
    for f in &facts {
        set.execute(params![
            f.ack_seconds(),
            f.margin_working_seconds(&calendar, day),
            f.id
        ])?;
    }
    Ok(())
}

/// What a facts row keeps beside the ticket's facts (migrations 015, 016 and 019): its
/// title and its 四早 values (their buckets follow from them).
struct Kept<'a> {
    title: &'a str,
    ack: Option<i64>,
    margin: Option<i64>,
}

/// (Re)writes a facts row in one insert (the triggers of 015 and 019 count it as it is
/// written). `kept`: `None` only in migration 014's hook (those columns come with later
/// migrations, whose hooks fill them).
fn write_facts(conn: &Connection, f: &TicketFacts, kept: Option<Kept<'_>>) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM ticket_facts WHERE ticket_id = ?1")?
        .execute([&f.id])?;
    let (kept_columns, kept_values) = if kept.is_some() {
        (
            ", flags, title, ack_s, margin_ws, ack_b, margin_b",
            ", ?18, ?19, ?20, ?21, ?22, ?23",
        )
    } else {
        ("", "")
    };
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO ticket_facts (dispatched_at, ticket_id, lead, status, category, matter,
             ack_due_at, acked_at, reply_due_at, last_reply_at, redo_count, callback_process,
             callback_result, extension, supervision, opinion_due_at, opinion_at{kept_columns})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17{kept_values})"
    ))?;
    let process = f.callback_process.as_ref().map(|p| p.as_str());
    let result = f.callback_result.as_ref().map(|r| r.as_str());
    let extension = f.extension.as_ref().map(|e| e.as_str());
    let supervision = f.supervision.as_ref().map(|s| s.as_str());
    let status = f.status.as_str();
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![
        &f.dispatched_at,
        &f.id,
        &f.lead,
        &status,
        &f.category,
        &f.matter,
        &f.ack_due_at,
        &f.acked_at,
        &f.reply_due_at,
        &f.last_reply_at,
        &f.redo_count,
        &process,
        &result,
        &extension,
        &supervision,
        &f.opinion_due_at,
        &f.opinion_at,
    ];
    let flags = f.fixed_flags();
    let buckets = kept
        .as_ref()
        .map(|k| (k.ack.map(value_bucket), k.margin.map(value_bucket)));
    if let (Some(k), Some((ack_b, margin_b))) = (&kept, &buckets) {
        values.extend::<[&dyn rusqlite::ToSql; 6]>([
            &flags, &k.title, &k.ack, &k.margin, ack_b, margin_b,
        ]);
    }
    insert.execute(values.as_slice())?;
    Ok(())
}

/// Migration hook (014): the facts of every ticket cached before.
pub(crate) fn backfill_facts(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    use rusqlite::OptionalExtension;
    let unit_id: String = tx
        .query_row(
            "SELECT json_extract(value, '$.unit_id') FROM settings WHERE key = 'officer'",
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten()
        .unwrap_or_default();
    let mut stmt = tx.prepare("SELECT body FROM tickets")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let body: String = row.get(0)?;
        // A row that does not parse is left out rather than failing the upgrade.
        if let Ok(t) = serde_json::from_str::<Ticket>(&body) {
            write_facts(tx, &TicketFacts::from_ticket(&t, &unit_id), None)?;
        }
    }
    Ok(())
}

/// Migration hook (015): the flags of every facts row, then the daily totals from them.
pub(crate) fn backfill_daily(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let facts: Vec<TicketFacts> = {
        let mut stmt = tx.prepare(&format!("SELECT {FACT_COLUMNS} FROM ticket_facts"))?;
        let rows = stmt.query_map([], fact_row)?;
        rows.collect::<Result<_, _>>()?
    };
    {
        // No trigger on UPDATE: the totals are filled once below.
        let mut set = tx.prepare("UPDATE ticket_facts SET flags = ?1 WHERE ticket_id = ?2")?;
        for f in &facts {
            set.execute(params![f.fixed_flags(), f.id])?;
        }
    }
    tx.execute(
        "UPDATE ticket_facts SET title = coalesce(
             (SELECT CASE WHEN json_valid(body) THEN json_extract(body, '$.title') END
              FROM tickets WHERE id = ticket_id), '')",
        [],
    )?;
    let sums = (0..DAILY_COLUMNS.len())
        .map(|i| format!("sum((flags >> {i}) & 1)"))
        .collect::<Vec<_>>()
        .join(", ");
    tx.execute(
        &format!(
            "INSERT INTO assessment_daily (day, matter, category, {cols})
             SELECT (dispatched_at + 28800) / 86400, matter, category, {sums}
             FROM ticket_facts WHERE flags != 0 GROUP BY 1, 2, 3",
            cols = DAILY_COLUMNS.join(", ")
        ),
        [],
    )?;
    Ok(())
}

/// The columns of `assessment_daily`'s totals, in the order of `FIXED_FIGURES`.
const DAILY_COLUMNS: [&str; desk_domain::assessment::FIXED_FIGURES.len()] = [
    "dispatched",
    "acked_on_time",
    "finished",
    "finished_on_time",
    "redo_tickets",
    "callbacks",
    "process_satisfied",
    "result_resolved",
    "extensions_requested",
    "extensions_approved",
    "supervised",
    "yellow_cards",
    "red_cards",
    "opinions_due",
    "opinions_on_time",
];

/// The statuses of open tickets, written as the partial index `ticket_facts_open`
/// (migration 015) is, so that SQLite uses it.
const OPEN_STATUSES: &str = "status IN ('pending_ack', 'in_progress', 'redo')";

const BEIJING_OFFSET: i64 = 8 * 3600;

/// The day number `assessment_daily.day` of a Beijing midnight (or of any instant that
/// day).
fn beijing_day(t: i64) -> i64 {
    (t + BEIJING_OFFSET).div_euclid(86_400)
}

fn totals_at(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Totals> {
    let mut t = Totals::default();
    for (i, n) in t.0.iter_mut().enumerate() {
        let v: i64 = r.get::<_, Option<i64>>(first + i)?.unwrap_or(0);
        *n = u32::try_from(v).unwrap_or(0);
    }
    Ok(t)
}

const FACT_COLUMNS: &str = "ticket_id, lead, status, category, matter, dispatched_at, ack_due_at,
    acked_at, reply_due_at, last_reply_at, redo_count, callback_process, callback_result,
    extension, supervision, opinion_due_at, opinion_at";

fn fact_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TicketFacts> {
    Ok(TicketFacts {
        id: r.get(0)?,
        lead: r.get(1)?,
        status: TicketStatus::from_wire(&r.get::<_, String>(2)?),
        category: r.get(3)?,
        matter: r.get(4)?,
        dispatched_at: r.get(5)?,
        ack_due_at: r.get(6)?,
        acked_at: r.get(7)?,
        reply_due_at: r.get(8)?,
        last_reply_at: r.get(9)?,
        first_contact_at: None,
        redo_count: r.get(10)?,
        callback_process: opt_enum(r.get(11)?, ProcessSatisfaction::from_wire),
        callback_result: opt_enum(r.get(12)?, CallbackResult::from_wire),
        extension: opt_enum(r.get(13)?, ExtensionStatus::from_wire),
        supervision: opt_enum(r.get(14)?, SupervisionLevel::from_wire),
        opinion_due_at: r.get(15)?,
        opinion_at: r.get(16)?,
    })
}

/// Facts with nothing in them, for the narrow reads to fill in.
fn time_facts() -> TicketFacts {
    TicketFacts {
        id: String::new(),
        lead: false,
        status: TicketStatus::from_wire(""),
        category: String::new(),
        matter: String::new(),
        dispatched_at: 0,
        ack_due_at: 0,
        acked_at: None,
        reply_due_at: 0,
        last_reply_at: None,
        first_contact_at: None,
        redo_count: 0,
        callback_process: None,
        callback_result: None,
        extension: None,
        supervision: None,
        opinion_due_at: None,
        opinion_at: None,
    }
}

fn opt_enum<T>(s: Option<String>, f: fn(&str) -> T) -> Option<T> {
    s.map(|s| f(&s))
}

impl Store {
    /// The facts of the tickets dispatched in `[start, end)` (unix seconds), by dispatch
    /// time.
    pub fn assessment_facts(&self, start: i64, end: i64) -> Result<Vec<TicketFacts>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FACT_COLUMNS} FROM ticket_facts
             WHERE dispatched_at >= ?1 AND dispatched_at < ?2
             ORDER BY dispatched_at, ticket_id"
        ))?;
        let rows = stmt.query_map(params![start, end], fact_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The facts of the OPEN tickets (`pending_ack`, `in_progress`, `redo`) dispatched in
    /// `[start, end)`, by dispatch time: the only ones whose figures depend on the instant.
    /// Only what those figures read (id, lead, status, matter, category, dispatch and
    /// reply deadline; the rest empty), from the covering partial index of migration 015:
    /// linear in the open tickets, not in the cache.
    pub fn open_assessment_facts(
        &self,
        start: i64,
        end: i64,
    ) -> Result<Vec<TicketFacts>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT ticket_id, lead, status, matter, category, dispatched_at, reply_due_at
             FROM ticket_facts INDEXED BY ticket_facts_open
             WHERE {OPEN_STATUSES} AND dispatched_at >= ?1 AND dispatched_at < ?2
             ORDER BY dispatched_at"
        ))?;
        let rows = stmt.query_map(params![start, end], |r| {
            Ok(TicketFacts {
                id: r.get(0)?,
                lead: r.get(1)?,
                status: TicketStatus::from_wire(&r.get::<_, String>(2)?),
                matter: r.get(3)?,
                category: r.get(4)?,
                dispatched_at: r.get(5)?,
                reply_due_at: r.get(6)?,
                ..time_facts()
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The totals of the time-independent figures of the tickets dispatched in
    /// `[start, end)` (Beijing midnights), per Beijing day (its 00:00 in unix seconds), by
    /// day. Reads the daily totals of migration 015: a few rows per day, whatever the
    /// cache's size.
    pub fn assessment_daily_totals(
        &self,
        start: i64,
        end: i64,
    ) -> Result<Vec<(i64, Totals)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT day, {sums} FROM assessment_daily
             WHERE day >= ?1 AND day < ?2 GROUP BY day ORDER BY day",
            sums = DAILY_COLUMNS.map(|c| format!("sum({c})")).join(", ")
        ))?;
        let rows = stmt.query_map(params![beijing_day(start), beijing_day(end)], |r| {
            Ok((
                r.get::<_, i64>(0)? * 86_400 - BEIJING_OFFSET,
                totals_at(r, 1)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The totals of the time-independent figures of the tickets dispatched in
    /// `[start, end)` (Beijing midnights), per (matter, category).
    pub fn assessment_group_totals(
        &self,
        start: i64,
        end: i64,
    ) -> Result<Vec<(String, String, Totals)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT matter, category, {sums} FROM assessment_daily
             WHERE day >= ?1 AND day < ?2 GROUP BY matter, category",
            sums = DAILY_COLUMNS.map(|c| format!("sum({c})")).join(", ")
        ))?;
        let rows = stmt.query_map(params![beijing_day(start), beijing_day(end)], |r| {
            Ok((r.get(0)?, r.get(1)?, totals_at(r, 2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The 四早 values (ack and reply margin; the contact comes from the outbox) of the
    /// LEAD tickets dispatched in `[start, end)`, per (matter, category): for the medians
    /// of each breakdown row. Reads the integers kept per ticket (migration 016) from one
    /// covering index: linear in the period's lead tickets, but a few integers each. The
    /// medians of the whole period need not: [`Store::assessment_middle_values`].
    pub fn assessment_median_values(
        &self,
        start: i64,
        end: i64,
    ) -> Result<Vec<(String, String, MedianValues)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT matter, category, ack_s, margin_ws FROM ticket_facts INDEXED BY ticket_facts_lead
             WHERE lead = 1 AND dispatched_at >= ?1 AND dispatched_at < ?2
               AND (ack_s IS NOT NULL OR margin_ws IS NOT NULL)",
        )?;
        let mut rows = stmt.query(params![start, end])?;
        let mut groups: Vec<(String, String, MedianValues)> = Vec::new();
        let mut last = 0usize;
        while let Some(r) = rows.next()? {
            let matter = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let category = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let hit = |g: &(String, String, MedianValues)| g.0 == matter && g.1 == category;
            let i = match groups.get(last) {
                Some(g) if hit(g) => last,
                _ => match groups.iter().position(hit) {
                    Some(i) => i,
                    None => {
                        groups.push((
                            matter.to_owned(),
                            category.to_owned(),
                            MedianValues::default(),
                        ));
                        groups.len() - 1
                    }
                },
            };
            last = i;
            let (ack, margin): (Option<i64>, Option<i64>) = (r.get(2)?, r.get(3)?);
            if let Some(g) = groups.get_mut(i) {
                g.2.ack_s.extend(ack);
                g.2.margin_ws.extend(margin);
            }
        }
        Ok(groups)
    }

    /// The middle values of a 四早 kind over the LEAD tickets dispatched in `[start, end)`
    /// (Beijing midnights): the values at ranks `(n - 1) / 2` and `n / 2` of the `n` kept
    /// values in order (the same value twice for an odd `n`), `None` for none; what
    /// `median_scaled` makes the median of. The period's bucket counts (migration 019)
    /// give the buckets holding the two ranks; only those buckets' values of the period
    /// are read. Should the counts and the values ever disagree, the values are read
    /// whole, as before 019, and a warning logged.
    pub fn assessment_middle_values(
        &self,
        kind: MedianKind,
        start: i64,
        end: i64,
    ) -> Result<Option<(i64, i64)>, StoreError> {
        let (kind_no, bucket_col, value_col, index) = match kind {
            MedianKind::Ack => (0, "ack_b", "ack_s", "ticket_facts_ack_b"),
            MedianKind::Margin => (1, "margin_b", "margin_ws", "ticket_facts_margin_b"),
        };
        let counts: Vec<(i64, i64)> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT bucket, sum(n) FROM assessment_buckets
                 WHERE day >= ?1 AND day < ?2 AND kind = ?3
                 GROUP BY bucket HAVING sum(n) > 0 ORDER BY bucket",
            )?;
            let rows = stmt.query_map(
                params![beijing_day(start), beijing_day(end), kind_no],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            rows.collect::<Result<_, _>>()?
        };
        let total: i64 = counts.iter().map(|c| c.1).sum();
        if total == 0 {
            return Ok(None);
        }
        // Each rank's bucket, its count, and the rank within it.
        let locate = |rank: i64| {
            let mut before = 0;
            for &(bucket, n) in &counts {
                if rank < before + n {
                    return Some((bucket, n, rank - before));
                }
                before += n;
            }
            None
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {value_col} FROM ticket_facts INDEXED BY {index}
             WHERE lead = 1 AND {bucket_col} = ?1 AND dispatched_at >= ?2 AND dispatched_at < ?3"
        ))?;
        // The lower rank's bucket, then the upper's (the same one, or a later one).
        let mut read: Option<(i64, Vec<i64>)> = None;
        let mut middle = [0i64; 2];
        for (slot, rank) in middle.iter_mut().zip([(total - 1) / 2, total / 2]) {
            let Some((bucket, n, within)) = locate(rank) else {
                return self.middle_values_whole(kind, start, end);
            };
            if read.as_ref().map(|r| r.0) != Some(bucket) {
                let rows = stmt.query_map(params![bucket, start, end], |r| r.get(0))?;
                let mut values: Vec<i64> = rows.collect::<Result<_, _>>()?;
                if i64::try_from(values.len()).ok() != Some(n) {
                    return self.middle_values_whole(kind, start, end);
                }
                values.sort_unstable();
                read = Some((bucket, values));
            }
            let value = read
                .as_ref()
                .and_then(|r| usize::try_from(within).ok().and_then(|i| r.1.get(i)));
            let Some(value) = value else {
                return self.middle_values_whole(kind, start, end);
            };
            *slot = *value;
        }
        Ok(Some((middle[0], middle[1])))
    }

    /// [`Store::assessment_middle_values`] from every kept value of the period (the
    /// bucket counts disagreed with the values: never in a cache these triggers kept).
    fn middle_values_whole(
        &self,
        kind: MedianKind,
        start: i64,
        end: i64,
    ) -> Result<Option<(i64, i64)>, StoreError> {
        tracing::warn!(
            ?kind,
            "assessment bucket counts disagree with the kept values; reading every value"
        );
        let mut values: Vec<i64> = self
            .assessment_median_values(start, end)?
            .into_iter()
            .flat_map(|(_, _, v)| match kind {
                MedianKind::Ack => v.ack_s,
                MedianKind::Margin => v.margin_ws,
            })
            .collect();
        values.sort_unstable();
        let n = values.len();
        Ok(
            match (values.get(n.wrapping_sub(1) / 2), values.get(n / 2)) {
                (Some(lo), Some(hi)) if n > 0 => Some((*lo, *hi)),
                _ => None,
            },
        )
    }

    /// Of `ids`, the LEAD tickets dispatched in `[start, end)`: id, dispatch time, matter
    /// and category (for the contact median's values, from the outbox).
    pub fn assessment_lead_among(
        &self,
        ids: &[String],
        start: i64,
        end: i64,
    ) -> Result<Vec<(String, i64, String, String)>, StoreError> {
        let ids_json = serde_json::to_string(ids).map_err(StoreError::Encode)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT ticket_id, dispatched_at, matter, category FROM ticket_facts
             WHERE ticket_id IN (SELECT value FROM json_each(?1))
               AND lead = 1 AND dispatched_at >= ?2 AND dispatched_at < ?3",
        )?;
        let rows = stmt.query_map(params![ids_json, start, end], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The OPEN LEAD tickets dispatched in `[start, end)` (Beijing midnights) whose reply
    /// deadline is in `[due_from, due_to)` (`None`: since ever), counted per (Beijing day
    /// of dispatch, matter, category); a group may come more than once, and counts may be
    /// negative: callers add them up. The deadline days from `due_from`'s to `due_to`'s
    /// come from the counts of migration 019; the part of `due_from`'s day before it is
    /// taken away, the part of `due_to`'s day before it added, both counted in the open
    /// tickets' deadline index (`ticket_facts_open_before`: the tickets due that day before
    /// the instant). So the cost follows the open tickets' (dispatch day, deadline day,
    /// group) combinations and the open tickets due earlier on the instant's day (few in
    /// working hours: deadlines cluster at the end of the office day), never the cache.
    fn open_counts(
        &self,
        start: i64,
        end: i64,
        due_from: Option<i64>,
        due_to: i64,
    ) -> Result<Vec<(i64, String, String, i64)>, StoreError> {
        let day_start = |day: i64| day * 86_400 - BEIJING_OFFSET;
        let (first_day, last_day) = (due_from.map_or(i64::MIN, beijing_day), beijing_day(due_to));
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, matter, category, sum(n) FROM assessment_open
             WHERE day >= ?1 AND day < ?2 AND due_day >= ?3 AND due_day < ?4 AND n != 0
             GROUP BY day, matter, category",
        )?;
        let rows = stmt.query_map(
            params![beijing_day(start), beijing_day(end), first_day, last_day],
            |r| Ok((day_start(r.get(0)?), r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        for row in rows {
            out.push(row?);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT (dispatched_at + {BEIJING_OFFSET}) / 86400, matter, category, count(*)
             FROM ticket_facts INDEXED BY ticket_facts_open_before
             WHERE lead = 1 AND {OPEN_STATUSES}
               AND (reply_due_at + {BEIJING_OFFSET}) / 86400 = ?1 AND reply_due_at < ?2
               AND dispatched_at >= ?3 AND dispatched_at < ?4
             GROUP BY 1, 2, 3"
        ))?;
        let edges = [(due_from, -1i64), (Some(due_to), 1)];
        for (t, sign) in edges {
            let Some(t) = t.filter(|&t| day_start(beijing_day(t)) < t) else {
                continue;
            };
            let rows = stmt.query_map(params![beijing_day(t), t, start, end], |r| {
                Ok((
                    day_start(r.get(0)?),
                    r.get(1)?,
                    r.get(2)?,
                    sign * r.get::<_, i64>(3)?,
                ))
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }

    /// The LEAD tickets dispatched in `[start, end)` (Beijing midnights), open and
    /// overdue at `at` (reply deadline before it), counted per (matter, category).
    pub fn assessment_overdue_groups(
        &self,
        start: i64,
        end: i64,
        at: i64,
    ) -> Result<Vec<(String, String, u32)>, StoreError> {
        let mut groups: std::collections::BTreeMap<(String, String), i64> =
            std::collections::BTreeMap::new();
        for (_, matter, category, n) in self.open_counts(start, end, None, at)? {
            *groups.entry((matter, category)).or_default() += n;
        }
        Ok(groups
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|((m, c), n)| (m, c, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }

    /// [`Store::assessment_overdue_groups`] per Beijing day of dispatch (its 00:00), by day.
    pub fn assessment_overdue_days(
        &self,
        start: i64,
        end: i64,
        at: i64,
    ) -> Result<Vec<(i64, u32)>, StoreError> {
        let mut days: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
        for (day, _, _, n) in self.open_counts(start, end, None, at)? {
            *days.entry(day).or_default() += n;
        }
        Ok(days
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(d, n)| (d, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }

    /// The projection's tickets at risk: the open LEAD tickets dispatched in `[start,
    /// end)` (Beijing midnights), not overdue at `at` (deadline at or after it) and due
    /// before `horizon`. Their number, and the first `limit` of them (all without a
    /// limit) by deadline then id: (id, title, reply deadline). The list walks the open
    /// tickets' deadline index from `at`.
    pub fn assessment_at_risk(
        &self,
        start: i64,
        end: i64,
        at: i64,
        horizon: i64,
        limit: Option<u32>,
    ) -> Result<(u32, Vec<AtRisk>), StoreError> {
        let count: i64 = if at < horizon {
            self.open_counts(start, end, Some(at), horizon)?
                .iter()
                .map(|r| r.3)
                .sum()
        } else {
            0
        };
        // Deadline day by deadline day (the days holding any come from the counts), each
        // day's tickets of the period from the deadline-day index, until `limit`.
        let days: Vec<i64> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT due_day FROM assessment_open
                 WHERE day >= ?1 AND day < ?2 AND due_day >= ?3 AND due_day <= ?4
                 GROUP BY due_day HAVING sum(n) > 0 ORDER BY due_day",
            )?;
            let rows = stmt.query_map(
                params![
                    beijing_day(start),
                    beijing_day(end),
                    beijing_day(at),
                    beijing_day(horizon)
                ],
                |r| r.get(0),
            )?;
            rows.collect::<Result<_, _>>()?
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.ticket_id, f.title, f.reply_due_at FROM ticket_facts f
             JOIN (SELECT ticket_id, reply_due_at
                   FROM ticket_facts INDEXED BY ticket_facts_open_due
                   WHERE lead = 1 AND {OPEN_STATUSES}
                     AND (reply_due_at + {BEIJING_OFFSET}) / 86400 = ?1
                     AND dispatched_at >= ?2 AND dispatched_at < ?3
                     AND reply_due_at >= ?4 AND reply_due_at < ?5
                   ORDER BY reply_due_at, ticket_id LIMIT ?6) r USING (ticket_id)
             ORDER BY r.reply_due_at, r.ticket_id"
        ))?;
        let mut list: Vec<AtRisk> = Vec::new();
        for day in days {
            // SQLite's LIMIT -1: no limit.
            let left = match limit.map(|l| i64::from(l) - list.len() as i64) {
                Some(left) if left <= 0 => break,
                Some(left) => left,
                None => -1,
            };
            let rows = stmt.query_map(params![day, start, end, at, horizon, left], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            for row in rows {
                list.push(row?);
            }
        }
        Ok((u32::try_from(count).unwrap_or(u32::MAX), list))
    }

    /// The daily totals as kept, per (Beijing day's 00:00, matter, category), without the
    /// groups left at zero: for checking them against a recount.
    pub fn assessment_daily_groups(
        &self,
    ) -> Result<Vec<(i64, String, String, Totals)>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT day, matter, category, {cols} FROM assessment_daily
             ORDER BY day, matter, category",
            cols = DAILY_COLUMNS.join(", ")
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)? * 86_400 - BEIJING_OFFSET,
                r.get(1)?,
                r.get(2)?,
                totals_at(r, 3)?,
            ))
        })?;
        let all: Vec<_> = rows.collect::<Result<_, _>>()?;
        Ok(all
            .into_iter()
            .filter(|g| g.3 != Totals::default())
            .collect())
    }

    /// The titles of the cached tickets among `ids` (the projection's at-risk list), from
    /// their facts rows (migration 015), without parsing whole tickets.
    pub fn ticket_titles(&self, ids: &[String]) -> Result<TitlesById, StoreError> {
        let ids_json = serde_json::to_string(ids).map_err(StoreError::Encode)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT ticket_id, title FROM ticket_facts
             WHERE ticket_id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([ids_json], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The cached tickets among `ids` (matching `search`, if any), in work order: the
    /// total and one page. For the list filtered by a figure.
    pub fn tickets_among(
        &self,
        ids: &[String],
        search: Option<&str>,
        offset: u32,
        limit: u32,
    ) -> Result<(u32, Vec<Ticket>), StoreError> {
        let ids_json = serde_json::to_string(ids).map_err(StoreError::Encode)?;
        let (fts, needle) = match search {
            Some(q) => match crate::search::plan(q) {
                Some(plan) => (Some(plan.fts), Some(plan.needle)),
                // Nothing to search for matches nothing.
                None => return Ok((0, Vec::new())),
            },
            None => (None, None),
        };
        let filter = "FROM tickets
             WHERE id IN (SELECT value FROM json_each(?1))
               AND (?2 IS NULL OR (rowid IN (SELECT rowid FROM ticket_search
                                             WHERE ticket_search MATCH ?2)
                                   AND instr(search_norm, ?3) > 0))";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) {filter}"),
            params![ids_json, fts, needle],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, body {filter} ORDER BY order_group, order_key, id LIMIT ?4 OFFSET ?5"
        ))?;
        let rows = stmt.query_map(params![ids_json, fts, needle, limit, offset], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let tickets = rows
            .map(|row| {
                let (id, body) = row?;
                serde_json::from_str(&body).map_err(|source| StoreError::CorruptRow { id, source })
            })
            .collect::<Result<Vec<Ticket>, StoreError>>()?;
        Ok((u32::try_from(total).unwrap_or(u32::MAX), tickets))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::{Change, Store};
    use district_api::{RemovalReason, Ticket};

    fn ticket(version: i64, status: &str) -> Ticket {
        serde_json::from_value(serde_json::json!({
            "id": "TQ1", "version": version, "title": "路灯", "category": "help",
            "matter": "城市管理/路灯", "channel": "phone", "urgency": "normal",
            "our_role": "lead", "lead_unit": {"id": "U", "name": "我们"},
            "status": status,
            "dispatched_at": "2026-11-30T23:59:00+08:00",
            "ack_due_at": "2026-12-01T10:00:00+08:00",
            "reply_due_at": "2026-12-07T18:00:00+08:00",
            "history": [{"at": "2026-12-02T09:00:00+08:00", "actor": "a", "action": "reply"}]
        }))
        .expect("ticket")
    }

    fn november(store: &Store) -> Vec<desk_domain::assessment::TicketFacts> {
        let p = desk_domain::assessment::Period::month("2026-11").expect("month");
        store.assessment_facts(p.start, p.end).expect("facts")
    }

    /// A ticket's facts row follows its newest version and leaves with it; a ticket
    /// dispatched at 23:59 on the last day belongs to that month.
    #[test]
    fn facts_follow_the_cached_ticket() {
        let mut store = Store::open_in_memory().expect("store");
        store
            .apply_changes("U", &[Change::Ticket(Box::new(ticket(1, "in_progress")))])
            .expect("apply");
        let facts = november(&store);
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].status.as_str(), "in_progress");
        assert_eq!(facts[0].category, "help");
        assert!(facts[0].last_reply_at.is_some());
        store
            .apply_changes("U", &[Change::Ticket(Box::new(ticket(2, "replied")))])
            .expect("apply");
        let facts = november(&store);
        assert_eq!(facts.len(), 1, "one row per ticket");
        assert_eq!(facts[0].status.as_str(), "replied");
        store
            .apply_changes(
                "U",
                &[Change::Removed {
                    ticket_id: "TQ1".into(),
                    version: Some(2),
                    reason: RemovalReason::Reassigned,
                    at: chrono::DateTime::parse_from_rfc3339("2026-12-03T09:00:00+08:00")
                        .expect("t"),
                }],
            )
            .expect("remove");
        assert!(november(&store).is_empty());
    }

    /// A lead ticket of unit `U` dispatched 2026-11-30 23:59, with `extra`'s fields set
    /// over the defaults.
    pub(crate) fn ticket_of(
        id: &str,
        version: i64,
        status: &str,
        extra: serde_json::Value,
    ) -> Ticket {
        let mut v = serde_json::json!({
            "id": id, "version": version, "title": "路灯", "category": "help",
            "matter": "城市管理/路灯", "channel": "phone", "urgency": "normal",
            "our_role": "lead", "lead_unit": {"id": "U", "name": "我们"},
            "status": status,
            "dispatched_at": "2026-11-30T23:59:00+08:00",
            "ack_due_at": "2026-12-01T10:00:00+08:00",
            "reply_due_at": "2026-12-07T18:00:00+08:00",
        });
        if let (Some(v), Some(extra)) = (v.as_object_mut(), extra.as_object()) {
            for (k, x) in extra {
                v.insert(k.clone(), x.clone());
            }
        }
        serde_json::from_value(v).expect("ticket")
    }

    /// The daily totals recounted from scratch: every facts row's figures (decided in
    /// Rust) added up per (Beijing day, matter, category).
    fn recount(store: &Store) -> Vec<(i64, String, String, desk_domain::assessment::Totals)> {
        use std::collections::BTreeMap;
        let mut groups: BTreeMap<(i64, String, String), desk_domain::assessment::Totals> =
            BTreeMap::new();
        for f in store
            .assessment_facts(0, i64::from(u32::MAX))
            .expect("facts")
        {
            let day = (f.dispatched_at + 8 * 3600).div_euclid(86_400) * 86_400 - 8 * 3600;
            groups
                .entry((day, f.matter.clone(), f.category.clone()))
                .or_default()
                .add_flags(f.fixed_flags());
        }
        groups
            .into_iter()
            .filter(|(_, t)| *t != desk_domain::assessment::Totals::default())
            .map(|((d, m, c), t)| (d, m, c, t))
            .collect()
    }

    /// The 四早 values kept per lead ticket (migration 016), sorted per group.
    fn kept_medians(store: &Store) -> Vec<(String, String, Vec<i64>, Vec<i64>)> {
        let mut out: Vec<_> = store
            .assessment_median_values(0, i64::from(u32::MAX))
            .expect("values")
            .into_iter()
            .map(|(m, c, mut v)| {
                v.ack_s.sort_unstable();
                v.margin_ws.sort_unstable();
                (m, c, v.ack_s, v.margin_ws)
            })
            .collect();
        out.sort();
        out
    }

    /// The same values worked out from scratch from every facts row, on the calendar the
    /// store holds.
    fn recount_medians(store: &Store) -> Vec<(String, String, Vec<i64>, Vec<i64>)> {
        use std::collections::BTreeMap;
        let cal = super::store_calendar(&store.conn).expect("calendar");
        let day = desk_domain::assessment::OfficeDay::default();
        let mut groups: BTreeMap<(String, String), (Vec<i64>, Vec<i64>)> = BTreeMap::new();
        for f in store
            .assessment_facts(0, i64::from(u32::MAX))
            .expect("facts")
        {
            let (ack, margin) = (f.ack_seconds(), f.margin_working_seconds(&cal, day));
            if ack.is_none() && margin.is_none() {
                continue;
            }
            let g = groups
                .entry((f.matter.clone(), f.category.clone()))
                .or_default();
            g.0.extend(ack);
            g.1.extend(margin);
        }
        groups
            .into_iter()
            .map(|((m, c), (mut a, mut r))| {
                a.sort_unstable();
                r.sort_unstable();
                (m, c, a, r)
            })
            .collect()
    }

    /// The bucket counts kept by triggers (migration 019) equal a count of every facts
    /// row's values, and the middle values read through them equal those of the sorted
    /// values, for periods that hold all, some or none of the tickets.
    fn check_buckets(store: &Store, what: &str) {
        use super::{MedianKind, value_bucket};
        use desk_domain::assessment::Period;
        use std::collections::BTreeMap;
        let kept: BTreeMap<(i64, i64, i64), i64> = {
            let mut stmt = store
                .conn
                .prepare("SELECT day, kind, bucket, n FROM assessment_buckets WHERE n != 0")
                .expect("buckets");
            let rows = stmt
                .query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)))
                .expect("rows");
            rows.collect::<Result<_, _>>().expect("rows")
        };
        let cal = super::store_calendar(&store.conn).expect("calendar");
        let office = desk_domain::assessment::OfficeDay::default();
        let facts = store
            .assessment_facts(0, i64::from(u32::MAX))
            .expect("facts");
        let mut want: BTreeMap<(i64, i64, i64), i64> = BTreeMap::new();
        for f in &facts {
            let day = (f.dispatched_at + 8 * 3600).div_euclid(86_400);
            for (kind, v) in [
                (0, f.ack_seconds()),
                (1, f.margin_working_seconds(&cal, office)),
            ] {
                if let Some(v) = v {
                    *want.entry((day, kind, value_bucket(v))).or_default() += 1;
                }
            }
        }
        assert_eq!(kept, want, "bucket counts after {what}");
        for p in [
            Period::parse("2026-11-01", "2026-12-31").expect("period"),
            Period::month("2026-11").expect("month"),
            Period::parse("2026-11-29", "2026-11-29").expect("day"),
            Period::month("2027-01").expect("month"),
        ] {
            let in_period: Vec<_> = facts
                .iter()
                .filter(|f| f.dispatched_at >= p.start && f.dispatched_at < p.end)
                .collect();
            for (kind, values) in [
                (
                    MedianKind::Ack,
                    in_period
                        .iter()
                        .filter_map(|f| f.ack_seconds())
                        .collect::<Vec<_>>(),
                ),
                (
                    MedianKind::Margin,
                    in_period
                        .iter()
                        .filter_map(|f| f.margin_working_seconds(&cal, office))
                        .collect(),
                ),
            ] {
                assert_eq!(
                    store
                        .assessment_middle_values(kind, p.start, p.end)
                        .expect("middle"),
                    sorted_middles(values),
                    "{kind:?} middles in {p:?} after {what}"
                );
            }
        }
    }

    /// The values at ranks (n - 1) / 2 and n / 2 of `values` in order.
    fn sorted_middles(mut values: Vec<i64>) -> Option<(i64, i64)> {
        values.sort_unstable();
        let n = values.len();
        (n > 0).then(|| (values[(n - 1) / 2], values[n / 2]))
    }

    /// A bucket holds a narrow range of values, in order: the value itself below 16, then
    /// at most an eighth of the values' size; negative values below zero. Checked across
    /// every value near each power of two and at the ends of `i64`.
    #[test]
    fn value_buckets_are_ordered_and_narrow() {
        use super::value_bucket;
        assert_eq!(
            [0, 1, 15, 16, 17, 18, 31, 32, 36, -1, -2, -16, -17].map(value_bucket),
            [0, 1, 15, 16, 16, 17, 23, 24, 25, -1, -2, -16, -17]
        );
        let mut probes: Vec<i64> = (-40..40).collect();
        for e in 4..62 {
            let p = 1i64 << e;
            for d in [-3, -2, -1, 0, 1, 2, 3] {
                probes.extend([p + d, -(p + d)]);
            }
        }
        probes.extend([i64::MIN, i64::MIN + 1, i64::MAX - 1, i64::MAX]);
        probes.sort_unstable();
        for w in probes.windows(2) {
            assert!(
                value_bucket(w[0]) <= value_bucket(w[1]),
                "{} then {}",
                w[0],
                w[1]
            );
        }
        // Equal buckets: values within an eighth of each other.
        for w in probes.windows(2) {
            if value_bucket(w[0]) == value_bucket(w[1]) {
                let (a, b) = (w[0].unsigned_abs(), w[1].unsigned_abs());
                assert!(a.abs_diff(b) <= a.max(b) / 8, "{} and {}", w[0], w[1]);
            }
        }
    }

    /// The period's middle values through the buckets equal those of the sorted values
    /// for many tickets: acks that repeat and cluster in a few buckets, margins on both
    /// sides of zero, and periods of every shape; and stay right (read whole) when the
    /// kept counts were damaged.
    #[test]
    fn middle_values_through_buckets_equal_the_sorted_values() {
        use super::MedianKind;
        use desk_domain::assessment::Period;
        use serde_json::json;
        let mut store = Store::open_in_memory().expect("store");
        let base = chrono::DateTime::parse_from_rfc3339("2026-11-01T08:00:00+08:00")
            .expect("t")
            .timestamp();
        let iso = |t: i64| {
            chrono::DateTime::from_timestamp(t, 0)
                .expect("t")
                .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("tz"))
                .to_rfc3339()
        };
        let mut seed = 7u64;
        let mut next = move |m: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) % m) as i64
        };
        let mut changes = Vec::new();
        for i in 0..400 {
            let dispatched = base + next(40) * 86_400 + next(36_000);
            // Most acks within the hour, on the minute; some late and to the second.
            let ack = if i % 5 == 0 {
                next(200_000)
            } else {
                60 * (5 + next(50))
            };
            let reply = dispatched + 3600 + next(14 * 86_400);
            changes.push(Change::Ticket(Box::new(ticket_of(
                &format!("T{i:03}"),
                1,
                if i % 3 == 0 { "in_progress" } else { "replied" },
                json!({
                    "dispatched_at": iso(dispatched),
                    "reply_due_at": iso(dispatched + 7 * 86_400),
                    "acked_by": {"id": "a", "name": "甲", "at": iso(dispatched + ack)},
                    "history": [{"at": iso(reply), "actor": "a", "action": "reply"}],
                }),
            ))));
        }
        store.apply_changes("U", &changes).expect("apply");
        check_buckets(&store, "400 tickets");
        let periods = [
            Period::parse("2026-11-01", "2026-12-31").expect("p"),
            Period::month("2026-11").expect("p"),
            Period::parse("2026-11-10", "2026-11-10").expect("p"),
            Period::parse("2026-11-03", "2026-11-17").expect("p"),
        ];
        let middles = |store: &Store| {
            periods
                .iter()
                .flat_map(|p| {
                    [MedianKind::Ack, MedianKind::Margin].map(|k| {
                        store
                            .assessment_middle_values(k, p.start, p.end)
                            .expect("middle")
                    })
                })
                .collect::<Vec<_>>()
        };
        let right = middles(&store);
        assert!(right.iter().all(Option::is_some));
        // Counts off by one in every bucket: the values are read whole, the answer stays.
        store
            .conn
            .execute("UPDATE assessment_buckets SET n = n + 1", [])
            .expect("damage");
        assert_eq!(middles(&store), right);
    }

    /// The open lead tickets' counts (migration 019: whole deadline days kept by triggers,
    /// the day of the instant from the index) equal a count over every facts row, for
    /// instants at, just before and between deadlines and Beijing midnights, and periods
    /// that hold all, some or none of the tickets.
    fn check_open_counts(store: &Store, what: &str) {
        use desk_domain::assessment::Period;
        use std::collections::BTreeMap;
        let facts = store
            .assessment_facts(0, i64::from(u32::MAX))
            .expect("facts");
        let open: Vec<_> = facts
            .iter()
            .filter(|f| {
                f.lead && ["pending_ack", "in_progress", "redo"].contains(&f.status.as_str())
            })
            .collect();
        let t = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .expect("instant")
                .timestamp()
        };
        let mut instants = vec![
            t("2026-12-01T00:00:00+08:00"),
            t("2026-12-02T17:59:59+08:00"),
            t("2026-12-07T00:00:00+08:00"),
            t("2026-12-07T17:59:59+08:00"),
            t("2026-12-07T18:00:00+08:00"),
            t("2026-12-07T18:00:01+08:00"),
            t("2026-12-20T12:00:00+08:00"),
        ];
        instants.extend(open.iter().map(|f| f.reply_due_at));
        let periods = [
            Period::parse("2026-11-01", "2026-12-31").expect("period"),
            Period::month("2026-11").expect("month"),
            Period::parse("2026-11-29", "2026-11-29").expect("day"),
            Period::month("2027-01").expect("month"),
        ];
        for p in &periods {
            let in_period: Vec<_> = open
                .iter()
                .filter(|f| f.dispatched_at >= p.start && f.dispatched_at < p.end)
                .collect();
            for &at in &instants {
                let mut want: BTreeMap<(String, String), u32> = BTreeMap::new();
                for f in in_period.iter().filter(|f| f.reply_due_at < at) {
                    *want
                        .entry((f.matter.clone(), f.category.clone()))
                        .or_default() += 1;
                }
                let got: BTreeMap<(String, String), u32> = store
                    .assessment_overdue_groups(p.start, p.end, at)
                    .expect("overdue")
                    .into_iter()
                    .map(|(m, c, n)| ((m, c), n))
                    .collect();
                assert_eq!(got, want, "overdue at {at} in {p:?} after {what}");
                let days: u32 = store
                    .assessment_overdue_days(p.start, p.end, at)
                    .expect("days")
                    .iter()
                    .map(|d| d.1)
                    .sum();
                assert_eq!(
                    days,
                    want.values().sum::<u32>(),
                    "overdue days after {what}"
                );
                for &horizon in &instants {
                    let mut due: Vec<_> = in_period
                        .iter()
                        .filter(|f| f.reply_due_at >= at && f.reply_due_at < horizon)
                        .map(|f| (f.reply_due_at, f.id.clone()))
                        .collect();
                    due.sort();
                    let (count, list) = store
                        .assessment_at_risk(p.start, p.end, at, horizon, None)
                        .expect("at risk");
                    assert_eq!(count as usize, due.len(), "at risk after {what}");
                    let listed: Vec<_> = list.into_iter().map(|(id, _, d)| (d, id)).collect();
                    assert_eq!(listed, due, "at-risk list after {what}");
                    for limit in [1, 2] {
                        let (_, first) = store
                            .assessment_at_risk(p.start, p.end, at, horizon, Some(limit))
                            .expect("at risk");
                        let first: Vec<_> = first.into_iter().map(|(id, _, d)| (d, id)).collect();
                        assert_eq!(first, due[..due.len().min(limit as usize)], "first {limit}");
                    }
                }
            }
        }
    }

    /// A reply margin counts working hours on the calendar the store holds: when the
    /// district's calendar changes (a working day becomes a holiday), every kept margin is
    /// counted again, and equals a count from scratch on the new calendar.
    #[test]
    fn a_calendar_change_recounts_the_reply_margins() {
        use serde_json::json;
        let mut store = Store::open_in_memory().expect("store");
        let replied = |id: &str| {
            Change::Ticket(Box::new(ticket_of(
                id,
                1,
                "replied",
                json!({"history": [{"at": "2026-12-02T09:00:00+08:00", "actor": "a",
                                    "action": "reply"}]}),
            )))
        };
        store
            .apply_changes("U", &[replied("T1"), replied("T2")])
            .expect("apply");
        let before = kept_medians(&store);
        assert_eq!(before, recount_medians(&store));
        // 12-02 (Wednesday) 09:00 to 12-07 (Monday) 18:00 in office days of 08:30-18:00:
        // 9 h on Wednesday, then Thursday, Friday and Monday whole.
        let margin = |v: &[(String, String, Vec<i64>, Vec<i64>)]| v[0].3.clone();
        assert_eq!(margin(&before), vec![9 * 3600 + 3 * 34_200; 2]);
        let year = district_api::CalendarYear {
            year: 2026,
            holidays: vec![chrono::NaiveDate::from_ymd_opt(2026, 12, 4).expect("date")],
            workdays: vec![],
        };
        assert!(
            store
                .record_calendar_year(2026, Some(&year), 1)
                .expect("record")
        );
        let after = kept_medians(&store);
        assert_eq!(after, recount_medians(&store));
        assert_eq!(
            margin(&after),
            vec![9 * 3600 + 2 * 34_200; 2],
            "Friday 12-04 became a holiday"
        );
        // A ticket written afterwards counts on the new calendar too.
        store.apply_changes("U", &[replied("T3")]).expect("apply");
        assert_eq!(kept_medians(&store), recount_medians(&store));
    }

    /// The daily totals kept incrementally (triggers on the facts rows) equal a recount
    /// from scratch after upserts, version bumps, status changes (open, replied, closed
    /// with a callback, redo), a change of 事项分类 and of dispatch day, co-handled
    /// tickets, and removals.
    #[test]
    fn daily_totals_equal_a_recount_after_every_change() {
        use serde_json::json;
        let mut store = Store::open_in_memory().expect("store");
        let check = |store: &mut Store, changes: Vec<Change>, what: &str| {
            store.apply_changes("U", &changes).expect("apply");
            let kept = store.assessment_daily_groups().expect("groups");
            assert_eq!(kept, recount(store), "after {what}");
            assert_eq!(
                kept_medians(store),
                recount_medians(store),
                "medians after {what}"
            );
            check_open_counts(store, what);
            check_buckets(store, what);
            assert!(
                !kept.is_empty() || what.starts_with("removing all"),
                "{what}"
            );
        };
        let t = |id: &str, v: i64, status: &str, extra: serde_json::Value| {
            Change::Ticket(Box::new(ticket_of(id, v, status, extra)))
        };
        let acked =
            json!({"acked_by": {"id": "a", "name": "甲", "at": "2026-12-01T09:00:00+08:00"}});
        check(
            &mut store,
            vec![
                t("T1", 1, "pending_ack", json!({})),
                t("T2", 1, "in_progress", acked.clone()),
                t(
                    "T3",
                    1,
                    "in_progress",
                    json!({"category": "complaint",
                    "dispatched_at": "2026-11-03T08:00:00+08:00",
                    "reply_due_at": "2026-12-02T18:00:00+08:00"}),
                ),
                t(
                    "T4",
                    1,
                    "in_progress",
                    json!({"our_role": "co_handler",
                    "lead_unit": {"id": "L", "name": "L"},
                    "co_units": [{"id": "U", "name": "我们",
                                  "opinion_due_at": "2026-12-02T18:00:00+08:00"}]}),
                ),
            ],
            "the first upserts",
        );
        let replied = json!({
            "acked_by": {"id": "a", "name": "甲", "at": "2026-12-01T09:00:00+08:00"},
            "history": [{"at": "2026-12-02T09:00:00+08:00", "actor": "a", "action": "reply"}],
            "extension": {"status": "approved", "requested_due_at": "2026-12-10T18:00:00+08:00",
                          "reason": "r"},
        });
        check(
            &mut store,
            vec![t("T2", 2, "replied", replied.clone())],
            "a reply",
        );
        let mut closed = replied.clone();
        if let Some(o) = closed.as_object_mut() {
            o.insert(
                "callback".into(),
                json!({"at": "2026-12-03T09:00:00+08:00", "process": "basically_satisfied",
                       "result": "resolved", "comment": "好"}),
            );
            o.insert(
                "supervision".into(),
                json!({"level": "yellow", "at": "2026-12-03T10:00:00+08:00"}),
            );
        }
        check(
            &mut store,
            vec![t("T2", 3, "closed", closed)],
            "closing with a callback",
        );
        check(
            &mut store,
            vec![t(
                "T2",
                4,
                "redo",
                json!({"redo": {"count": 1, "reason": "不满意",
                "at": "2026-12-04T09:00:00+08:00"}}),
            )],
            "a redo",
        );
        check(
            &mut store,
            vec![t(
                "T1",
                2,
                "in_progress",
                json!({"matter": "环境保护/噪声",
                "dispatched_at": "2026-11-29T10:00:00+08:00",
                "reply_due_at": "2026-12-09T10:00:00+08:00", "acked_by":
                {"id": "a", "name": "甲", "at": "2026-11-29T10:30:00+08:00"}}),
            )],
            "a new matter and dispatch day",
        );
        check(
            &mut store,
            vec![t(
                "T4",
                2,
                "in_progress",
                json!({"our_role": "co_handler",
                "lead_unit": {"id": "L", "name": "L"},
                "co_units": [{"id": "U", "name": "我们",
                              "opinion_due_at": "2026-12-02T18:00:00+08:00"}],
                "history": [{"at": "2026-12-01T09:00:00+08:00", "actor": "a",
                             "action": "opinion"}]}),
            )],
            "an opinion",
        );
        let removed = |id: &str, version: i64| Change::Removed {
            ticket_id: id.into(),
            version: Some(version),
            reason: RemovalReason::Reassigned,
            at: chrono::DateTime::parse_from_rfc3339("2026-12-05T09:00:00+08:00").expect("t"),
        };
        check(&mut store, vec![removed("T3", 1)], "a removal");
        check(
            &mut store,
            vec![removed("T1", 2), removed("T2", 4), removed("T4", 2)],
            "removing all",
        );
        assert!(store.assessment_daily_groups().expect("groups").is_empty());
    }
}
