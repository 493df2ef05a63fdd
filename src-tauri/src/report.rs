//! The assessment's commands (issue 16): one-line wrappers around `desk-app`'s use cases.

use crate::Shell;
use desk_app::ipc::{AssessmentReport, ExportedFile, IpcError, MonthRates, ReportQuery};
use tauri::State;

#[tauri::command]
pub(crate) async fn assessment_report(
    shell: State<'_, Shell>,
    query: ReportQuery,
) -> Result<AssessmentReport, IpcError> {
    Ok(shell.desk.assessment_report(&query)?)
}

#[tauri::command]
pub(crate) async fn assessment_trend(
    shell: State<'_, Shell>,
    end_month: String,
    months: u32,
) -> Result<Vec<MonthRates>, IpcError> {
    Ok(shell.desk.assessment_trend(&end_month, months)?)
}

#[tauri::command]
pub(crate) async fn export_assessment_xlsx(
    shell: State<'_, Shell>,
    query: ReportQuery,
    reveal_citizen: bool,
) -> Result<ExportedFile, IpcError> {
    Ok(shell.desk.export_assessment_xlsx(&query, reveal_citizen)?)
}
