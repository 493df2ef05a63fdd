//! A ticket (工单), a reply (规范答复) and the other write bodies.

use crate::{
    CallbackResult, Category, Channel, ContactMethod, ExtensionStatus, OurRole,
    ProcessSatisfaction, ReplyOutcome, SupervisionLevel, TicketStatus, Timestamp, Urgency,
};
use serde::{Deserialize, Serialize};

/// A work order as the district serves it (`GET /tickets/{id}` and feed items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: String,
    /// Grows with every change (by at least 1).
    pub version: i64,
    pub title: String,
    pub category: Category,
    /// 事项分类, e.g. `城市管理/市政设施/路灯`.
    #[serde(default)]
    pub matter: String,
    /// The citizen's words: untrusted free text.
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub citizen: Citizen,
    #[serde(default)]
    pub location: String,
    pub channel: Channel,
    pub urgency: Urgency,
    pub our_role: OurRole,
    pub lead_unit: UnitRef,
    #[serde(default)]
    pub co_units: Vec<CoUnit>,
    pub status: TicketStatus,
    pub dispatched_at: Timestamp,
    pub ack_due_at: Timestamp,
    pub reply_due_at: Timestamp,
    #[serde(default)]
    pub acked_by: Option<AckedBy>,
    #[serde(default)]
    pub extension: Option<Extension>,
    #[serde(default)]
    pub redo: Option<Redo>,
    #[serde(default)]
    pub supervision: Option<Supervision>,
    #[serde(default)]
    pub callback: Option<Callback>,
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// Citizen contact data as the district sends it (already masked by the district
/// where its policy says so; the app masks again for display).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citizen {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
}

/// A reference to a handling unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
}

/// A co-handling unit (协办单位) with its own opinion deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoUnit {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub opinion_due_at: Option<Timestamp>,
}

/// Who acknowledged (签收) the ticket, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckedBy {
    pub id: String,
    pub name: String,
    pub at: Timestamp,
}

/// 延期申请 and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub status: ExtensionStatus,
    pub requested_due_at: Timestamp,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub decided_at: Option<Timestamp>,
}

/// 重办: how many times, and why (the latest reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redo {
    pub count: u32,
    #[serde(default)]
    pub reason: String,
    pub at: Timestamp,
}

/// 督办.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supervision {
    pub level: SupervisionLevel,
    #[serde(default)]
    pub note: String,
    pub at: Timestamp,
}

/// 回访 result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Callback {
    pub at: Timestamp,
    pub process: ProcessSatisfaction,
    pub result: CallbackResult,
    #[serde(default)]
    pub comment: String,
}

/// One line of the ticket's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    #[serde(default)]
    pub note: String,
}

/// An attachment's metadata; the bytes are at `GET /attachments/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub content_type: String,
}

/// A reply (规范答复), `POST /tickets/{id}/replies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub outcome: ReplyOutcome,
    pub text: String,
    pub citizen_contacted_at: Timestamp,
    pub contact_method: ContactMethod,
    pub contact_name: String,
    pub contact_phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_basis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses_redo_reason: Option<String>,
}

/// A partial reply, as held in a shared draft: every field may still be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialReply {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ReplyOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen_contacted_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_method: Option<ContactMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_basis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addresses_redo_reason: Option<String>,
}

/// 协办意见, `POST /tickets/{id}/opinions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    pub text: String,
    pub contact_name: String,
    pub contact_phone: String,
}

/// 延期申请, `POST /tickets/{id}/extension-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRequest {
    pub reason: String,
    pub requested_due_at: Timestamp,
}

/// 申请协调/会商, `POST /tickets/{id}/coordination-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoordinationRequest {
    pub reason: String,
    pub units: Vec<String>,
}

/// 申请改派, `POST /tickets/{id}/reassignment-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReassignmentRequest {
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_unit: Option<String>,
}

/// The unit's shared working draft (`GET/PUT /tickets/{id}/draft`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub revision: i64,
    pub updated_by: PersonRef,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub reply: PartialReply,
}

/// Body of a draft `PUT`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPut {
    pub reply: PartialReply,
}

/// A person reference (`{"id","name"}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub id: String,
    pub name: String,
}

/// An officer as named in the duty roster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterOfficer {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub phone: String,
}

/// The A/B duty roster (`GET/PUT /units/{unit_id}/duty`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duty {
    pub unit_id: String,
    pub revision: i64,
    pub a: RosterOfficer,
    pub b: RosterOfficer,
    pub on_duty: crate::OfficerRole,
    pub since: Timestamp,
    #[serde(default)]
    pub until: Option<Timestamp>,
    #[serde(default)]
    pub note: String,
}

/// Body of a duty `PUT`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyPut {
    pub on_duty: crate::OfficerRole,
    #[serde(default)]
    pub until: Option<Timestamp>,
    #[serde(default)]
    pub note: String,
}
