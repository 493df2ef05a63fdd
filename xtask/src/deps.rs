use crate::util::{have, npm, root, run_with_env};
use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::Command;

/// Debian packages the app, its build and its tests need (see
/// shared/design/platform-notes.md): WebKitGTK and friends for Tauri, Mesa (without it
/// WebKit aborts on "Could not create surfaceless EGL display"), a Chinese font, Xvfb and
/// X tools for the smoke test, D-Bus with a notification daemon and a Secret Service for
/// alerts and the keyring, WebKitWebDriver for end-to-end tests; lintian and rpm for the
/// install check of the packages (`dpkg-shlibdeps`, `strip` and `objdump`, which `xtask
/// dist` needs, come with build-essential).
pub const SYSTEM_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "curl",
    "file",
    "libwebkit2gtk-4.1-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libgl1-mesa-dri",
    "xvfb",
    "xauth",
    "x11-utils",
    "dbus",
    "webkit2gtk-driver",
    "dunst",
    "gnome-keyring",
    "libsecret-tools",
    "keyutils",
    "imagemagick",
    "xdotool",
    "fonts-wqy-microhei",
    "lintian",
    "rpm",
];

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

pub fn ensure_system_packages() -> Result<()> {
    if !have("dpkg-query") {
        eprintln!(
            "not a Debian-based system: install the equivalents of {SYSTEM_PACKAGES:?} yourself"
        );
        return Ok(());
    }
    let missing: Vec<&str> = SYSTEM_PACKAGES
        .iter()
        .copied()
        .filter(|p| !installed(p))
        .collect();
    if missing.is_empty() {
        eprintln!("all {} Debian packages present", SYSTEM_PACKAGES.len());
        return Ok(());
    }
    eprintln!("installing missing Debian packages: {}", missing.join(" "));
    let (program, prefix): (&str, Vec<&str>) = if is_root() {
        ("apt-get", vec![])
    } else if have("sudo") {
        ("sudo", vec!["apt-get"])
    } else {
        bail!("missing packages {missing:?}: run as root or install them with apt-get");
    };
    let env = [("DEBIAN_FRONTEND", "noninteractive")];
    let mut update = prefix.clone();
    update.extend(["update", "-qq"]);
    run_with_env(program, &update, &env, &root())?;
    let mut install = prefix;
    install.extend(["install", "-y", "-qq", "--no-install-recommends"]);
    install.extend(&missing);
    run_with_env(program, &install, &env, &root())
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `npm ci` when node_modules is missing or older than the lock file.
pub fn ensure_ui_packages() -> Result<()> {
    let ui = root().join("ui");
    if installed_matches_lock(&ui) {
        eprintln!("ui/node_modules is up to date");
        return Ok(());
    }
    npm(&["ci", "--no-audit", "--no-fund"])
}

/// Whether `node_modules` holds every package of `package-lock.json` at its version, read
/// from each installed package's own `package.json`. By content, not by file times (a merge
/// that added a package left times that said nothing) and not by npm's own record
/// (`node_modules/.package-lock.json`, which `npm install --package-lock-only` rewrites
/// without installing). Optional packages for other platforms are never installed.
fn installed_matches_lock(ui: &std::path::Path) -> bool {
    let read = |p: std::path::PathBuf| -> Option<serde_json::Value> {
        serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()
    };
    let Some(lock) = read(ui.join("package-lock.json")) else {
        return false;
    };
    let Some(wanted) = lock.get("packages").and_then(|p| p.as_object()) else {
        return false;
    };
    wanted
        .iter()
        .filter(|(path, want)| !path.is_empty() && want.get("link").is_none())
        .all(
            |(path, want)| match read(ui.join(path).join("package.json")) {
                Some(got) => got.get("version") == want.get("version"),
                None => want.get("optional").and_then(|o| o.as_bool()) == Some(true),
            },
        )
}

/// The tauri-driver the end-to-end suite is verified with (shared/design/platform-notes.md).
pub const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// Cargo's bin directory: `$CARGO_HOME/bin`, by default `~/.cargo/bin`.
fn cargo_bin_dir() -> Result<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return Ok(PathBuf::from(home).join("bin"));
    }
    let home = std::env::var_os("HOME").context("neither CARGO_HOME nor HOME is set")?;
    Ok(PathBuf::from(home).join(".cargo/bin"))
}

/// Whether `cargo install --list` has tauri-driver at the pinned version. (tauri-driver
/// 2.1.0 itself has no `--version`: it rejects any argument it does not know.)
fn tauri_driver_pinned() -> bool {
    Command::new("cargo")
        .args(["install", "--list"])
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim_end() == format!("tauri-driver v{TAURI_DRIVER_VERSION}:"))
        })
}

/// Installs tauri-driver at the pinned version into cargo's bin directory unless it is
/// there already; returns its path.
pub fn ensure_tauri_driver() -> Result<PathBuf> {
    let binary = cargo_bin_dir()?.join("tauri-driver");
    let pinned = tauri_driver_pinned();
    if pinned && binary.is_file() {
        eprintln!(
            "tauri-driver {TAURI_DRIVER_VERSION} present: {}",
            binary.display()
        );
        return Ok(binary);
    }
    eprintln!("installing tauri-driver {TAURI_DRIVER_VERSION} (cargo install)");
    let mut args = vec![
        "install",
        "tauri-driver",
        "--locked",
        "--version",
        TAURI_DRIVER_VERSION,
    ];
    if pinned {
        // Listed as installed, but the binary is gone: install it again.
        args.push("--force");
    }
    run_with_env("cargo", &args, &[], &root())?;
    if !binary.is_file() {
        bail!(
            "cargo install tauri-driver succeeded but {} is missing",
            binary.display()
        );
    }
    Ok(binary)
}
