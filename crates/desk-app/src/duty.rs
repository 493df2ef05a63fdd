//! A/B duty (issue 6): the duty panel, "我要请假/外出" (A hands over to B until a time,
//! with a note) and "我已返岗" (A takes duty back), both queued as duty PUTs through the
//! outbox; and the handover notice that the next alert round shows the officer a synced
//! roster put on duty (`desk_domain::alerts::handover`).

use crate::ipc::OutboxEntry;
use crate::ipc::desktop::{DutyOfficer, DutyPanel};
use crate::{AppError, Desk};
use chrono::{DateTime, Duration, Utc};
use desk_domain::alerts::handover::{HandoverInput, handover_notice};
use desk_domain::alerts::{AlertFacts, FiredKeys, Plan, on_duty, paused};
use desk_store::{OutboxKind, OutboxState, Store};
use district_api::{Duty, DutyPut, OfficerRole, RosterOfficer};

/// The longest leave one handover may cover; a longer absence is a roster change for the
/// district, not a handover between the two officers.
pub const MAX_HANDOVER: Duration = Duration::days(31);

/// The longest handover note accepted (characters).
pub const MAX_NOTE_CHARS: usize = 1000;

fn officer_view(role: OfficerRole, o: &RosterOfficer) -> DutyOfficer {
    DutyOfficer {
        role: (&role).into(),
        name: o.name.clone(),
        phone: o.phone.clone(),
    }
}

/// The duty panel's data at `now`, for `me` (`None` before sign-in).
pub fn duty_panel_at(
    duty: Option<&Duty>,
    me: Option<&OfficerRole>,
    pending: Option<OutboxEntry>,
    now: DateTime<Utc>,
) -> DutyPanel {
    let role = on_duty(duty, now);
    let in_force = duty.is_some_and(|d| d.on_duty == role);
    let (since_ms, until_ms, note) = match duty {
        // The handover (or the standing arrangement) the roster names is in force.
        Some(d) if in_force => (
            Some(d.since.timestamp_millis()),
            d.until.map(|u| u.timestamp_millis()),
            d.note.trim().to_owned(),
        ),
        // B's `until` passed: duty is back with A since then.
        Some(d) => (d.until.map(|u| u.timestamp_millis()), None, String::new()),
        None => (None, None, String::new()),
    };
    let is_a = me == Some(&OfficerRole::A);
    DutyPanel {
        known: duty.is_some(),
        a: duty.map(|d| officer_view(OfficerRole::A, &d.a)),
        b: duty.map(|d| officer_view(OfficerRole::B, &d.b)),
        on_duty: (&role).into(),
        since_ms,
        until_ms,
        note,
        me: me.map(Into::into),
        i_am_on_duty: me == Some(&role),
        can_hand_over: duty.is_some() && is_a && role == OfficerRole::A,
        can_take_back: duty.is_some() && is_a && role == OfficerRole::B,
        pending,
    }
}

/// The handover PUT of "我要请假/外出", checked: `until` in the future (and not beyond
/// [`MAX_HANDOVER`]), a note to hand over.
pub fn handover_put(until_ms: i64, note: &str, now: DateTime<Utc>) -> Result<DutyPut, AppError> {
    let invalid = |m: &str| AppError::InvalidInput(m.to_owned());
    let until = DateTime::from_timestamp_millis(until_ms).ok_or_else(|| invalid("返岗时间无效"))?;
    if until <= now {
        return Err(invalid("返岗时间须晚于现在"));
    }
    if until - now > MAX_HANDOVER {
        return Err(invalid(
            "一次交接最长 31 天；更长的调整请联系区热线办修改值班安排",
        ));
    }
    let note = note.trim();
    if note.is_empty() {
        return Err(invalid("请填写交接说明：待办事项、需跟进的工单、注意事项"));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(invalid("交接说明最多 1000 字"));
    }
    Ok(DutyPut {
        on_duty: OfficerRole::B,
        until: Some(until.fixed_offset()),
        note: note.to_owned(),
    })
}

/// The PUT of "我已返岗": A on duty, no end, no note.
pub fn take_back_put() -> DutyPut {
    DutyPut {
        on_duty: OfficerRole::A,
        until: None,
        note: String::new(),
    }
}

/// The roster revisions the district answered to this desk's own duty PUTs.
fn own_duty_revisions(store: &Store) -> Result<Vec<i64>, AppError> {
    Ok(store
        .outbox()?
        .into_iter()
        .filter(|r| r.kind == OutboxKind::Duty && r.state == OutboxState::Sent)
        .filter_map(|r| r.response.and_then(|v| v.get("revision")?.as_i64()))
        .collect())
}

/// Adds the handover notice to an alert round's plan when the roster put `me` on duty
/// (shown first; its key persisted with the round's). While alerts are paused it is held
/// like any non-critical alert and the round wakes when the pause ends.
#[allow(clippy::too_many_arguments)]
pub(crate) fn add_handover_notice(
    plan: &mut Plan,
    store: &Store,
    tickets: &[AlertFacts],
    duty: Option<&Duty>,
    me: OfficerRole,
    fired: &dyn FiredKeys,
    now: DateTime<Utc>,
    paused_until: Option<DateTime<Utc>>,
) -> Result<(), AppError> {
    // Cheap checks first: most rounds have no handover to announce.
    if duty.is_none_or(|d| d.on_duty != me) {
        return Ok(());
    }
    let own = own_duty_revisions(store)?;
    let Some(notice) = handover_notice(&HandoverInput {
        duty,
        me,
        own_revisions: &own,
        tickets,
        fired,
        now,
    }) else {
        return Ok(());
    };
    if let Some(end) = paused(paused_until, now) {
        plan.held += 1;
        plan.next_wake = Some(plan.next_wake.map_or(end, |w| w.min(end)));
        return Ok(());
    }
    for key in &notice.keys {
        if !plan.newly_fired.contains(key) {
            plan.newly_fired.push(key.clone());
        }
    }
    plan.notifications.insert(0, notice);
    Ok(())
}

impl Desk {
    /// The duty panel: the roster as last synced, seen at the server-corrected now.
    pub fn duty_panel(&self) -> Result<DutyPanel, AppError> {
        let now = self.server_now()?;
        let officer = self.cached_officer();
        let store = self.store()?;
        let duty = match &officer {
            Some(o) => store.duty(&o.unit_id)?,
            None => None,
        };
        let pending = store
            .outbox()?
            .into_iter()
            .rev()
            .find(|r| {
                r.kind == OutboxKind::Duty
                    && matches!(
                        r.state,
                        OutboxState::Pending
                            | OutboxState::Blocked
                            | OutboxState::Conflict
                            | OutboxState::Rejected
                    )
            })
            .map(OutboxEntry::from);
        drop(store);
        Ok(duty_panel_at(
            duty.as_ref(),
            officer.as_ref().map(|o| &o.role),
            pending,
            now,
        ))
    }

    /// The signed-in officer, who must be A, and the synced roster.
    async fn officer_a_with_roster(&self, what: &str) -> Result<(), AppError> {
        let officer = self.officer().await?;
        if officer.role != OfficerRole::A {
            return Err(AppError::InvalidInput(format!(
                "只有A角可以{what}；B角在A角外出期间值班"
            )));
        }
        if self.store()?.duty(&officer.unit_id)?.is_none() {
            return Err(AppError::InvalidInput(
                "尚未同步值班安排：请先同步一次再交接".to_owned(),
            ));
        }
        Ok(())
    }

    /// 我要请假/外出: A hands duty over to B until `until_ms` (epoch ms) with a note.
    /// Queued in the outbox; B's desk shows it (with a notification to B) after its next
    /// sync.
    pub async fn hand_over_duty(&self, until_ms: i64, note: &str) -> Result<OutboxEntry, AppError> {
        self.officer_a_with_roster("请假/外出交接").await?;
        let put = handover_put(until_ms, note, self.server_now()?)?;
        self.set_duty(&put).await
    }

    /// 我已返岗: A takes duty back before (or after) the handover's end.
    pub async fn take_duty_back(&self) -> Result<OutboxEntry, AppError> {
        self.officer_a_with_roster("返岗").await?;
        self.set_duty(&take_back_put()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::OfficerRoleView;
    use pretty_assertions::assert_eq;

    fn at(s: &str) -> DateTime<Utc> {
        test_support::time::utc(s)
    }

    fn roster(on: OfficerRole, until: Option<&str>, note: &str) -> Duty {
        let person = |id: &str, name: &str| RosterOfficer {
            id: id.to_owned(),
            name: name.to_owned(),
            phone: "0531-1".to_owned(),
        };
        Duty {
            unit_id: "U".to_owned(),
            revision: 2,
            a: person("a", "张敏"),
            b: person("b", "王磊"),
            on_duty: on,
            since: at("2026-12-01T09:00:00+08:00").fixed_offset(),
            until: until.map(|u| at(u).fixed_offset()),
            note: note.to_owned(),
        }
    }

    #[test]
    fn the_panel_shows_who_is_on_duty_since_and_until_when_and_what_i_may_do() {
        let leave = roster(
            OfficerRole::B,
            Some("2026-12-01T18:00:00+08:00"),
            " 请跟进TQ1 ",
        );
        let during = at("2026-12-01T10:00:00+08:00");
        let after = at("2026-12-01T18:00:00+08:00");

        let a = duty_panel_at(Some(&leave), Some(&OfficerRole::A), None, during);
        assert_eq!(a.on_duty, OfficerRoleView::B);
        assert_eq!(a.b.as_ref().map(|b| b.name.as_str()), Some("王磊"));
        assert_eq!(a.since_ms, Some(leave.since.timestamp_millis()));
        assert_eq!(
            a.until_ms,
            Some(at("2026-12-01T18:00:00+08:00").timestamp_millis())
        );
        assert_eq!(a.note, "请跟进TQ1");
        assert!(!a.i_am_on_duty);
        assert!(!a.can_hand_over && a.can_take_back, "A may come back early");

        let b = duty_panel_at(Some(&leave), Some(&OfficerRole::B), None, during);
        assert!(b.i_am_on_duty);
        assert!(
            !b.can_hand_over && !b.can_take_back,
            "B has no duty actions"
        );

        // Once until passed, duty is A's again since then, and the note is history.
        let a = duty_panel_at(Some(&leave), Some(&OfficerRole::A), None, after);
        assert_eq!(a.on_duty, OfficerRoleView::A);
        assert_eq!(a.since_ms, Some(after.timestamp_millis()));
        assert_eq!((a.until_ms, a.note.as_str()), (None, ""));
        assert!(a.i_am_on_duty && a.can_hand_over && !a.can_take_back);
        let b = duty_panel_at(Some(&leave), Some(&OfficerRole::B), None, after);
        assert!(!b.i_am_on_duty);

        // Before any roster was synced: A is on duty by default, and nothing can be done.
        let none = duty_panel_at(None, Some(&OfficerRole::A), None, during);
        assert!(!none.known && none.on_duty == OfficerRoleView::A && none.since_ms.is_none());
        assert!(!none.can_hand_over && !none.can_take_back);
    }

    #[test]
    fn a_handover_needs_a_future_end_within_a_month_and_a_note() {
        let now = at("2026-12-01T10:00:00+08:00");
        let ms = |s: &str| at(s).timestamp_millis();
        let ok = handover_put(ms("2026-12-01T18:00:00+08:00"), "  TQ1 待回访  ", now)
            .map_err(|e| e.to_string());
        assert_eq!(
            ok,
            Ok(DutyPut {
                on_duty: OfficerRole::B,
                until: Some(at("2026-12-01T18:00:00+08:00").fixed_offset()),
                note: "TQ1 待回访".to_owned(),
            })
        );
        let err = |until: &str, note: &str| {
            handover_put(ms(until), note, now)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err("2026-12-01T10:00:00+08:00", "x").contains("晚于现在"));
        assert!(err("2026-12-01T09:00:00+08:00", "x").contains("晚于现在"));
        assert!(err("2027-01-05T10:00:00+08:00", "x").contains("31 天"));
        assert!(err("2026-12-01T18:00:00+08:00", "   ").contains("交接说明"));
        assert!(err("2026-12-01T18:00:00+08:00", &"字".repeat(1001)).contains("1000"));
        assert_eq!(take_back_put().on_duty, OfficerRole::A);
        assert_eq!(take_back_put().until, None);
    }
}
