//! The IPC format: what the webview receives and sends. TypeScript bindings for these
//! types and for the command table are generated from here into `ui/src/ipc/`
//! (`cargo xtask bindings`), committed, and checked by a test.

use desk_domain::{countdown, labels};
use district_api::Ticket;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod alerts;
pub mod desktop;
pub mod report;
pub use alerts::{AlertEntry, AlertPrefs};
pub use desktop::{DesktopPrefs, DutyOfficer, DutyPanel};
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
    #[ts(type = "\"ack\" | \"reply\" | \"opinion\"")]
    pub kind: countdown::DeadlineKind,
    pub kind_label: String,
    /// Epoch milliseconds (UTC).
    pub due_ms: i64,
    /// Within this many seconds the countdown turns amber.
    pub due_soon_seconds: i64,
}

/// 督办 badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SupervisionBadge {
    pub level: String,
    pub label: String,
}

/// One row of the ticket list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TicketRow {
    pub id: String,
    pub version: i64,
    pub title: String,
    pub category: String,
    pub category_label: String,
    pub urgency: String,
    pub urgency_label: String,
    pub status: String,
    pub status_label: String,
    pub our_role: String,
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
    pub extension_status: Option<String>,
    pub extension_label: Option<String>,
    /// The newest unresolved write of this ticket: pending, conflict or rejected.
    pub outbox_state: Option<String>,
}

impl TicketRow {
    /// The row for `t`, as seen by unit `unit_id`.
    pub fn from_ticket(t: &Ticket, unit_id: &str) -> TicketRow {
        let utc = |ts: &district_api::Timestamp| ts.with_timezone(&chrono::Utc);
        let opinion_due = t
            .co_units
            .iter()
            .find(|u| u.id == unit_id)
            .and_then(|u| u.opinion_due_at.as_ref())
            .map(utc);
        let deadline = countdown::active_deadline(
            &t.status,
            &t.our_role,
            utc(&t.ack_due_at),
            utc(&t.reply_due_at),
            opinion_due,
        )
        .map(|(kind, at)| ActiveDeadline {
            kind,
            kind_label: kind.label().to_owned(),
            due_ms: at.timestamp_millis(),
            due_soon_seconds: kind.due_soon_window().num_seconds(),
        });
        TicketRow {
            id: t.id.clone(),
            version: t.version,
            title: t.title.clone(),
            category: t.category.to_string(),
            category_label: labels::category(&t.category),
            urgency: t.urgency.to_string(),
            urgency_label: labels::urgency(&t.urgency),
            status: t.status.to_string(),
            status_label: labels::status(&t.status),
            our_role: t.our_role.to_string(),
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
                level: s.level.to_string(),
                label: labels::supervision(&s.level),
            }),
            extension_status: t.extension.as_ref().map(|e| e.status.to_string()),
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
    /// ack, reply, opinion, extension, coordination, reassignment, draft, duty.
    pub kind: String,
    pub kind_label: String,
    /// pending, sent, conflict, rejected, discarded, blocked.
    pub state: String,
    pub state_label: String,
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
    /// 409/412: the server's current object, the citizen's data masked.
    #[ts(type = "unknown")]
    pub server_current: Option<serde_json::Value>,
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
        use desk_store::{OutboxKind as K, OutboxState as S};
        let kind_label = match r.kind {
            K::Ack => "签收",
            K::Reply => "答复",
            K::Opinion => "协办意见",
            K::Extension => "延期申请",
            K::Coordination => "协调申请",
            K::Reassignment => "改派申请",
            K::Draft => "共享草稿",
            K::Duty => "值班交接",
        };
        let state_label = match r.state {
            S::Pending => "待发送",
            S::Sent => "已发送",
            S::Conflict => "冲突",
            S::Rejected => "被退回",
            S::Discarded => "已放弃",
            S::Blocked => "发送受阻",
        };
        OutboxEntry {
            id: r.id,
            ticket_id: r.ticket_id,
            kind: r.kind.as_str().to_owned(),
            kind_label: kind_label.to_owned(),
            state: r.state.as_str().to_owned(),
            state_label: state_label.to_owned(),
            idempotency_key: r.idempotency_key,
            attempts: r.attempts,
            last_error: r.last_error,
            status_code: r.status_code,
            body: r.body,
            field_errors: r.field_errors,
            server_current: r.server_current.map(|mut current| {
                desk_domain::mask::citizen_in_json(&mut current);
                current
            }),
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
            sent_ms: r.sent_ms,
            failed_passes: r.failed_passes,
            blocked_ms: r.blocked_ms,
        }
    }
}

/// Who is signed in, where, and whether this is demo data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub demo: bool,
    pub officer_name: String,
    pub officer_role: String,
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
    #[ts(
        type = "\"all\" | \"pending_ack\" | \"due_soon\" | \"overdue\" | \"redo\" | \"supervised\" | \"co_handling\" | \"extension_pending\" | \"replied\" | \"closed\""
    )]
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
    /// resolved, partially_resolved, unresolved_explained, information_provided, or "".
    pub outcome: String,
    pub text: String,
    /// When the citizen was contacted (epoch ms).
    pub citizen_contacted_ms: Option<i64>,
    /// phone, visit, sms, other, or "".
    pub contact_method: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub policy_basis: String,
    pub addresses_redo_reason: String,
}

/// One finding of the reply linter (the same shape `liaison lint --json` prints).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LintFinding {
    /// A stable snake_case code (see desk-domain's `FindingCode`).
    pub code: String,
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
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A reply template, filled with what the app knows; the rest stays as placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReplyTemplateView {
    pub id: String,
    pub name: String,
    pub outcome: String,
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
    pub outcomes: Vec<Choice>,
    pub contact_methods: Vec<Choice>,
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

/// Event names the backend emits to the webview.
pub mod events {
    /// Payload: [`super::SyncStatus`].
    pub const SYNC_STATUS: &str = "sync-status";
    /// No payload: the cached tickets changed, reload the list.
    pub const TICKETS_CHANGED: &str = "tickets-changed";
    /// No payload: alerts fired or were read; reload the notification centre.
    pub const ALERTS_CHANGED: &str = "alerts-changed";
    /// Payload: a ticket id (string). The officer clicked an alert's desktop
    /// notification: open that ticket (the window is already shown).
    pub const OPEN_TICKET: &str = "open-ticket";
}

type TsName = fn(&ts_rs::Config) -> String;

/// One command the shell registers, as the UI sees it.
pub struct CommandSpec {
    /// The Tauri command name.
    pub name: &'static str,
    /// The function name in `commands.ts`.
    pub ts_name: &'static str,
    pub args: &'static [(&'static str, TsName)],
    pub returns: TsName,
}

fn ts<T: TS>(cfg: &ts_rs::Config) -> String {
    T::name(cfg)
}
fn ts_null(_: &ts_rs::Config) -> String {
    "null".to_owned()
}
fn ts_number(_: &ts_rs::Config) -> String {
    "number".to_owned()
}
fn ts_string(_: &ts_rs::Config) -> String {
    "string".to_owned()
}
fn ts_opt_string(_: &ts_rs::Config) -> String {
    "string | null".to_owned()
}
fn ts_strings(_: &ts_rs::Config) -> String {
    "string[]".to_owned()
}
fn ts_alert_entries(_: &ts_rs::Config) -> String {
    "AlertEntry[]".to_owned()
}
fn ts_bool(_: &ts_rs::Config) -> String {
    "boolean".to_owned()
}
fn ts_versions(cfg: &ts_rs::Config) -> String {
    format!("{}[]", DraftVersionView::name(cfg))
}
fn ts_month_rates(cfg: &ts_rs::Config) -> String {
    format!("{}[]", MonthRates::name(cfg))
}

/// Every command of the shell. `src-tauri` checks its handler list against this.
pub const COMMANDS: &[CommandSpec] = &[
    cmd("app_info", "appInfo", &[], ts::<AppInfo>),
    cmd(
        "list_tickets",
        "listTickets",
        &[("query", ts::<TicketQuery>)],
        ts::<TicketPage>,
    ),
    cmd(
        "ticket_detail",
        "ticketDetail",
        &[("id", ts_string)],
        ts::<TicketDetail>,
    ),
    cmd(
        "reveal_phone",
        "revealPhone",
        &[("id", ts_string)],
        ts::<RevealedContact>,
    ),
    cmd(
        "open_attachment",
        "openAttachment",
        &[("ticketId", ts_string), ("attachmentId", ts_string)],
        ts::<LocalAttachment>,
    ),
    cmd(
        "reply_workspace",
        "replyWorkspace",
        &[("id", ts_string)],
        ts::<ReplyWorkspace>,
    ),
    cmd(
        "save_reply_draft",
        "saveReplyDraft",
        &[
            ("id", ts_string),
            ("form", ts::<ReplyForm>),
            ("share", ts_bool),
        ],
        ts::<DraftSaved>,
    ),
    cmd(
        "resolve_draft_collision",
        "resolveDraftCollision",
        &[("id", ts_string), ("form", ts::<ReplyForm>)],
        ts::<ReplyWorkspace>,
    ),
    cmd(
        "draft_versions",
        "draftVersions",
        &[("id", ts_string)],
        ts_versions,
    ),
    cmd(
        "restore_draft_version",
        "restoreDraftVersion",
        &[("id", ts_string), ("versionId", ts_number)],
        ts::<ReplyWorkspace>,
    ),
    cmd(
        "send_reply",
        "sendReply",
        &[("id", ts_string)],
        ts::<OutboxEntry>,
    ),
    cmd(
        "sign_in",
        "signIn",
        &[
            ("serverUrl", ts_string),
            ("username", ts_string),
            ("password", ts_string),
        ],
        ts::<SignInOutcome>,
    ),
    cmd("sign_out", "signOut", &[("wipe", ts_bool)], ts_null),
    cmd("sync_status", "syncStatus", &[], ts::<SyncStatus>),
    cmd("sync_now", "syncNow", &[], ts::<SyncReport>),
    cmd("ack", "ack", &[("id", ts_string)], ts::<OutboxEntry>),
    cmd(
        "request_extension",
        "requestExtension",
        &[
            ("id", ts_string),
            ("reason", ts_string),
            ("requestedDueMs", ts_number),
        ],
        ts::<OutboxEntry>,
    ),
    cmd(
        "request_coordination",
        "requestCoordination",
        &[
            ("id", ts_string),
            ("reason", ts_string),
            ("units", ts_strings),
        ],
        ts::<OutboxEntry>,
    ),
    cmd(
        "request_reassignment",
        "requestReassignment",
        &[
            ("id", ts_string),
            ("reason", ts_string),
            ("suggestedUnit", ts_opt_string),
        ],
        ts::<OutboxEntry>,
    ),
    cmd(
        "submit_opinion",
        "submitOpinion",
        &[
            ("id", ts_string),
            ("text", ts_string),
            ("contactName", ts_string),
            ("contactPhone", ts_string),
        ],
        ts::<OutboxEntry>,
    ),
    cmd(
        "discard_outbox",
        "discardOutbox",
        &[("entryId", ts_number)],
        ts_null,
    ),
    cmd(
        "retry_outbox",
        "retryOutbox",
        &[("entryId", ts_number)],
        ts::<OutboxEntry>,
    ),
    cmd(
        "workday_dates",
        "workdayDates",
        &[("from", ts_string), ("to", ts_string)],
        ts::<WorkdayDates>,
    ),
    cmd("unit_directory", "unitDirectory", &[], ts_strings),
    cmd("ui_ready", "uiReady", &[("rows", ts_number)], ts_null),
    cmd("alert_log", "alertLog", &[], ts_alert_entries),
    cmd("unread_alert_count", "unreadAlertCount", &[], ts_number),
    cmd(
        "mark_alert_read",
        "markAlertRead",
        &[("id", ts_number)],
        ts_null,
    ),
    cmd("mark_all_alerts_read", "markAllAlertsRead", &[], ts_null),
    cmd("alert_settings", "alertSettings", &[], ts::<AlertPrefs>),
    cmd(
        "set_alert_settings",
        "setAlertSettings",
        &[("settings", ts::<AlertPrefs>)],
        ts_null,
    ),
    cmd("duty_panel", "dutyPanel", &[], ts::<DutyPanel>),
    cmd(
        "hand_over_duty",
        "handOverDuty",
        &[("untilMs", ts_number), ("note", ts_string)],
        ts::<OutboxEntry>,
    ),
    cmd("take_duty_back", "takeDutyBack", &[], ts::<OutboxEntry>),
    cmd("desktop_prefs", "desktopPrefs", &[], ts::<DesktopPrefs>),
    cmd(
        "set_autostart",
        "setAutostart",
        &[("enabled", ts_bool)],
        ts::<DesktopPrefs>,
    ),
    // --- The assessment (issue 16) ---
    cmd(
        "assessment_report",
        "assessmentReport",
        &[("query", ts::<ReportQuery>)],
        ts::<AssessmentReport>,
    ),
    cmd(
        "assessment_trend",
        "assessmentTrend",
        &[("endMonth", ts_string), ("months", ts_number)],
        ts_month_rates,
    ),
    cmd(
        "export_assessment_xlsx",
        "exportAssessmentXlsx",
        &[("query", ts::<ReportQuery>), ("revealCitizen", ts_bool)],
        ts::<ExportedFile>,
    ),
    // --- end of the assessment ---
];

const fn cmd(
    name: &'static str,
    ts_name: &'static str,
    args: &'static [(&'static str, TsName)],
    returns: TsName,
) -> CommandSpec {
    CommandSpec {
        name,
        ts_name,
        args,
        returns,
    }
}

const HEADER: &str = "// Generated from Rust by `cargo xtask bindings`. Do not edit.\n";

fn cfg() -> ts_rs::Config {
    // Millisecond timestamps and counts fit in a JS number (2^53).
    ts_rs::Config::new().with_large_int("number")
}

/// The contents of `ui/src/ipc/bindings.ts`.
pub fn bindings_ts() -> String {
    let cfg = cfg();
    let decls = [
        ActiveDeadline::decl(&cfg),
        SupervisionBadge::decl(&cfg),
        TicketRow::decl(&cfg),
        Connectivity::decl(&cfg),
        SyncStatus::decl(&cfg),
        CalendarSourceView::decl(&cfg),
        CalendarStatus::decl(&cfg),
        WorkdayDates::decl(&cfg),
        AppInfo::decl(&cfg),
        SignInOutcome::decl(&cfg),
        SyncReport::decl(&cfg),
        OutboxEntry::decl(&cfg),
        TicketQuery::decl(&cfg),
        TabCounts::decl(&cfg),
        TicketPage::decl(&cfg),
        CoUnitView::decl(&cfg),
        HistoryView::decl(&cfg),
        AttachmentView::decl(&cfg),
        LocalAttachment::decl(&cfg),
        RevealedContact::decl(&cfg),
        ReplyForm::decl(&cfg),
        LintFinding::decl(&cfg),
        Choice::decl(&cfg),
        ReplyTemplateView::decl(&cfg),
        SharedDraftInfo::decl(&cfg),
        DraftCollision::decl(&cfg),
        ReplyWorkspace::decl(&cfg),
        DraftSaved::decl(&cfg),
        DraftVersionView::decl(&cfg),
        TicketDetail::decl(&cfg),
        ErrorCode::decl(&cfg),
        IpcError::decl(&cfg),
        AlertEntry::decl(&cfg),
        AlertPrefs::decl(&cfg),
        DutyOfficer::decl(&cfg),
        DutyPanel::decl(&cfg),
        DesktopPrefs::decl(&cfg),
        // The assessment (issue 16).
        ReportQuery::decl(&cfg),
        Figures::decl(&cfg),
        BreakdownRow::decl(&cfg),
        AtRiskTicket::decl(&cfg),
        Projection::decl(&cfg),
        AssessmentReport::decl(&cfg),
        MonthRates::decl(&cfg),
        FigureKey::decl(&cfg),
        FigureFilter::decl(&cfg),
        ExportedFile::decl(&cfg),
    ];
    let mut out = String::from(HEADER);
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}

/// The contents of `ui/src/ipc/commands.ts`.
pub fn commands_ts() -> String {
    let cfg = cfg();
    let mut types: Vec<String> = COMMANDS
        .iter()
        .flat_map(|c| std::iter::once((c.returns)(&cfg)).chain(c.args.iter().map(|(_, t)| t(&cfg))))
        .map(|t| t.trim_end_matches("[]").to_owned())
        .filter(|t| t.chars().next().is_some_and(char::is_uppercase))
        .collect();
    types.sort();
    types.dedup();
    let mut out = String::from(HEADER);
    out.push_str("import { invoke } from \"@tauri-apps/api/core\";\n");
    out.push_str(&format!(
        "import type {{ {} }} from \"./bindings\";\n",
        types.join(", ")
    ));
    out.push_str("export const commands = {\n");
    for c in COMMANDS {
        let params: Vec<String> = c
            .args
            .iter()
            .map(|(n, t)| format!("{n}: {}", t(&cfg)))
            .collect();
        let payload = if c.args.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = c.args.iter().map(|(n, _)| *n).collect();
            format!(", {{ {} }}", names.join(", "))
        };
        out.push_str(&format!(
            "  {}: ({}) => invoke<{}>(\"{}\"{}),\n",
            c.ts_name,
            params.join(", "),
            (c.returns)(&cfg),
            c.name,
            payload
        ));
    }
    out.push_str("};\nexport type Commands = typeof commands;\n");
    out
}
