//! The TypeScript generated from the IPC declarations into `ui/src/ipc/`:
//! `bindings.ts` (the DTOs), `commands.ts` (one function per command of
//! [`super::COMMANDS`]) and `events.ts` (the event names and typed subscriptions of
//! [`super::events::EVENTS`]). `cargo xtask bindings` writes them; `tests/bindings.rs`
//! fails when the committed files are stale.

use super::alerts::{AlertEntry, AlertPrefs};
use super::commands::{COMMANDS, camel_case};
use super::desktop::{DesktopPrefs, DutyOfficer, DutyPanel};
use super::events::EVENTS;
use super::*;
use ts_rs::TS;

const HEADER: &str = "// Generated from Rust by `cargo xtask bindings`. Do not edit.\n";

fn cfg() -> ts_rs::Config {
    // Millisecond timestamps and counts fit in a JS number (2^53).
    ts_rs::Config::new().with_large_int("number")
}

/// The named types a TypeScript type expression refers to (`Array<AlertEntry>` →
/// `AlertEntry`), to import them from `./bindings`.
fn named_types(ts: &str) -> impl Iterator<Item = String> + '_ {
    ts.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|t| t.chars().next().is_some_and(char::is_uppercase))
        .filter(|t| !matches!(*t, "Array" | "Record" | "Partial"))
        .map(str::to_owned)
}

fn import_line(mut types: Vec<String>) -> String {
    types.sort();
    types.dedup();
    if types.is_empty() {
        return String::new();
    }
    format!(
        "import type {{ {} }} from \"./bindings\";\n",
        types.join(", ")
    )
}

/// The contents of `ui/src/ipc/bindings.ts`.
pub fn bindings_ts() -> String {
    let cfg = cfg();
    let decls = [
        desk_domain::countdown::DeadlineKind::decl(&cfg),
        FilterTab::decl(&cfg),
        desk_domain::alerts::AlertKind::decl(&cfg),
        desk_domain::alerts::AlertUrgency::decl(&cfg),
        desk_domain::alerts::Lead::decl(&cfg),
        desk_domain::alerts::OffDutyMode::decl(&cfg),
        TicketStatusView::decl(&cfg),
        OurRoleView::decl(&cfg),
        CategoryView::decl(&cfg),
        UrgencyView::decl(&cfg),
        SupervisionLevelView::decl(&cfg),
        ExtensionStatusView::decl(&cfg),
        OfficerRoleView::decl(&cfg),
        ReplyOutcomeView::decl(&cfg),
        ContactMethodView::decl(&cfg),
        desk_domain::reply_lint::FindingCode::decl(&cfg),
        OutboxKindView::decl(&cfg),
        OutboxStateView::decl(&cfg),
        OutboxMark::decl(&cfg),
        ServerCurrentView::decl(&cfg),
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
        // Generic: the declaration is `Choice<T>` whatever `T` is named here.
        Choice::<ReplyOutcomeView>::decl(&cfg),
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
        crate::updates::UpdateOffer::decl(&cfg),
        crate::updates::UpdateCheck::decl(&cfg),
        crate::updates::UpdateStage::decl(&cfg),
        crate::updates::UpdateProgress::decl(&cfg),
        AboutInfo::decl(&cfg),
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
    let types: Vec<String> = COMMANDS
        .iter()
        .flat_map(|c| std::iter::once((c.returns)(&cfg)).chain(c.args.iter().map(|(_, t)| t(&cfg))))
        .flat_map(|t| named_types(&t).collect::<Vec<_>>())
        .collect();
    let mut out = String::from(HEADER);
    out.push_str("import { invoke } from \"@tauri-apps/api/core\";\n");
    out.push_str(&import_line(types));
    out.push_str("export const commands = {\n");
    for c in COMMANDS {
        let params: Vec<String> = c
            .args
            .iter()
            .map(|(n, t)| format!("{}: {}", camel_case(n), t(&cfg)))
            .collect();
        let payload = if c.args.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = c.args.iter().map(|(n, _)| camel_case(n)).collect();
            format!(", {{ {} }}", names.join(", "))
        };
        out.push_str(&format!(
            "  {}: ({}) => invoke<{}>(\"{}\"{}),\n",
            c.ts_name(),
            params.join(", "),
            (c.returns)(&cfg),
            c.name,
            payload
        ));
    }
    out.push_str("};\nexport type Commands = typeof commands;\n");
    out
}

/// The contents of `ui/src/ipc/events.ts`.
pub fn events_ts() -> String {
    let cfg = cfg();
    let payloads: Vec<(String, bool)> = EVENTS
        .iter()
        .map(|e| {
            let ts = (e.payload)(&cfg);
            let none = ts == "null";
            (ts, none)
        })
        .collect();
    let mut out = String::from(HEADER);
    out.push_str(
        "// The only place that subscribes to Tauri events. Components and stores reach these\n\
         // through the Backend (see backend.ts), so tests can inject fakes.\n",
    );
    out.push_str("import { listen } from \"@tauri-apps/api/event\";\n");
    out.push_str(&import_line(
        payloads
            .iter()
            .flat_map(|(t, _)| named_types(t).collect::<Vec<_>>())
            .collect(),
    ));
    out.push_str("\nexport type Unlisten = () => void;\n\n");
    for e in EVENTS {
        out.push_str(&format!(
            "export const EVENT_{} = \"{}\";\n",
            e.constant, e.name
        ));
    }
    out.push_str("\nexport interface DeskEvents {\n");
    for (e, (ts, none)) in EVENTS.iter().zip(&payloads) {
        let handler = if *none {
            "() => void".to_owned()
        } else {
            format!("(payload: {ts}) => void")
        };
        out.push_str(&format!(
            "  /** `{}`: {} */\n  on{}(handler: {handler}): Promise<Unlisten>;\n",
            e.name,
            e.doc.split_whitespace().collect::<Vec<_>>().join(" "),
            e.marker
        ));
    }
    out.push_str("}\n\nexport const events: DeskEvents = {\n");
    for (e, (ts, none)) in EVENTS.iter().zip(&payloads) {
        let body = if *none {
            format!("listen<null>(EVENT_{}, () => handler())", e.constant)
        } else {
            format!(
                "listen<{ts}>(EVENT_{}, (event) => handler(event.payload))",
                e.constant
            )
        };
        out.push_str(&format!("  on{}: (handler) => {body},\n", e.marker));
    }
    out.push_str("};\n");
    out
}
