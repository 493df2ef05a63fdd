//! The IPC commands. They are declared once, in `desk_app::desk_commands!`; here the
//! shell implements `DeskCommands` (each method a line or two around a `Desk` use
//! case), and the same list generates the `#[tauri::command]` wrappers and the invoke
//! handler. A declared command the shell does not implement, or implements with other
//! types, does not compile; a command cannot be declared without being registered.

use crate::Shell;
use crate::alerts::AlertWake;
use desk_app::ipc::{
    AboutInfo, AlertEntry, AlertPrefs, AppInfo, AssessmentReport, DeskCommands, DesktopPrefs,
    DraftSaved, DraftVersionView, DutyPanel, ExportedFile, IpcError, LocalAttachment, MonthRates,
    OutboxEntry, ReplyForm, ReplyWorkspace, ReportQuery, RevealedContact, SignInOutcome,
    SyncReport, SyncStatus, TicketDetail, TicketPage, TicketQuery, WorkdayDates,
};
use desk_app::updates::UpdateCheck;
use desk_app::{AppError, Desk, Sensitive};
use district_api::{CoordinationRequest, Opinion, ReassignmentRequest};
use std::sync::Arc;
use tauri::{AppHandle, Manager, Runtime, State};

/// What a command runs with: the app (for plugins and state) and the desk.
pub(crate) struct Ipc<'a, R: Runtime> {
    pub(crate) app: &'a AppHandle<R>,
    pub(crate) shell: &'a Shell,
}

impl<R: Runtime> Ipc<'_, R> {
    fn desk(&self) -> &Arc<Desk> {
        &self.shell.desk
    }

    /// Queues a write, then sends it in the background.
    fn queued(&self, entry: Result<OutboxEntry, AppError>) -> Result<OutboxEntry, IpcError> {
        let entry = entry?;
        self.desk().flush_in_background();
        Ok(entry)
    }
}

impl<R: Runtime> DeskCommands for Ipc<'_, R> {
    async fn app_info(&self) -> Result<AppInfo, IpcError> {
        Ok(self.desk().app_info())
    }

    async fn about(&self) -> Result<AboutInfo, IpcError> {
        Ok(self.desk().about(crate::BUILD))
    }

    async fn list_tickets(&self, query: TicketQuery) -> Result<TicketPage, IpcError> {
        Ok(self.desk().ticket_page(&query)?)
    }

    async fn ticket_detail(&self, id: String) -> Result<TicketDetail, IpcError> {
        Ok(self.desk().ticket_detail(&id)?)
    }

    async fn reveal_phone(&self, id: String) -> Result<RevealedContact, IpcError> {
        Ok(self.desk().reveal_phone(&id)?)
    }

    async fn open_attachment(
        &self,
        ticket_id: String,
        attachment_id: String,
    ) -> Result<LocalAttachment, IpcError> {
        let file = self
            .desk()
            .fetch_attachment(&ticket_id, &attachment_id)
            .await?;
        let opened = if file.opens_directly {
            tauri_plugin_opener::open_path(&file.path, None::<&str>)
        } else {
            tauri_plugin_opener::reveal_item_in_dir(&file.path)
        };
        opened.map_err(|e| AppError::OpenFailed(e.to_string()))?;
        Ok(file)
    }

    async fn reply_workspace(&self, id: String) -> Result<ReplyWorkspace, IpcError> {
        Ok(self.desk().reply_workspace(&id)?)
    }

    async fn save_reply_draft(
        &self,
        id: String,
        form: ReplyForm,
        share: bool,
    ) -> Result<DraftSaved, IpcError> {
        let saved = self.desk().save_reply_draft(&id, &form, share)?;
        if saved.shared_queued {
            self.desk().flush_in_background();
        }
        Ok(saved)
    }

    async fn resolve_draft_collision(
        &self,
        id: String,
        form: ReplyForm,
    ) -> Result<ReplyWorkspace, IpcError> {
        let workspace = self.desk().resolve_draft_collision(&id, &form)?;
        self.desk().flush_in_background();
        Ok(workspace)
    }

    async fn draft_versions(&self, id: String) -> Result<Vec<DraftVersionView>, IpcError> {
        Ok(self.desk().draft_versions(&id)?)
    }

    async fn restore_draft_version(
        &self,
        id: String,
        version_id: i64,
    ) -> Result<ReplyWorkspace, IpcError> {
        Ok(self.desk().restore_draft_version(&id, version_id)?)
    }

    async fn send_reply(&self, id: String) -> Result<OutboxEntry, IpcError> {
        self.queued(self.desk().send_reply(&id))
    }

    async fn sign_in(
        &self,
        server_url: String,
        username: String,
        password: String,
    ) -> Result<SignInOutcome, IpcError> {
        let outcome = self
            .desk()
            .sign_in(&server_url, &username, &Sensitive::new(password))
            .await?;
        self.desk().flush_in_background();
        Ok(outcome)
    }

    async fn sign_out(&self, wipe: bool) -> Result<(), IpcError> {
        Ok(self.desk().sign_out(wipe).await?)
    }

    async fn sync_status(&self) -> Result<SyncStatus, IpcError> {
        Ok(self.desk().sync_status()?)
    }

    async fn sync_now(&self) -> Result<SyncReport, IpcError> {
        Ok(self.desk().sync_now().await?)
    }

    async fn ack(&self, id: String) -> Result<OutboxEntry, IpcError> {
        self.queued(self.desk().ack(&id))
    }

    async fn request_extension(
        &self,
        id: String,
        reason: String,
        requested_due_ms: i64,
    ) -> Result<OutboxEntry, IpcError> {
        self.queued(
            self.desk()
                .request_extension_at(&id, reason, requested_due_ms),
        )
    }

    async fn request_coordination(
        &self,
        id: String,
        reason: String,
        units: Vec<String>,
    ) -> Result<OutboxEntry, IpcError> {
        let req = CoordinationRequest { reason, units };
        self.queued(self.desk().request_coordination(&id, &req))
    }

    async fn request_reassignment(
        &self,
        id: String,
        reason: String,
        suggested_unit: Option<String>,
    ) -> Result<OutboxEntry, IpcError> {
        let req = ReassignmentRequest {
            reason,
            suggested_unit,
        };
        self.queued(self.desk().request_reassignment(&id, &req))
    }

    async fn submit_opinion(
        &self,
        id: String,
        text: String,
        contact_name: String,
        contact_phone: String,
    ) -> Result<OutboxEntry, IpcError> {
        let opinion = Opinion {
            text,
            contact_name,
            contact_phone,
        };
        self.queued(self.desk().opinion(&id, &opinion))
    }

    async fn discard_outbox(&self, entry_id: i64) -> Result<(), IpcError> {
        Ok(self.desk().discard_outbox_entry(entry_id)?)
    }

    async fn retry_outbox(&self, entry_id: i64) -> Result<OutboxEntry, IpcError> {
        self.queued(self.desk().retry_outbox_entry(entry_id))
    }

    async fn workday_dates(&self, from: String, to: String) -> Result<WorkdayDates, IpcError> {
        Ok(self.desk().workday_dates(&from, &to)?)
    }

    async fn unit_directory(&self) -> Result<Vec<String>, IpcError> {
        Ok(self.desk().unit_directory()?)
    }

    async fn ui_ready(&self, rows: u32) -> Result<(), IpcError> {
        Ok(self.desk().ui_ready(rows)?)
    }

    async fn alert_log(&self) -> Result<Vec<AlertEntry>, IpcError> {
        Ok(self.desk().alert_log()?)
    }

    async fn unread_alert_count(&self) -> Result<i64, IpcError> {
        Ok(self.desk().unread_alert_count()?)
    }

    async fn mark_alert_read(&self, id: i64) -> Result<(), IpcError> {
        Ok(self.desk().mark_alert_read(id)?)
    }

    async fn mark_all_alerts_read(&self) -> Result<(), IpcError> {
        Ok(self.desk().mark_all_alerts_read()?)
    }

    async fn alert_settings(&self) -> Result<AlertPrefs, IpcError> {
        Ok(self.desk().alert_settings()?)
    }

    async fn set_alert_settings(&self, settings: AlertPrefs) -> Result<(), IpcError> {
        self.desk().set_alert_settings(&settings)?;
        if let Some(wake) = self.app.try_state::<AlertWake>() {
            wake.0.notify_one();
        }
        Ok(())
    }

    async fn duty_panel(&self) -> Result<DutyPanel, IpcError> {
        Ok(self.desk().duty_panel()?)
    }

    async fn hand_over_duty(&self, until_ms: i64, note: String) -> Result<OutboxEntry, IpcError> {
        self.queued(self.desk().hand_over_duty(until_ms, &note).await)
    }

    async fn take_duty_back(&self) -> Result<OutboxEntry, IpcError> {
        self.queued(self.desk().take_duty_back().await)
    }

    async fn desktop_prefs(&self) -> Result<DesktopPrefs, IpcError> {
        Ok(self.desk().desktop_prefs()?)
    }

    async fn set_autostart(&self, enabled: bool) -> Result<DesktopPrefs, IpcError> {
        self.desk().set_autostart_enabled(enabled)?;
        crate::desktop::apply_autostart(self.app, self.desk())
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(self.desk().desktop_prefs()?)
    }

    async fn assessment_report(&self, query: ReportQuery) -> Result<AssessmentReport, IpcError> {
        Ok(self.desk().assessment_report(&query)?)
    }

    async fn assessment_trend(
        &self,
        end_month: String,
        months: u32,
    ) -> Result<Vec<MonthRates>, IpcError> {
        Ok(self.desk().assessment_trend(&end_month, months)?)
    }

    async fn export_assessment_xlsx(
        &self,
        query: ReportQuery,
        reveal_citizen: bool,
    ) -> Result<ExportedFile, IpcError> {
        Ok(self.desk().export_assessment_xlsx(&query, reveal_citizen)?)
    }

    async fn check_for_update(&self) -> Result<UpdateCheck, IpcError> {
        Ok(crate::updater::check(self.app, self.desk()).await?)
    }

    async fn install_update(&self) -> Result<(), IpcError> {
        Ok(crate::updater::install(self.app, self.desk()).await?)
    }
}

/// From the declared list: one `#[tauri::command]` per command (taking the app and the
/// shell's state besides the declared arguments, and calling [`DeskCommands`]), and the
/// invoke handler registering all of them.
macro_rules! tauri_commands {
    ($(
        $(#[$meta:meta])*
        fn $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty;
    )*) => {
        $(
            $(#[$meta])*
            #[tauri::command]
            async fn $name<R: Runtime>(
                app: AppHandle<R>,
                shell: State<'_, Shell>,
                $($arg: $ty),*
            ) -> Result<$ret, IpcError> {
                Ipc { app: &app, shell: &shell }.$name($($arg),*).await
            }
        )*

        /// The invoke handler: every command of `desk_app::desk_commands!`.
        pub(crate) fn handler<R: Runtime>(
        ) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

desk_app::desk_commands!(tauri_commands);
