//! What the `liaison` tests share: the simulator and sign-in from the workspace harness
//! (`liaison_tests::World`), and the binary run in a [`Sandbox`] so that nothing it
//! writes lands outside the test's temporary directory.
//!
//! Every `liaison` process of these tests is built by [`Sandbox::command`]
//! (`isolation.rs` checks that no test starts a process another way).

#![allow(dead_code)] // each test file uses a part

use liaison_tests::test_support::PrivateHome;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use liaison_tests::World;

/// A private place for `liaison` runs, inside one temporary directory: `HOME`, the XDG
/// directories (where the remembered data dir goes), a runtime directory without a
/// session bus (so the OS keyring is not reached and tokens stay in memory), and room
/// for data directories ([`Sandbox::path`]).
pub struct Sandbox {
    dir: tempfile::TempDir,
    home: PrivateHome,
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = PrivateHome::create(dir.path().join("session")).expect("private home");
        Sandbox { dir, home }
    }

    /// The temporary directory; data directories go here.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `name` inside [`Sandbox::path`].
    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The private `HOME` and XDG directories.
    pub fn home(&self) -> &PrivateHome {
        &self.home
    }

    /// Where `liaison` remembers the last data dir.
    pub fn remembered_data_dir(&self) -> PathBuf {
        self.home.config().join("liaison").join("data-dir")
    }

    /// `program` with the private environment: nothing of the caller's (no
    /// `LIAISON_*`, no session bus, no home) but `PATH`.
    pub fn program(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        self.home.isolate(&mut cmd);
        cmd
    }

    /// The `liaison` binary with the private environment.
    pub fn command(&self) -> Command {
        self.program(liaison_binary())
    }

    /// Runs `liaison args` (with `LIAISON_TOKEN` when `token` is given) to the end.
    pub fn run(&self, args: &[&str], token: Option<&str>) -> Output {
        let mut cmd = self.command();
        cmd.args(args);
        if let Some(t) = token {
            cmd.env("LIAISON_TOKEN", t);
        }
        cmd.output().expect("liaison runs")
    }
}

/// The binary under test.
pub fn liaison_binary() -> &'static str {
    env!("CARGO_BIN_EXE_liaison")
}

/// Runs `liaison args` in a sandbox of its own (nothing is remembered between runs).
pub fn liaison(args: &[&str], token: Option<&str>) -> Output {
    Sandbox::new().run(args, token)
}

/// A bearer token of demo officer `who` ("A" or "B") at `sim`.
pub async fn token(sim: &district_sim::SimHandle, who: &str) -> String {
    liaison_tests::sign_in(sim, who).await.expose().clone()
}

/// `path` as the `&str` the CLI's arguments take.
pub fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}
