use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The workspace root.
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Runs one named step and reports its time.
pub fn step(name: &str, f: impl FnOnce() -> Result<()>) -> Result<()> {
    eprintln!("\n==> {name}");
    let started = Instant::now();
    let result = f().with_context(|| format!("step failed: {name}"));
    eprintln!(
        "<== {name}: {} in {:.1?}",
        if result.is_ok() { "ok" } else { "FAILED" },
        started.elapsed()
    );
    result
}

pub fn run_with_env(program: &str, args: &[&str], env: &[(&str, &str)], dir: &Path) -> Result<()> {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let status = cmd
        .status()
        .with_context(|| format!("could not start {program}"))?;
    if !status.success() {
        bail!("{program} {} failed: {status}", args.join(" "));
    }
    Ok(())
}

pub fn cargo(args: &[&str]) -> Result<()> {
    run_with_env("cargo", args, &[], &root())
}

pub fn npm(args: &[&str]) -> Result<()> {
    run_with_env("npm", args, &[], &root().join("ui"))
}

/// Whether `program` is on PATH.
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|s| s.success())
}
