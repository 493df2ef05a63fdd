//! The workbench's use cases: the filtered, searched list with tab counts, one ticket's
//! detail, and the actions on it. Time is the server-corrected now.

use crate::ipc::{
    ActiveDeadline, AttachmentView, CoUnitView, HistoryView, OutboxEntry, OutboxMark,
    RevealedContact, TabCounts, TicketDetail, TicketPage, TicketQuery, TicketRow, WorkdayDates,
};
use crate::{AppError, Desk};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use desk_domain::countdown::DeadlineKind;
use desk_domain::tabs::Tab;
use desk_domain::{Clock, ServerClock, labels};
use desk_store::{ListFilter, TabClock};
use district_api::{OurRole, Ticket, TicketStatus};
use std::collections::HashMap;

/// Ticket id → the state of its newest unresolved outbox row.
type OutboxStates = HashMap<String, OutboxMark>;

fn utc(ts: &district_api::Timestamp) -> DateTime<Utc> {
    ts.with_timezone(&Utc)
}

/// The uncovered years a row's working-day figures rest on (none without a deadline).
fn estimated_years(
    row: &TicketRow,
    calendar: &desk_domain::WorkCalendar,
    now: DateTime<Utc>,
) -> Vec<i32> {
    row.deadline
        .as_ref()
        .and_then(|d| DateTime::from_timestamp_millis(d.due_ms))
        .map(|due| crate::calendar::estimated_for(calendar, now, due))
        .unwrap_or_default()
}

/// The PC's clock. Every figure the desk shows reads it through a [`ServerClock`]
/// ([`Desk::server_clock`]); PC time alone only stamps local records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The district's clock as this desk knows it: the PC's, corrected by `offset_ms`
/// (server minus PC, measured at the last sync).
pub(crate) fn server_clock(offset_ms: i64) -> ServerClock<SystemClock> {
    ServerClock {
        local: SystemClock,
        offset: Duration::milliseconds(offset_ms),
    }
}

/// What the command line lists (`liaison tickets`): the tickets `filter` holds under an
/// optional search, in work order, one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketListQuery {
    pub filter: ListFilter,
    /// Substring search; a query without a letter or a digit is an error.
    pub search: Option<String>,
    /// The 即将超时 window of [`Tab::DueSoon`].
    pub due_soon: Duration,
    pub offset: u32,
    pub limit: u32,
}

/// The time a list question is asked at, in the cache's whole seconds.
fn tab_clock(now: DateTime<Utc>, due_soon: Duration) -> TabClock {
    TabClock {
        now: now.timestamp(),
        due_soon_until: (now + due_soon).timestamp(),
    }
}

impl Desk {
    /// The server-corrected clock: the PC's plus the offset measured at the last sync.
    pub fn server_clock(&self) -> Result<ServerClock<SystemClock>, AppError> {
        // Only the offset: the whole status counts the cache, a scan at a million tickets.
        Ok(server_clock(self.store()?.sync_state()?.server_offset_ms))
    }

    /// The server-corrected now.
    pub fn server_now(&self) -> Result<DateTime<Utc>, AppError> {
        Ok(self.server_clock()?.now())
    }

    /// The list as the workbench shows it: one tab, optionally searched, one page; with
    /// the count of every tab under the same search.
    pub fn ticket_page(&self, q: &TicketQuery) -> Result<TicketPage, AppError> {
        self.ticket_page_at(q, self.server_now()?)
    }

    /// [`Desk::ticket_page`] at a given server time. Counts and the page come from SQL
    /// over indexed columns: only the rows of the page are parsed.
    pub fn ticket_page_at(
        &self,
        q: &TicketQuery,
        now: DateTime<Utc>,
    ) -> Result<TicketPage, AppError> {
        let search = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let due_soon = Duration::hours(i64::from(q.due_soon_hours.max(1)));
        let clock = tab_clock(now, due_soon);
        let limit = q.limit.clamp(1, 1000);
        // The tickets behind a figure of the assessment (issue 16): all tabs, searched.
        // Or the tickets of one notification (a digest's click-through, issue 18).
        let figure = match (&q.figure, q.alert) {
            (Some(filter), _) => Some(self.figure_ticket_ids(filter, now)?),
            (None, Some(alert)) => Some(self.alert_ticket_ids(alert)?),
            (None, None) => None,
        };
        let (counts, tickets, figure_total, counts_over) = {
            let store = self.store()?;
            // A broad search is not counted per tab (issue 18: its cost would follow the
            // matches); the page is found by walking the work order.
            let desk_store::SearchCounts { counts, over } =
                store.tab_counts_capped(search, clock)?;
            match &figure {
                Some(ids) => {
                    let (total, page) = store.tickets_among(ids, search, q.offset, limit)?;
                    (counts, page, Some(total), over)
                }
                None => (
                    counts,
                    store.list_page(&ListFilter::tab(q.tab), search, clock, q.offset, limit)?,
                    None,
                    over,
                ),
            }
        };
        let count = |tab: Tab| {
            Tab::ALL
                .iter()
                .position(|t| *t == tab)
                .and_then(|i| counts.get(i).copied())
                .unwrap_or(0)
        };
        let unit_id = self.unit_id();
        let states = self.outbox_states()?;
        let calendar = self.work_calendar()?;
        let rows = tickets
            .iter()
            .map(|t| {
                let mut row = TicketRow::from_ticket(t, &unit_id);
                row.outbox_state = states.get(&t.id).cloned();
                row.estimated_years = estimated_years(&row, &calendar, now);
                row
            })
            .collect();
        // Uncounted: as many as shown, and one more if the page is full.
        let shown = q
            .offset
            .saturating_add(u32::try_from(tickets.len()).unwrap_or(u32::MAX));
        let lower_bound = shown.saturating_add(u32::from(tickets.len() >= limit as usize));
        Ok(TicketPage {
            rows,
            total: figure_total.unwrap_or_else(|| match counts_over {
                Some(_) => lower_bound,
                None => count(q.tab),
            }),
            counts_over,
            counts: TabCounts {
                all: count(Tab::All),
                pending_ack: count(Tab::PendingAck),
                due_soon: count(Tab::DueSoon),
                overdue: count(Tab::Overdue),
                redo: count(Tab::Redo),
                supervised: count(Tab::Supervised),
                co_handling: count(Tab::CoHandling),
                extension_pending: count(Tab::ExtensionPending),
                replied: count(Tab::Replied),
                closed: count(Tab::Closed),
            },
        })
    }

    /// The command line's list: whole tickets (contract shape) in work order, from the
    /// same paged query as the workbench's ([`Desk::ticket_page`]), so its cost follows
    /// the page, not the cache.
    pub fn ticket_list(&self, q: &TicketListQuery) -> Result<Vec<Ticket>, AppError> {
        self.ticket_list_at(q, self.server_now()?)
    }

    /// [`Desk::ticket_list`] at a given server time.
    pub fn ticket_list_at(
        &self,
        q: &TicketListQuery,
        now: DateTime<Utc>,
    ) -> Result<Vec<Ticket>, AppError> {
        let search = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if let Some(query) = q.search.as_deref()
            && !desk_store::search::is_searchable(query)
        {
            return Err(AppError::NothingToSearch(query.trim().to_owned()));
        }
        let clock = tab_clock(now, q.due_soon);
        Ok(self
            .store()?
            .list_page(&q.filter, search, clock, q.offset, q.limit)?)
    }

    /// The newest unresolved outbox state per ticket.
    fn outbox_states(&self) -> Result<OutboxStates, AppError> {
        let mut states = HashMap::new();
        for row in self.outbox()? {
            if let Some(id) = row.ticket_id
                && row.state.is_unresolved()
            {
                states.insert(
                    id,
                    OutboxMark {
                        state: row.state,
                        label: row.state_label,
                    },
                );
            }
        }
        Ok(states)
    }

    fn unit_id(&self) -> String {
        self.app_unit_id().unwrap_or_default()
    }

    /// Everything about one ticket, personal data masked.
    pub fn ticket_detail(&self, id: &str) -> Result<TicketDetail, AppError> {
        let now = self.server_now()?;
        let t = self.ticket(id)?;
        let unit_id = self.unit_id();
        let mut row = TicketRow::from_ticket(&t, &unit_id);
        let outbox: Vec<OutboxEntry> = self
            .outbox()?
            .into_iter()
            .filter(|r| r.ticket_id.as_deref() == Some(id))
            .collect();
        row.outbox_state = outbox
            .iter()
            .rev()
            .find(|r| r.state.is_unresolved())
            .map(|r| OutboxMark {
                state: r.state,
                label: r.state_label.clone(),
            });
        let calendar = self.work_calendar()?;
        row.estimated_years = estimated_years(&row, &calendar, now);
        // The reply deadline, whatever is due first (a pending ticket's ack comes before).
        let reply_workdays = row.deadline.as_ref().map(|_| {
            let tz = t.reply_due_at.offset();
            let from = now.with_timezone(tz).date_naive();
            calendar.workdays_left(from, t.reply_due_at.date_naive())
        });
        let cached = self.store()?.cached_attachment_ids(id)?;
        let lead = t.our_role == OurRole::Lead;
        let open = matches!(t.status, TicketStatus::InProgress | TicketStatus::Redo);
        Ok(TicketDetail {
            ack_deadline: ActiveDeadline::of(DeadlineKind::Ack, t.ack_due_at.timestamp_millis()),
            reply_deadline: ActiveDeadline::of(
                DeadlineKind::Reply,
                t.reply_due_at.timestamp_millis(),
            ),
            content: t.content.clone(),
            channel: desk_domain::labels::channel(&t.channel),
            citizen_name_masked: desk_domain::mask::name(&t.citizen.name),
            citizen_phone_masked: desk_domain::mask::phone(&t.citizen.phone),
            citizen_address_masked: desk_domain::mask::address(&t.citizen.address),
            lead_unit: t.lead_unit.name.clone(),
            co_units: t
                .co_units
                .iter()
                .map(|u| CoUnitView {
                    id: u.id.clone(),
                    name: u.name.clone(),
                    opinion_due_ms: u.opinion_due_at.map(|d| d.timestamp_millis()),
                })
                .collect(),
            acked_by: t.acked_by.as_ref().map(|a| a.name.clone()),
            acked_at_ms: t.acked_by.as_ref().map(|a| a.at.timestamp_millis()),
            redo_reason: t.redo.as_ref().map(|r| r.reason.clone()),
            redo_at_ms: t.redo.as_ref().map(|r| r.at.timestamp_millis()),
            supervision_note: t.supervision.as_ref().map(|s| s.note.clone()),
            extension_reason: t.extension.as_ref().map(|e| e.reason.clone()),
            extension_requested_due_ms: t
                .extension
                .as_ref()
                .map(|e| e.requested_due_at.timestamp_millis()),
            callback_summary: t.callback.as_ref().map(|c| {
                let process = labels::process_satisfaction(&c.process);
                let result = labels::callback_result(&c.result);
                format!("服务过程{process}，办理结果{result}。{}", c.comment)
            }),
            history: t
                .history
                .iter()
                .map(|h| HistoryView {
                    at_ms: h.at.timestamp_millis(),
                    actor: h.actor.clone(),
                    action: desk_domain::labels::history_action(&h.action),
                    note: h.note.clone(),
                })
                .collect(),
            attachments: t
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    size: i64::try_from(a.size).unwrap_or(i64::MAX),
                    content_type: a.content_type.clone(),
                    cached: cached.contains(&a.id),
                })
                .collect(),
            reply_workdays_left: reply_workdays.as_ref().map(|w| w.value),
            reply_workdays_estimated_years: reply_workdays
                .map(|w| w.estimated_years)
                .unwrap_or_default(),
            can_ack: t.status == TicketStatus::PendingAck,
            can_reply: lead && open,
            can_opinion: !lead && open,
            can_extend: open
                && t.extension
                    .as_ref()
                    .is_none_or(|e| e.status.as_str() != "pending"),
            can_coordinate: open,
            can_reassign: matches!(
                t.status,
                TicketStatus::PendingAck | TicketStatus::InProgress
            ) && now < utc(&t.ack_due_at),
            outbox,
            row,
        })
    }

    /// 延期申请 with the requested deadline as epoch milliseconds (from a date picker),
    /// in the ticket's own offset.
    pub fn request_extension_at(
        &self,
        id: &str,
        reason: String,
        requested_due_ms: i64,
    ) -> Result<OutboxEntry, AppError> {
        let t = self.ticket(id)?;
        let at = DateTime::from_timestamp_millis(requested_due_ms)
            .ok_or_else(|| AppError::InvalidInput("延期日期无效".into()))?
            .with_timezone(t.dispatched_at.offset());
        if at <= t.reply_due_at {
            return Err(AppError::InvalidInput(
                "申请的时限须晚于当前办理时限".into(),
            ));
        }
        self.request_extension(
            id,
            &district_api::ExtensionRequest {
                reason,
                requested_due_at: at,
            },
        )
    }

    /// Reveals a citizen's phone number and address, and writes that they were revealed
    /// (who, when, which ticket) to the local audit log.
    pub fn reveal_phone(&self, id: &str) -> Result<RevealedContact, AppError> {
        let t = self.ticket(id)?;
        let officer = self.app_info().officer_name;
        self.audit(&officer, "reveal_phone", Some(id))?;
        tracing::info!(ticket = id, "citizen phone and address revealed");
        Ok(RevealedContact {
            phone: t.citizen.phone,
            address: t.citizen.address,
        })
    }

    /// The working days between two dates (inclusive), for date pickers. Dates of a
    /// year no calendar covers are Monday to Friday, and the answer names those years.
    pub fn workday_dates(&self, from: &str, to: &str) -> Result<WorkdayDates, AppError> {
        let parse = |s: &str| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|e| AppError::InvalidInput(format!("日期 {s}: {e}")))
        };
        let (from, to) = (parse(from)?, parse(to)?);
        if (to - from).num_days() > 400 {
            return Err(AppError::InvalidInput("日期范围过大".into()));
        }
        let calendar = self.work_calendar()?;
        Ok(WorkdayDates {
            dates: from
                .iter_days()
                .take_while(|d| *d <= to)
                .filter(|d| calendar.day(*d).workday)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .collect(),
            estimated_years: calendar.uncovered(desk_domain::calendar::years_between(from, to)),
        })
    }

    /// Units seen on cached tickets (lead and co-handling), for the coordination picker.
    pub fn unit_directory(&self) -> Result<Vec<String>, AppError> {
        let own = self.app_info().unit_name;
        let mut names: Vec<String> = self
            .tickets()?
            .iter()
            .flat_map(|t| {
                std::iter::once(t.lead_unit.name.clone())
                    .chain(t.co_units.iter().map(|u| u.name.clone()))
            })
            .filter(|n| !n.is_empty() && *n != own)
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every server-corrected reading is the PC's clock plus the offset the last sync
    /// measured: the list's "now", the status bar's, and the clock itself agree.
    #[test]
    fn server_time_is_the_pc_clock_plus_the_measured_offset() {
        let dir = tempfile::tempdir().expect("temp dir");
        let desk = Desk::open(crate::DeskOptions {
            data_dir: dir.path().join("d"),
            ..crate::DeskOptions::default()
        })
        .expect("desk");
        let ahead = Duration::minutes(7);
        desk.store()
            .expect("store")
            .set_server_offset(ahead.num_milliseconds())
            .expect("offset");
        let clock = desk.server_clock().expect("clock");
        assert_eq!(clock.offset, ahead);
        let near = |t: DateTime<Utc>| (t - (Utc::now() + ahead)).abs() < Duration::seconds(5);
        assert!(near(clock.now()));
        assert!(near(desk.server_now().expect("now")));
        assert_eq!(
            desk.sync_status().expect("status").server_offset_ms,
            ahead.num_milliseconds()
        );
    }
}
