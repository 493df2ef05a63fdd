//! The project's automation: `cargo xtask run | test | bindings | smoke`.
//!
//! `run` and `test` are the README's two commands: on a fresh Debian 12 machine (as
//! root, with Rust and Node 20) they install what is missing — the Debian packages
//! Tauri and the tests need, the UI's npm packages — and then do everything. This is
//! automation, not product code: it shells out and fails loudly.

mod deps;
mod smoke;
mod util;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::time::Instant;
use util::{cargo, npm, root, step};

#[derive(Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Install what is missing, build, and start the app in demo mode.
    Run,
    /// Everything CI checks: fmt, clippy, docs, Rust tests, UI tests, smoke test.
    Test,
    /// Regenerate the committed TypeScript bindings in ui/src/ipc/.
    Bindings,
    /// Only the smoke test (expects a built UI and app).
    Smoke,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let started = Instant::now();
    match cli.command {
        Cmd::Run => run()?,
        Cmd::Test => test()?,
        Cmd::Bindings => bindings()?,
        Cmd::Smoke => {
            smoke::run(&smoke::app_binary())?;
        }
    }
    eprintln!("xtask: done in {:.0?}", started.elapsed());
    Ok(())
}

fn prepare() -> Result<()> {
    step("system packages", deps::ensure_system_packages)?;
    step("ui packages", deps::ensure_ui_packages)?;
    Ok(())
}

fn build_ui() -> Result<()> {
    step("ui build (type check + vite)", || npm(&["run", "build"]))
}

fn run() -> Result<()> {
    prepare()?;
    build_ui()?;
    step("build app", || cargo(&["build", "-p", "liaison-desk"]))?;
    smoke::launch_interactive(&smoke::app_binary())
}

fn test() -> Result<()> {
    let started = Instant::now();
    prepare()?;
    step("rustfmt", || cargo(&["fmt", "--all", "--check"]))?;
    // The shell embeds ui/dist at compile time, so the UI is built before clippy.
    build_ui()?;
    step("clippy", || {
        cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ])
    })?;
    step("rust tests", || cargo(&["test", "--workspace", "--locked"]))?;
    step("ui tests", || npm(&["test"]))?;
    step("rustdoc", || {
        util::run_with_env(
            "cargo",
            &[
                "doc",
                "--workspace",
                "--no-deps",
                "--exclude",
                "liaison-desk",
                "--exclude",
                "xtask",
            ],
            &[("RUSTDOCFLAGS", "-D warnings")],
            &root(),
        )
    })?;
    step("build app", || {
        cargo(&["build", "-p", "liaison-desk", "--locked"])
    })?;
    step("smoke test under Xvfb", || {
        smoke::run(&smoke::app_binary()).map(|_| ())
    })?;
    eprintln!("xtask test: all checks passed in {:.0?}", started.elapsed());
    Ok(())
}

fn bindings() -> Result<()> {
    util::run_with_env(
        "cargo",
        &[
            "test",
            "-p",
            "desk-app",
            "--no-default-features",
            "--test",
            "bindings",
            "--quiet",
        ],
        &[("UPDATE_BINDINGS", "1")],
        &root(),
    )
    .context("regenerating bindings")?;
    if !root().join("ui/src/ipc/bindings.ts").exists() {
        bail!("bindings were not written");
    }
    Ok(())
}
