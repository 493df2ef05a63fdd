//! Reading the files a command is given and printing what it found.

use crate::failure::{Failure, usage};

pub fn read_json<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> Result<T, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| usage(format!("无法读取 {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| usage(format!("{} 不是有效的 JSON: {e}", path.display())))
}

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    println!("{text}");
    Ok(())
}

/// Findings as lines: `[阻止] field: message` (hints marked 提示).
pub fn print_findings(findings: &[desk_app::ipc::LintFinding]) {
    if findings.is_empty() {
        println!("未发现问题");
    }
    for f in findings {
        let mark = if f.blocking { "阻止" } else { "提示" };
        println!("[{mark}] {}: {}", f.field, f.message);
    }
}
