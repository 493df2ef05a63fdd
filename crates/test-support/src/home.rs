//! A private `HOME` for child processes: its own XDG config, data, cache and state
//! directories and its own runtime directory, all under one root the test owns (a
//! temporary directory). With [`PrivateHome::isolate`], nothing of the caller's session
//! reaches the child: not the developer's home or XDG directories, not their D-Bus
//! session bus (so not their keyring), not `LIAISON_*` settings.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Variables [`PrivateHome::isolate`] passes through from the caller: what finds
/// programs and keeps diagnostics readable, nothing that points at a place or session.
const PASSED_THROUGH: &[&str] = &["PATH", "RUST_BACKTRACE", "RUST_LOG", "LLVM_PROFILE_FILE"];

/// `root/home` as `HOME`, the XDG directories inside it, `root/runtime` (mode 0700) as
/// `XDG_RUNTIME_DIR`.
#[derive(Debug, Clone)]
pub struct PrivateHome {
    root: PathBuf,
}

impl PrivateHome {
    /// Creates the directories under `root` (which should be a directory the test
    /// owns and removes, e.g. a `tempfile::TempDir`).
    pub fn create(root: impl Into<PathBuf>) -> std::io::Result<PrivateHome> {
        let home = PrivateHome { root: root.into() };
        for dir in [home.home(), home.runtime()] {
            std::fs::create_dir_all(&dir)?;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(home.runtime(), std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(home)
    }

    /// The root everything is in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `HOME`.
    pub fn home(&self) -> PathBuf {
        self.root.join("home")
    }

    /// `XDG_CONFIG_HOME`.
    pub fn config(&self) -> PathBuf {
        self.home().join(".config")
    }

    /// `XDG_DATA_HOME`.
    pub fn data(&self) -> PathBuf {
        self.home().join(".local/share")
    }

    /// `XDG_CACHE_HOME`.
    pub fn cache(&self) -> PathBuf {
        self.home().join(".cache")
    }

    /// `XDG_STATE_HOME`.
    pub fn state(&self) -> PathBuf {
        self.home().join(".local/state")
    }

    /// `XDG_RUNTIME_DIR` (where a D-Bus client looks for the session bus when
    /// `DBUS_SESSION_BUS_ADDRESS` is unset).
    pub fn runtime(&self) -> PathBuf {
        self.root.join("runtime")
    }

    /// Points `HOME` and the XDG base directories of `cmd` here; the rest of the
    /// caller's environment stays.
    pub fn set_dirs<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_DATA_HOME", self.data())
            .env("XDG_CACHE_HOME", self.cache())
            .env("XDG_STATE_HOME", self.state())
    }

    /// Clears the environment of `cmd` except for `PATH` and diagnostics settings, then
    /// points `HOME`, the XDG directories and `XDG_RUNTIME_DIR` here (`LANG` is
    /// `C.UTF-8`). There is no session bus: a client that wants one finds none.
    pub fn isolate<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        let kept: Vec<(&str, OsString)> = PASSED_THROUGH
            .iter()
            .filter_map(|k| std::env::var_os(k).map(|v| (*k, v)))
            .collect();
        cmd.env_clear().envs(kept).env("LANG", "C.UTF-8");
        self.set_dirs(cmd).env("XDG_RUNTIME_DIR", self.runtime())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_isolated_child_sees_only_paths_inside_the_root_and_no_session_bus() {
        let dir = tempfile::tempdir().expect("tmp");
        let home = PrivateHome::create(dir.path()).expect("dirs");
        let out = home
            .isolate(Command::new("env").env("DBUS_SESSION_BUS_ADDRESS", "x"))
            .output()
            .expect("env runs");
        // `env` set on the command before `isolate` is cleared as well.
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("DBUS_SESSION_BUS_ADDRESS"), "{text}");
        for var in [
            "HOME",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "XDG_CACHE_HOME",
            "XDG_STATE_HOME",
            "XDG_RUNTIME_DIR",
        ] {
            let value = text
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{var}=")))
                .unwrap_or_else(|| panic!("{var} is not set: {text}"));
            assert!(
                Path::new(value).starts_with(dir.path()),
                "{var}={value} is outside {}",
                dir.path().display()
            );
        }
    }
}
