//! `xtask bench`: the benchmarks of issue 9 (`crates/desk-bench`), in release builds.
//! Writes `docs/benchmarks.md` and `target/bench/results.json`.

use crate::util::{cargo, root, step};
use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::Command;

/// What `xtask bench` was asked for.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Add the 1M-ticket scale (about half an hour more).
    #[arg(long)]
    pub full: bool,
    /// Skip the app figure (no UI or app build, no Xvfb).
    #[arg(long)]
    pub no_app: bool,
    /// More arguments for desk-bench (after `--`), e.g. `-- --runs 5`.
    #[arg(last = true)]
    pub rest: Vec<String>,
}

fn release_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("release")
}

/// Builds what the bench needs in release and runs it.
pub fn run(args: &BenchArgs) -> Result<()> {
    if !args.no_app {
        crate::prepare()?;
        crate::build_ui()?;
        // The app and its floor (issue 18: a bare Tauri window) in one build, so Tauri is
        // compiled once with the same features for both.
        step("build app and its floor (release)", || {
            cargo(&[
                "build",
                "--release",
                "--locked",
                "-p",
                "liaison-desk",
                "-p",
                "bench-floor",
            ])
        })?;
    }
    step("build desk-bench (release)", || {
        cargo(&["build", "--release", "--locked", "-p", "desk-bench"])
    })?;
    let bench = release_dir().join("desk-bench");
    let mut cmd = Command::new(&bench);
    cmd.current_dir(root());
    if args.full {
        cmd.arg("--full");
    }
    if !args.no_app {
        cmd.arg("--app").arg(release_dir().join("liaison-desk"));
    }
    cmd.args(&args.rest);
    step("benchmarks", || {
        let status = cmd
            .status()
            .with_context(|| format!("could not start {}", bench.display()))?;
        if !status.success() {
            bail!("desk-bench failed: {status}");
        }
        Ok(())
    })
}
