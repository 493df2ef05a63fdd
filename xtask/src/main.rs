//! The project's automation: `cargo xtask run | test | dist | install-check | bindings |
//! licenses | smoke | e2e | bench`.
//!
//! `run` and `test` are the README's two commands: on a fresh Debian 12 machine (as
//! root, with Rust and Node 20) they install what is missing — the Debian packages
//! Tauri and the tests need, the UI's npm packages — and then do everything. `dist`
//! builds the release packages. This is automation, not product code: it shells out
//! and fails loudly.

mod bench;
mod deps;
mod dist;
mod install_check;
mod licenses;
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
    /// Everything CI checks: fmt, clippy, docs, Rust tests, UI tests, smoke test, the
    /// install check (the debug build packaged, linted, installed, started, removed),
    /// end-to-end suite.
    Test,
    /// Release packages (.deb and .rpm, Tauri's bundler) in target/dist/release/bundle/;
    /// signed for the updater when TAURI_SIGNING_PRIVATE_KEY(_PATH) is set, else unsigned.
    Dist,
    /// Only the install check of `test` (expects the debug build of `test`).
    InstallCheck,
    /// Regenerate the committed TypeScript bindings in ui/src/ipc/.
    Bindings,
    /// Regenerate the committed list of bundled libraries and their licences
    /// (ui/src/about/licenses.json, shown in 关于).
    Licenses,
    /// Only the smoke test (expects a built UI and app).
    Smoke,
    /// Only the end-to-end suite (tests/e2e): installs what it needs, builds the UI and
    /// the app, then drives the app through WebDriver under Xvfb.
    E2e,
    /// Benchmarks (issue 9) in release builds: writes docs/benchmarks.md and
    /// target/bench/results.json.
    Bench(bench::BenchArgs),
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let started = Instant::now();
    match cli.command {
        Cmd::Run => run()?,
        Cmd::Test => test()?,
        Cmd::Dist => dist::dist()?,
        Cmd::InstallCheck => install_check::run()?,
        Cmd::Bindings => bindings()?,
        Cmd::Licenses => licenses::write()?,
        Cmd::Smoke => {
            smoke::run(&smoke::app_binary())?;
        }
        Cmd::E2e => e2e_only()?,
        Cmd::Bench(args) => bench::run(&args)?,
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

/// The end-to-end suite's test target needs this feature of `liaison-e2e` (it drives
/// the built app, so plain `cargo test --workspace` skips it).
const E2E_FEATURE: &str = "liaison-e2e/e2e";

/// Clippy's lints run inside the one debug build: cargo hands the workspace's own crates
/// to `clippy-driver` (what `cargo clippy` does, but with code generation), so the crates
/// are compiled and linted in one pass, and no separate check-mode build of every
/// dependency is made for clippy. `-D warnings`: any lint fails the build. Every cargo
/// command of `xtask test` that compiles workspace code sets these, because cargo
/// fingerprints the wrapper: a command without it would compile the workspace again.
const LINTED_BUILD: [(&str, &str); 2] = [
    ("RUSTC_WORKSPACE_WRAPPER", "clippy-driver"),
    (
        "CLIPPY_ARGS",
        "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__",
    ),
];

/// `cargo` with clippy in the build ([`LINTED_BUILD`]) and more environment.
fn cargo_linted(args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    let all: Vec<(&str, &str)> = LINTED_BUILD.iter().chain(env).copied().collect();
    util::run_with_env("cargo", args, &all, &root())
}

/// Compiles (and lints, [`LINTED_BUILD`]) the workspace once for the debug profile: every
/// library, binary (the app, the CLI, the simulator), test and example, the end-to-end
/// suite included, with the feature set of the test build.
///
/// Every cargo command of `xtask test` selects the whole workspace (`--workspace`, no
/// `--exclude`, no `-p`) and includes dev-dependencies (`--all-targets` or `cargo
/// test`), because cargo resolves features per command from the packages it selects:
/// `cargo build -p liaison-desk`, or `cargo test --exclude liaison-e2e`, resolve other
/// features for shared dependencies and compile them (and everything above them) again.
/// So the tests, the app the smoke test and e2e suite start, and the e2e suite share one
/// set of artifacts. (`liaison-e2e/e2e` enables nothing in any dependency: only the
/// suite's own small crate is compiled twice, with and without it.)
fn build_workspace() -> Result<()> {
    step("build and clippy (workspace, all targets, once)", || {
        cargo_linted(
            &[
                "build",
                "--workspace",
                "--all-targets",
                "--features",
                E2E_FEATURE,
                "--locked",
            ],
            &[],
        )
    })
}

fn test() -> Result<()> {
    let started = Instant::now();
    prepare()?;
    step("rustfmt", || cargo(&["fmt", "--all", "--check"]))?;
    // The shell embeds ui/dist at compile time, so the UI is built first.
    build_ui()?;
    // Also builds the app and the CLI the smoke test and the e2e suite start.
    build_workspace()?;
    // Runs what the build compiled; the end-to-end suite runs last (`e2e`).
    step("rust tests", || {
        cargo_linted(&["test", "--workspace", "--locked"], &[])
    })?;
    step("ui tests", || npm(&["test"]))?;
    step("rustdoc", || {
        util::run_with_env(
            "cargo",
            &["doc", "--workspace", "--no-deps", "--locked"],
            &[("RUSTDOCFLAGS", "-D warnings")],
            &root(),
        )
    })?;
    step("smoke test under Xvfb", || {
        smoke::run(&smoke::app_binary()).map(|_| ())
    })?;
    // The debug binaries above, packaged, installed, started and removed.
    step(
        "install check (deb/rpm of the debug build)",
        install_check::run,
    )?;
    e2e()?;
    eprintln!("xtask test: all checks passed in {:.0?}", started.elapsed());
    Ok(())
}

/// `xtask e2e`: what the suite needs, then the suite.
fn e2e_only() -> Result<()> {
    prepare()?;
    build_ui()?;
    // The same build as `xtask test`'s, so neither rebuilds what the other built.
    build_workspace()?;
    e2e()
}

/// The end-to-end suite against the built app, one scenario at a time (each starts its
/// own app, display, bus and simulator). `--workspace --test e2e` rather than
/// `-p liaison-e2e`: it resolves dependency features as the workspace's other test
/// builds do, so their compiled dependencies are reused (only `liaison-e2e` itself is
/// compiled again, with its `e2e` feature).
fn e2e() -> Result<()> {
    let mut driver = None;
    step("tauri-driver", || {
        driver = Some(deps::ensure_tauri_driver()?);
        Ok(())
    })?;
    let driver = driver.context("tauri-driver path")?;
    let app = smoke::app_binary();
    // Scenario 9's second desk; built by the workspace tests (the CLI's own tests run it).
    let cli = smoke::debug_binary("liaison");
    let (driver, app, cli) = (
        driver.to_string_lossy(),
        app.to_string_lossy(),
        cli.to_string_lossy(),
    );
    step("end-to-end suite (WebDriver, Xvfb)", || {
        cargo_linted(
            &[
                "test",
                "--workspace",
                "--locked",
                "--features",
                E2E_FEATURE,
                "--test",
                "e2e",
                "--",
                "--test-threads=1",
            ],
            &[
                ("TAURI_DRIVER", &driver),
                ("LIAISON_E2E_APP", &app),
                ("LIAISON_E2E_CLI", &cli),
            ],
        )
    })
}

fn bindings() -> Result<()> {
    // `--workspace`: the features of the test build (which checks the bindings), so
    // this reuses its artifacts instead of compiling desk-app's graph a second time.
    cargo_linted(
        &[
            "test",
            "--workspace",
            "--locked",
            "--test",
            "bindings",
            "--quiet",
        ],
        &[("UPDATE_BINDINGS", "1")],
    )
    .context("regenerating bindings")?;
    if !root().join("ui/src/ipc/bindings.ts").exists() {
        bail!("bindings were not written");
    }
    Ok(())
}
