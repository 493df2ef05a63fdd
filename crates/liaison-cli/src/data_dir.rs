//! The data dir the last command used, remembered in the user's config folder so that
//! `--data-dir` is needed once.

use std::path::{Path, PathBuf};

/// Where the last used data dir is remembered: the user's config folder.
fn memory_file() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("liaison").join("data-dir"))
}

/// Remembers `dir` for later runs; failing to remember is not worth failing the command.
pub fn remember(dir: &Path) {
    let (Some(file), Ok(abs)) = (memory_file(), std::path::absolute(dir)) else {
        return;
    };
    if let Some(parent) = file.parent()
        && std::fs::create_dir_all(parent).is_ok()
    {
        let _ = std::fs::write(file, abs.to_string_lossy().as_bytes());
    }
}

/// After a wipe: the remembered data dir is forgotten when it is `dir` (a later command
/// needs `--data-dir` again), so nothing on the PC points at the wiped cache.
pub fn forget(dir: &Path) {
    let Some(file) = memory_file() else {
        return;
    };
    let remembered = std::fs::read_to_string(&file)
        .ok()
        .map(|t| PathBuf::from(t.trim()));
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if remembered.is_some_and(|r| same(&r, dir))
        && let Err(e) = std::fs::remove_file(&file)
    {
        eprintln!("liaison: 未能删除 {}: {e}", file.display());
    }
}

/// The remembered data dir, if it still exists.
pub fn last() -> Option<PathBuf> {
    let text = std::fs::read_to_string(memory_file()?).ok()?;
    let dir = PathBuf::from(text.trim());
    dir.is_dir().then_some(dir)
}
