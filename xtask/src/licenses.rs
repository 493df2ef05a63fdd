//! `cargo xtask licenses`: writes `ui/src/about/licenses.json`, the list of the
//! third-party libraries bundled into the app with their licences, shown in 关于.
//!
//! Generated, never hand-written, from the two lock files' worlds:
//! - Rust: `cargo tree` for the app package (`liaison-desk`) on the Linux target,
//!   normal dependencies only (build scripts' and proc-macro crates run at compile time
//!   and are not linked into the binary), the workspace's own crates left out; name,
//!   version, SPDX licence expression and repository from each crate's manifest.
//! - npm: `ui/package-lock.json`'s production packages (not `dev`/`devOptional`); the
//!   lock file records each package's licence; the link is the package's npm page.
//!
//! A test fails when the committed file no longer matches `Cargo.lock` and
//! `package-lock.json` (as the bindings test does): rerun `cargo xtask licenses`.

use crate::util::root;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// The committed file, relative to the workspace root.
pub const LICENSES_JSON: &str = "ui/src/about/licenses.json";

/// The package whose linked dependencies are listed.
const APP_PACKAGE: &str = "liaison-desk";

/// The target whose dependencies are listed (the packages are built for it); fixed so
/// that the file does not depend on the machine that generates it.
const TARGET: &str = "x86_64-unknown-linux-gnu";

/// One bundled library.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Library {
    /// `crates.io` or `npm`.
    pub ecosystem: String,
    pub name: String,
    pub version: String,
    /// The SPDX licence expression its manifest declares ("" when it declares none).
    pub license: String,
    /// Its source repository (crates) or npm page ("" when unknown).
    pub url: String,
}

/// The file's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Licenses {
    pub generated_by: String,
    pub libraries: Vec<Library>,
}

/// `cargo xtask licenses`: regenerates the committed file.
pub fn write() -> Result<()> {
    let text = render()?;
    let path = root().join(LICENSES_JSON);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("xtask: wrote {}", path.display());
    Ok(())
}

/// The file as it should be committed now.
pub fn render() -> Result<String> {
    let mut libraries = rust_libraries()?;
    libraries.extend(npm_libraries()?);
    libraries.sort();
    libraries.dedup();
    let licenses = Licenses {
        generated_by:
            "cargo xtask licenses (from Cargo.lock and ui/package-lock.json; do not edit)"
                .to_owned(),
        libraries,
    };
    let mut text = serde_json::to_string_pretty(&licenses)?;
    text.push('\n');
    Ok(text)
}

fn cargo_program() -> PathBuf {
    // Inside `cargo test` and `cargo xtask`, the cargo that runs us.
    std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from)
}

/// The crates linked into the app on [`TARGET`], from `cargo tree`.
fn rust_libraries() -> Result<Vec<Library>> {
    let out = Command::new(cargo_program())
        .current_dir(root())
        .args([
            "tree",
            "--locked",
            "--offline",
            "--package",
            APP_PACKAGE,
            "--target",
            TARGET,
            "--edges",
            "normal,no-proc-macro",
            "--prefix",
            "none",
            "--format",
            "{p}\t{l}\t{r}",
        ])
        .output()
        .context("running cargo tree")?;
    if !out.status.success() {
        bail!(
            "cargo tree failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let text = String::from_utf8(out.stdout).context("cargo tree printed non-UTF-8")?;
    parse_tree(&text)
}

/// Parses `cargo tree --prefix none --format "{p}\t{l}\t{r}"`: `name vX.Y.Z[ (source)]`,
/// licence, repository; a line already printed ends in ` (*)`. Local crates (a path
/// source: the workspace's own) are left out.
fn parse_tree(text: &str) -> Result<Vec<Library>> {
    let mut found = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let line = line.strip_suffix(" (*)").unwrap_or(line);
        let mut fields = line.split('\t');
        let package = fields.next().unwrap_or_default();
        let license = fields.next().unwrap_or_default().trim();
        let url = fields.next().unwrap_or_default().trim();
        let mut words = package.split_whitespace();
        let (Some(name), Some(version)) = (words.next(), words.next()) else {
            bail!("unexpected cargo tree line: {line:?}");
        };
        let source = words.collect::<Vec<_>>().join(" ");
        if source.starts_with("(/") || source.starts_with("(.") || source.contains(":\\") {
            continue;
        }
        let version = version.strip_prefix('v').unwrap_or(version);
        found.insert(
            (name.to_owned(), version.to_owned()),
            Library {
                ecosystem: "crates.io".to_owned(),
                name: name.to_owned(),
                version: version.to_owned(),
                license: license.to_owned(),
                url: url.to_owned(),
            },
        );
    }
    Ok(found.into_values().collect())
}

#[derive(Deserialize)]
struct PackageLock {
    packages: BTreeMap<String, LockedPackage>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: Option<String>,
    version: Option<String>,
    license: Option<String>,
    #[serde(default)]
    dev: bool,
    #[serde(default, rename = "devOptional")]
    dev_optional: bool,
    #[serde(default)]
    link: bool,
}

/// The UI's production npm packages, from `ui/package-lock.json`.
fn npm_libraries() -> Result<Vec<Library>> {
    let path = root().join("ui/package-lock.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    parse_lock(&text).with_context(|| format!("reading {}", path.display()))
}

fn parse_lock(text: &str) -> Result<Vec<Library>> {
    let lock: PackageLock = serde_json::from_str(text)?;
    let mut out = Vec::new();
    for (key, p) in lock.packages {
        // "" is the UI itself; links point at local folders.
        if key.is_empty() || p.dev || p.dev_optional || p.link {
            continue;
        }
        let Some(name) = p
            .name
            .or_else(|| key.rsplit("node_modules/").next().map(str::to_owned))
        else {
            continue;
        };
        out.push(Library {
            ecosystem: "npm".to_owned(),
            url: format!("https://www.npmjs.com/package/{name}"),
            version: p.version.unwrap_or_default(),
            license: p.license.unwrap_or_default(),
            name,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_licenses_match_the_lock_files() {
        let want = render().expect("licences generated");
        let path = root().join(LICENSES_JSON);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is out of date with Cargo.lock / ui/package-lock.json: run `cargo xtask licenses` and commit it",
            path.display()
        );
        let licenses: Licenses = serde_json::from_str(&want).expect("valid JSON");
        let named = |eco: &str, name: &str| {
            licenses
                .libraries
                .iter()
                .any(|l| l.ecosystem == eco && l.name == name)
        };
        // The app's own stack is there; build tools, dev packages and the workspace's
        // own crates are not.
        for (eco, name) in [
            ("crates.io", "tauri"),
            ("crates.io", "rusqlite"),
            ("npm", "vue"),
            ("npm", "element-plus"),
        ] {
            assert!(named(eco, name), "{eco} {name} is listed");
        }
        for (eco, name) in [
            ("crates.io", "tauri-build"),
            ("crates.io", "serde_derive"),
            ("crates.io", "desk-app"),
            // Test-only: the workbook reader and the updater tests' signer.
            ("crates.io", "calamine"),
            ("crates.io", "minisign"),
            ("npm", "vitest"),
            ("npm", "vite"),
        ] {
            assert!(!named(eco, name), "{eco} {name} is not bundled");
        }
    }

    #[test]
    fn tree_lines_become_libraries_and_local_crates_are_left_out() {
        let text = "serde v1.0.228\tMIT OR Apache-2.0\thttps://github.com/serde-rs/serde\n\
                    desk-app v0.1.0 (/src/crates/desk-app)\tMIT\t\n\
                    serde v1.0.228\tMIT OR Apache-2.0\thttps://github.com/serde-rs/serde (*)\n\
                    ring v0.17.14\tApache-2.0 AND ISC\t\n";
        let libs = parse_tree(text).expect("parsed");
        let names: Vec<_> = libs
            .iter()
            .map(|l| {
                (
                    l.name.as_str(),
                    l.version.as_str(),
                    l.license.as_str(),
                    l.url.as_str(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("ring", "0.17.14", "Apache-2.0 AND ISC", ""),
                (
                    "serde",
                    "1.0.228",
                    "MIT OR Apache-2.0",
                    "https://github.com/serde-rs/serde"
                ),
            ]
        );
    }

    #[test]
    fn only_production_packages_of_the_lock_file_are_listed() {
        let lock = r#"{"lockfileVersion":3,"packages":{
            "":{"name":"liaison-desk-ui","version":"0.1.0"},
            "node_modules/vue":{"version":"3.5.45","license":"MIT"},
            "node_modules/vitest":{"version":"4.1.12","license":"MIT","dev":true},
            "node_modules/fsevents":{"version":"2.3.3","license":"MIT","devOptional":true},
            "node_modules/echarts/node_modules/tslib":{"version":"2.3.0","license":"0BSD"}
        }}"#;
        let libs = parse_lock(lock).expect("parsed");
        let names: Vec<_> = libs
            .iter()
            .map(|l| (l.name.as_str(), l.version.as_str(), l.license.as_str()))
            .collect();
        assert_eq!(
            names,
            [("tslib", "2.3.0", "0BSD"), ("vue", "3.5.45", "MIT")]
        );
        assert_eq!(libs[1].url, "https://www.npmjs.com/package/vue");
    }
}
