//! String enums of the contract. Each keeps values it does not know as `Other(String)`
//! so that a later server version never makes a ticket unparseable.

/// Defines a string enum whose unknown values are kept verbatim in `Other`.
#[macro_export]
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the contract does not know; kept as sent.
            Other(String),
        }

        impl $name {
            /// Every value this version knows, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Other(s) => s.as_str(),
                }
            }

            /// Parses the wire spelling; unknown values become `Other`.
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Ok($name::from_wire(&s))
            }
        }
    };
}

open_enum!(
    /// 工单类别.
    Category {
        /// 投诉
        Complaint => "complaint",
        /// 求助
        Help => "help",
        /// 咨询
        Inquiry => "inquiry",
        /// 建议
        Suggestion => "suggestion",
        /// 举报
        Report => "report",
        /// 表扬
        Praise => "praise",
    }
);

open_enum!(
    /// Where the citizen's request came in.
    Channel {
        Phone => "phone",
        Web => "web",
        Wechat => "wechat",
        App => "app",
        Letter => "letter",
    }
);

open_enum!(
    /// 紧急程度.
    Urgency {
        Urgent => "urgent",
        Normal => "normal",
    }
);

open_enum!(
    /// The unit's role on a ticket: 牵头单位 or 协办单位.
    OurRole {
        Lead => "lead",
        CoHandler => "co_handler",
    }
);

open_enum!(
    /// 工单状态.
    TicketStatus {
        /// 待签收
        PendingAck => "pending_ack",
        /// 办理中
        InProgress => "in_progress",
        /// 已答复（待回访）
        Replied => "replied",
        /// 重办
        Redo => "redo",
        /// 已办结
        Closed => "closed",
    }
);

open_enum!(
    /// 延期申请 state.
    ExtensionStatus {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
    }
);

open_enum!(
    /// 督办 level, in rising severity.
    SupervisionLevel {
        /// 催办
        Reminder => "reminder",
        /// 黄牌
        Yellow => "yellow",
        /// 红牌
        Red => "red",
    }
);

open_enum!(
    /// Why a ticket left the unit.
    RemovalReason {
        Reassigned => "reassigned",
        Recalled => "recalled",
        Merged => "merged",
    }
);

open_enum!(
    /// 答复结果.
    ReplyOutcome {
        /// 已解决
        Resolved => "resolved",
        /// 部分解决
        PartiallyResolved => "partially_resolved",
        /// 未解决已说明
        UnresolvedExplained => "unresolved_explained",
        /// 已答复咨询
        InformationProvided => "information_provided",
    }
);

open_enum!(
    /// How the citizen was contacted.
    ContactMethod {
        Phone => "phone",
        Visit => "visit",
        Sms => "sms",
        OtherMethod => "other",
    }
);

open_enum!(
    /// A/B liaison officer role.
    OfficerRole {
        A => "A",
        B => "B",
    }
);

open_enum!(
    /// 回访 process satisfaction.
    ProcessSatisfaction {
        Satisfied => "satisfied",
        Basic => "basically_satisfied",
        Unsatisfied => "unsatisfied",
    }
);

open_enum!(
    /// 回访 result.
    CallbackResult {
        Resolved => "resolved",
        Unresolved => "unresolved",
    }
);
