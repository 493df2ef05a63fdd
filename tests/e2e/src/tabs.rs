//! What the filter tabs should count, worked out from the simulator's tickets the way
//! the workbench defines its tabs (restated here from the product's rules, not taken
//! from the app's code, so a mistake on either side shows).

use chrono::{DateTime, Duration, Utc};
use district_api::Ticket;
use std::collections::BTreeMap;

/// The tabs in the order the UI shows them: (`data-tab` id, label).
pub const TABS: [(&str, &str); 10] = [
    ("all", "全部"),
    ("pending_ack", "待签收"),
    ("due_soon", "即将超时"),
    ("overdue", "已超时"),
    ("redo", "重办"),
    ("supervised", "督办"),
    ("co_handling", "协办"),
    ("extension_pending", "延期审核中"),
    ("replied", "已答复待回访"),
    ("closed", "已办结"),
];

/// The 即将超时 window the UI asks for (24 hours).
pub const DUE_SOON: Duration = Duration::hours(24);

/// Tab id → count.
pub type Counts = BTreeMap<String, u64>;

/// The deadline that matters now for `unit_id`: the ack deadline while the ticket awaits
/// acknowledgement; none once replied or closed; otherwise the co-handler's opinion
/// deadline (the reply deadline when it has none) or the lead's reply deadline.
pub fn active_due(t: &Ticket, unit_id: &str) -> Option<DateTime<Utc>> {
    let utc = |ts: &district_api::Timestamp| ts.with_timezone(&Utc);
    match t.status.as_str() {
        "pending_ack" => Some(utc(&t.ack_due_at)),
        "replied" | "closed" => None,
        _ if t.our_role.as_str() == "co_handler" => Some(
            t.co_units
                .iter()
                .find(|u| u.id == unit_id)
                .and_then(|u| u.opinion_due_at.as_ref())
                .map_or_else(|| utc(&t.reply_due_at), utc),
        ),
        _ => Some(utc(&t.reply_due_at)),
    }
}

/// Whether `t` belongs in tab `tab` at `now` (whole seconds, as the cache compares).
fn in_tab(tab: &str, t: &Ticket, unit_id: &str, now: i64) -> bool {
    let status = t.status.as_str();
    let due = active_due(t, unit_id).map(|d| d.timestamp());
    match tab {
        "all" => true,
        "pending_ack" => status == "pending_ack",
        "due_soon" => due.is_some_and(|d| d >= now && d <= now + DUE_SOON.num_seconds()),
        "overdue" => due.is_some_and(|d| d < now),
        "redo" => status == "redo",
        "supervised" => t.supervision.is_some() && status != "closed",
        "co_handling" => t.our_role.as_str() == "co_handler",
        "extension_pending" => t
            .extension
            .as_ref()
            .is_some_and(|e| e.status.as_str() == "pending"),
        "replied" => status == "replied",
        "closed" => status == "closed",
        _ => false,
    }
}

/// Every tab's count at `now`.
pub fn counts_at(tickets: &[Ticket], unit_id: &str, now: DateTime<Utc>) -> Counts {
    let now = now.timestamp();
    TABS.iter()
        .map(|(tab, _)| {
            let n = tickets
                .iter()
                .filter(|t| in_tab(tab, t, unit_id, now))
                .count();
            ((*tab).to_owned(), n as u64)
        })
        .collect()
}

/// Every distinct set of counts the tabs can show for a list loaded at some moment
/// between `from` and `to` (the time-based tabs move while a test runs).
pub fn counts_between(
    tickets: &[Ticket],
    unit_id: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Counts> {
    let mut all: Vec<Counts> = Vec::new();
    let mut at = from;
    while at <= to {
        let c = counts_at(tickets, unit_id, at);
        if !all.contains(&c) {
            all.push(c);
        }
        at += Duration::seconds(1);
    }
    all
}
