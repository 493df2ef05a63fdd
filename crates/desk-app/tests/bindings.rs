//! The committed TypeScript bindings in `ui/src/ipc/` must equal what the Rust types
//! generate. `cargo xtask bindings` (UPDATE_BINDINGS=1) rewrites them.

use std::path::PathBuf;

fn ipc_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/ipc")
}

#[test]
fn committed_bindings_are_up_to_date() {
    let files = [
        ("bindings.ts", desk_app::ipc::bindings_ts()),
        ("commands.ts", desk_app::ipc::commands_ts()),
        ("events.ts", desk_app::ipc::events_ts()),
    ];
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let mut stale = Vec::new();
    for (name, generated) in files {
        let path = ipc_dir().join(name);
        if update {
            std::fs::write(&path, &generated).expect("write bindings");
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != generated {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale TypeScript bindings {stale:?}: run `cargo xtask bindings`"
    );
}

#[test]
fn generated_commands_cover_every_command_with_its_types() {
    let ts = desk_app::ipc::commands_ts();
    for c in desk_app::ipc::COMMANDS {
        assert!(
            ts.contains(&format!("  {}: (", c.ts_name())),
            "{} has no function",
            c.name
        );
        assert!(
            ts.contains(&format!("\"{}\"", c.name)),
            "{} missing",
            c.name
        );
    }
    assert!(ts.contains(
        "listTickets: (query: TicketQuery) => invoke<TicketPage>(\"list_tickets\", { query })"
    ));
    // Multi-word arguments are camelCase in TS; Tauri maps them to the snake_case names.
    assert!(ts.contains("{ id, reason, requestedDueMs }"));
    assert!(ts.contains("uiReady: (rows: number) => invoke<null>(\"ui_ready\", { rows })"));
    let events = desk_app::ipc::events_ts();
    for e in desk_app::ipc::events::EVENTS {
        assert!(
            events.contains(&format!("\"{}\"", e.name)),
            "{} missing",
            e.name
        );
    }
    assert!(events.contains(
        "onSyncStatus: (handler) => listen<SyncStatus>(EVENT_SYNC_STATUS, (event) => handler(event.payload))"
    ));
    assert!(
        events.contains("onOpenTicket(handler: (payload: string) => void): Promise<Unlisten>;")
    );
    assert!(events.contains("onTicketsChanged(handler: () => void): Promise<Unlisten>;"));
    let types = desk_app::ipc::bindings_ts();
    assert!(types.contains("export type TicketRow = {"));
    assert!(
        !types.contains("bigint"),
        "i64 must map to number for the webview"
    );
}
