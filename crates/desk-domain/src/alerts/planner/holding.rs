//! Holding: during a pause every non-critical alert waits for its end; outside working
//! hours (when the settings hold) the holdable ones wait for their next start. A held
//! alert is not marked fired: it comes at the release.

use super::Planner;
use crate::alerts::{AlertKind, Candidate, LATE_GRACE, earliest, paused};
use chrono::{DateTime, Utc};

impl Planner<'_, '_> {
    /// Whether `c` waits for the pause's end or for working hours. A reminder that
    /// became due inside working hours is still delivered up to [`LATE_GRACE`] after
    /// their end.
    fn is_held(&self, c: &Candidate) -> bool {
        let now = self.input.now;
        if !c.critical && paused(self.input.paused_until, now).is_some() {
            return true;
        }
        let h = self.hours;
        c.holdable
            && !c.critical
            && h.hold
            && !h.contains(now)
            && !(c.due <= now && now - c.due <= LATE_GRACE && h.contains_end(c.due))
    }

    /// Takes the alerts found due and returns those to show now, and how many are held.
    /// With any held, the plan wakes at their release, and so does each ticket with a
    /// held alert (`wakes`, by the input's ticket order).
    pub(in crate::alerts) fn hold(
        &mut self,
        wakes: &mut [Option<DateTime<Utc>>],
    ) -> (Vec<Candidate>, usize) {
        let (ready, held): (Vec<Candidate>, Vec<Candidate>) = std::mem::take(&mut self.cands)
            .into_iter()
            .partition(|c| !self.is_held(c));
        if !held.is_empty() {
            let now = self.input.now;
            let release = match paused(self.input.paused_until, now) {
                // At the pause's end the next round holds what working hours still hold.
                Some(end) => end,
                None => self.hours.next_start_after(now),
            };
            self.offer_wake(release);
            // A ticket with a held alert is due again at the release.
            let index = self.ticket_index();
            for c in held.iter().filter(|c| c.kind != AlertKind::OutboxProblem) {
                if let Some(&i) = c.ticket_id.as_deref().and_then(|id| index.get(id)) {
                    wakes[i] = earliest(wakes[i], Some(release));
                }
            }
        }
        (ready, held.len())
    }
}
