//! The install check of `cargo xtask test`: packages the debug binaries the test build
//! already compiled (no release build), then checks what an IT department would: lintian
//! finds no error, both packages hold exactly the listed files and declare the runtime
//! dependencies and run no maintainer scripts, `dpkg -i` installs the deb, the installed
//! `liaison --version` answers, the installed app knows it came from a deb (the updater),
//! the installed app starts in demo mode under Xvfb and shows its ticket list (screenshot
//! `target/dist/install-check/install-check.png`) and registers its autostart entry with
//! the installed path, and `dpkg -r` removes every file it installed.
//!
//! It installs on this machine (CI runs as root on a throwaway Debian 12), so it refuses
//! to run where the package is installed already, and a guard removes the package
//! however the check ends.

use crate::dist::{self, PACKAGE, Profile};
use crate::smoke::{self, DataDir};
use crate::util::{have, root};
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The files both packages install, besides their licence file.
const FILES: &[&str] = &[
    "/usr/bin/liaison",
    "/usr/bin/liaison-desk",
    "/usr/share/applications/liaison-desk.desktop",
    "/usr/share/icons/hicolor/16x16/apps/liaison-desk.png",
    "/usr/share/icons/hicolor/24x24/apps/liaison-desk.png",
    "/usr/share/icons/hicolor/32x32/apps/liaison-desk.png",
    "/usr/share/icons/hicolor/48x48/apps/liaison-desk.png",
    "/usr/share/icons/hicolor/64x64/apps/liaison-desk.png",
    "/usr/share/icons/hicolor/128x128/apps/liaison-desk.png",
    "/usr/share/icons/hicolor/256x256/apps/liaison-desk.png",
    "/usr/share/man/man1/liaison.1.gz",
];
/// Only in the deb: Debian's place for the licence and the changelog.
const DEB_FILES: &[&str] = &[
    "/usr/share/doc/liaison-desk/changelog.gz",
    "/usr/share/doc/liaison-desk/copyright",
];
/// Only in the rpm: the licence where rpm distributions keep it.
const RPM_FILES: &[&str] = &["/usr/share/licenses/liaison-desk/copyright"];

/// Declared runtime dependencies the check insists on.
const DEB_DEPENDS: &[&str] = &[
    "libwebkit2gtk-4.1-0",
    "libgtk-3-0",
    "libayatana-appindicator3-1",
    "libssl3",
    "libc6",
    "libgl1-mesa-dri",
];
const DEB_RECOMMENDS: &[&str] = &["gnome-keyring"];
const RPM_REQUIRES: &[&str] = &[
    "libwebkit2gtk-4.1.so.0()(64bit)",
    "libgtk-3.so.0()(64bit)",
    "libayatana-appindicator3.so.1()(64bit)",
    "libcrypto.so.3()(64bit)",
];
const RPM_RECOMMENDS: &[&str] = &["gnome-keyring"];

/// Lines the installed desktop entry must have.
const DESKTOP_LINES: &[&str] = &[
    "Name[zh_CN]=12345 热线联络员工作台",
    "Exec=liaison-desk",
    "Icon=liaison-desk",
    "Categories=Office;ProjectManagement;",
    "Type=Application",
];

/// `dpkg -i` and `dpkg -r`/`--purge` need root: as root directly, else through sudo.
fn as_root(args: &[&str]) -> Result<()> {
    let mut command = if crate::deps::is_root() {
        Command::new(args[0])
    } else if have("sudo") {
        let mut c = Command::new("sudo");
        c.arg(args[0]);
        c
    } else {
        bail!("the install check installs a package: run as root (CI does) or with sudo");
    };
    let status = command
        .args(&args[1..])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .with_context(|| format!("starting {}", args.join(" ")))?;
    if !status.success() {
        bail!("{} failed: {status}", args.join(" "));
    }
    Ok(())
}

fn output(program: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .with_context(|| format!("starting {program}"))?;
    if !out.status.success() {
        bail!(
            "{program} {} failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn installed_status() -> String {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", PACKAGE])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// Whether dpkg knows the package in any state but gone (installed, half-installed,
/// config-files).
fn known_to_dpkg() -> bool {
    let status = installed_status();
    !status.is_empty() && !status.ends_with("not-installed")
}

/// The installed package; dropping it purges the package unless the check removed it.
struct Installed {
    removed: bool,
}

impl Installed {
    fn install(deb: &Path) -> Result<Installed> {
        let guard = Installed { removed: false };
        as_root(&["dpkg", "-i", &deb.to_string_lossy()])?;
        Ok(guard)
    }

    fn remove(mut self) -> Result<()> {
        self.removed = true;
        as_root(&["dpkg", "-r", PACKAGE])
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        if !self.removed && known_to_dpkg() {
            eprintln!("install check: purging {PACKAGE} to leave the machine as it was");
            if let Err(e) = as_root(&["dpkg", "--purge", PACKAGE]) {
                eprintln!("install check: could not purge {PACKAGE}: {e:#}");
            }
        }
    }
}

fn expected(extra: &[&str]) -> BTreeSet<String> {
    FILES.iter().chain(extra).map(|f| (*f).to_owned()).collect()
}

/// Fails with both differences when `found` is not `want`.
fn same_files(what: &str, found: &BTreeSet<String>, want: &BTreeSet<String>) -> Result<()> {
    let extra: Vec<_> = found.difference(want).collect();
    let missing: Vec<_> = want.difference(found).collect();
    if !extra.is_empty() || !missing.is_empty() {
        bail!("{what}: unexpected files {extra:?}, missing files {missing:?}");
    }
    Ok(())
}

/// The regular files (and links) in a deb, as absolute paths.
fn deb_files(deb: &Path) -> Result<BTreeSet<String>> {
    let listing = output("dpkg-deb", &["--contents", &deb.to_string_lossy()])?;
    Ok(listing
        .lines()
        .filter(|l| !l.starts_with('d'))
        .filter_map(|l| l.split_whitespace().nth(5))
        .map(|p| format!("/{}", p.trim_start_matches("./")))
        .collect())
}

fn field(control: &str, name: &str) -> String {
    control
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_default()
        .to_owned()
}

/// The package names of a Depends/Recommends field (alternatives and versions dropped).
fn names(relation: &str) -> BTreeSet<String> {
    relation
        .split([',', '|'])
        .filter_map(|p| p.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn require_all(what: &str, have: &BTreeSet<String>, want: &[&str]) -> Result<()> {
    let missing: Vec<_> = want.iter().filter(|w| !have.contains(**w)).collect();
    if !missing.is_empty() {
        bail!("{what} lacks {missing:?} (has {have:?})");
    }
    Ok(())
}

/// What the check measured, per phase.
struct Timings(Vec<(&'static str, Duration)>);

impl Timings {
    fn time<T>(&mut self, phase: &'static str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let started = Instant::now();
        let result = f().with_context(|| format!("install check: {phase}"));
        self.0.push((phase, started.elapsed()));
        result
    }
}

pub fn run() -> Result<()> {
    if !have("dpkg") {
        bail!("the install check needs dpkg (Debian or a derivative)");
    }
    if known_to_dpkg() {
        bail!(
            "{PACKAGE} is already known to dpkg on this machine ({}); the install check \
             would replace and then remove it. Remove it first (dpkg --purge {PACKAGE}).",
            installed_status()
        );
    }
    let started = Instant::now();
    let mut timings = Timings(Vec::new());
    let packages = timings.time("package the debug build", || dist::package(Profile::Debug))?;
    eprintln!(
        "install check: {} ({}), {} ({})",
        dist::shown(&packages.deb),
        dist::size(&packages.deb),
        dist::shown(&packages.rpm),
        dist::size(&packages.rpm)
    );
    timings.time("lintian", || lintian(&packages.deb))?;
    timings.time("contents", || {
        same_files("the deb", &deb_files(&packages.deb)?, &expected(DEB_FILES))?;
        let control = output("dpkg-deb", &["--field", &packages.deb.to_string_lossy()])?;
        require_all(
            "the deb's Depends",
            &names(&field(&control, "Depends")),
            DEB_DEPENDS,
        )?;
        require_all(
            "the deb's Recommends",
            &names(&field(&control, "Recommends")),
            DEB_RECOMMENDS,
        )?;
        no_maintainer_scripts(&packages.deb)?;
        let rpm = packages.rpm.to_string_lossy();
        let scripts = output("rpm", &["-qp", "--scripts", &rpm])?;
        if !scripts.trim().is_empty() {
            bail!("the rpm has scriptlets, which could touch user data:\n{scripts}");
        }
        let rpm_files: BTreeSet<String> = output("rpm", &["-qlp", &rpm])?
            .lines()
            .map(str::to_owned)
            .collect();
        same_files("the rpm", &rpm_files, &expected(RPM_FILES))?;
        let requires: BTreeSet<String> = output("rpm", &["-qp", "--requires", &rpm])?
            .lines()
            .map(|l| l.trim().to_owned())
            .collect();
        require_all("the rpm's Requires", &requires, RPM_REQUIRES)?;
        let recommends: BTreeSet<String> = output("rpm", &["-qp", "--recommends", &rpm])?
            .lines()
            .map(|l| l.trim().to_owned())
            .collect();
        require_all("the rpm's Recommends", &recommends, RPM_RECOMMENDS)
    })?;

    let installed = timings.time("dpkg -i", || Installed::install(&packages.deb))?;
    let listed: Vec<String> = output("dpkg", &["-L", PACKAGE])?
        .lines()
        .map(str::to_owned)
        .collect();
    timings.time("installed files", || {
        let files: BTreeSet<String> = listed
            .iter()
            .filter(|p| !Path::new(p).is_dir())
            .cloned()
            .collect();
        same_files("dpkg -L", &files, &expected(DEB_FILES))?;
        let version = output("/usr/bin/liaison", &["--version"])?;
        let want = format!("liaison {}", packages.version);
        if version.trim() != want {
            bail!("/usr/bin/liaison --version said {version:?}, not {want:?}");
        }
        // The bundler writes the package type into the binary it packages: the updater
        // reads it to install an update of the same kind.
        let app = std::fs::read("/usr/bin/liaison-desk")?;
        let marker = b"__TAURI_BUNDLE_TYPE_VAR_DEB";
        if !app.windows(marker.len()).any(|w| w == marker) {
            bail!("/usr/bin/liaison-desk does not know it was installed from a deb");
        }
        let entry = std::fs::read_to_string("/usr/share/applications/liaison-desk.desktop")?;
        for line in DESKTOP_LINES {
            if !entry.lines().any(|l| l == *line) {
                bail!("the desktop entry lacks {line:?}:\n{entry}");
            }
        }
        if !entry.lines().any(|l| l.starts_with("Comment[zh_CN]=")) {
            bail!("the desktop entry has no Chinese comment:\n{entry}");
        }
        Ok(())
    })?;
    let out = root().join("target/dist/install-check");
    let shown = timings.time("installed app under Xvfb", || {
        smoke::show(
            Path::new("/usr/bin/liaison-desk"),
            &out,
            "install-check.png",
            DataDir::Default,
        )
    })?;
    timings.time("autostart and window", || {
        let autostart = shown.home.config().join("autostart/liaison-desk.desktop");
        let entry = std::fs::read_to_string(&autostart)
            .with_context(|| format!("no autostart entry at {}", autostart.display()))?;
        if !entry
            .lines()
            .any(|l| l.trim_end() == "Exec=/usr/bin/liaison-desk")
        {
            bail!("the autostart entry does not start the installed app:\n{entry}");
        }
        if !shown.wm_class.contains("\"liaison-desk\"") {
            bail!(
                "the window's WM_CLASS is {}, the desktop entry's StartupWMClass liaison-desk",
                shown.wm_class
            );
        }
        Ok(())
    })?;
    timings.time("dpkg -r", || {
        installed.remove()?;
        removed_everything(&listed)
    })?;
    eprintln!(
        "install check passed in {:.1?} ({} rows shown; screenshot {}):",
        started.elapsed(),
        shown.rows,
        dist::shown(&shown.screenshot)
    );
    for (phase, took) in &timings.0 {
        eprintln!("  {phase:<26} {took:>8.1?}");
    }
    Ok(())
}

/// The deb's control archive holds only `control` and `md5sums`: no maintainer script
/// runs at install, upgrade, removal or purge, so none of them can touch a home
/// directory, a keyring or the officers' data; and every file is under /usr.
fn no_maintainer_scripts(deb: &Path) -> Result<()> {
    let control = root().join("target/dist/install-check/control");
    let _ = std::fs::remove_dir_all(&control);
    // `dpkg-deb --control` makes the last directory only (a fresh clone has no parent).
    if let Some(parent) = control.parent() {
        std::fs::create_dir_all(parent)?;
    }
    output(
        "dpkg-deb",
        &[
            "--control",
            &deb.to_string_lossy(),
            &control.to_string_lossy(),
        ],
    )?;
    let members: BTreeSet<String> = std::fs::read_dir(&control)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let only: BTreeSet<String> = ["control", "md5sums"].map(str::to_owned).into();
    if members != only {
        bail!("the deb's control archive holds {members:?}, not only control and md5sums");
    }
    if let Some(outside) = deb_files(deb)?
        .into_iter()
        .find(|f| !f.starts_with("/usr/"))
    {
        bail!("the deb installs {outside} outside /usr");
    }
    Ok(())
}

/// lintian with the default profile; fails on any error (warnings are printed).
fn lintian(deb: &Path) -> Result<()> {
    if !have("lintian") {
        bail!("lintian is missing (Debian package lintian)");
    }
    let out = Command::new("lintian")
        .args([
            "--no-cfg",
            "--fail-on",
            "error",
            "--display-level",
            ">=warning",
        ])
        .arg(deb)
        .output()
        .context("starting lintian")?;
    let report = String::from_utf8_lossy(&out.stdout);
    eprint!("{report}");
    if !out.status.success() || report.lines().any(|l| l.starts_with("E: ")) {
        bail!(
            "lintian found errors ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// After `dpkg -r`: the package is gone, none of its files is left, and every directory
/// of its list that is left belongs to another package.
fn removed_everything(listed: &[String]) -> Result<()> {
    if known_to_dpkg() {
        bail!("{PACKAGE} is still known to dpkg: {}", installed_status());
    }
    let mut left_dirs = Vec::new();
    for path in listed {
        let path = Path::new(path);
        match path.symlink_metadata() {
            Ok(meta) if meta.is_dir() => left_dirs.push(path.to_string_lossy().into_owned()),
            Ok(_) => bail!("dpkg -r left {}", path.display()),
            Err(_) => {}
        }
    }
    if left_dirs.is_empty() {
        return Ok(());
    }
    let mut query = vec!["-S"];
    query.extend(left_dirs.iter().map(String::as_str));
    let owners = Command::new("dpkg-query")
        .args(&query)
        .output()
        .context("dpkg-query -S")?;
    let owned: BTreeSet<&str> = std::str::from_utf8(&owners.stdout)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.rsplit_once(": ").map(|(_, p)| p))
        .collect();
    let orphans: Vec<_> = left_dirs
        .iter()
        .filter(|d| !owned.contains(d.as_str()))
        .collect();
    if !orphans.is_empty() {
        bail!("dpkg -r left directories no package owns: {orphans:?}");
    }
    Ok(())
}
