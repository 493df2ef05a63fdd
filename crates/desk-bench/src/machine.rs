//! The machine the figures were measured on.

use serde::Serialize;
use std::process::Command;

/// What the report says about the machine.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// CPUs available to this process.
    pub cores: usize,
    /// The CPU model (`/proc/cpuinfo`).
    pub cpu: String,
    /// Total memory, GiB.
    pub memory_gib: f64,
    /// The bundled SQLite's version.
    pub sqlite: String,
    /// The operating system (`/etc/os-release`).
    pub os: String,
    /// The kernel release.
    pub kernel: String,
    /// The compiler that built the bench.
    pub rustc: String,
    /// 1-minute load average at the start (the machine is shared with other builds).
    pub load_at_start: f64,
    /// 1-minute load average at the end.
    pub load_at_end: f64,
}

fn field(text: &str, key: &str) -> Option<String> {
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_once([':', '=']))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
}

fn load() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(f64::NAN)
}

fn command(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

impl Machine {
    /// Reads what can be read now.
    pub fn probe() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let os = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
        let mem_kib: f64 = field(&meminfo, "MemTotal")
            .and_then(|v| v.split_whitespace().next().and_then(|k| k.parse().ok()))
            .unwrap_or(f64::NAN);
        Machine {
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            cpu: field(&cpuinfo, "model name").unwrap_or_default(),
            memory_gib: mem_kib / 1024.0 / 1024.0,
            sqlite: rusqlite::version().to_owned(),
            os: field(&os, "PRETTY_NAME").unwrap_or_default(),
            kernel: command("uname", &["-r"]),
            rustc: command("rustc", &["--version"]),
            load_at_start: load(),
            load_at_end: f64::NAN,
        }
    }

    /// Adds what is known only at the end.
    pub fn finish(mut self) -> Machine {
        self.load_at_end = load();
        self
    }
}
