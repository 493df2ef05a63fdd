//! The unit's assessment (issue 16): the figures of a period with their breakdowns and
//! the projection of the month, the monthly trend, the tickets behind a figure (the
//! workbench list's click-through), and the Excel export. The definitions are
//! `desk_domain::assessment`; this module reads the facts from the cache (one narrow
//! row per ticket, by dispatch time) and adds what the ticket does not carry: the
//! citizen contact times of the replies this desk sent.

use crate::ipc::{
    AssessmentReport, AtRiskTicket, BreakdownRow, ExportedFile, FigureFilter, FigureKey, Figures,
    MonthRates, Projection, ReportQuery,
};
use crate::{AppError, Desk};
use chrono::{DateTime, Utc};
use desk_domain::assessment::{self as domain, Figure, OfficeDay, Period, TicketFacts};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The most months a trend covers.
pub const MAX_TREND_MONTHS: u32 = 24;

fn invalid(e: domain::PeriodError) -> AppError {
    AppError::InvalidInput(e.to_string())
}

impl From<FigureKey> for Figure {
    fn from(k: FigureKey) -> Figure {
        match k {
            FigureKey::Dispatched => Figure::Dispatched,
            FigureKey::AckedOnTime => Figure::AckedOnTime,
            FigureKey::AckedLate => Figure::AckedLate,
            FigureKey::Finished => Figure::Finished,
            FigureKey::FinishedOnTime => Figure::FinishedOnTime,
            FigureKey::OverdueOpen => Figure::OverdueOpen,
            FigureKey::RedoTickets => Figure::RedoTickets,
            FigureKey::Callbacks => Figure::Callbacks,
            FigureKey::ProcessSatisfied => Figure::ProcessSatisfied,
            FigureKey::ResultResolved => Figure::ResultResolved,
            FigureKey::ExtensionsRequested => Figure::ExtensionsRequested,
            FigureKey::ExtensionsApproved => Figure::ExtensionsApproved,
            FigureKey::Supervised => Figure::Supervised,
            FigureKey::YellowCards => Figure::YellowCards,
            FigureKey::RedCards => Figure::RedCards,
            FigureKey::OpinionsDue => Figure::OpinionsDue,
            FigureKey::OpinionsOnTime => Figure::OpinionsOnTime,
            FigureKey::AtRisk => Figure::AtRisk,
        }
    }
}

impl From<domain::Figures> for Figures {
    fn from(f: domain::Figures) -> Figures {
        Figures {
            dispatched: f.dispatched,
            acked_on_time: f.acked_on_time,
            ack_on_time_rate: f.ack_on_time_rate,
            finished: f.finished,
            finished_on_time: f.finished_on_time,
            overdue_open: f.overdue_open,
            on_time_rate: f.on_time_rate,
            redo_tickets: f.redo_tickets,
            redo_rate: f.redo_rate,
            callbacks: f.callbacks,
            process_satisfied: f.process_satisfied,
            process_satisfaction_rate: f.process_satisfaction_rate,
            result_resolved: f.result_resolved,
            result_satisfaction_rate: f.result_satisfaction_rate,
            extensions_requested: f.extensions_requested,
            extensions_approved: f.extensions_approved,
            supervised: f.supervised,
            yellow_cards: f.yellow_cards,
            red_cards: f.red_cards,
            opinions_due: f.opinions_due,
            opinions_on_time: f.opinions_on_time,
            opinion_on_time_rate: f.opinion_on_time_rate,
            ack_minutes_median: f.ack_minutes_median,
            contact_minutes_median: f.contact_minutes_median,
            reply_margin_working_hours_median: f.reply_margin_working_hours_median,
        }
    }
}

/// A breakdown's rows, most dispatched first.
fn breakdown(
    facts: &[&TicketFacts],
    key: impl Fn(&TicketFacts) -> &str,
    label: impl Fn(&str) -> String,
    figures: impl Fn(&[&TicketFacts]) -> domain::Figures,
) -> Vec<BreakdownRow> {
    let mut groups: BTreeMap<&str, Vec<&TicketFacts>> = BTreeMap::new();
    for f in facts {
        groups.entry(key(f)).or_default().push(f);
    }
    let mut rows: Vec<BreakdownRow> = groups
        .into_iter()
        .map(|(k, group)| BreakdownRow {
            key: k.to_owned(),
            label: label(k),
            figures: figures(&group).into(),
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

impl Desk {
    /// The instant a report is taken at: the query's, or the server-corrected now.
    fn report_at(&self, at_ms: Option<i64>) -> Result<DateTime<Utc>, AppError> {
        match at_ms {
            Some(ms) => DateTime::from_timestamp_millis(ms)
                .ok_or_else(|| AppError::InvalidInput(format!("时间 {ms} 无效"))),
            None => self.server_now(),
        }
    }

    /// The facts of the tickets dispatched in `[start, end)`, with the first citizen
    /// contact of the replies this desk sent.
    pub(crate) fn assessment_facts(
        &self,
        start: i64,
        end: i64,
    ) -> Result<Vec<TicketFacts>, AppError> {
        let mut facts = self.store()?.assessment_facts(start, end)?;
        let contacts = self.first_contacts()?;
        if !contacts.is_empty() {
            for f in &mut facts {
                f.first_contact_at = contacts.get(&f.id).copied();
            }
        }
        Ok(facts)
    }

    /// Ticket id → the earliest `citizen_contacted_at` of its replies the district
    /// accepted from this desk.
    fn first_contacts(&self) -> Result<HashMap<String, i64>, AppError> {
        let mut out: HashMap<String, i64> = HashMap::new();
        for row in self.outbox()? {
            if row.kind != "reply" || row.state != "sent" {
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
        let facts = self.assessment_facts(period.start, period.end)?;
        let refs: Vec<&TicketFacts> = facts.iter().collect();
        let calendar = self.work_calendar()?;
        let day = OfficeDay::default();
        let figures = |group: &[&TicketFacts]| domain::figures(group, at_s, &calendar, day);
        let projection = if period.contains(at_s) {
            let p = domain::projection(&refs, at_s);
            let due: HashMap<&str, i64> = facts
                .iter()
                .map(|f| (f.id.as_str(), f.reply_due_at))
                .collect();
            let titles = self.store()?.ticket_titles(&p.at_risk)?;
            let at_risk = p
                .at_risk
                .iter()
                .map(|id| AtRiskTicket {
                    id: id.clone(),
                    title: titles.get(id).cloned().unwrap_or_default(),
                    reply_due_ms: due.get(id.as_str()).copied().unwrap_or(0) * 1000,
                })
                .collect();
            Some(Projection {
                month: p.month,
                on_time_rate_now: p.on_time_rate_now,
                on_time_rate_if_missed: p.on_time_rate_if_missed,
                at_risk,
            })
        } else {
            None
        };
        let last_synced_ms = self.store()?.sync_state()?.last_success_ms;
        Ok(AssessmentReport {
            from: period.from.to_string(),
            to: period.to.to_string(),
            at_ms: at.timestamp_millis(),
            last_synced_ms,
            figures: figures(&refs).into(),
            by_matter: breakdown(&refs, |f| &f.matter, str::to_owned, figures),
            by_category: breakdown(
                &refs,
                |f| &f.category,
                |k| desk_domain::labels::category(&district_api::Category::from_wire(k)),
                figures,
            ),
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
        let store = self.store()?;
        let all_days = store.assessment_daily_totals(first.start, last.end)?;
        let all_open = store.open_assessment_facts(first.start, last.end)?;
        drop(store);
        let at_s = at.timestamp();
        let (mut days, mut open) = (all_days.as_slice(), all_open.as_slice());
        let mut out = Vec::with_capacity(periods.len());
        for p in &periods {
            let split = days.partition_point(|(day, _)| *day < p.end);
            let (month_days, tail) = days.split_at(split);
            days = tail;
            let split = open.partition_point(|f| f.dispatched_at < p.end);
            let (month_open, tail) = open.split_at(split);
            open = tail;
            let mut totals = domain::Totals::default();
            for (_, t) in month_days {
                totals.add(t);
            }
            let overdue = month_open
                .iter()
                .filter(|f| Figure::OverdueOpen.counts(f, at_s, at_s))
                .count();
            let f = domain::counts_from_totals(&totals, u32::try_from(overdue).unwrap_or(u32::MAX));
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
        let figure = Figure::from(filter.figure);
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
        let report = self.assessment_report(q)?;
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
