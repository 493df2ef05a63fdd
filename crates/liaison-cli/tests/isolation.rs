//! The `liaison` tests leave nothing outside their temporary directories: no remembered
//! data dir in the developer's `~/.config/liaison`, no token or cache key in their
//! keyring.

mod support;

use district_sim::SimConfig;
use std::path::{Path, PathBuf};
use support::{Sandbox, World};

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// A sign-in-free session as a script would run it (sync with a token, then commands
/// that rely on the remembered data dir): everything written is in the data dir or in
/// the sandbox's XDG config directory, and the runtime directory (where a session bus
/// would be) stays empty, so no keyring was reached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sandboxed_liaison_writes_only_inside_its_temp_dir() {
    let world = World::with_config(SimConfig {
        seed: 69,
        tickets: 20,
        ..SimConfig::default()
    })
    .await;
    let token = support::token(&world.sim, "A").await;
    let sandbox = std::sync::Arc::new(Sandbox::new());
    let data = sandbox.join("data");
    let url = world.sim.base_url();
    let outs = tokio::task::spawn_blocking({
        let sandbox = std::sync::Arc::clone(&sandbox);
        let data = support::utf8(&data).to_owned();
        move || {
            vec![
                sandbox.run(
                    &["--data-dir", &data, "--server", &url, "sync"],
                    Some(&token),
                ),
                sandbox.run(&["status", "--json"], None),
                sandbox.run(&["tickets", "--json"], None),
            ]
        }
    })
    .await
    .expect("join");
    for out in &outs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let config = sandbox.home().config().join("liaison");
    assert!(
        sandbox.remembered_data_dir().is_file(),
        "the data dir is remembered inside the sandbox"
    );
    let stray: Vec<PathBuf> = files(sandbox.path())
        .into_iter()
        .filter(|f| !f.starts_with(&data) && !f.starts_with(&config))
        .collect();
    assert!(
        stray.is_empty(),
        "written outside the data and config dirs: {stray:?}"
    );
    assert!(
        files(&sandbox.home().runtime()).is_empty(),
        "nothing in the runtime directory"
    );
}

/// Every process these tests start is built by `support::Sandbox` (so it gets the
/// private HOME, XDG directories and no session bus): no test file builds a `Command`
/// of its own or names the binary.
#[test]
fn every_process_of_the_cli_tests_is_started_in_a_sandbox() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut offenders = Vec::new();
    for file in files(&dir) {
        if file.starts_with(dir.join("support")) || file.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            // Spelled in two parts so that this file does not match itself.
            for needle in [concat!("Command", "::new"), concat!("CARGO_BIN_EXE", "_")] {
                if line.contains(needle) {
                    offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "start processes through support::Sandbox (command, run, program):\n{}",
        offenders.join("\n")
    );
}
