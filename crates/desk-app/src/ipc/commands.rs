//! Every IPC command, declared once.
//!
//! The list in [`desk_commands!`](crate::desk_commands) is the only place a command is
//! written down. From it come:
//!
//! - [`DeskCommands`]: one method per command, implemented by the shell (`src-tauri`);
//!   a command the shell does not implement, or implements with other argument or
//!   return types, does not compile;
//! - the shell's `#[tauri::command]` wrappers and its `generate_handler!` list (the
//!   shell passes its own macro to `desk_commands!`), so a declared command is always
//!   registered;
//! - [`COMMANDS`], from which `ui/src/ipc/commands.ts` is generated
//!   (`cargo xtask bindings`; `tests/bindings.rs` fails when the committed file is stale).
//!
//! # Adding a command
//!
//! 1. Add one item to the list in `desk_commands!` below, e.g.
//!    `fn my_command(ticket_id: ::std::string::String, limit: u32) -> $crate::ipc::MyView;`
//!    (types with absolute paths: the list is expanded in the shell's crate too; a doc
//!    comment above it is copied to the trait method). A new DTO derives `TS` and gets
//!    a line in `bindings_ts` (`ipc/codegen.rs`).
//! 2. Implement `my_command` in `impl DeskCommands for Ipc` in
//!    `src-tauri/src/commands.rs` (the compiler asks for it), usually one line calling a
//!    `Desk` use case. Nothing else in the shell: the `#[tauri::command]` wrapper and
//!    its registration are generated from the list.
//! 3. Run `cargo xtask bindings` and commit `ui/src/ipc/`; call
//!    `commands.myCommand(ticketId, limit)` from the UI (camelCase in TS; Tauri maps
//!    the arguments back). The shell's mock-runtime test invokes every declared command;
//!    an argument of a type it has no sample for fails it with the type's name (add one
//!    to `sample` in `src-tauri/src/shell_tests.rs`).
//!
//! Events are declared the same way, once, in [`super::events`].

use super::IpcError;
use std::future::Future;

/// Passes the list of every IPC command to the macro `$callback`, as
/// `$(#[doc])* fn name(arg: Type, ...) -> Return;` items. Each command rejects with
/// [`IpcError`] (`{code, message}`).
///
/// To add a command: one item here (`fn my_command(id: ::std::string::String) ->
/// $crate::ipc::MyView;`), its method in `impl DeskCommands for Ipc`
/// (`src-tauri/src/commands.rs`), then `cargo xtask bindings`; the UI calls
/// `commands.myCommand(id)`. Details in the module documentation.
#[macro_export]
macro_rules! desk_commands {
    ($callback:ident) => {
        $callback! {
            /// Who is signed in, where, and whether this is demo data.
            fn app_info() -> $crate::ipc::AppInfo;
            /// One page of the ticket list, with the tab counts.
            fn list_tickets(query: $crate::ipc::TicketQuery) -> $crate::ipc::TicketPage;
            /// Everything about one ticket, personal data masked.
            fn ticket_detail(id: ::std::string::String) -> $crate::ipc::TicketDetail;
            /// The citizen's phone and address (audited).
            fn reveal_phone(id: ::std::string::String) -> $crate::ipc::RevealedContact;
            /// Downloads the attachment once (or takes the cached file) and opens it with
            /// the system viewer; files that are not documents or media are only shown in
            /// their folder.
            fn open_attachment(
                ticket_id: ::std::string::String,
                attachment_id: ::std::string::String
            ) -> $crate::ipc::LocalAttachment;
            /// The reply editor of one ticket.
            fn reply_workspace(id: ::std::string::String) -> $crate::ipc::ReplyWorkspace;
            /// Autosave; with `share`, the text is also queued for the unit's shared
            /// draft and sent in the background.
            fn save_reply_draft(
                id: ::std::string::String,
                form: $crate::ipc::ReplyForm,
                share: bool
            ) -> $crate::ipc::DraftSaved;
            /// Keeps the officer's text over the other officer's newer shared draft.
            fn resolve_draft_collision(
                id: ::std::string::String,
                form: $crate::ipc::ReplyForm
            ) -> $crate::ipc::ReplyWorkspace;
            /// Earlier versions of a reply draft.
            fn draft_versions(
                id: ::std::string::String
            ) -> ::std::vec::Vec<$crate::ipc::DraftVersionView>;
            /// Puts an earlier version back into the form.
            fn restore_draft_version(
                id: ::std::string::String,
                version_id: i64
            ) -> $crate::ipc::ReplyWorkspace;
            /// Lints, then queues the reply; sent in the background.
            fn send_reply(id: ::std::string::String) -> $crate::ipc::OutboxEntry;
            /// Signs in; the token goes to the OS keyring (else memory, for this run).
            fn sign_in(
                server_url: ::std::string::String,
                username: ::std::string::String,
                password: ::std::string::String
            ) -> $crate::ipc::SignInOutcome;
            /// Signs out; with `wipe`, the local cache is emptied too.
            fn sign_out(wipe: bool) -> ();
            /// The status bar.
            fn sync_status() -> $crate::ipc::SyncStatus;
            /// Syncs now and says what changed.
            fn sync_now() -> $crate::ipc::SyncReport;
            /// 签收: queued, then sent in the background.
            fn ack(id: ::std::string::String) -> $crate::ipc::OutboxEntry;
            /// 申请延期: queued, then sent in the background.
            fn request_extension(
                id: ::std::string::String,
                reason: ::std::string::String,
                requested_due_ms: i64
            ) -> $crate::ipc::OutboxEntry;
            /// 申请协调: queued, then sent in the background.
            fn request_coordination(
                id: ::std::string::String,
                reason: ::std::string::String,
                units: ::std::vec::Vec<::std::string::String>
            ) -> $crate::ipc::OutboxEntry;
            /// 申请改派: queued, then sent in the background.
            fn request_reassignment(
                id: ::std::string::String,
                reason: ::std::string::String,
                suggested_unit: ::std::option::Option<::std::string::String>
            ) -> $crate::ipc::OutboxEntry;
            /// A co-handler's opinion: queued, then sent in the background.
            fn submit_opinion(
                id: ::std::string::String,
                text: ::std::string::String,
                contact_name: ::std::string::String,
                contact_phone: ::std::string::String
            ) -> $crate::ipc::OutboxEntry;
            /// Drops a queued or refused write (the record stays).
            fn discard_outbox(entry_id: i64) -> ();
            /// Sends a blocked write again with the same idempotency key.
            fn retry_outbox(entry_id: i64) -> $crate::ipc::OutboxEntry;
            /// The working days of a date range (the extension date picker).
            fn workday_dates(
                from: ::std::string::String,
                to: ::std::string::String
            ) -> $crate::ipc::WorkdayDates;
            /// The units a coordination may name.
            fn unit_directory() -> ::std::vec::Vec<::std::string::String>;
            /// The UI rendered its first list (`LIAISON_READY_FILE`).
            fn ui_ready(rows: u32) -> ();
            /// The notification centre, newest first.
            fn alert_log() -> ::std::vec::Vec<$crate::ipc::AlertEntry>;
            fn unread_alert_count() -> i64;
            fn mark_alert_read(id: i64) -> ();
            fn mark_all_alerts_read() -> ();
            fn alert_settings() -> $crate::ipc::AlertPrefs;
            /// Saves the alert settings and re-plans at once.
            fn set_alert_settings(settings: $crate::ipc::AlertPrefs) -> ();
            fn duty_panel() -> $crate::ipc::DutyPanel;
            /// 我要请假/外出: queued, then sent in the background.
            fn hand_over_duty(
                until_ms: i64,
                note: ::std::string::String
            ) -> $crate::ipc::OutboxEntry;
            /// 我已返岗: queued, then sent in the background.
            fn take_duty_back() -> $crate::ipc::OutboxEntry;
            fn desktop_prefs() -> $crate::ipc::DesktopPrefs;
            /// Saves the autostart preference and applies it to the system.
            fn set_autostart(enabled: bool) -> $crate::ipc::DesktopPrefs;
            /// The unit's assessment of a period (考核): figures, breakdowns and, when the
            /// period holds today, the month's projection. From the cache only.
            fn assessment_report(
                query: $crate::ipc::ReportQuery
            ) -> $crate::ipc::AssessmentReport;
            /// The headline rates of `months` months ending with `end_month` (YYYY-MM).
            fn assessment_trend(
                end_month: ::std::string::String,
                months: u32
            ) -> ::std::vec::Vec<$crate::ipc::MonthRates>;
            /// Writes the period's workbook into the download folder; revealing citizens'
            /// data is audited.
            fn export_assessment_xlsx(
                query: $crate::ipc::ReportQuery,
                reveal_citizen: bool
            ) -> $crate::ipc::ExportedFile;
            /// 关于 → 检查更新: asks the update feed now. Says whether a newer version
            /// exists and whether this desk may install it (the system policy).
            fn check_for_update() -> $crate::updates::UpdateCheck;
            /// Downloads the offered version, verifies its signature and installs it
            /// (progress: the `update-progress` event). Refused where the system policy
            /// turns in-app updates off.
            fn install_update() -> ();
            /// The 关于 dialog: version, build date, commit, contract version, the data
            /// and log folders.
            fn about() -> $crate::ipc::AboutInfo;
        }
    };
}

type TsName = fn(&ts_rs::Config) -> String;

/// One command as the UI sees it (for the generated `commands.ts`).
pub struct CommandSpec {
    /// The Tauri command name (snake_case, as declared).
    pub name: &'static str,
    /// The arguments' Rust names and TypeScript types.
    pub args: &'static [(&'static str, TsName)],
    /// The TypeScript type it resolves with.
    pub returns: TsName,
}

impl CommandSpec {
    /// The function's name in `commands.ts` (camelCase).
    pub fn ts_name(&self) -> String {
        camel_case(self.name)
    }
}

/// `request_due_ms` → `requestDueMs`: the key Tauri expects for a command argument, and
/// the TS function name of a command.
pub(crate) fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn ts_name<T: ts_rs::TS + ?Sized>(cfg: &ts_rs::Config) -> String {
    T::name(cfg)
}

macro_rules! declare_commands {
    ($(
        $(#[$meta:meta])*
        fn $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty;
    )*) => {
        /// The IPC commands, implemented by the shell. Every method resolves with the
        /// declared type or rejects with [`IpcError`]. Declared by `desk_commands!`.
        pub trait DeskCommands: Sync {
            $(
                $(#[$meta])*
                fn $name(&self, $($arg: $ty),*)
                    -> impl Future<Output = Result<$ret, IpcError>> + Send;
            )*
        }

        /// Every command of the shell, in declaration order.
        pub const COMMANDS: &[CommandSpec] = &[$(
            CommandSpec {
                name: stringify!($name),
                args: &[$((stringify!($arg), ts_name::<$ty>)),*],
                returns: ts_name::<$ret>,
            },
        )*];
    };
}

crate::desk_commands!(declare_commands);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_camel_case() {
        assert_eq!(camel_case("requested_due_ms"), "requestedDueMs");
        assert_eq!(camel_case("ack"), "ack");
    }

    #[test]
    fn command_names_are_unique() {
        let mut names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
    }
}
