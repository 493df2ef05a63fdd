//! `cargo xtask dist`: the `.deb` and `.rpm` packages, built by Tauri's bundler from
//! binaries cargo already built.
//!
//! The bundler is the npm package `@tauri-apps/cli` (a prebuilt native binary, pinned in
//! ui/package.json at the version of the Tauri crates, installed by `npm ci` with the
//! UI's packages): `tauri bundle` packages built binaries and compiles nothing.
//!
//! Cargo's outputs are never modified: the binaries are stripped into a staging
//! directory, `target/dist/<profile>/`, and the bundler runs with `CARGO_TARGET_DIR`
//! pointing at `target/dist`, so it takes them from there (and writes the binary's bundle
//! type, which tells the updater which package it was installed from, into the staged
//! copy) and leaves the packages in `target/dist/<profile>/bundle/{deb,rpm}/`.
//!
//! What the package holds and declares is in `src-tauri/tauri.dist.conf.json` (merged
//! over tauri.conf.json only here, so packaging never recompiles the app); this module
//! adds what depends on the build: the CLI and its manual page, the changelog, and the
//! runtime dependencies read from the binaries (`dpkg-shlibdeps` for the deb, the ELF
//! sonames and symbol versions for the rpm, as rpmbuild would).

use crate::util::{have, root};
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The package's name (`productName` in tauri.conf.json, which names the main binary).
pub const PACKAGE: &str = "liaison-desk";

/// The binaries the packages install in /usr/bin.
const BINARIES: [&str; 2] = ["liaison-desk", "liaison"];

/// Debian packages the binaries need that their ELF headers do not name:
/// `libgl1-mesa-dri`, without which WebKitGTK aborts ("Could not create surfaceless EGL
/// display"; WebKitGTK only recommends it). Tauri adds `libwebkit2gtk-4.1-0`,
/// `libgtk-3-0` and, for the tray, the dlopen()ed `libayatana-appindicator3-1` itself.
const EXTRA_DEB_DEPENDS: &[&str] = &["libgl1-mesa-dri"];

/// Environment variables that hold the updater's signing key (never the repository):
/// the key itself or the path of its file, and its password.
pub const KEY_VAR: &str = "TAURI_SIGNING_PRIVATE_KEY";
pub const KEY_PATH_VAR: &str = "TAURI_SIGNING_PRIVATE_KEY_PATH";
pub const KEY_PASSWORD_VAR: &str = "TAURI_SIGNING_PRIVATE_KEY_PASSWORD";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Debug,
    Release,
}

impl Profile {
    fn dir(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }
}

/// The packages of one build.
pub struct Packages {
    pub deb: PathBuf,
    pub rpm: PathBuf,
    pub version: String,
}

/// The workspace's target directory.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// The bundler from ui/node_modules (`npm ci` installs it with the UI's packages).
fn tauri_cli() -> Result<PathBuf> {
    let cli = root().join("ui/node_modules/.bin/tauri");
    if !cli.exists() {
        bail!(
            "{} is missing: run `npm ci` in ui/ (cargo xtask dist does)",
            cli.display()
        );
    }
    Ok(cli)
}

/// Builds the `.deb` and `.rpm` of the binaries cargo built for `profile` (unsigned).
pub fn package(profile: Profile) -> Result<Packages> {
    for tool in ["strip", "objdump", "gzip", "dpkg-shlibdeps"] {
        if !have(tool) {
            bail!("{tool} is missing (Debian packages binutils, gzip, dpkg-dev)");
        }
    }
    let built = target_dir().join(profile.dir());
    let dist = target_dir().join("dist");
    let stage = dist.join(profile.dir());
    if stage.exists() {
        std::fs::remove_dir_all(&stage).with_context(|| format!("removing {}", stage.display()))?;
    }
    std::fs::create_dir_all(&stage)?;
    let mut staged = Vec::new();
    for name in BINARIES {
        let from = built.join(name);
        if !from.is_file() {
            bail!(
                "{} is not built (cargo build{} -p liaison-desk -p liaison-cli)",
                from.display(),
                if profile == Profile::Release {
                    " --release"
                } else {
                    ""
                }
            );
        }
        let to = stage.join(name);
        run_quiet(
            Command::new("strip")
                .arg("--strip-all")
                .arg("-o")
                .arg(&to)
                .arg(&from),
        )?;
        staged.push(to);
    }
    let version = app_version()?;
    let man = man_page(&stage)?;
    let changelog = changelog(&stage, &version)?;
    let deb_depends = deb_depends(&stage, &staged)?;
    let rpm_depends = rpm_depends(&staged)?;
    let cli = stage.join("liaison");
    let files = serde_json::json!({
        "/usr/bin/liaison": cli,
        "/usr/share/man/man1/liaison.1.gz": man,
    });
    let overlay = serde_json::json!({
        "bundle": { "linux": {
            "deb": { "depends": deb_depends, "changelog": changelog, "files": files },
            "rpm": { "depends": rpm_depends, "files": files },
        }}
    });
    let overlay_path = stage.join("tauri.generated.conf.json");
    std::fs::write(&overlay_path, serde_json::to_string_pretty(&overlay)?)?;

    let mut bundle = Command::new(tauri_cli()?);
    bundle
        .args(["bundle", "--bundles", "deb,rpm", "--ci"])
        .args(["--config", "tauri.dist.conf.json", "--config"])
        .arg(&overlay_path)
        .current_dir(root().join("src-tauri"))
        .env("CARGO_TARGET_DIR", &dist)
        // Signing is a separate step (`sign`), with the key only in its environment.
        .env_remove(KEY_VAR)
        .env_remove(KEY_PATH_VAR)
        .env_remove(KEY_PASSWORD_VAR);
    if profile == Profile::Debug {
        bundle.arg("--debug");
    }
    let status = bundle.status().context("starting the Tauri bundler")?;
    if !status.success() {
        bail!("tauri bundle failed: {status}");
    }
    Ok(Packages {
        deb: only_file(&stage.join("bundle/deb"), "deb")?,
        rpm: only_file(&stage.join("bundle/rpm"), "rpm")?,
        version,
    })
}

/// The version the packages get: tauri.conf.json's.
fn app_version() -> Result<String> {
    let path = root().join("src-tauri/tauri.conf.json");
    let config: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)
        .with_context(|| format!("reading {}", path.display()))?;
    config["version"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no version in {}", path.display()))
}

/// liaison(1), from the clap definition (`liaison man-page`), gzipped as Debian wants.
fn man_page(stage: &Path) -> Result<PathBuf> {
    let out = Command::new(stage.join("liaison"))
        .arg("man-page")
        .output()
        .context("liaison man-page")?;
    if !out.status.success() || out.stdout.is_empty() {
        bail!(
            "liaison man-page failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let page = stage.join("liaison.1");
    std::fs::write(&page, &out.stdout)?;
    run_quiet(Command::new("gzip").args(["-9nf"]).arg(&page))?;
    Ok(stage.join("liaison.1.gz"))
}

/// A Debian changelog entry for this version (the deb carries it as
/// /usr/share/doc/liaison-desk/changelog.gz), dated by the last commit so that the same
/// commit packages the same way.
fn changelog(stage: &Path, version: &str) -> Result<PathBuf> {
    let epoch = Command::new("git")
        .args(["log", "-1", "--format=%ct"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|s| !s.is_empty());
    let mut date = Command::new("date");
    date.args(["-u", "-R"]);
    if let Some(epoch) = &epoch {
        date.arg("-d").arg(format!("@{epoch}"));
    }
    let date = date.output().context("date")?;
    let date = String::from_utf8_lossy(&date.stdout).trim().to_owned();
    let text = format!(
        "{PACKAGE} ({version}) unstable; urgency=medium\n\n  \
         * Release {version} of the 12345 Liaison Desk.\n\n \
         -- {maintainer}  {date}\n",
        maintainer = maintainer()?,
    );
    let path = stage.join("changelog");
    std::fs::write(&path, text)?;
    Ok(path)
}

/// The packages' maintainer: tauri.dist.conf.json's `publisher`.
fn maintainer() -> Result<String> {
    let path = root().join("src-tauri/tauri.dist.conf.json");
    let config: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)
        .with_context(|| format!("reading {}", path.display()))?;
    config["bundle"]["publisher"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no bundle.publisher in {}", path.display()))
}

/// The deb's Depends: what `dpkg-shlibdeps` finds for the binaries' shared libraries
/// (with the minimum versions their symbols need), plus [`EXTRA_DEB_DEPENDS`].
fn deb_depends(stage: &Path, binaries: &[PathBuf]) -> Result<Vec<String>> {
    // dpkg-shlibdeps wants to run in a source tree: a minimal debian/control is enough.
    let tree = stage.join("shlibdeps");
    std::fs::create_dir_all(tree.join("debian"))?;
    std::fs::write(
        tree.join("debian/control"),
        format!("Source: {PACKAGE}\n\nPackage: {PACKAGE}\nArchitecture: any\n"),
    )?;
    let mut command = Command::new("dpkg-shlibdeps");
    command.arg("-O").current_dir(&tree);
    for binary in binaries {
        command.arg(format!("-e{}", binary.display()));
    }
    let out = command.output().context("dpkg-shlibdeps")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let Some(list) = stdout
        .lines()
        .find_map(|l| l.strip_prefix("shlibs:Depends="))
        .filter(|_| out.status.success())
    else {
        bail!(
            "dpkg-shlibdeps failed: {}{}",
            stdout,
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let mut depends: Vec<String> = list.split(", ").map(str::to_owned).collect();
    depends.extend(EXTRA_DEB_DEPENDS.iter().map(|d| (*d).to_owned()));
    Ok(depends)
}

/// The rpm's Requires, as rpmbuild's ELF dependency generator writes them: each shared
/// library the binaries link (`libcrypto.so.3()(64bit)`) and each symbol version they
/// need from it (`libc.so.6(GLIBC_2.34)(64bit)`). Every rpm distribution provides
/// these names, whatever its packages are called.
fn rpm_depends(binaries: &[PathBuf]) -> Result<Vec<String>> {
    let mut requires = BTreeSet::new();
    for binary in binaries {
        let out = Command::new("objdump")
            .arg("-p")
            .arg(binary)
            .output()
            .context("objdump")?;
        if !out.status.success() {
            bail!("objdump -p {} failed", binary.display());
        }
        let mut library = None;
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["NEEDED", soname] => {
                    requires.insert(format!("{soname}()(64bit)"));
                }
                ["required", "from", soname] => {
                    library = Some(soname.trim_end_matches(':').to_owned());
                }
                [_, _, _, version] if version.contains('_') && !version.ends_with("PRIVATE") => {
                    if let Some(library) = &library {
                        requires.insert(format!("{library}({version})(64bit)"));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(requires.into_iter().collect())
}

/// The one file with `extension` in `dir`.
fn only_file(dir: &Path, extension: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!(
            "expected one .{extension} in {}, found {found:?}",
            dir.display()
        ),
    }
}

/// Runs a command, showing its output only when it fails.
fn run_quiet(command: &mut Command) -> Result<()> {
    let out = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("starting {command:?}"))?;
    if !out.status.success() {
        bail!(
            "{command:?} failed ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// Where `cargo xtask dist` finds the updater's signing key, if anywhere.
enum SigningKey {
    /// A key file (`TAURI_SIGNING_PRIVATE_KEY_PATH`, or a path in
    /// `TAURI_SIGNING_PRIVATE_KEY`, which Tauri's own build also accepts).
    File(PathBuf),
    /// The key itself in `TAURI_SIGNING_PRIVATE_KEY`.
    Inline,
}

fn signing_key() -> Option<SigningKey> {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(path) = set(KEY_PATH_VAR) {
        return Some(SigningKey::File(PathBuf::from(path)));
    }
    let key = set(KEY_VAR)?;
    let as_path = PathBuf::from(&key);
    Some(if as_path.is_file() {
        SigningKey::File(as_path)
    } else {
        SigningKey::Inline
    })
}

/// Writes `<package>.sig` beside each package: the minisign signature the updater checks
/// (`tauri signer sign`, bound to the version). The key reaches the signer through its
/// environment only, never its command line.
fn sign(key: &SigningKey, packages: &Packages) -> Result<Vec<PathBuf>> {
    let mut signatures = Vec::new();
    for file in [&packages.deb, &packages.rpm] {
        let mut signer = Command::new(tauri_cli()?);
        signer
            .args(["signer", "sign", "--app-version", &packages.version])
            .arg(file)
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        match key {
            SigningKey::File(path) => {
                signer.env_remove(KEY_VAR).env(KEY_PATH_VAR, path);
            }
            SigningKey::Inline => {
                signer.env_remove(KEY_PATH_VAR);
            }
        }
        let status = signer.status().context("tauri signer sign")?;
        let signature = PathBuf::from(format!("{}.sig", file.display()));
        if !status.success() || !signature.is_file() {
            bail!(
                "signing {} failed ({status}); is {KEY_PASSWORD_VAR} right?",
                file.display()
            );
        }
        signatures.push(signature);
    }
    Ok(signatures)
}

/// `cargo xtask dist`: release packages of the app and the CLI.
pub fn dist() -> Result<()> {
    crate::prepare()?;
    crate::build_ui()?;
    // One cargo command for both binaries: their shared dependencies compile once.
    crate::util::step("build (release: the app and the CLI)", || {
        crate::util::cargo(&[
            "build",
            "--release",
            "--locked",
            "-p",
            "liaison-desk",
            "-p",
            "liaison-cli",
        ])
    })?;
    let mut packages = None;
    crate::util::step("packages (Tauri bundler: deb, rpm)", || {
        packages = Some(package(Profile::Release)?);
        Ok(())
    })?;
    let packages = packages.context("packages")?;
    let signatures = match signing_key() {
        Some(key) => Some(sign(&key, &packages)?),
        None => None,
    };
    println!("\nRelease packages ({PACKAGE} {}):", packages.version);
    for file in [&packages.deb, &packages.rpm] {
        println!("  {}  {}", shown(file), size(file));
    }
    match signatures {
        Some(signatures) => {
            println!(
                "Updater signatures (minisign, version {}):",
                packages.version
            );
            for signature in signatures {
                println!("  {}", shown(&signature));
            }
        }
        None => println!(
            "UNSIGNED: neither {KEY_VAR} nor {KEY_PATH_VAR} is set, so these packages have no \
             updater signature (.sig) and the desks' updater will refuse them. The key never \
             enters the repository; see docs/deploying.md."
        ),
    }
    println!("Install: sudo apt install ./{}", shown(&packages.deb));
    Ok(())
}

/// A path relative to the workspace when it is inside it.
pub fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A file's size in MiB.
pub fn size(path: &Path) -> String {
    let bytes = path.metadata().map(|m| m.len()).unwrap_or(0);
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}
