//! Typed statuses and kinds for the IPC: the contract's and the outbox's enums as the
//! webview sees them, so that the UI compares against a closed TypeScript union, not a
//! free string.
//!
//! The contract's enums (`district-api`) are open (`Other(String)` keeps a value a later
//! server sends) and have no TypeScript of their own: each gets a closed view here whose
//! `From` is an exhaustive match (a variant added to the contract does not compile until
//! it is added here), with `Other` for values this version does not know (its Chinese
//! label, sent beside it, is the value as sent). The outbox's enums (`desk-store`) get a
//! view too, with what the UI needs to know about a state (its label, whether the officer
//! must look at it, whether it can be sent again).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A closed view of an open contract enum. The wire spellings are written here once
/// more; a test checks them against the contract's `KNOWN` values.
macro_rules! closed_view {
    ($(#[$meta:meta])* $view:ident = $ts:literal from $wire:ident {
        $($variant:ident => $spelling:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[ts(rename = $ts)]
        pub enum $view {
            $(#[serde(rename = $spelling)] $variant,)+
            /// A value this version does not know (the label beside it says what was sent).
            #[serde(rename = "other")]
            Other,
        }

        impl From<&district_api::$wire> for $view {
            fn from(v: &district_api::$wire) -> Self {
                match v {
                    $(district_api::$wire::$variant => $view::$variant,)+
                    district_api::$wire::Other(_) => $view::Other,
                }
            }
        }

        impl $view {
            /// The wire spelling (`other` for a value this version does not know).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($view::$variant => $spelling,)+
                    $view::Other => "other",
                }
            }
        }

        impl std::fmt::Display for $view {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// For textual filters (the CLI's `--status`).
        impl PartialEq<str> for $view {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
        impl PartialEq<String> for $view {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other
            }
        }
    };
}

/// A closed view of an open contract enum the officer picks a value of (the reply form):
/// only the values this version knows; a value it does not know has no view (`of` gives
/// `None`: the field shows as not filled in) and every view converts back to the contract.
macro_rules! choice_view {
    ($(#[$meta:meta])* $view:ident = $ts:literal for $wire:ident {
        $($variant:ident => $spelling:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[ts(rename = $ts)]
        pub enum $view {
            $(#[serde(rename = $spelling)] $variant,)+
        }

        impl $view {
            /// The view of a contract value; `None` for a value this version does not know.
            pub fn of(v: &district_api::$wire) -> Option<Self> {
                match v {
                    $(district_api::$wire::$variant => Some($view::$variant),)+
                    district_api::$wire::Other(_) => None,
                }
            }

            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($view::$variant => $spelling,)+
                }
            }
        }

        impl From<$view> for district_api::$wire {
            fn from(v: $view) -> Self {
                match v {
                    $($view::$variant => district_api::$wire::$variant,)+
                }
            }
        }

        impl std::fmt::Display for $view {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

choice_view!(
    /// 答复结果.
    ReplyOutcomeView = "ReplyOutcome" for ReplyOutcome {
        Resolved => "resolved",
        PartiallyResolved => "partially_resolved",
        UnresolvedExplained => "unresolved_explained",
        InformationProvided => "information_provided",
    }
);
choice_view!(
    /// How the citizen was contacted.
    ContactMethodView = "ContactMethod" for ContactMethod {
        Phone => "phone",
        Visit => "visit",
        Sms => "sms",
        OtherMethod => "other",
    }
);

closed_view!(
    /// 工单状态.
    TicketStatusView = "TicketStatus" from TicketStatus {
        PendingAck => "pending_ack",
        InProgress => "in_progress",
        Replied => "replied",
        Redo => "redo",
        Closed => "closed",
    }
);
closed_view!(
    /// The unit's role on a ticket: 牵头 or 协办.
    OurRoleView = "OurRole" from OurRole { Lead => "lead", CoHandler => "co_handler" }
);
closed_view!(
    /// 工单类别.
    CategoryView = "Category" from Category {
        Complaint => "complaint",
        Help => "help",
        Inquiry => "inquiry",
        Suggestion => "suggestion",
        Report => "report",
        Praise => "praise",
    }
);
closed_view!(
    /// 紧急程度.
    UrgencyView = "Urgency" from Urgency { Urgent => "urgent", Normal => "normal" }
);
closed_view!(
    /// 督办 level.
    SupervisionLevelView = "SupervisionLevel" from SupervisionLevel {
        Reminder => "reminder",
        Yellow => "yellow",
        Red => "red",
    }
);
closed_view!(
    /// 延期申请 state.
    ExtensionStatusView = "ExtensionStatus" from ExtensionStatus {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
    }
);

closed_view!(
    /// A or B: the unit's liaison officers.
    OfficerRoleView = "OfficerRole" from OfficerRole { A => "A", B => "B" }
);

/// What an outbox write asks the district to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "OutboxKind")]
pub enum OutboxKindView {
    Ack,
    Reply,
    Opinion,
    Extension,
    Coordination,
    Reassignment,
    Draft,
    Duty,
}

impl From<desk_store::OutboxKind> for OutboxKindView {
    fn from(k: desk_store::OutboxKind) -> Self {
        use desk_store::OutboxKind as K;
        match k {
            K::Ack => Self::Ack,
            K::Reply => Self::Reply,
            K::Opinion => Self::Opinion,
            K::Extension => Self::Extension,
            K::Coordination => Self::Coordination,
            K::Reassignment => Self::Reassignment,
            K::Draft => Self::Draft,
            K::Duty => Self::Duty,
        }
    }
}

impl OutboxKindView {
    /// In Chinese (签收, 答复, ...).
    pub fn label(self) -> &'static str {
        match self {
            Self::Ack => "签收",
            Self::Reply => "答复",
            Self::Opinion => "协办意见",
            Self::Extension => "延期申请",
            Self::Coordination => "协调申请",
            Self::Reassignment => "改派申请",
            Self::Draft => "共享草稿",
            Self::Duty => "值班交接",
        }
    }

    /// The store's spelling (`ack`, `reply`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ack => "ack",
            Self::Reply => "reply",
            Self::Opinion => "opinion",
            Self::Extension => "extension",
            Self::Coordination => "coordination",
            Self::Reassignment => "reassignment",
            Self::Draft => "draft",
            Self::Duty => "duty",
        }
    }
}

/// Where an outbox write stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "OutboxState")]
pub enum OutboxStateView {
    Pending,
    Sent,
    Conflict,
    Rejected,
    Discarded,
    Blocked,
}

impl From<desk_store::OutboxState> for OutboxStateView {
    fn from(s: desk_store::OutboxState) -> Self {
        use desk_store::OutboxState as S;
        match s {
            S::Pending => Self::Pending,
            S::Sent => Self::Sent,
            S::Conflict => Self::Conflict,
            S::Rejected => Self::Rejected,
            S::Discarded => Self::Discarded,
            S::Blocked => Self::Blocked,
        }
    }
}

impl OutboxStateView {
    /// In Chinese (待发送, 冲突, ...).
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "待发送",
            Self::Sent => "已发送",
            Self::Conflict => "冲突",
            Self::Rejected => "被退回",
            Self::Discarded => "已放弃",
            Self::Blocked => "发送受阻",
        }
    }

    /// The store's spelling (`pending`, `conflict`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Conflict => "conflict",
            Self::Rejected => "rejected",
            Self::Discarded => "discarded",
            Self::Blocked => "blocked",
        }
    }

    /// Not settled: the ticket's rows show it (待发送, 冲突, 被退回, 发送受阻).
    pub fn is_unresolved(self) -> bool {
        matches!(
            self,
            Self::Pending | Self::Blocked | Self::Conflict | Self::Rejected
        )
    }

    /// The district refused it or kept failing on it: the officer must look at it.
    pub fn needs_attention(self) -> bool {
        matches!(self, Self::Conflict | Self::Rejected | Self::Blocked)
    }

    /// Only a blocked write can be sent again as it is (same idempotency key).
    pub fn can_retry(self) -> bool {
        self == Self::Blocked
    }
}

macro_rules! display_as_str {
    ($($view:ident),+) => {$(
        impl std::fmt::Display for $view {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}
display_as_str!(OutboxKindView, OutboxStateView);

/// The newest unresolved write of a ticket, for its row's 标记 badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxMark {
    pub state: OutboxStateView,
    /// 待发送, 冲突, 被退回 or 发送受阻.
    pub label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_views_spell_the_contract_values_as_the_wire_does() {
        fn check<W, V>(known: &[W])
        where
            W: std::fmt::Display,
            V: for<'a> From<&'a W> + Serialize,
        {
            for k in known {
                let view = serde_json::to_value(V::from(k)).expect("json");
                assert_eq!(view, serde_json::json!(k.to_string()));
            }
        }
        check::<_, TicketStatusView>(district_api::TicketStatus::KNOWN);
        check::<_, OurRoleView>(district_api::OurRole::KNOWN);
        check::<_, CategoryView>(district_api::Category::KNOWN);
        check::<_, UrgencyView>(district_api::Urgency::KNOWN);
        check::<_, SupervisionLevelView>(district_api::SupervisionLevel::KNOWN);
        check::<_, ExtensionStatusView>(district_api::ExtensionStatus::KNOWN);
        check::<_, OfficerRoleView>(district_api::OfficerRole::KNOWN);
        for o in district_api::ReplyOutcome::KNOWN {
            let view = ReplyOutcomeView::of(o).expect("known");
            assert_eq!(
                serde_json::to_value(view).expect("json"),
                serde_json::json!(o.to_string())
            );
            assert_eq!(district_api::ReplyOutcome::from(view), *o);
        }
        for m in district_api::ContactMethod::KNOWN {
            let view = ContactMethodView::of(m).expect("known");
            assert_eq!(
                serde_json::to_value(view).expect("json"),
                serde_json::json!(m.to_string())
            );
            assert_eq!(district_api::ContactMethod::from(view), *m);
        }
        let later = district_api::ReplyOutcome::from_wire("referred");
        assert_eq!(
            ReplyOutcomeView::of(&later),
            None,
            "not known: not filled in"
        );
        let unknown = district_api::TicketStatus::from_wire("suspended");
        assert_eq!(TicketStatusView::from(&unknown), TicketStatusView::Other);
    }

    #[test]
    fn the_outbox_views_spell_the_store_values() {
        for k in desk_store::OutboxKind::ALL {
            assert_eq!(OutboxKindView::from(k).as_str(), k.as_str());
            let json = serde_json::to_value(OutboxKindView::from(k)).expect("json");
            assert_eq!(json, serde_json::json!(k.as_str()));
        }
        use desk_store::OutboxState as S;
        for s in [
            S::Pending,
            S::Sent,
            S::Conflict,
            S::Rejected,
            S::Discarded,
            S::Blocked,
        ] {
            let json = serde_json::to_value(OutboxStateView::from(s)).expect("json");
            assert_eq!(json, serde_json::json!(s.as_str()));
        }
    }
}
