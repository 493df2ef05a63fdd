//! A ticket's events (重办, a new or raised supervision, an extension decided) and the
//! writes the district refused (the outbox's conflicts and rejections): each alerts once,
//! as soon as it is seen.

use super::Planner;
use crate::alerts::hours::stamp;
use crate::alerts::{AlertFacts, AlertKey, AlertKind, AlertUrgency, Candidate, text};
use crate::countdown::format_remaining;
use chrono::{DateTime, Utc};
use district_api::{ExtensionStatus, SupervisionLevel, TicketStatus};

/// An event of a ticket, before the check whether it fired.
struct Event {
    kind: AlertKind,
    threshold: String,
    critical: bool,
    urgency: AlertUrgency,
    /// When it happened (the alert is due then, or now if that is ahead).
    at: DateTime<Utc>,
    title: String,
    line: String,
}

impl Planner<'_, '_> {
    /// The ticket's events not yet fired.
    pub(super) fn events(&mut self, t: &AlertFacts) {
        let now = self.input.now;
        let countdown = t.active_deadline().map(|(dk, due)| {
            format!(
                "{}{}",
                dk.label(),
                format_remaining(due.signed_duration_since(now).num_seconds())
            )
        });
        let countdown = countdown.as_deref().unwrap_or("");
        self.redo(t, countdown);
        self.supervision(t, countdown);
        self.extension_decided(t, countdown);
    }

    /// 重办 (critical), once per redo count.
    fn redo(&mut self, t: &AlertFacts, countdown: &str) {
        if self.input.settings.is_enabled(AlertKind::Redo)
            && t.status == TicketStatus::Redo
            && let Some(r) = &t.redo
        {
            self.event(
                t,
                Event {
                    kind: AlertKind::Redo,
                    threshold: r.count.to_string(),
                    critical: true,
                    urgency: AlertUrgency::Critical,
                    at: r.at.to_utc(),
                    title: text::redo_title(r.count),
                    line: text::line_with(t, &text::note("重办原因", &r.reason), countdown),
                },
            );
        }
    }

    /// A supervision (critical when red), once per level and notice.
    fn supervision(&mut self, t: &AlertFacts, countdown: &str) {
        if self.input.settings.is_enabled(AlertKind::Supervision)
            && let Some(sv) = &t.supervision
        {
            let red = sv.level == SupervisionLevel::Red;
            self.event(
                t,
                Event {
                    kind: AlertKind::Supervision,
                    threshold: format!("{}@{}", sv.level.as_str(), stamp(sv.at.to_utc())),
                    critical: red,
                    urgency: if red {
                        AlertUrgency::Critical
                    } else {
                        AlertUrgency::Normal
                    },
                    at: sv.at.to_utc(),
                    title: text::supervision_title(&sv.level),
                    line: text::line_with(t, &text::note("督办意见", &sv.note), countdown),
                },
            );
        }
    }

    /// An extension request approved or rejected, once per request and decision.
    fn extension_decided(&mut self, t: &AlertFacts, countdown: &str) {
        if self.input.settings.is_enabled(AlertKind::ExtensionDecided)
            && let Some(e) = &t.extension
            && matches!(
                e.status,
                ExtensionStatus::Approved | ExtensionStatus::Rejected
            )
        {
            let approved = e.status == ExtensionStatus::Approved;
            let what = if approved {
                format!("新时限 {}", text::short_time(e.requested_due_at.to_utc()))
            } else {
                "原时限不变".to_owned()
            };
            self.event(
                t,
                Event {
                    kind: AlertKind::ExtensionDecided,
                    threshold: format!(
                        "{}/{}",
                        stamp(e.requested_due_at.to_utc()),
                        e.status.as_str()
                    ),
                    critical: false,
                    urgency: if approved {
                        AlertUrgency::Low
                    } else {
                        AlertUrgency::Normal
                    },
                    at: e.decided_at.map_or(self.input.now, |d| d.to_utc()),
                    title: text::extension_title(approved),
                    line: text::line_with(t, &what, countdown),
                },
            );
        }
    }

    fn event(&mut self, t: &AlertFacts, e: Event) {
        let key = AlertKey::new(t.id.as_str(), e.kind, e.threshold);
        if self.fired(&key) {
            return;
        }
        self.cands.push(Candidate {
            kind: e.kind,
            ticket_id: Some(t.id.clone()),
            key,
            lesser: Vec::new(),
            critical: e.critical,
            holdable: true,
            urgency: e.urgency,
            due: e.at.min(self.input.now),
            title: e.title,
            line: e.line,
            estimated_years: Vec::new(),
        });
    }

    /// The writes in conflict or rejected not yet alerted (`tickets`: for their titles).
    pub(in crate::alerts) fn outbox(&mut self, tickets: &[AlertFacts]) {
        if !self.input.settings.is_enabled(AlertKind::OutboxProblem) {
            return;
        }
        let now = self.input.now;
        for p in self.input.outbox_problems {
            let key = AlertKey::new(
                p.ticket_id.clone().unwrap_or_default(),
                AlertKind::OutboxProblem,
                format!("{}/{}/{}", p.entry_id, p.state.as_str(), stamp(p.at)),
            );
            if self.fired(&key) {
                continue;
            }
            let ticket = p
                .ticket_id
                .as_deref()
                .and_then(|id| tickets.iter().find(|t| t.id == id));
            self.cands.push(Candidate {
                kind: AlertKind::OutboxProblem,
                ticket_id: p.ticket_id.clone(),
                key,
                lesser: Vec::new(),
                critical: false,
                holdable: false,
                urgency: AlertUrgency::Normal,
                due: p.at.min(now),
                title: text::outbox_title(p),
                line: text::outbox_line(p, ticket),
                estimated_years: Vec::new(),
            });
        }
    }
}
