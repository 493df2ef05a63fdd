//! A ticket's deadline ladder towards its active deadline (ack, reply or opinion): the
//! new-ticket alert and the lead reminders before it, then overdue, at once and again at
//! the start of each working day. Only the ladder's current step fires; the steps passed
//! unseen are marked fired with it.

use super::Planner;
use crate::alerts::hours::{self, local, stamp};
use crate::alerts::{AlertFacts, AlertKey, AlertKind, AlertUrgency, Candidate, Lead, text};
use crate::countdown::{DeadlineKind, format_remaining};
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// One step of a deadline ladder.
struct Step {
    kind: AlertKind,
    threshold: String,
    at: DateTime<Utc>,
}

/// One ticket's ladder towards one deadline.
struct Ladder<'t> {
    t: &'t AlertFacts,
    dk: DeadlineKind,
    deadline: DateTime<Utc>,
    /// `{ack|reply|opinion}@{deadline}`: the start of every threshold of the ladder.
    prefix: String,
    /// The steps before the deadline that the settings enable, by moment.
    steps: Vec<Step>,
    /// The time left, as the notification says it.
    countdown: String,
    /// Overdue: 1 s past the deadline, as the countdown counts it.
    overdue_at: DateTime<Utc>,
}

impl Ladder<'_> {
    fn key(&self, kind: AlertKind, threshold: &str) -> AlertKey {
        AlertKey::new(self.t.id.as_str(), kind, threshold)
    }

    fn step_key(&self, st: &Step) -> AlertKey {
        self.key(st.kind, &st.threshold)
    }
}

impl Planner<'_, '_> {
    /// The ticket's alert due on its ladder towards `deadline`, and the ladder's next
    /// moment.
    pub(super) fn ladder(&mut self, t: &AlertFacts, dk: DeadlineKind, deadline: DateTime<Utc>) {
        let now = self.input.now;
        let prefix = format!("{}@{}", deadline_code(dk), stamp(deadline));
        let steps = self.steps(t, dk, deadline, &prefix);
        let ladder = Ladder {
            t,
            dk,
            deadline,
            prefix,
            steps,
            countdown: format_remaining(deadline.signed_duration_since(now).num_seconds()),
            overdue_at: deadline + Duration::seconds(1),
        };
        if self.input.settings.is_enabled(AlertKind::Overdue) && now >= ladder.overdue_at {
            self.overdue(&ladder);
        } else {
            self.before_deadline(&ladder);
        }
    }

    /// The new-ticket alert (ack deadline only) and the lead reminders the settings
    /// enable, by moment.
    fn steps(
        &self,
        t: &AlertFacts,
        dk: DeadlineKind,
        deadline: DateTime<Utc>,
        prefix: &str,
    ) -> Vec<Step> {
        let s = self.input.settings;
        let (lead_kind, leads) = match dk {
            DeadlineKind::Ack => (AlertKind::AckDue, &s.ack_leads),
            DeadlineKind::Reply => (AlertKind::ReplyDue, &s.reply_leads),
            DeadlineKind::Opinion => (AlertKind::OpinionDue, &s.opinion_leads),
        };
        let mut steps = Vec::new();
        if dk == DeadlineKind::Ack && s.is_enabled(AlertKind::NewTicket) {
            steps.push(Step {
                kind: AlertKind::NewTicket,
                threshold: format!("{prefix}/new"),
                // "At once": a dispatch time slightly ahead of our clock does not wait.
                at: t.dispatched_at.min(self.input.now),
            });
        }
        if s.is_enabled(lead_kind) {
            for lead in leads {
                steps.push(Step {
                    kind: lead_kind,
                    threshold: format!("{prefix}/{}", lead.label()),
                    at: self.lead_moment(deadline, *lead),
                });
            }
        }
        steps.sort_by_key(|st| st.at);
        steps
    }

    /// Past the deadline (overdue alerts on): the overdue step of today's working day
    /// (or of the deadline's day), critical, with every earlier step; then the next
    /// day's repeat.
    fn overdue(&mut self, l: &Ladder<'_>) {
        let s = self.input.settings;
        let now = self.input.now;
        let prefix = &l.prefix;
        let first = local(l.deadline).0;
        let day = if s.overdue_repeat_daily {
            self.current_overdue_day(first, now)
        } else {
            first
        };
        let main = l.key(AlertKind::Overdue, &format!("{prefix}/{day}"));
        if !self.fired(&main) {
            let mut lesser: Vec<AlertKey> = l.steps.iter().map(|st| l.step_key(st)).collect();
            if day != first {
                lesser.push(l.key(AlertKind::Overdue, &format!("{prefix}/{first}")));
            }
            lesser.retain(|k| !self.fired(k));
            let due = if day == first {
                l.overdue_at
            } else {
                hours::at(day, self.hours.start)
            };
            self.cands.push(Candidate {
                kind: AlertKind::Overdue,
                ticket_id: Some(l.t.id.clone()),
                key: main,
                lesser,
                critical: true,
                holdable: false,
                urgency: AlertUrgency::Critical,
                due,
                title: text::overdue_title(l.dk),
                line: text::line(l.t, &l.countdown),
                estimated_years: Vec::new(),
            });
        }
        if s.overdue_repeat_daily {
            let mut next = self.next_overdue_day(first, now);
            for _ in 0..10 {
                if !self.fired(&l.key(AlertKind::Overdue, &format!("{prefix}/{next}"))) {
                    self.offer_wake(
                        self.coalesced(AlertKind::Overdue, hours::at(next, self.hours.start)),
                    );
                    break;
                }
                next = self.hours.days.next_after(next);
            }
        }
    }

    /// Before the deadline: the latest step passed, with the earlier ones passed unseen;
    /// then the next step, or overdue.
    fn before_deadline(&mut self, l: &Ladder<'_>) {
        let now = self.input.now;
        let passed = l.steps.iter().take_while(|st| st.at <= now).count();
        if let Some((cur, earlier)) = l.steps[..passed].split_last() {
            let main = l.step_key(cur);
            if !self.fired(&main) {
                let lesser = earlier
                    .iter()
                    .map(|st| l.step_key(st))
                    .filter(|k| !self.fired(k))
                    .collect();
                self.cands.push(Candidate {
                    kind: cur.kind,
                    ticket_id: Some(l.t.id.clone()),
                    key: main,
                    lesser,
                    critical: false,
                    holdable: true,
                    urgency: AlertUrgency::Normal,
                    due: cur.at,
                    title: text::step_title(cur.kind),
                    line: text::line(l.t, &l.countdown),
                    estimated_years: Vec::new(),
                });
            }
        }
        let current_waits = passed > 0 && !self.fired(&l.step_key(&l.steps[passed - 1]));
        let mut next_unfired = None;
        for (i, st) in l.steps.iter().enumerate().skip(passed) {
            if !self.fired(&l.step_key(st)) {
                next_unfired.get_or_insert(i);
                self.offer_wake(self.coalesced(st.kind, self.hours.release(st.at)));
            }
        }
        if !current_waits && let Some(i) = next_unfired {
            self.pull_forward(l, i);
        }
        if self.input.settings.is_enabled(AlertKind::Overdue) {
            // Even when a clock jump left it fired: the daily repeats follow from there.
            self.offer_wake(self.coalesced(AlertKind::Overdue, l.overdue_at));
        }
    }

    /// The ladder's next step (`l.steps[i]`, ahead of now, nothing due before it): if it
    /// comes within the next digest interval and is not held then, it may come early
    /// with its kind's digest ([`Planner::coalesce`]).
    fn pull_forward(&mut self, l: &Ladder<'_>, i: usize) {
        let st = &l.steps[i];
        let interval = self.input.settings.digest_interval();
        if interval <= Duration::zero()
            || !st.kind.coalesces()
            || st.at > self.input.now + interval
            || self.hours.release(st.at) != st.at
        {
            return;
        }
        let lesser = l.steps[..i]
            .iter()
            .map(|e| l.step_key(e))
            .filter(|k| !self.fired(k))
            .collect();
        self.early.push(Candidate {
            kind: st.kind,
            ticket_id: Some(l.t.id.clone()),
            key: l.step_key(st),
            lesser,
            critical: false,
            holdable: true,
            urgency: AlertUrgency::Normal,
            due: st.at,
            title: text::step_title(st.kind),
            line: text::line(l.t, &l.countdown),
            estimated_years: Vec::new(),
        });
    }

    /// The moment a lead before `deadline` is reached.
    fn lead_moment(&self, deadline: DateTime<Utc>, lead: Lead) -> DateTime<Utc> {
        match lead {
            Lead::Minutes(m) => deadline - Duration::minutes(i64::from(m)),
            Lead::WorkingDays(n) => {
                let (date, time) = local(deadline);
                let day = self.hours.days.nth_before(date, n);
                let time = if self.hours.hold {
                    time.min(self.hours.end)
                } else {
                    time
                };
                hours::at(day, time)
            }
        }
    }

    /// The Beijing date of the overdue step current at `now` (`now` is past the deadline
    /// on `first`): the latest working day after `first` whose working hours started, or
    /// `first` itself.
    fn current_overdue_day(&self, first: NaiveDate, now: DateTime<Utc>) -> NaiveDate {
        let (today, time) = local(now);
        let mut day = today;
        for _ in 0..400 {
            if day <= first {
                break;
            }
            if (day < today || time >= self.hours.start) && self.hours.days.is_workday(day) {
                return day;
            }
            match day.pred_opt() {
                Some(d) => day = d,
                None => break,
            }
        }
        first
    }

    /// The Beijing date of the next overdue repeat after `now`.
    fn next_overdue_day(&self, first: NaiveDate, now: DateTime<Utc>) -> NaiveDate {
        let (today, time) = local(now);
        if today > first && time < self.hours.start && self.hours.days.is_workday(today) {
            today
        } else {
            self.hours.days.next_after(today.max(first))
        }
    }
}

/// The deadline's part of a threshold key.
fn deadline_code(dk: DeadlineKind) -> &'static str {
    match dk {
        DeadlineKind::Ack => "ack",
        DeadlineKind::Reply => "reply",
        DeadlineKind::Opinion => "opinion",
    }
}
