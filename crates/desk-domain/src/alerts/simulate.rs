//! The alert scheduler in virtual time (issue 18): what the desk shows over a period when
//! nothing but time changes, planned round by round as `desk_app`'s scheduler plans
//! (each round the tickets whose next moment falls within the digest interval, the keys
//! fired so far, the kinds' last digests; then sleep until the next moment). Pure: the
//! tests and the benchmark count the notifications per hour of the same run.

use super::{AlertFacts, AlertKey, AlertKind, AlertSettings, Notification, PlanInput, plan};
use crate::calendar::WorkCalendar;
use chrono::{DateTime, Duration, Utc};
use district_api::{OfficerRole, OurRole, TicketStatus};
use std::collections::HashSet;

/// What a simulated period showed.
#[derive(Debug, Clone, Default)]
pub struct Simulation {
    /// Every notification shown, with the virtual time it was shown at.
    pub shown: Vec<(DateTime<Utc>, Notification)>,
    /// How many rounds the scheduler planned.
    pub rounds: usize,
}

impl Simulation {
    /// The most notifications shown within any 60 minutes of the period (a sliding
    /// window starting at each notification).
    pub fn max_per_hour(&self) -> usize {
        let times: Vec<DateTime<Utc>> = self.shown.iter().map(|(t, _)| *t).collect();
        let mut max = 0;
        let mut end = 0;
        for (i, t) in times.iter().enumerate() {
            while end < times.len() && times[end] < *t + Duration::hours(1) {
                end += 1;
            }
            max = max.max(end - i);
        }
        max
    }

    /// Every ticket some notification was about.
    pub fn tickets(&self) -> HashSet<&str> {
        self.shown
            .iter()
            .flat_map(|(_, n)| n.ticket_ids.iter().map(String::as_str))
            .collect()
    }

    /// Every key shown.
    pub fn keys(&self) -> HashSet<&AlertKey> {
        self.shown.iter().flat_map(|(_, n)| n.keys.iter()).collect()
    }
}

/// Runs the scheduler over `tickets` (officer A on duty, no refused writes, no pause)
/// from `from` until `until`, as if nothing but time changed.
pub fn simulate(
    tickets: &[AlertFacts],
    calendar: &WorkCalendar,
    settings: &AlertSettings,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Simulation {
    let mut out = Simulation::default();
    let mut fired: HashSet<AlertKey> = HashSet::new();
    let mut last_shown: Vec<(AlertKind, DateTime<Utc>)> = Vec::new();
    // Each ticket's next moment (the store's `alert_checks`): every one at first.
    let mut check: Vec<Option<DateTime<Utc>>> = vec![Some(from); tickets.len()];
    let mut now = from;
    while now <= until {
        let horizon = now + settings.digest_interval();
        let planned: Vec<usize> = (0..tickets.len())
            .filter(|&i| check[i].is_some_and(|c| c <= horizon))
            .collect();
        let facts: Vec<AlertFacts> = planned.iter().map(|&i| tickets[i].clone()).collect();
        let p = plan(&PlanInput {
            tickets: &facts,
            outbox_problems: &[],
            calendar,
            settings,
            duty: None,
            me: OfficerRole::A,
            fired: &fired,
            now,
            paused_until: None,
            last_shown: &last_shown,
        });
        out.rounds += 1;
        fired.extend(p.newly_fired.iter().cloned());
        out.shown
            .extend(p.notifications.iter().cloned().map(|n| (now, n)));
        for k in &p.shown_kinds {
            last_shown.retain(|(x, _)| x != k);
            last_shown.push((*k, now));
        }
        if let Some(wakes) = &p.ticket_wakes {
            for (&i, w) in planned.iter().zip(wakes) {
                check[i] = *w;
            }
        }
        let stored = check.iter().flatten().filter(|c| **c > now).min().copied();
        let next = match (p.next_wake, stored) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => match a.or(b) {
                Some(t) => t,
                None => break,
            },
        };
        // The scheduler never sleeps less than 50 ms.
        now = next.max(now + Duration::milliseconds(50));
    }
    out
}

/// `n` open tickets whose deadlines fall over the `days` days after `from`, spread to
/// the minute (a deterministic mix from `seed`): most acknowledged and led by the unit
/// (reply deadline), some co-handled (opinion deadline), some still awaiting
/// acknowledgement (ack deadline within a day of `from`). The benchmark's and the
/// tests' notification storm.
pub fn open_tickets(n: usize, from: DateTime<Utc>, days: i64, seed: u64) -> Vec<AlertFacts> {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    let minutes = days.max(1) * 24 * 60;
    (0..n)
        .map(|i| {
            let due = from + Duration::minutes(30 + i64::try_from(next()).unwrap_or(0) % minutes);
            let dispatched = from - Duration::hours(1 + i64::try_from(next() % 48).unwrap_or(0));
            let mix = next() % 20;
            let (status, our_role, opinion_due) = match mix {
                0..=13 => (TicketStatus::InProgress, OurRole::Lead, None),
                14..=16 => (TicketStatus::InProgress, OurRole::CoHandler, Some(due)),
                _ => (TicketStatus::PendingAck, OurRole::Lead, None),
            };
            let ack_due = if status == TicketStatus::PendingAck {
                from + Duration::minutes(20 + i64::try_from(next() % (24 * 60)).unwrap_or(0))
            } else {
                dispatched + Duration::hours(1)
            };
            AlertFacts {
                id: format!("TQ2026{i:08}"),
                title: "小区门口路灯不亮".to_owned(),
                status,
                our_role,
                dispatched_at: dispatched,
                ack_due,
                reply_due: if opinion_due.is_some() {
                    due + Duration::days(2)
                } else {
                    due
                },
                opinion_due,
                redo: None,
                supervision: None,
                extension: None,
            }
        })
        .collect()
}
