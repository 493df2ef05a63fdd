//! The Chinese wording of notifications.

use super::hours::local;
use super::{AlertFacts, AlertKind, AlertUrgency, Candidate, Notification, OutboxProblem};
use crate::countdown::DeadlineKind;
use crate::labels;
use chrono::{DateTime, Utc};
use district_api::{Duty, OfficerRole, SupervisionLevel};
use std::collections::{BTreeMap, HashSet};

/// How many member lines a digest body shows.
const DIGEST_LINES: usize = 5;
/// How many characters of a free-text note (redo reason, supervision note) are shown.
const NOTE_CHARS: usize = 30;

/// `{id}  {title}  {countdown}`.
pub(super) fn line(t: &AlertFacts, countdown: &str) -> String {
    line_with(t, "", countdown)
}

/// `{id}  {title}  {extra}  {countdown}`, leaving out empty parts.
pub(super) fn line_with(t: &AlertFacts, extra: &str, countdown: &str) -> String {
    [t.id.as_str(), t.title.as_str(), extra, countdown]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("  ")
}

/// `{label}：{text}` cut to a notification's length, or empty.
pub(super) fn note(label: &str, text: &str) -> String {
    let text = cut(text, NOTE_CHARS);
    if text.is_empty() {
        String::new()
    } else {
        format!("{label}：{text}")
    }
}

/// Free text trimmed and cut to `max` characters (`…` marks the cut).
pub(super) fn cut(text: &str, max: usize) -> String {
    let text = text.trim();
    let mut cut: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        cut.push('…');
    }
    cut
}

/// `12月10日 18:00`, Beijing time.
pub(super) fn short_time(t: DateTime<Utc>) -> String {
    let (d, time) = local(t);
    format!("{} {}", d.format("%-m月%-d日"), time.format("%H:%M"))
}

pub(super) fn step_title(kind: AlertKind) -> String {
    match kind {
        AlertKind::NewTicket => "新工单待签收",
        AlertKind::AckDue => "工单即将超过签收时限",
        AlertKind::OpinionDue => "协办意见即将超时",
        _ => "工单即将超时",
    }
    .to_owned()
}

pub(super) fn overdue_title(dk: DeadlineKind) -> String {
    match dk {
        DeadlineKind::Ack => "工单签收已超时",
        DeadlineKind::Reply => "工单已超时",
        DeadlineKind::Opinion => "协办意见已超时",
    }
    .to_owned()
}

pub(super) fn redo_title(count: u32) -> String {
    format!("工单被退回重办（第{count}次）")
}

pub(super) fn supervision_title(level: &SupervisionLevel) -> String {
    match level {
        SupervisionLevel::Other(s) => format!("工单被督办（{s}）"),
        known => format!("工单被{}", labels::supervision(known)),
    }
}

pub(super) fn extension_title(approved: bool) -> String {
    if approved {
        "延期申请已批准"
    } else {
        "延期申请未获批准"
    }
    .to_owned()
}

pub(super) fn outbox_title(p: &OutboxProblem) -> String {
    match p.state {
        super::OutboxProblemState::Conflict => format!("{}提交冲突，请核对", p.write),
        super::OutboxProblemState::Rejected => format!("{}未被区平台接受，请处理", p.write),
    }
}

pub(super) fn outbox_line(p: &OutboxProblem, ticket: Option<&AlertFacts>) -> String {
    let what = match p.state {
        super::OutboxProblemState::Conflict => "工单已在区平台变化",
        super::OutboxProblemState::Rejected => "区平台拒绝",
    };
    let said = note(what, &p.detail);
    let said = if said.is_empty() {
        what.to_owned()
    } else {
        said
    };
    let id = p.ticket_id.as_deref().unwrap_or("");
    let title = ticket.map_or("", |t| t.title.as_str());
    [id, title, said.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("  ")
}

pub(super) fn single(c: &Candidate) -> Notification {
    Notification {
        kind: c.kind,
        digest: false,
        ticket_ids: c.ticket_id.iter().cloned().collect(),
        critical: c.critical,
        urgency: c.urgency,
        title: c.title.clone(),
        body: with_estimate_note(c.line.clone(), std::slice::from_ref(c)),
        keys: keys(std::slice::from_ref(c)),
    }
}

/// The years the candidates' moments were estimated in, as a note for the body:
/// `2027 年节假日安排尚未发布，工作日按周一至周五估算`.
pub(crate) fn estimate_note(years: &[i32]) -> Option<String> {
    if years.is_empty() {
        return None;
    }
    let years = crate::calendar::year_list(years);
    Some(format!(
        "{years} 年节假日安排尚未发布，工作日按周一至周五估算"
    ))
}

/// `body`, and on a line of its own the estimate note of `cands` if any.
fn with_estimate_note(body: String, cands: &[Candidate]) -> String {
    let mut years: Vec<i32> = cands
        .iter()
        .flat_map(|c| c.estimated_years.iter().copied())
        .collect();
    years.sort_unstable();
    years.dedup();
    match estimate_note(&years) {
        Some(note) => format!("{body}\n（{note}）"),
        None => body,
    }
}

/// One notification for several alerts (`cands` sorted, most important first).
pub(super) fn digest(cands: &[Candidate]) -> Notification {
    let n = cands.len();
    let first = cands.first().map_or(AlertKind::NewTicket, |c| c.kind);
    let same = cands.iter().all(|c| c.kind == first);
    let title = if same {
        match first {
            AlertKind::NewTicket => format!("{n} 件新工单待签收"),
            AlertKind::AckDue => format!("{n} 件工单即将超过签收时限"),
            AlertKind::ReplyDue => format!("{n} 件工单即将超时"),
            AlertKind::Overdue => format!("{n} 件工单已超时"),
            AlertKind::Redo => format!("{n} 件工单被退回重办"),
            AlertKind::Supervision => format!("{n} 件工单被督办"),
            AlertKind::ExtensionDecided => format!("{n} 件延期申请有了结果"),
            AlertKind::OpinionDue => format!("{n} 件协办意见即将超时"),
            AlertKind::OutboxProblem => format!("{n} 项提交未成功"),
            AlertKind::DutyHandover => format!("{n} 条值班交接"),
        }
    } else {
        format!("{n} 条工单提醒")
    };
    let mut lines = Vec::new();
    if !same {
        lines.push(counts(cands));
    }
    lines.extend(
        cands
            .iter()
            .take(DIGEST_LINES)
            .map(|c| format!("【{}】{}", c.kind.label(), c.line)),
    );
    if n > DIGEST_LINES {
        lines.push(format!("…另有 {} 条", n - DIGEST_LINES));
    }
    let critical = cands.iter().any(|c| c.critical);
    Notification {
        kind: first,
        digest: true,
        ticket_ids: ticket_ids(cands),
        critical,
        urgency: cands
            .iter()
            .map(|c| c.urgency)
            .max()
            .unwrap_or(AlertUrgency::Normal),
        title,
        body: with_estimate_note(lines.join("\n"), cands),
        keys: keys(cands),
    }
}

/// The one quiet notification of an officer who is not on duty.
pub(super) fn quiet_summary(
    cands: &[Candidate],
    role: &OfficerRole,
    duty: Option<&Duty>,
) -> Notification {
    let name = duty
        .map(|d| match role {
            OfficerRole::B => d.b.name.as_str(),
            _ => d.a.name.as_str(),
        })
        .filter(|n| !n.is_empty());
    let who = match name {
        Some(n) => format!("{role}角（{n}）"),
        None => format!("{role}角"),
    };
    Notification {
        kind: cands.first().map_or(AlertKind::NewTicket, |c| c.kind),
        digest: true,
        ticket_ids: ticket_ids(cands),
        critical: false,
        urgency: AlertUrgency::Low,
        title: format!("{who}值班中：{} 条提醒已发给值班人", cands.len()),
        body: format!("{}\n您当前不在值班，仅供知悉。", counts(cands)),
        keys: keys(cands),
    }
}

/// `已超时 1 · 重办 1 · 即将超时 3`, most important first.
fn counts(cands: &[Candidate]) -> String {
    let mut by_kind: BTreeMap<(u8, AlertKind), usize> = BTreeMap::new();
    for c in cands {
        *by_kind.entry((c.kind.rank(), c.kind)).or_default() += 1;
    }
    by_kind
        .iter()
        .map(|((_, k), n)| format!("{} {n}", k.label()))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn ticket_ids(cands: &[Candidate]) -> Vec<String> {
    let mut seen = HashSet::new();
    cands
        .iter()
        .filter_map(|c| c.ticket_id.as_ref())
        .filter(|id| seen.insert(id.as_str()))
        .cloned()
        .collect()
}

fn keys(cands: &[Candidate]) -> Vec<super::AlertKey> {
    cands
        .iter()
        .flat_map(|c| std::iter::once(&c.key).chain(c.lesser.iter()))
        .cloned()
        .collect()
}
