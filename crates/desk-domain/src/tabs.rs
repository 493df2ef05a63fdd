//! The workbench's quick filters (tabs). Pure: each predicate is a function of a
//! ticket's facts and the server-corrected time.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// One quick filter of the ticket list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "FilterTab"))]
pub enum Tab {
    /// 全部
    All,
    /// 待签收
    PendingAck,
    /// 即将超时: the active deadline falls within the configured window.
    DueSoon,
    /// 已超时: the active deadline has passed.
    Overdue,
    /// 重办
    Redo,
    /// 督办: under supervision and not yet closed.
    Supervised,
    /// 协办: the unit is a co-handler.
    CoHandling,
    /// 延期审核中
    ExtensionPending,
    /// 已答复待回访
    Replied,
    /// 已办结
    Closed,
}

impl Tab {
    pub const ALL: [Tab; 10] = [
        Tab::All,
        Tab::PendingAck,
        Tab::DueSoon,
        Tab::Overdue,
        Tab::Redo,
        Tab::Supervised,
        Tab::CoHandling,
        Tab::ExtensionPending,
        Tab::Replied,
        Tab::Closed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::All => "全部",
            Tab::PendingAck => "待签收",
            Tab::DueSoon => "即将超时",
            Tab::Overdue => "已超时",
            Tab::Redo => "重办",
            Tab::Supervised => "督办",
            Tab::CoHandling => "协办",
            Tab::ExtensionPending => "延期审核中",
            Tab::Replied => "已答复待回访",
            Tab::Closed => "已办结",
        }
    }

    /// Whether a ticket with `facts` belongs in this tab at `now`.
    pub fn matches(self, facts: &TicketFacts, now: DateTime<Utc>, due_soon: Duration) -> bool {
        let status = facts.status.as_str();
        match self {
            Tab::All => true,
            Tab::PendingAck => status == "pending_ack",
            Tab::DueSoon => facts
                .active_due
                .is_some_and(|d| d >= now && d <= now + due_soon),
            Tab::Overdue => facts.active_due.is_some_and(|d| d < now),
            Tab::Redo => status == "redo",
            Tab::Supervised => facts.supervised && status != "closed",
            Tab::CoHandling => facts.co_handler,
            Tab::ExtensionPending => facts.extension_pending,
            Tab::Replied => status == "replied",
            Tab::Closed => status == "closed",
        }
    }
}

/// What the tabs need to know about a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    pub status: String,
    /// The deadline that matters now (`None` once replied or closed).
    pub active_due: Option<DateTime<Utc>>,
    pub supervised: bool,
    pub co_handler: bool,
    pub extension_pending: bool,
}
