//! The planner's working state for one [`plan`](super::plan): the alerts found due so
//! far and the earliest moment ahead. A ticket's deadline ladder is planned in
//! [`ladder`], its events and the outbox's refusals in [`events`]; what waits for working
//! hours or the end of a pause is decided in [`holding`], what waits for its kind's
//! digest in [`coalesce`].

mod coalesce;
mod events;
mod holding;
mod ladder;

use super::hours::{Hours, local};
use super::{
    AlertFacts, AlertKey, Candidate, Notification, PlanInput, earliest, handover_expiry, text,
};
use chrono::{DateTime, Utc};
use district_api::{OfficerRole, TicketStatus};

pub(super) struct Planner<'a, 'h> {
    input: &'a PlanInput<'a>,
    hours: &'h Hours<'h>,
    cands: Vec<Candidate>,
    /// Reminders due within the next digest interval, shown early with their kind's
    /// digest if it is shown now ([`coalesce`]).
    early: Vec<Candidate>,
    /// The earliest future moment found so far (starts at the handover's end).
    pub(super) wake: Option<DateTime<Utc>>,
}

impl<'a, 'h> Planner<'a, 'h> {
    pub(super) fn new(input: &'a PlanInput<'a>, hours: &'h Hours<'h>) -> Self {
        Planner {
            input,
            hours,
            cands: Vec::new(),
            early: Vec::new(),
            wake: handover_expiry(input.duty, input.now),
        }
    }

    /// Each planned ticket's position in the input, by id: where a held or waiting
    /// alert finds the ticket whose next wake it moves.
    fn ticket_index(&self) -> std::collections::HashMap<&'a str, usize> {
        self.input
            .tickets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect()
    }

    fn fired(&self, key: &AlertKey) -> bool {
        self.input.fired.contains_key(key)
    }

    fn offer_wake(&mut self, at: DateTime<Utc>) {
        if at > self.input.now && self.wake.is_none_or(|w| at < w) {
            self.wake = Some(at);
        }
    }

    /// Plans every ticket of the input, folding each ticket's next moment into the
    /// plan's, and returns those moments in the tickets' order
    /// ([`Plan::ticket_wakes`](super::Plan::ticket_wakes)).
    pub(super) fn tickets(&mut self) -> Vec<Option<DateTime<Utc>>> {
        let days = self.hours.days;
        let tickets = self.input.tickets;
        // Holding and working hours at `now` rest on today's calendar day.
        days.begin_scope();
        days.is_workday(local(self.input.now).0);
        let today_estimated = days.scope();
        let mut wakes = Vec::with_capacity(tickets.len());
        for t in tickets {
            // Each ticket's own next moment, then folded into the plan's.
            let before = self.wake.take();
            let first = self.cands.len();
            let first_early = self.early.len();
            days.begin_scope();
            self.ticket(t);
            let scope = days.scope();
            self.note_estimates(first, first_early, scope, &today_estimated);
            wakes.push(self.wake);
            self.wake = earliest(before, self.wake);
        }
        wakes
    }

    /// Marks the candidates from `first` on with the years their moments were computed
    /// in without a calendar (`estimated`, plus today's), for the body's estimate note.
    fn note_estimates(
        &mut self,
        first: usize,
        first_early: usize,
        mut estimated: Vec<i32>,
        today: &[i32],
    ) {
        if !estimated.is_empty() || !today.is_empty() {
            estimated.extend(today);
            estimated.sort_unstable();
            estimated.dedup();
            for c in self.cands[first..]
                .iter_mut()
                .chain(self.early[first_early..].iter_mut())
            {
                c.estimated_years.clone_from(&estimated);
            }
        }
    }

    fn ticket(&mut self, t: &AlertFacts) {
        if t.status == TicketStatus::Closed {
            return;
        }
        if let Some((dk, deadline)) = t.active_deadline() {
            self.ladder(t, dk, deadline);
        }
        self.events(t);
    }
}

/// What to show of the alerts due now (`ready`): one notification each, one digest when
/// at least `digest_min` (and two) are due together, or one quiet summary when `role`,
/// the officer on duty, is not this desk's. Most important first.
pub(super) fn notifications(
    mut ready: Vec<Candidate>,
    role: &OfficerRole,
    input: &PlanInput<'_>,
) -> Vec<Notification> {
    ready.sort_by(|a, b| {
        (!a.critical, a.kind.rank(), a.due, &a.key).cmp(&(
            !b.critical,
            b.kind.rank(),
            b.due,
            &b.key,
        ))
    });
    if ready.is_empty() {
        Vec::new()
    } else if *role != input.me {
        vec![text::quiet_summary(&ready, role, input.duty)]
    } else if ready.len() >= input.settings.digest_min.max(2) {
        vec![text::digest(&ready)]
    } else {
        ready.iter().map(text::single).collect()
    }
}
