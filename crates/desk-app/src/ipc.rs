//! The IPC format: what the webview receives and sends. The commands are declared once in
//! [`commands`], the events in [`events`]; TypeScript bindings for these types, the
//! commands and the events are generated into `ui/src/ipc/` (`ipc/codegen.rs`,
//! `cargo xtask bindings`), committed, and checked by a test.

use desk_domain::{countdown, labels};
use district_api::Ticket;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod about;
pub mod alerts;
mod codegen;
pub mod commands;
pub mod desktop;
pub mod events;
pub mod kinds;
pub mod report;
pub use about::AboutInfo;
pub use alerts::{AlertEntry, AlertPrefs};
pub use codegen::{bindings_ts, commands_ts, events_ts};
pub use commands::{COMMANDS, CommandSpec, DeskCommands};
pub use desktop::{DesktopPrefs, DutyOfficer, DutyPanel};
pub use kinds::{
    CategoryView, ContactMethodView, ExtensionStatusView, OfficerRoleView, OurRoleView,
    OutboxKindView, OutboxMark, OutboxStateView, ReplyOutcomeView, SupervisionLevelView,
    TicketStatusView, UrgencyView,
};
pub use report::{
    AssessmentReport, AtRiskTicket, BreakdownRow, ExportedFile, FigureFilter, FigureKey, Figures,
    MonthRates, Projection, ReportQuery,
};

/// Error codes the UI switches on. Closed: adding one is an IPC change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The district could not be reached; cached data is still shown.
    Offline,
    /// Not signed in, or the token expired or was revoked.
    Unauthorized,
    /// The district answered with an error.
    Server,
    /// The local cache could not be read or written (disk full, corrupt file).
    Storage,
    InvalidInput,
    NotFound,
    Internal,
}

/// Every failed command rejects with this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

/// The deadline that matters now for a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActiveDeadline {
    pub kind: countdown::DeadlineKind,
    pub kind_label: String,
    /// Epoch milliseconds (UTC).
    pub due_ms: i64,
    /// Within this many seconds the countdown turns amber.
    pub due_soon_seconds: i64,
}

impl ActiveDeadline {
    /// The `kind` deadline due at `due_ms`, with its label and amber threshold.
    pub fn of(kind: countdown::DeadlineKind, due_ms: i64) -> ActiveDeadline {
        ActiveDeadline {
            kind,
            kind_label: kind.label().to_owned(),
            due_ms,
            due_soon_seconds: kind.due_soon_window().num_seconds(),
        }
    }
}

/// 督办 badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SupervisionBadge {
    pub level: SupervisionLevelView,
    pub label: String,
}

/// One row of the ticket list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TicketRow {
    pub id: String,
    pub version: i64,
    pub title: String,
    pub category: CategoryView,
    pub category_label: String,
    pub urgency: UrgencyView,
    pub urgency_label: String,
    pub status: TicketStatusView,
    pub status_label: String,
    pub our_role: OurRoleView,
    pub role_label: String,
    pub matter: String,
    pub location: String,
    pub dispatched_at_ms: i64,
    pub ack_due_ms: i64,
    pub reply_due_ms: i64,
    pub deadline: Option<ActiveDeadline>,
    /// Years this ticket's working-day figures (working days left, the "1 working day
    /// before" reminder, reminders held on days off) rest on that no calendar covers:
    /// they count Monday to Friday and are shown as estimates. Empty: exact.
    pub estimated_years: Vec<i32>,
    pub redo_count: u32,
    pub supervision: Option<SupervisionBadge>,
    pub extension_status: Option<ExtensionStatusView>,
    pub extension_label: Option<String>,
    /// The newest unresolved write of this ticket (pending, blocked, conflict or
    /// rejected), with its label for the row's badge.
    pub outbox_state: Option<OutboxMark>,
}

impl TicketRow {
    /// The row for `t`, as seen by unit `unit_id`.
    pub fn from_ticket(t: &Ticket, unit_id: &str) -> TicketRow {
        let deadline =
            countdown::ticket_active_deadline(t, unit_id).map(|(kind, at)| ActiveDeadline {
                kind,
                kind_label: kind.label().to_owned(),
                due_ms: at.timestamp_millis(),
                due_soon_seconds: kind.due_soon_window().num_seconds(),
            });
        TicketRow {
            id: t.id.clone(),
            version: t.version,
            title: t.title.clone(),
            category: (&t.category).into(),
            category_label: labels::category(&t.category),
            urgency: (&t.urgency).into(),
            urgency_label: labels::urgency(&t.urgency),
            status: (&t.status).into(),
            status_label: labels::status(&t.status),
            our_role: (&t.our_role).into(),
            role_label: labels::role(&t.our_role),
            matter: t.matter.clone(),
            location: t.location.clone(),
            dispatched_at_ms: t.dispatched_at.timestamp_millis(),
            ack_due_ms: t.ack_due_at.timestamp_millis(),
            reply_due_ms: t.reply_due_at.timestamp_millis(),
            deadline,
            estimated_years: Vec::new(),
            redo_count: t.redo.as_ref().map_or(0, |r| r.count),
            supervision: t.supervision.as_ref().map(|s| SupervisionBadge {
                level: (&s.level).into(),
                label: labels::supervision(&s.level),
            }),
            extension_status: t.extension.as_ref().map(|e| (&e.status).into()),
            extension_label: t.extension.as_ref().map(|e| labels::extension(&e.status)),
            outbox_state: None,
        }
    }
}

/// Whether the district can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Connectivity {
    Online,
    /// Out of reach: the network failed, or the platform answered 5xx past the retries
    /// (it is down). Work is kept and sent when it is back.
    Offline,
    /// Reached and up, but answering with errors (429, 4xx, bad data, expired sign-in).
    Degraded,
    /// No sync attempted yet in this run.
    Unknown,
}

/// The status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    pub online: Connectivity,
    pub syncing: bool,
    pub last_sync_ms: Option<i64>,
    pub last_attempt_ms: Option<i64>,
    pub last_error: Option<String>,
    /// Server clock minus PC clock.
    pub server_offset_ms: i64,
    pub tickets: i64,
    /// Writes waiting to reach the district.
    pub outbox_pending: i64,
    /// Writes the district refused because the object changed (412).
    pub outbox_conflicts: i64,
    /// Writes the district refused for good (409, 422, ...).
    pub outbox_rejected: i64,
    /// Writes the district kept failing on (发送受阻): they wait for the officer.
    pub outbox_blocked: i64,
    /// The sign-in expired or was revoked: writes wait until the officer signs in.
    pub needs_sign_in: bool,
    /// Which working-day calendars the desk has, and which years it estimates.
    pub calendar: CalendarStatus,
}

/// Where a year's working-day calendar comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CalendarSourceView {
    /// The district's `GET /calendar/{year}` (cached).
    District,
    /// The table bundled with the app (the district never answered for the year).
    Bundled,
}

/// The working-day calendars the desk has (`liaison status --json` prints it as
/// `calendar`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct CalendarStatus {
    /// Years with a calendar, from the district or bundled.
    pub covered: Vec<i32>,
    /// Years the desk's figures rest on (today's, and those of open tickets'
    /// deadlines) that no calendar covers: working days there are counted Monday to
    /// Friday and marked as estimates.
    pub estimated: Vec<i32>,
    /// Each covered year's source, keyed by year.
    pub source: std::collections::BTreeMap<String, CalendarSourceView>,
    /// When each district year was fetched (RFC 3339, Beijing time), keyed by year.
    pub fetched_at: std::collections::BTreeMap<String, String>,
    /// What the status bar says while `estimated` is not empty:
    /// `2027 年节假日安排尚未发布：涉及 2027 年的工作日按周一至周五估算`.
    pub notice: Option<String>,
}

/// The working days of a date range, for the extension date picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WorkdayDates {
    /// `YYYY-MM-DD`, ascending.
    pub dates: Vec<String>,
    /// Years of the range no calendar covers: their dates are Monday to Friday, an
    /// estimate.
    pub estimated_years: Vec<i32>,
}

/// One write in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OutboxEntry {
    pub id: i64,
    pub ticket_id: Option<String>,
    pub kind: OutboxKindView,
    pub kind_label: String,
    pub state: OutboxStateView,
    pub state_label: String,
    /// The district refused it or kept failing on it: the officer must look at it.
    pub needs_attention: bool,
    /// It can be sent again as it is (发送受阻, same idempotency key).
    pub can_retry: bool,
    pub idempotency_key: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub status_code: Option<i64>,
    /// What the officer wrote (the request body).
    #[ts(type = "unknown")]
    pub body: serde_json::Value,
    /// 422: the server's messages per field.
    #[ts(type = "Record<string, string[]> | null")]
    pub field_errors: Option<serde_json::Value>,
    /// 409/412: the server's current object, the citizen's data masked. Kept for Rust
    /// callers; the webview gets [`OutboxEntry::server_view`].
    #[serde(skip)]
    pub server_current: Option<serde_json::Value>,
    /// 409/412: what the district's current object says, for the officer.
    pub server_view: Option<ServerCurrentView>,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub sent_ms: Option<i64>,
    /// Sync passes in a row that ended with the district failing on this write.
    pub failed_passes: i64,
    /// When it was set aside as blocked (发送受阻); `last_error` says why.
    pub blocked_ms: Option<i64>,
}

impl From<desk_store::OutboxRow> for OutboxEntry {
    fn from(r: desk_store::OutboxRow) -> Self {
        let kind = OutboxKindView::from(r.kind);
        let state = OutboxStateView::from(r.state);
        let server_current = r.server_current.map(|mut current| {
            desk_domain::mask::citizen_in_json(&mut current);
            current
        });
        OutboxEntry {
            id: r.id,
            ticket_id: r.ticket_id,
            kind,
            kind_label: kind.label().to_owned(),
            state,
            state_label: state.label().to_owned(),
            needs_attention: state.needs_attention(),
            can_retry: state.can_retry(),
            idempotency_key: r.idempotency_key,
            attempts: r.attempts,
            last_error: r.last_error,
            status_code: r.status_code,
            body: r.body,
            field_errors: r.field_errors,
            server_view: server_current.as_ref().map(ServerCurrentView::of),
            server_current,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
            sent_ms: r.sent_ms,
            failed_passes: r.failed_passes,
            blocked_ms: r.blocked_ms,
        }
    }
}

/// The district's current object of a 409/412 answer (a ticket, a draft, the roster),
/// as the officer reads it: what it says about the ticket, as lines of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServerCurrentView {
    /// 工单状态：…, 工单版本：…, 重办原因：…, 回访意见：… (each when the object has it;
    /// plain text, untrusted).
    pub lines: Vec<String>,
}

impl ServerCurrentView {
    /// Reads `current` leniently: what is missing or of another shape is left out.
    pub fn of(current: &serde_json::Value) -> ServerCurrentView {
        let text = |v: &serde_json::Value| {
            v.as_str()
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
        };
        let mut lines = Vec::new();
        if let Some(status) = current.get("status").and_then(|s| s.as_str()) {
            let label = labels::status(&district_api::TicketStatus::from_wire(status));
            lines.push(format!("工单状态：{label}"));
        }
        if let Some(version) = current.get("version").and_then(serde_json::Value::as_i64) {
            lines.push(format!("工单版本：{version}"));
        }
        if let Some(reason) = current.pointer("/redo/reason").and_then(text) {
            lines.push(format!("重办原因：{reason}"));
        }
        if let Some(comment) = current.pointer("/callback/comment").and_then(text) {
            lines.push(format!("回访意见：{comment}"));
        }
        ServerCurrentView { lines }
    }
}

/// Who is signed in, where, and whether this is demo data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub demo: bool,
    pub officer_name: String,
    /// A or B; `None` when signed out or when the district sent a role this version does
    /// not know.
    pub officer_role: Option<OfficerRoleView>,
    pub unit_name: String,
    pub server_url: String,
    /// The username last signed in with ("" when signed out).
    pub username: String,
    /// A token is held: the district can be reached as this officer.
    pub signed_in: bool,
    /// Tokens survive a restart (the OS keyring is available).
    pub token_kept: bool,
    /// Why tokens are kept for this run only, when they are.
    pub token_note: Option<String>,
    /// The district preset by the system policy: the sign-in screen shows it read-only
    /// and asks only for the username and password.
    pub preset_server_url: Option<String>,
    /// Why the system policy file is unusable (names the file and the field): shown
    /// instead of the sign-in form.
    pub policy_problem: Option<String>,
}

/// What a sign-in did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignInOutcome {
    pub info: AppInfo,
    /// The token went to the OS keyring (else: memory, for this run only).
    pub token_kept: bool,
    /// Said to the officer when the token could not be kept.
    pub note: Option<String>,
}

/// What one sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncReport {
    pub pages: u32,
    pub items: u32,
    pub tickets_changed: u32,
    pub removed: u32,
    pub skipped: u32,
    /// Outbox rows the district confirmed in this sync.
    pub sent: u32,
    /// Outbox rows that ended in conflict or were refused in this sync.
    pub refused: u32,
}

impl From<desk_sync::SyncReport> for SyncReport {
    fn from(r: desk_sync::SyncReport) -> Self {
        SyncReport {
            pages: r.pages,
            items: r.items,
            tickets_changed: r.tickets_changed,
            removed: r.removed,
            skipped: r.skipped,
            sent: r.flush.sent,
            refused: r.flush.conflicts + r.flush.rejected,
        }
    }
}

/// A quick filter of the list (mirrors `desk_domain::tabs::Tab`).
pub type FilterTab = desk_domain::tabs::Tab;

/// What the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TicketQuery {
    pub tab: FilterTab,
    /// Substring search (any length); `null` or blank for none.
    pub search: Option<String>,
    pub offset: u32,
    pub limit: u32,
    /// The 即将超时 window in hours (default 24).
    pub due_soon_hours: u32,
    /// Only the tickets behind one figure of the assessment (issue 16); the tab is then
    /// ignored (all), the search still applies. Absent or `null`: the list as usual.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub figure: Option<FigureFilter>,
    /// Only the tickets of one notification (its id in the notification centre: a
    /// digest's click-through, issue 18); the tab is then ignored (all), the search
    /// still applies. Absent or `null`: the list as usual.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub alert: Option<i64>,
}

/// How many tickets each tab holds (after the search, if any).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct TabCounts {
    pub all: u32,
    pub pending_ack: u32,
    pub due_soon: u32,
    pub overdue: u32,
    pub redo: u32,
    pub supervised: u32,
    pub co_handling: u32,
    pub extension_pending: u32,
    pub replied: u32,
    pub closed: u32,
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TicketPage {
    pub rows: Vec<TicketRow>,
    /// Rows in the selected tab (for scrolling).
    pub total: u32,
    pub counts: TabCounts,
    /// `Some(cap)`: the search matches more than `cap` tickets, so the tabs were not
    /// counted (`counts` are all zero) and `total` only tells whether more rows follow
    /// (one more than the rows up to this page when it is full). The workbench shows
    /// "1 万+". `None`: the counts are exact.
    pub counts_over: Option<u32>,
}

/// A co-handling unit on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CoUnitView {
    pub id: String,
    pub name: String,
    pub opinion_due_ms: Option<i64>,
}

/// One line of a ticket's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryView {
    pub at_ms: i64,
    pub actor: String,
    pub action: String,
    pub note: String,
}

/// An attachment's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttachmentView {
    pub id: String,
    pub name: String,
    pub size: i64,
    pub content_type: String,
    /// Downloaded before: opens offline too.
    pub cached: bool,
}

/// The reply form's fields as the officer edits them. An empty string is a field not
/// filled in yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplyForm {
    /// Not chosen yet: `null`.
    pub outcome: Option<ReplyOutcomeView>,
    pub text: String,
    /// When the citizen was contacted (epoch ms).
    pub citizen_contacted_ms: Option<i64>,
    /// Not chosen yet: `null`.
    pub contact_method: Option<ContactMethodView>,
    pub contact_name: String,
    pub contact_phone: String,
    pub policy_basis: String,
    pub addresses_redo_reason: String,
}

/// One finding of the reply linter (the same shape `liaison lint --json` prints).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LintFinding {
    /// A stable snake_case code.
    pub code: desk_domain::reply_lint::FindingCode,
    /// The reply field it is about (contract JSON name), or "rules".
    pub field: String,
    /// Sending is blocked while this finding stands.
    pub blocking: bool,
    pub message: String,
    /// What matched in the field's text, as written.
    pub matched: Option<String>,
    /// Character offsets of the match in the field's text.
    pub start: Option<u32>,
    pub end: Option<u32>,
}

/// A choice of a select (value and Chinese label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Choice<T> {
    pub value: T,
    pub label: String,
}

/// A reply template, filled with what the app knows; the rest stays as placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplyTemplateView {
    pub id: String,
    pub name: String,
    pub outcome: ReplyOutcomeView,
    pub body: String,
}

/// Who last saved the unit's shared draft on the district, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SharedDraftInfo {
    pub revision: i64,
    pub updated_by: String,
    pub updated_at_ms: i64,
    /// Saved by the signed-in officer.
    pub mine: bool,
}

/// The other officer saved a newer shared draft while this one edited: both texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftCollision {
    pub theirs: ReplyForm,
    pub by: String,
    pub at_ms: i64,
    /// E.g. "B角 王五 10:42 更新了草稿".
    pub summary: String,
}

/// Everything the reply editor of one ticket shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReplyWorkspace {
    pub ticket_id: String,
    pub title: String,
    /// A lead unit may reply while the ticket is in progress or a redo.
    pub can_reply: bool,
    pub is_redo: bool,
    pub redo_reason: Option<String>,
    /// The citizen's comment at the callback that sent it back.
    pub callback_comment: Option<String>,
    pub form: ReplyForm,
    /// When the form was last saved on this PC.
    pub saved_ms: Option<i64>,
    /// Local edits the district has not received yet.
    pub unshared: bool,
    pub shared: Option<SharedDraftInfo>,
    pub collision: Option<DraftCollision>,
    pub findings: Vec<LintFinding>,
    pub blocked: bool,
    pub templates: Vec<ReplyTemplateView>,
    pub outcomes: Vec<Choice<ReplyOutcomeView>>,
    pub contact_methods: Vec<Choice<ContactMethodView>>,
    pub rules_revision: i64,
    /// The newest reply in the outbox (pending, sent, conflict or rejected).
    pub reply_entry: Option<OutboxEntry>,
    pub version_count: u32,
}

/// What one save of the form did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftSaved {
    pub saved_ms: i64,
    pub findings: Vec<LintFinding>,
    pub blocked: bool,
    /// The text was queued for the district's shared draft.
    pub shared_queued: bool,
}

/// An earlier version of a reply draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DraftVersionView {
    pub id: i64,
    pub saved_ms: i64,
    pub source_label: String,
    /// The start of its text.
    pub preview: String,
    pub form: ReplyForm,
}

/// An attachment's local file, ready to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocalAttachment {
    pub path: String,
    /// A document or media file the system viewer may open; otherwise the app only shows
    /// it in its folder.
    pub opens_directly: bool,
    /// Fetched from the district by this call (not from the cache).
    pub downloaded_now: bool,
}

// A citizen's contact details as the district sent them, revealed on the officer's
// request (each reveal is written to the audit log). (A plain comment: ts-rs copies doc
// comments into the bindings inconsistently across feature sets for this type.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevealedContact {
    pub phone: String,
    pub address: String,
}

/// Everything about one ticket, with personal data masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TicketDetail {
    pub row: TicketRow,
    /// The ack deadline with its countdown thresholds (the detail shows both deadlines,
    /// whichever is active).
    pub ack_deadline: ActiveDeadline,
    /// The reply deadline with its countdown thresholds.
    pub reply_deadline: ActiveDeadline,
    /// The citizen's words: untrusted, shown as text only.
    pub content: String,
    pub channel: String,
    pub citizen_name_masked: String,
    pub citizen_phone_masked: String,
    /// The house number part masked (`desk_domain::mask::address`); the whole address
    /// comes with the phone when the officer reveals it (audited).
    pub citizen_address_masked: String,
    pub lead_unit: String,
    pub co_units: Vec<CoUnitView>,
    pub acked_by: Option<String>,
    pub acked_at_ms: Option<i64>,
    pub redo_reason: Option<String>,
    pub redo_at_ms: Option<i64>,
    pub supervision_note: Option<String>,
    pub extension_reason: Option<String>,
    pub extension_requested_due_ms: Option<i64>,
    pub callback_summary: Option<String>,
    pub history: Vec<HistoryView>,
    pub attachments: Vec<AttachmentView>,
    /// Working days left until the reply deadline (剩余 N 个工作日); `null` when
    /// nothing is due.
    pub reply_workdays_left: Option<u32>,
    /// Years `reply_workdays_left` counted Monday to Friday because no calendar covers
    /// them (shown as 约 N 个工作日). Empty: exact.
    pub reply_workdays_estimated_years: Vec<i32>,
    pub outbox: Vec<OutboxEntry>,
    pub can_ack: bool,
    pub can_reply: bool,
    pub can_opinion: bool,
    pub can_extend: bool,
    pub can_coordinate: bool,
    /// Only before the ack deadline (首接负责制: re-dispatch is for true mis-dispatch).
    pub can_reassign: bool,
}

/// A shared draft in the cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftEntry {
    pub ticket_id: String,
    /// The ticket left the unit; the draft is kept so its text can still be copied.
    pub archived: bool,
    pub draft: district_api::Draft,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_server_copy_of_a_412_reads_as_lines_for_the_officer() {
        let current = json!({
            "status": "redo", "version": 5,
            "redo": {"count": 2, "reason": "仍未修复"}, "callback": {"comment": "不满意"}
        });
        assert_eq!(
            ServerCurrentView::of(&current).lines,
            [
                "工单状态：重办",
                "工单版本：5",
                "重办原因：仍未修复",
                "回访意见：不满意"
            ]
        );
        // Another object (a draft, the roster) or another shape: nothing to say.
        assert!(ServerCurrentView::of(&json!("x")).lines.is_empty());
        assert!(
            ServerCurrentView::of(&json!({"revision": 3}))
                .lines
                .is_empty()
        );
        // A status this version does not know is shown as sent.
        assert_eq!(
            ServerCurrentView::of(&json!({"status": "suspended"})).lines,
            ["工单状态：suspended"]
        );
    }
}
