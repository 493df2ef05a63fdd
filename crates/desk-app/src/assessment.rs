//! The unit's assessment (issue 16): the figures of a period with their breakdowns and
//! the projection of the month, the monthly trend, the tickets behind a figure (the
//! workbench list's click-through), and the Excel export. The definitions are
//! `desk_domain::assessment`; this module reads the facts from the cache (one narrow
//! row per ticket, by dispatch time) and adds what the ticket does not carry: the
//! citizen contact times of the replies this desk sent.

use crate::ipc::{
    AssessmentReport, AtRiskTicket, BreakdownRow, ExportedFile, FigureFilter, MonthRates,
    Projection, ReportQuery,
};
use crate::{AppError, Desk};
use chrono::{DateTime, Utc};
use desk_domain::assessment::{self as domain, Period};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The most months a trend covers.
pub const MAX_TREND_MONTHS: u32 = 24;

fn invalid(e: domain::PeriodError) -> AppError {
    AppError::InvalidInput(e.to_string())
}

/// One group's parts: the totals of the time-independent figures, the number overdue and
/// open at the instant, the values of the 四早 medians.
#[derive(Default)]
struct Group {
    totals: domain::Totals,
    overdue_open: u32,
    medians: domain::MedianValues,
}

impl Group {
    fn figures(&mut self) -> domain::Figures {
        let mut f = domain::counts_from_totals(&self.totals, self.overdue_open);
        self.medians.fill(&mut f);
        f
    }
}

/// A breakdown's rows, most dispatched first.
fn breakdown(
    groups: &mut BTreeMap<String, Group>,
    label: impl Fn(&str) -> String,
) -> Vec<BreakdownRow> {
    let mut rows: Vec<BreakdownRow> = groups
        .iter_mut()
        .map(|(k, group)| BreakdownRow {
            key: k.clone(),
            label: label(k),
            figures: group.figures(),
        })
        .filter(|r| r.figures.dispatched > 0 || r.figures.opinions_due > 0)
        .collect();
    rows.sort_by(|a, b| {
        b.figures
            .dispatched
            .cmp(&a.figures.dispatched)
            .then_with(|| a.key.cmp(&b.key))
    });
    rows
}

/// The group of `key` in `map`, made when missing.
fn group<'a>(map: &'a mut BTreeMap<String, Group>, key: &str) -> &'a mut Group {
    map.entry(key.to_owned()).or_default()
}

impl Desk {
    /// The instant a report is taken at: the query's, or the server-corrected now.
    fn report_at(&self, at_ms: Option<i64>) -> Result<DateTime<Utc>, AppError> {
        match at_ms {
            Some(ms) => DateTime::from_timestamp_millis(ms)
                .ok_or_else(|| AppError::InvalidInput(format!("时间 {ms} 无效"))),
            None => self.server_now(),
        }
    }

    /// Ticket id → the earliest `citizen_contacted_at` of its replies the district
    /// accepted from this desk.
    fn first_contacts(&self) -> Result<HashMap<String, i64>, AppError> {
        let mut out: HashMap<String, i64> = HashMap::new();
        for row in self.outbox()? {
            if row.kind != crate::ipc::OutboxKindView::Reply
                || row.state != crate::ipc::OutboxStateView::Sent
            {
                continue;
            }
            let Some(id) = row.ticket_id else { continue };
            let Some(at) = row
                .body
                .get("citizen_contacted_at")
                .and_then(|v| v.as_str())
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            else {
                continue;
            };
            let at = at.timestamp();
            out.entry(id)
                .and_modify(|t| *t = (*t).min(at))
                .or_insert(at);
        }
        Ok(out)
    }

    /// The assessment of a period (the 考核 page, `liaison report`).
    pub fn assessment_report(&self, q: &ReportQuery) -> Result<AssessmentReport, AppError> {
        let at = self.report_at(q.at_ms)?;
        self.assessment_report_at(q, at)
    }

    /// [`Desk::assessment_report`] at a given server time.
    pub fn assessment_report_at(
        &self,
        q: &ReportQuery,
        at: DateTime<Utc>,
    ) -> Result<AssessmentReport, AppError> {
        let period = Period::parse(&q.from, &q.to).map_err(invalid)?;
        let at_s = at.timestamp();
        // Nothing here reads a ticket: the time-independent figures from the daily totals
        // (migration 015), `overdue_open` and the projection counted in the open tickets'
        // index, the 四早 from the integers kept per lead ticket (migration 016), the
        // contact times from the outbox.
        let contacts = self.first_contacts()?;
        let (group_totals, overdue, medians, middles, contacted, at_risk, last_synced_ms) = {
            let store = self.store()?;
            let contacted = if contacts.is_empty() {
                Vec::new()
            } else {
                let ids: Vec<String> = contacts.keys().cloned().collect();
                store.assessment_lead_among(&ids, period.start, period.end)?
            };
            let at_risk = if period.contains(at_s) {
                let horizon = Period::month_of(at_s).end;
                Some(store.assessment_at_risk(
                    period.start,
                    period.end,
                    at_s,
                    horizon,
                    q.at_risk_limit,
                )?)
            } else {
                None
            };
            // The breakdowns' medians read every lead ticket of the period; the period's
            // own need only the buckets holding its middle ranks.
            let (medians, middles) = if q.breakdown_medians {
                (
                    store.assessment_median_values(period.start, period.end)?,
                    None,
                )
            } else {
                let middle = |kind| store.assessment_middle_values(kind, period.start, period.end);
                (
                    Vec::new(),
                    Some((
                        middle(desk_store::MedianKind::Ack)?,
                        middle(desk_store::MedianKind::Margin)?,
                    )),
                )
            };
            (
                store.assessment_group_totals(period.start, period.end)?,
                store.assessment_overdue_groups(period.start, period.end, at_s)?,
                medians,
                middles,
                contacted,
                at_risk,
                store.sync_state()?.last_success_ms,
            )
        };
        let mut all = Group::default();
        let mut by_matter: BTreeMap<String, Group> = BTreeMap::new();
        let mut by_category: BTreeMap<String, Group> = BTreeMap::new();
        for (matter, category, t) in &group_totals {
            all.totals.add(t);
            group(&mut by_matter, matter).totals.add(t);
            group(&mut by_category, category).totals.add(t);
        }
        for (matter, category, n) in &overdue {
            for g in [
                &mut all,
                group(&mut by_matter, matter),
                group(&mut by_category, category),
            ] {
                g.overdue_open = g.overdue_open.saturating_add(*n);
            }
        }
        for (matter, category, v) in &medians {
            all.medians.extend(v);
            group(&mut by_matter, matter).medians.extend(v);
            group(&mut by_category, category).medians.extend(v);
        }
        for (id, dispatched_at, matter, category) in &contacted {
            let Some(c) = contacts.get(id) else { continue };
            let s = c - dispatched_at;
            all.medians.contact_s.push(s);
            if q.breakdown_medians {
                group(&mut by_matter, matter).medians.contact_s.push(s);
                group(&mut by_category, category).medians.contact_s.push(s);
            }
        }
        if let Some((ack, margin)) = middles {
            // The middle values stand for the whole list: its median is theirs.
            let pair = |m: Option<(i64, i64)>| match m {
                None => Vec::new(),
                Some((lo, hi)) if lo == hi => vec![lo],
                Some((lo, hi)) => vec![lo, hi],
            };
            all.medians.ack_s = pair(ack);
            all.medians.margin_ws = pair(margin);
        }
        let projection = at_risk.map(|(count, tickets)| {
            let (on_time_rate_now, on_time_rate_if_missed) =
                domain::projection_rates(&all.totals, all.overdue_open, count);
            Projection {
                month: Period::month_of(at_s).month_label(),
                on_time_rate_now,
                on_time_rate_if_missed,
                at_risk_count: count,
                at_risk: tickets
                    .into_iter()
                    .map(|(id, title, due)| AtRiskTicket {
                        id,
                        title,
                        reply_due_ms: due * 1000,
                    })
                    .collect(),
            }
        });
        Ok(AssessmentReport {
            from: period.from.to_string(),
            to: period.to.to_string(),
            at_ms: at.timestamp_millis(),
            last_synced_ms,
            figures: all.figures(),
            by_matter: breakdown(&mut by_matter, str::to_owned),
            by_category: breakdown(&mut by_category, |k| {
                desk_domain::labels::category(&district_api::Category::from_wire(k))
            }),
            projection,
        })
    }

    /// The headline rates of the `months` months ending with `end_month` (`YYYY-MM`),
    /// oldest first, at the server-corrected now.
    pub fn assessment_trend(
        &self,
        end_month: &str,
        months: u32,
    ) -> Result<Vec<MonthRates>, AppError> {
        self.assessment_trend_at(end_month, months, self.server_now()?)
    }

    /// [`Desk::assessment_trend`] at a given server time.
    pub fn assessment_trend_at(
        &self,
        end_month: &str,
        months: u32,
        at: DateTime<Utc>,
    ) -> Result<Vec<MonthRates>, AppError> {
        if months == 0 || months > MAX_TREND_MONTHS {
            return Err(AppError::InvalidInput(format!(
                "趋势月数须为 1 至 {MAX_TREND_MONTHS}"
            )));
        }
        let end = Period::month(end_month).map_err(invalid)?;
        let periods = end.months_back(months);
        let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
            return Ok(Vec::new());
        };
        // The time-independent figures from the cache's daily totals (a few rows per
        // day), `overdue_open` from the open tickets only: nothing here grows with the
        // number of closed tickets cached.
        let at_s = at.timestamp();
        let store = self.store()?;
        let all_days = store.assessment_daily_totals(first.start, last.end)?;
        let all_overdue = store.assessment_overdue_days(first.start, last.end, at_s)?;
        drop(store);
        let (mut days, mut overdue_days) = (all_days.as_slice(), all_overdue.as_slice());
        let mut out = Vec::with_capacity(periods.len());
        for p in &periods {
            let split = days.partition_point(|(day, _)| *day < p.end);
            let (month_days, tail) = days.split_at(split);
            days = tail;
            let split = overdue_days.partition_point(|(day, _)| *day < p.end);
            let (month_overdue, tail) = overdue_days.split_at(split);
            overdue_days = tail;
            let mut totals = domain::Totals::default();
            for (_, t) in month_days {
                totals.add(t);
            }
            let overdue = month_overdue
                .iter()
                .fold(0u32, |n, (_, k)| n.saturating_add(*k));
            let f = domain::counts_from_totals(&totals, overdue);
            out.push(MonthRates {
                month: p.month_label(),
                dispatched: f.dispatched,
                ack_on_time_rate: f.ack_on_time_rate,
                on_time_rate: f.on_time_rate,
                redo_rate: f.redo_rate,
                process_satisfaction_rate: f.process_satisfaction_rate,
                result_satisfaction_rate: f.result_satisfaction_rate,
            });
        }
        Ok(out)
    }

    /// The ids of the tickets behind one figure of the assessment at `at`, in dispatch
    /// order.
    pub fn figure_ticket_ids(
        &self,
        filter: &FigureFilter,
        at: DateTime<Utc>,
    ) -> Result<Vec<String>, AppError> {
        let period = Period::parse(&filter.from, &filter.to).map_err(invalid)?;
        let figure = filter.figure;
        let at_s = at.timestamp();
        let horizon = Period::month_of(at_s).end;
        Ok(self
            .store()?
            .assessment_facts(period.start, period.end)?
            .into_iter()
            .filter(|f| filter.matter.as_deref().is_none_or(|m| f.matter == m))
            .filter(|f| filter.category.as_deref().is_none_or(|c| f.category == c))
            .filter(|f| figure.counts(f, at_s, horizon))
            .map(|f| f.id)
            .collect())
    }
}

impl Desk {
    /// Writes the assessment workbook of a period into the officer's download directory
    /// (XDG; else the home directory) as `考核报表_<from>_<to>.xlsx`, never over an
    /// existing file (` (2)`, ` (3)`, ...). Revealing the citizens' data is audited like
    /// the phone reveal.
    pub fn export_assessment_xlsx(
        &self,
        q: &ReportQuery,
        reveal_citizen: bool,
    ) -> Result<ExportedFile, AppError> {
        let period = Period::parse(&q.from, &q.to).map_err(invalid)?;
        let dir = dirs::download_dir()
            .or_else(dirs::home_dir)
            .ok_or_else(|| AppError::Export {
                path: String::new(),
                message: "找不到下载目录".into(),
            })?;
        let path = free_path(&dir, &format!("考核报表_{}_{}", period.from, period.to));
        let tickets = self.write_assessment_xlsx(q, &path, reveal_citizen)?;
        Ok(ExportedFile {
            path: path.display().to_string(),
            tickets,
        })
    }

    /// Writes the assessment workbook of a period to `path`; the number of tickets on
    /// its tickets sheet.
    pub fn write_assessment_xlsx(
        &self,
        q: &ReportQuery,
        path: &Path,
        reveal_citizen: bool,
    ) -> Result<u32, AppError> {
        // The workbook is the whole record: every breakdown row with its medians.
        let report = self.assessment_report(&ReportQuery {
            breakdown_medians: true,
            ..q.clone()
        })?;
        let period = Period::parse(&q.from, &q.to).map_err(invalid)?;
        let facts = self.store()?.assessment_facts(period.start, period.end)?;
        let tickets = {
            let store = self.store()?;
            let mut tickets = Vec::with_capacity(facts.len());
            for f in &facts {
                if let Some(t) = store.ticket(&f.id)? {
                    tickets.push(t);
                }
            }
            tickets
        };
        if reveal_citizen {
            let officer = self.app_info().officer_name;
            self.audit(&officer, "reveal_citizen_export", None)?;
            tracing::info!("citizen data revealed in an assessment export");
        }
        let failed = |e: rust_xlsxwriter::XlsxError| AppError::Export {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let mut wb =
            crate::assessment_xlsx::workbook(&report, &tickets, reveal_citizen).map_err(failed)?;
        wb.save(path).map_err(failed)?;
        Ok(u32::try_from(tickets.len()).unwrap_or(u32::MAX))
    }
}

/// `dir/stem.xlsx`, or `dir/stem (2).xlsx`, ... : a name not taken yet.
fn free_path(dir: &Path, stem: &str) -> PathBuf {
    let mut path = dir.join(format!("{stem}.xlsx"));
    let mut n = 2;
    while path.exists() && n < 10_000 {
        path = dir.join(format!("{stem} ({n}).xlsx"));
        n += 1;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_domain::assessment::{Figures, OfficeDay, TicketFacts};
    use desk_store::Change;
    use district_api::Ticket;
    use serde_json::json;

    /// A varied ticket `i`: dispatched between 2026-09 and 2026-12, in every status, with
    /// and without ack, reply, callback, extension, supervision, redo; some co-handled.
    fn ticket(i: u32, version: i64, status_shift: u32) -> Ticket {
        let statuses = ["pending_ack", "in_progress", "redo", "replied", "closed"];
        let status = statuses[((i + status_shift) % 5) as usize];
        let day = 1 + i % 28;
        let month = 9 + (i / 7) % 4;
        let dispatched = format!("2026-{month:02}-{day:02}T{:02}:17:00+08:00", 8 + i % 14);
        let at = |h: u32| {
            chrono::DateTime::parse_from_rfc3339(&dispatched).expect("t")
                + chrono::Duration::hours(i64::from(h))
        };
        let category = ["help", "complaint", "inquiry"][(i % 3) as usize];
        let matter = ["城市管理/路灯", "环境保护/噪声", ""][(i % 4 % 3) as usize];
        let mut v = json!({
            "id": format!("TQ{i:04}"), "version": version, "title": "t",
            "category": category,
            "matter": matter,
            "channel": "phone", "urgency": "normal",
            "our_role": "lead", "lead_unit": {"id": "U", "name": "我们"},
            "status": status,
            "dispatched_at": dispatched,
            "ack_due_at": at(2).to_rfc3339(),
            "reply_due_at": at(24 * (1 + i % 9)).to_rfc3339(),
            "history": [],
        });
        let o = v.as_object_mut().expect("object");
        if status != "pending_ack" && !i.is_multiple_of(6) {
            o.insert(
                "acked_by".into(),
                json!({"id": "a", "name": "甲", "at": at(i % 4).to_rfc3339()}),
            );
        }
        if matches!(status, "replied" | "closed") || i % 5 == 2 {
            o.insert(
                "history".into(),
                json!([{"at": at(24 * (i % 11)).to_rfc3339(), "actor": "a", "action": "reply"}]),
            );
        }
        if status == "closed" || i.is_multiple_of(13) {
            let process = ["satisfied", "basically_satisfied", "unsatisfied"][(i % 3) as usize];
            let result = ["resolved", "unresolved"][(i % 2) as usize];
            o.insert(
                "callback".into(),
                json!({"at": at(200).to_rfc3339(), "process": process, "result": result}),
            );
        }
        if i % 4 == 1 {
            let s = ["approved", "rejected", "pending"][(i % 3) as usize];
            o.insert(
                "extension".into(),
                json!({"status": s, "requested_due_at": at(300).to_rfc3339()}),
            );
        }
        if i % 9 == 3 {
            let level = ["yellow", "red", "reminder"][(i % 3) as usize];
            o.insert(
                "supervision".into(),
                json!({"level": level, "at": at(5).to_rfc3339()}),
            );
        }
        if status == "redo" || i % 10 == 7 {
            o.insert(
                "redo".into(),
                json!({"count": 1, "at": at(48).to_rfc3339()}),
            );
        }
        if i % 8 == 5 {
            o.insert("our_role".into(), json!("co_handler"));
            o.insert("lead_unit".into(), json!({"id": "L", "name": "L"}));
            o.insert(
                "co_units".into(),
                json!([{"id": "U", "name": "我们", "opinion_due_at": at(30).to_rfc3339()}]),
            );
            if i % 16 == 5 {
                o.insert(
                    "history".into(),
                    json!([{"at": at(20).to_rfc3339(), "actor": "a", "action": "opinion"}]),
                );
            }
        }
        serde_json::from_value(v).expect("ticket")
    }

    /// The report and the trend from the daily totals and the open tickets equal the pure
    /// figures over every facts row of the period (as computed before migration 015), at
    /// several instants, after upserts, status changes and removals.
    #[test]
    fn report_and_trend_equal_the_figures_over_every_ticket() {
        let dir = tempfile::tempdir().expect("tmp");
        let desk = Desk::open(crate::DeskOptions {
            data_dir: dir.path().join("d"),
            ..crate::DeskOptions::default()
        })
        .expect("desk");
        let put = |changes: Vec<Change>| {
            desk.store()
                .expect("store")
                .apply_changes("U", &changes)
                .expect("apply")
        };
        put((0..400)
            .map(|i| Change::Ticket(Box::new(ticket(i, 1, 0))))
            .collect());
        put((0..400)
            .step_by(3)
            .map(|i| Change::Ticket(Box::new(ticket(i, 2, 1 + i % 4))))
            .collect());
        put((0..400)
            .step_by(17)
            .map(|i| Change::Removed {
                ticket_id: format!("TQ{i:04}"),
                version: None,
                reason: district_api::RemovalReason::Reassigned,
                at: chrono::DateTime::parse_from_rfc3339("2026-12-20T09:00:00+08:00").expect("t"),
            })
            .collect());
        let calendar = desk.work_calendar().expect("calendar");
        let day = OfficeDay::default();
        for at in [
            "2026-10-15T12:00:00+08:00",
            "2026-11-30T23:59:59+08:00",
            "2026-12-10T09:00:00+08:00",
        ] {
            let at = chrono::DateTime::parse_from_rfc3339(at)
                .expect("at")
                .with_timezone(&Utc);
            let at_s = at.timestamp();
            for (from, to) in [
                ("2026-11-01", "2026-11-30"),
                ("2026-10-01", "2026-12-31"),
                ("2026-12-01", "2026-12-31"),
                ("2026-10-15", "2026-10-15"),
            ] {
                let q = ReportQuery {
                    from: from.into(),
                    to: to.into(),
                    at_ms: None,
                    at_risk_limit: None,
                    breakdown_medians: true,
                };
                let report = desk.assessment_report_at(&q, at).expect("report");
                let period = Period::parse(from, to).expect("period");
                let facts = desk
                    .store()
                    .expect("store")
                    .assessment_facts(period.start, period.end)
                    .expect("facts");
                let refs: Vec<&TicketFacts> = facts.iter().collect();
                let figures =
                    |g: &[&TicketFacts]| -> Figures { domain::figures(g, at_s, &calendar, day) };
                assert_eq!(report.figures, figures(&refs), "{from}..{to} at {at}");
                let groups = |key: fn(&TicketFacts) -> &str| {
                    let mut m: BTreeMap<&str, Vec<&TicketFacts>> = BTreeMap::new();
                    for f in &refs {
                        m.entry(key(f)).or_default().push(f);
                    }
                    let mut rows: Vec<(String, Figures)> = m
                        .into_iter()
                        .map(|(k, g)| (k.to_owned(), figures(&g)))
                        .filter(|(_, f)| f.dispatched > 0 || f.opinions_due > 0)
                        .collect();
                    rows.sort_by(|a, b| b.1.dispatched.cmp(&a.1.dispatched).then(a.0.cmp(&b.0)));
                    rows
                };
                let got = |rows: &[BreakdownRow]| -> Vec<(String, Figures)> {
                    rows.iter()
                        .map(|r| (r.key.clone(), r.figures.clone()))
                        .collect()
                };
                assert_eq!(got(&report.by_matter), groups(|f| &f.matter));
                assert_eq!(got(&report.by_category), groups(|f| &f.category));
                assert!(report.figures.dispatched > 0 || from == to, "{from}..{to}");
                let expected = period
                    .contains(at_s)
                    .then(|| domain::projection(&refs, at_s));
                let projected = report.projection.as_ref().map(|p| {
                    (
                        p.on_time_rate_now,
                        p.on_time_rate_if_missed,
                        p.at_risk.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
                    )
                });
                let all_at_risk = expected.as_ref().map(|p| p.at_risk.clone());
                assert_eq!(
                    projected,
                    expected.map(|p| (p.on_time_rate_now, p.on_time_rate_if_missed, p.at_risk))
                );
                // The page asks for the first few: the earliest deadlines, and the count
                // of all of them.
                let limited = desk
                    .assessment_report_at(
                        &ReportQuery {
                            at_risk_limit: Some(2),
                            ..q.clone()
                        },
                        at,
                    )
                    .expect("limited report");
                let limited = limited.projection.map(|p| {
                    let ids: Vec<String> = p.at_risk.into_iter().map(|t| t.id).collect();
                    (ids, p.at_risk_count)
                });
                let want = all_at_risk.map(|ids| {
                    let count = u32::try_from(ids.len()).expect("count");
                    (ids.into_iter().take(2).collect::<Vec<_>>(), count)
                });
                assert_eq!(limited, want, "{from}..{to} at {at}");
                // The page's query: the same report, the period's medians through the
                // bucket counts, the breakdown rows without medians.
                let page = desk
                    .assessment_report_at(
                        &ReportQuery {
                            breakdown_medians: false,
                            ..q.clone()
                        },
                        at,
                    )
                    .expect("page report");
                assert_eq!(page.figures, report.figures, "{from}..{to} at {at}");
                let without_medians = |rows: &[BreakdownRow]| -> Vec<BreakdownRow> {
                    rows.iter()
                        .cloned()
                        .map(|mut r| {
                            r.figures.ack_minutes_median = None;
                            r.figures.contact_minutes_median = None;
                            r.figures.reply_margin_working_hours_median = None;
                            r
                        })
                        .collect()
                };
                assert_eq!(page.by_matter, without_medians(&report.by_matter));
                assert_eq!(page.by_category, without_medians(&report.by_category));
                assert!(
                    report
                        .by_matter
                        .iter()
                        .any(|r| r.figures.ack_minutes_median.is_some())
                        || report.figures.ack_minutes_median.is_none(),
                    "the full report's rows carry medians"
                );
            }
            let trend = desk.assessment_trend_at("2026-12", 6, at).expect("trend");
            assert_eq!(trend.len(), 6);
            for m in &trend {
                let p = Period::month(&m.month).expect("month");
                let facts = desk
                    .store()
                    .expect("store")
                    .assessment_facts(p.start, p.end)
                    .expect("facts");
                let refs: Vec<&TicketFacts> = facts.iter().collect();
                let f = domain::counts(&refs, at_s);
                assert_eq!(
                    (
                        m.dispatched,
                        m.ack_on_time_rate,
                        m.on_time_rate,
                        m.redo_rate
                    ),
                    (
                        f.dispatched,
                        f.ack_on_time_rate,
                        f.on_time_rate,
                        f.redo_rate
                    ),
                    "{}",
                    m.month
                );
                assert_eq!(
                    (m.process_satisfaction_rate, m.result_satisfaction_rate),
                    (f.process_satisfaction_rate, f.result_satisfaction_rate)
                );
            }
        }
    }
}
