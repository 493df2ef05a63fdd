// Generated from Rust by `cargo xtask bindings`. Do not edit.
export type DeadlineKind = "ack" | "reply" | "opinion";
export type FilterTab = "all" | "pending_ack" | "due_soon" | "overdue" | "redo" | "supervised" | "co_handling" | "extension_pending" | "replied" | "closed";
export type AlertKind = "new_ticket" | "ack_due" | "reply_due" | "overdue" | "redo" | "supervision" | "extension_decided" | "opinion_due" | "outbox_problem" | "duty_handover";
export type AlertUrgency = "low" | "normal" | "critical";
export type Lead = { "minutes": number } | { "working_days": number };
export type OffDutyMode = "none" | "quiet_summary";
export type TicketStatus = "pending_ack" | "in_progress" | "replied" | "redo" | "closed" | "other";
export type OurRole = "lead" | "co_handler" | "other";
export type Category = "complaint" | "help" | "inquiry" | "suggestion" | "report" | "praise" | "other";
export type Urgency = "urgent" | "normal" | "other";
export type SupervisionLevel = "reminder" | "yellow" | "red" | "other";
export type ExtensionStatus = "pending" | "approved" | "rejected" | "other";
export type OfficerRole = "A" | "B" | "other";
export type ReplyOutcome = "resolved" | "partially_resolved" | "unresolved_explained" | "information_provided";
export type ContactMethod = "phone" | "visit" | "sms" | "other";
export type FindingCode = "missing_field" | "unknown_outcome" | "unknown_contact_method" | "text_too_short" | "forbidden_phrase" | "unfilled_placeholder" | "policy_basis_missing" | "redo_reason_not_addressed" | "invalid_phone" | "contacted_before_dispatch" | "contacted_in_future" | "contacted_before_redo" | "phone_non_ascii_digits" | "invalid_rule_pattern";
export type OutboxKind = "ack" | "reply" | "opinion" | "extension" | "coordination" | "reassignment" | "draft" | "duty";
export type OutboxState = "pending" | "sent" | "conflict" | "rejected" | "discarded" | "blocked";
export type OutboxMark = { state: OutboxState, 
/**
 * 待发送, 冲突, 被退回 or 发送受阻.
 */
label: string, };
export type ServerCurrentView = { 
/**
 * 工单状态：…, 工单版本：…, 重办原因：…, 回访意见：… (each when the object has it;
 * plain text, untrusted).
 */
lines: Array<string>, };
export type ActiveDeadline = { kind: DeadlineKind, kind_label: string, 
/**
 * Epoch milliseconds (UTC).
 */
due_ms: number, 
/**
 * Within this many seconds the countdown turns amber.
 */
due_soon_seconds: number, };
export type SupervisionBadge = { level: SupervisionLevel, label: string, };
export type TicketRow = { id: string, version: number, title: string, category: Category, category_label: string, urgency: Urgency, urgency_label: string, status: TicketStatus, status_label: string, our_role: OurRole, role_label: string, matter: string, location: string, dispatched_at_ms: number, ack_due_ms: number, reply_due_ms: number, deadline: ActiveDeadline | null, 
/**
 * Years this ticket's working-day figures (working days left, the "1 working day
 * before" reminder, reminders held on days off) rest on that no calendar covers:
 * they count Monday to Friday and are shown as estimates. Empty: exact.
 */
estimated_years: Array<number>, redo_count: number, supervision: SupervisionBadge | null, extension_status: ExtensionStatus | null, extension_label: string | null, 
/**
 * The newest unresolved write of this ticket (pending, blocked, conflict or
 * rejected), with its label for the row's badge.
 */
outbox_state: OutboxMark | null, };
export type Connectivity = "online" | "offline" | "degraded" | "unknown";
export type SyncStatus = { online: Connectivity, syncing: boolean, last_sync_ms: number | null, last_attempt_ms: number | null, last_error: string | null, 
/**
 * Server clock minus PC clock.
 */
server_offset_ms: number, tickets: number, 
/**
 * Writes waiting to reach the district.
 */
outbox_pending: number, 
/**
 * Writes the district refused because the object changed (412).
 */
outbox_conflicts: number, 
/**
 * Writes the district refused for good (409, 422, ...).
 */
outbox_rejected: number, 
/**
 * Writes the district kept failing on (发送受阻): they wait for the officer.
 */
outbox_blocked: number, 
/**
 * The sign-in expired or was revoked: writes wait until the officer signs in.
 */
needs_sign_in: boolean, 
/**
 * Which working-day calendars the desk has, and which years it estimates.
 */
calendar: CalendarStatus, };
export type CalendarSourceView = "district" | "bundled";
export type CalendarStatus = { 
/**
 * Years with a calendar, from the district or bundled.
 */
covered: Array<number>, 
/**
 * Years the desk's figures rest on (today's, and those of open tickets'
 * deadlines) that no calendar covers: working days there are counted Monday to
 * Friday and marked as estimates.
 */
estimated: Array<number>, 
/**
 * Each covered year's source, keyed by year.
 */
source: { [key in string]: CalendarSourceView }, 
/**
 * When each district year was fetched (RFC 3339, Beijing time), keyed by year.
 */
fetched_at: { [key in string]: string }, 
/**
 * What the status bar says while `estimated` is not empty:
 * `2027 年节假日安排尚未发布：涉及 2027 年的工作日按周一至周五估算`.
 */
notice: string | null, };
export type WorkdayDates = { 
/**
 * `YYYY-MM-DD`, ascending.
 */
dates: Array<string>, 
/**
 * Years of the range no calendar covers: their dates are Monday to Friday, an
 * estimate.
 */
estimated_years: Array<number>, };
export type AppInfo = { demo: boolean, officer_name: string, 
/**
 * A or B; `None` when signed out or when the district sent a role this version does
 * not know.
 */
officer_role: OfficerRole | null, unit_name: string, server_url: string, 
/**
 * The username last signed in with ("" when signed out).
 */
username: string, 
/**
 * A token is held: the district can be reached as this officer.
 */
signed_in: boolean, 
/**
 * Tokens survive a restart (the OS keyring is available).
 */
token_kept: boolean, 
/**
 * Why tokens are kept for this run only, when they are.
 */
token_note: string | null, 
/**
 * The district preset by the system policy: the sign-in screen shows it read-only
 * and asks only for the username and password.
 */
preset_server_url: string | null, 
/**
 * Why the system policy file is unusable (names the file and the field): shown
 * instead of the sign-in form.
 */
policy_problem: string | null, };
export type SignInOutcome = { info: AppInfo, 
/**
 * The token went to the OS keyring (else: memory, for this run only).
 */
token_kept: boolean, 
/**
 * Said to the officer when the token could not be kept.
 */
note: string | null, };
export type SyncReport = { pages: number, items: number, tickets_changed: number, removed: number, skipped: number, 
/**
 * Outbox rows the district confirmed in this sync.
 */
sent: number, 
/**
 * Outbox rows that ended in conflict or were refused in this sync.
 */
refused: number, };
export type OutboxEntry = { id: number, ticket_id: string | null, kind: OutboxKind, kind_label: string, state: OutboxState, state_label: string, 
/**
 * The district refused it or kept failing on it: the officer must look at it.
 */
needs_attention: boolean, 
/**
 * It can be sent again as it is (发送受阻, same idempotency key).
 */
can_retry: boolean, idempotency_key: string, attempts: number, last_error: string | null, status_code: number | null, 
/**
 * What the officer wrote (the request body).
 */
body: unknown, 
/**
 * 422: the server's messages per field.
 */
field_errors: Record<string, string[]> | null, 
/**
 * 409/412: what the district's current object says, for the officer.
 */
server_view: ServerCurrentView | null, created_ms: number, updated_ms: number, sent_ms: number | null, 
/**
 * Sync passes in a row that ended with the district failing on this write.
 */
failed_passes: number, 
/**
 * When it was set aside as blocked (发送受阻); `last_error` says why.
 */
blocked_ms: number | null, };
export type TicketQuery = { tab: FilterTab, 
/**
 * Substring search (any length); `null` or blank for none.
 */
search: string | null, offset: number, limit: number, 
/**
 * The 即将超时 window in hours (default 24).
 */
due_soon_hours: number, 
/**
 * Only the tickets behind one figure of the assessment (issue 16); the tab is then
 * ignored (all), the search still applies. Absent or `null`: the list as usual.
 */
figure?: FigureFilter | null, 
/**
 * Only the tickets of one notification (its id in the notification centre: a
 * digest's click-through, issue 18); the tab is then ignored (all), the search
 * still applies. Absent or `null`: the list as usual.
 */
alert?: number | null, };
export type TabCounts = { all: number, pending_ack: number, due_soon: number, overdue: number, redo: number, supervised: number, co_handling: number, extension_pending: number, replied: number, closed: number, };
export type TicketPage = { rows: Array<TicketRow>, 
/**
 * Rows in the selected tab (for scrolling).
 */
total: number, counts: TabCounts, 
/**
 * `Some(cap)`: the search matches more than `cap` tickets, so the tabs were not
 * counted (`counts` are all zero) and `total` only tells whether more rows follow
 * (one more than the rows up to this page when it is full). The workbench shows
 * "1 万+". `None`: the counts are exact.
 */
counts_over: number | null, };
export type CoUnitView = { id: string, name: string, opinion_due_ms: number | null, };
export type HistoryView = { at_ms: number, actor: string, action: string, note: string, };
export type AttachmentView = { id: string, name: string, size: number, content_type: string, 
/**
 * Downloaded before: opens offline too.
 */
cached: boolean, };
export type LocalAttachment = { path: string, 
/**
 * A document or media file the system viewer may open; otherwise the app only shows
 * it in its folder.
 */
opens_directly: boolean, 
/**
 * Fetched from the district by this call (not from the cache).
 */
downloaded_now: boolean, };
export type RevealedContact = { phone: string, address: string, };
export type ReplyForm = { 
/**
 * Not chosen yet: `null`.
 */
outcome: ReplyOutcome | null, text: string, 
/**
 * When the citizen was contacted (epoch ms).
 */
citizen_contacted_ms: number | null, 
/**
 * Not chosen yet: `null`.
 */
contact_method: ContactMethod | null, contact_name: string, contact_phone: string, policy_basis: string, addresses_redo_reason: string, };
export type LintFinding = { 
/**
 * A stable snake_case code.
 */
code: FindingCode, 
/**
 * The reply field it is about (contract JSON name), or "rules".
 */
field: string, 
/**
 * Sending is blocked while this finding stands.
 */
blocking: boolean, message: string, 
/**
 * What matched in the field's text, as written.
 */
matched: string | null, 
/**
 * Character offsets of the match in the field's text.
 */
start: number | null, end: number | null, };
export type Choice<T> = { value: T, label: string, };
export type ReplyTemplateView = { id: string, name: string, outcome: ReplyOutcome, body: string, };
export type SharedDraftInfo = { revision: number, updated_by: string, updated_at_ms: number, 
/**
 * Saved by the signed-in officer.
 */
mine: boolean, };
export type DraftCollision = { theirs: ReplyForm, by: string, at_ms: number, 
/**
 * E.g. "B角 王五 10:42 更新了草稿".
 */
summary: string, };
export type ReplyWorkspace = { ticket_id: string, title: string, 
/**
 * A lead unit may reply while the ticket is in progress or a redo.
 */
can_reply: boolean, is_redo: boolean, redo_reason: string | null, 
/**
 * The citizen's comment at the callback that sent it back.
 */
callback_comment: string | null, form: ReplyForm, 
/**
 * When the form was last saved on this PC.
 */
saved_ms: number | null, 
/**
 * Local edits the district has not received yet.
 */
unshared: boolean, shared: SharedDraftInfo | null, collision: DraftCollision | null, findings: Array<LintFinding>, blocked: boolean, templates: Array<ReplyTemplateView>, outcomes: Array<Choice<ReplyOutcome>>, contact_methods: Array<Choice<ContactMethod>>, rules_revision: number, 
/**
 * The newest reply in the outbox (pending, sent, conflict or rejected).
 */
reply_entry: OutboxEntry | null, version_count: number, };
export type DraftSaved = { saved_ms: number, findings: Array<LintFinding>, blocked: boolean, 
/**
 * The text was queued for the district's shared draft.
 */
shared_queued: boolean, };
export type DraftVersionView = { id: number, saved_ms: number, source_label: string, 
/**
 * The start of its text.
 */
preview: string, form: ReplyForm, };
export type TicketDetail = { row: TicketRow, 
/**
 * The ack deadline with its countdown thresholds (the detail shows both deadlines,
 * whichever is active).
 */
ack_deadline: ActiveDeadline, 
/**
 * The reply deadline with its countdown thresholds.
 */
reply_deadline: ActiveDeadline, 
/**
 * The citizen's words: untrusted, shown as text only.
 */
content: string, channel: string, citizen_name_masked: string, citizen_phone_masked: string, 
/**
 * The house number part masked (`desk_domain::mask::address`); the whole address
 * comes with the phone when the officer reveals it (audited).
 */
citizen_address_masked: string, lead_unit: string, co_units: Array<CoUnitView>, acked_by: string | null, acked_at_ms: number | null, redo_reason: string | null, redo_at_ms: number | null, supervision_note: string | null, extension_reason: string | null, extension_requested_due_ms: number | null, callback_summary: string | null, history: Array<HistoryView>, attachments: Array<AttachmentView>, 
/**
 * Working days left until the reply deadline (剩余 N 个工作日); `null` when
 * nothing is due.
 */
reply_workdays_left: number | null, 
/**
 * Years `reply_workdays_left` counted Monday to Friday because no calendar covers
 * them (shown as 约 N 个工作日). Empty: exact.
 */
reply_workdays_estimated_years: Array<number>, outbox: Array<OutboxEntry>, can_ack: boolean, can_reply: boolean, can_opinion: boolean, can_extend: boolean, can_coordinate: boolean, 
/**
 * Only before the ack deadline (首接负责制: re-dispatch is for true mis-dispatch).
 */
can_reassign: boolean, };
export type ErrorCode = "offline" | "unauthorized" | "server" | "storage" | "invalid_input" | "not_found" | "internal";
export type IpcError = { code: ErrorCode, message: string, };
export type AlertEntry = { 
/**
 * The log entry's id (for "mark read").
 */
id: number, 
/**
 * When it fired, server-corrected epoch milliseconds.
 */
at_ms: number, 
/**
 * What it is about; for a digest, its most important member's kind.
 */
kind: AlertKind, 
/**
 * The kind in Chinese (新工单, 已超时, ...).
 */
kind_label: string, 
/**
 * Several alerts in one notification.
 */
digest: boolean, 
/**
 * The tickets it is about (the first one opens on click).
 */
ticket_ids: Array<string>, 
/**
 * Overdue, redo or red supervision among its alerts.
 */
critical: boolean, urgency: AlertUrgency, 
/**
 * Plain text: shown as text, never as HTML.
 */
title: string, 
/**
 * Plain text, one line per ticket for a digest.
 */
body: string, 
/**
 * The officer saw it in the notification centre.
 */
read: boolean, };
export type AlertPrefs = { 
/**
 * Reminders before the ack deadline.
 */
ack_leads: Array<Lead>, 
/**
 * Reminders before the reply deadline.
 */
reply_leads: Array<Lead>, 
/**
 * Reminders before a co-handler's opinion deadline.
 */
opinion_leads: Array<Lead>, 
/**
 * Repeat overdue alerts each working day.
 */
overdue_repeat_daily: boolean, 
/**
 * Start of the office day, Beijing time, `HH:MM`.
 */
work_start: string, 
/**
 * End of the office day, Beijing time, `HH:MM`.
 */
work_end: string, 
/**
 * Hold non-critical reminders outside the office day.
 */
hold_outside_working_hours: boolean, 
/**
 * From how many alerts due together one digest is shown.
 */
digest_min: number, 
/**
 * What the officer off duty gets.
 */
off_duty_mode: OffDutyMode, 
/**
 * The kinds of alert that are on.
 */
enabled: Array<AlertKind>, };
export type DutyOfficer = { role: OfficerRole, name: string, 
/**
 * Work phone (may be empty).
 */
phone: string, };
export type DutyPanel = { 
/**
 * A roster was synced; without one nothing else is known (the actions wait for a
 * sync: a duty PUT needs the roster's revision).
 */
known: boolean, a: DutyOfficer | null, b: DutyOfficer | null, 
/**
 * Who gets the alerts now.
 */
on_duty: OfficerRole, 
/**
 * Since when (epoch ms): the handover's start, or its end once it passed.
 */
since_ms: number | null, 
/**
 * Until when B is on duty (epoch ms); `null` when A is on duty or B has no end.
 */
until_ms: number | null, 
/**
 * The handover note while the handover is in force (plain text).
 */
note: string, 
/**
 * The signed-in officer's role (`null` before sign-in).
 */
me: OfficerRole | null, 
/**
 * The signed-in officer is the one on duty.
 */
i_am_on_duty: boolean, 
/**
 * 我要请假/外出: A, while on duty.
 */
can_hand_over: boolean, 
/**
 * 我已返岗: A, while B is on duty.
 */
can_take_back: boolean, 
/**
 * The newest duty write not yet confirmed by the district (pending, or refused and
 * waiting for the officer): the roster above does not show it yet.
 */
pending: OutboxEntry | null, };
export type DesktopPrefs = { 
/**
 * Start with the desktop session (on unless the officer turned it off).
 */
autostart: boolean, 
/**
 * Alerts paused until then (epoch ms, server time); `null` when not paused.
 */
alerts_paused_until_ms: number | null, };
export type ReportQuery = { 
/**
 * First day, `YYYY-MM-DD` in Beijing time (inclusive).
 */
from: string, 
/**
 * Last day, `YYYY-MM-DD` in Beijing time (inclusive).
 */
to: string, 
/**
 * The instant the figures are taken at (epoch ms, server time); `null`: now.
 */
at_ms: number | null, 
/**
 * At most this many at-risk tickets in the projection (the earliest deadlines
 * first; `projection.at_risk_count` still counts them all); `null`: every one. The
 * page asks for a few: at 1M cached a month can hold 260k of them (26 MB of JSON).
 */
at_risk_limit: number | null, 
/**
 * Whether each breakdown row carries its 四早 medians too; when not, they are `null`
 * there (the period's own medians are always given). They read every lead ticket of
 * the period (linear in them); the 考核 page, whose breakdowns show no median, leaves
 * them out (so does its printed 考核报表, which shows the same columns); the Excel
 * export and `liaison report` ask for them.
 */
breakdown_medians: boolean, };
export type Figures = { 
/**
 * Lead tickets dispatched in the period.
 */
dispatched: number, 
/**
 * `acked_by.at` ≤ `ack_due_at`.
 */
acked_on_time: number, ack_on_time_rate: number | null, 
/**
 * Status `replied` or `closed`.
 */
finished: number, 
/**
 * Finished, and the last reply in the history at or before `reply_due_at`.
 */
finished_on_time: number, 
/**
 * Open (`pending_ack`, `in_progress`, `redo`) and `reply_due_at` < `at`.
 */
overdue_open: number, 
/**
 * `finished_on_time / (finished + overdue_open)`.
 */
on_time_rate: number | null, 
/**
 * `redo.count` ≥ 1.
 */
redo_tickets: number, redo_rate: number | null, 
/**
 * Tickets with a callback.
 */
callbacks: number, 
/**
 * `callback.process` is satisfied or basically satisfied.
 */
process_satisfied: number, 
/**
 * 服务过程满意率.
 */
process_satisfaction_rate: number | null, 
/**
 * `callback.result` is resolved.
 */
result_resolved: number, 
/**
 * 办理结果满意率.
 */
result_satisfaction_rate: number | null, extensions_requested: number, extensions_approved: number, 
/**
 * Tickets with a supervision of any level.
 */
supervised: number, yellow_cards: number, red_cards: number, 
/**
 * Co-handled tickets dispatched in the period with an opinion deadline of the unit.
 */
opinions_due: number, 
/**
 * Of those, the opinion sent at or before the unit's `opinion_due_at`.
 */
opinions_on_time: number, opinion_on_time_rate: number | null, 
/**
 * 四早: median minutes from dispatch to ack.
 */
ack_minutes_median: number | null, 
/**
 * 四早: median minutes from dispatch to the first citizen contact of a sent reply.
 */
contact_minutes_median: number | null, 
/**
 * 四早: median working hours between the last reply and the reply deadline
 * (negative: late).
 */
reply_margin_working_hours_median: number | null, };
export type BreakdownRow = { 
/**
 * The filter value: the matter's first segment, or the category's wire value.
 */
key: string, 
/**
 * What the UI shows (`城市管理`, `投诉`).
 */
label: string, figures: Figures, };
export type AtRiskTicket = { id: string, title: string, reply_due_ms: number, };
export type Projection = { 
/**
 * `YYYY-MM`.
 */
month: string, on_time_rate_now: number | null, on_time_rate_if_missed: number | null, 
/**
 * Open lead tickets of the month, not overdue yet, due before the month ends; by
 * deadline (the first `ReportQuery::at_risk_limit` of them).
 */
at_risk: Array<AtRiskTicket>, 
/**
 * How many such tickets there are (all of them, whatever the limit).
 */
at_risk_count: number, };
export type AssessmentReport = { from: string, to: string, 
/**
 * The instant the figures were taken at (epoch ms, server time).
 */
at_ms: number, 
/**
 * When the cache last synced: a figure is only as fresh as the sync.
 */
last_synced_ms: number | null, figures: Figures, by_matter: Array<BreakdownRow>, by_category: Array<BreakdownRow>, 
/**
 * Only when the period contains the current month.
 */
projection: Projection | null, };
export type MonthRates = { 
/**
 * `YYYY-MM`.
 */
month: string, dispatched: number, ack_on_time_rate: number | null, on_time_rate: number | null, redo_rate: number | null, process_satisfaction_rate: number | null, result_satisfaction_rate: number | null, };
export type FigureKey = "dispatched" | "acked_on_time" | "acked_late" | "finished" | "finished_on_time" | "overdue_open" | "redo_tickets" | "callbacks" | "process_satisfied" | "result_resolved" | "extensions_requested" | "extensions_approved" | "supervised" | "yellow_cards" | "red_cards" | "opinions_due" | "opinions_on_time" | "at_risk";
export type FigureFilter = { 
/**
 * `YYYY-MM-DD`, Beijing time, inclusive.
 */
from: string, to: string, figure: FigureKey, 
/**
 * A 事项分类 (the matter's first segment), for a breakdown row.
 */
matter: string | null, 
/**
 * A 诉求类型 (category wire value), for a breakdown row.
 */
category: string | null, };
export type ExportedFile = { path: string, 
/**
 * Tickets on the tickets sheet.
 */
tickets: number, };
export type UpdateOffer = { version: string, 
/**
 * The release notes, as text (never rendered as HTML).
 */
notes: string | null, 
/**
 * RFC 3339, when the feed gives one.
 */
date: string | null, };
export type UpdateCheck = { current_version: string, 
/**
 * `None`: this is the newest version.
 */
offer: UpdateOffer | null, 
/**
 * The desk may download and install it itself.
 */
in_app: boolean, 
/**
 * When it may not: what the officer is told to do (the policy's contact).
 */
ask: string | null, };
export type UpdateStage = "downloading" | "verifying" | "installing" | "installed";
export type UpdateProgress = { stage: UpdateStage, downloaded: number, 
/**
 * From `Content-Length`, when the server sent one.
 */
total: number | null, };
export type AboutInfo = { 
/**
 * The app's version (the workspace version, e.g. `0.1.0`).
 */
version: string, 
/**
 * When the app was built: `YYYY-MM-DD HH:MM UTC` (from `SOURCE_DATE_EPOCH` when the
 * build set it), or `unknown`.
 */
build_date: string, 
/**
 * The git commit it was built from (12 hex digits), or `unknown` (no git, or not
 * built from a clone).
 */
commit: string, 
/**
 * The district API contract's version (`district_api::CONTRACT_VERSION`).
 */
contract_version: string, 
/**
 * Where the cache, settings and kept attachments live.
 */
data_dir: string, 
/**
 * Where the log files are written; `None` when this run writes none (standard
 * error only).
 */
log_dir: string | null, };
