//! Digests on a minimum interval (issue 18): routine alerts of one kind are shown at
//! most once per [`AlertSettings::digest_interval_minutes`](crate::alerts::AlertSettings),
//! so a unit with thousands of open tickets is not told about each deadline on its own.
//! A kind that may be shown takes in its reminders due within the next interval (they
//! come early, never late); one shown less than an interval ago waits, not marked fired,
//! until the interval ends.

use super::Planner;
use crate::alerts::{AlertKind, Candidate, earliest};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeSet;

impl Planner<'_, '_> {
    /// When alerts of `kind` may be shown again: the end of the interval since it was
    /// last shown (`None`: a kind not coalesced, or no interval).
    pub(super) fn reopens(&self, kind: AlertKind) -> Option<DateTime<Utc>> {
        let interval = self.input.settings.digest_interval();
        if interval <= Duration::zero() || !kind.coalesces() {
            return None;
        }
        self.input
            .last_shown
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, at)| *at + interval)
            .max()
    }

    /// When an alert of `kind` that becomes due at `at` can be shown: at `at`, or when
    /// its kind's interval ends.
    pub(super) fn coalesced(&self, kind: AlertKind, at: DateTime<Utc>) -> DateTime<Utc> {
        match self.reopens(kind) {
            Some(open) if open > at => open,
            _ => at,
        }
    }

    /// Takes the alerts ready to show and returns those to show now (with the early
    /// reminders of the kinds shown), the coalesced kinds shown, and how many wait for
    /// their kind's interval. A ticket with a waiting alert is due again when it ends
    /// (`wakes`, by the input's ticket order).
    pub(in crate::alerts) fn coalesce(
        &mut self,
        ready: Vec<Candidate>,
        wakes: &mut [Option<DateTime<Utc>>],
    ) -> (Vec<Candidate>, Vec<AlertKind>, usize) {
        let early = std::mem::take(&mut self.early);
        if self.input.settings.digest_interval() <= Duration::zero() {
            return (ready, Vec::new(), 0);
        }
        let now = self.input.now;
        let mut shown = BTreeSet::new();
        let mut out = Vec::with_capacity(ready.len());
        let mut waiting = Vec::new();
        for c in ready {
            if !c.coalesces() {
                out.push(c);
                continue;
            }
            match self.reopens(c.kind) {
                Some(open) if open > now => waiting.push((c, open)),
                _ => {
                    shown.insert(c.kind);
                    out.push(c);
                }
            }
        }
        out.extend(early.into_iter().filter(|c| shown.contains(&c.kind)));
        if !waiting.is_empty() {
            let index = self.ticket_index();
            for (c, open) in &waiting {
                self.offer_wake(*open);
                if let Some(&i) = c.ticket_id.as_deref().and_then(|id| index.get(id)) {
                    wakes[i] = earliest(wakes[i], Some(*open));
                }
            }
        }
        (out, shown.into_iter().collect(), waiting.len())
    }
}
