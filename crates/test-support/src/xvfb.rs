//! A private X server: Xvfb picks a free display number itself (`-displayfd`) and
//! prints it once it accepts clients, so there is no scan for free numbers and no
//! readiness loop.

use crate::process::Guard;
use anyhow::{Context, Result};
use std::process::{Command, Stdio};
use std::time::Duration;

/// How long Xvfb may take to come up.
pub const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running Xvfb (1280×800, 24-bit, no TCP), stopped when dropped.
pub struct Display {
    /// The display name for `DISPLAY`, e.g. `:93`.
    pub name: String,
    _xvfb: Guard,
}

impl Display {
    /// Starts Xvfb with its diagnostics going to `stderr` and waits until it accepts
    /// clients.
    pub fn start(stderr: Stdio) -> Result<Display> {
        let mut xvfb = Guard::spawn(
            "Xvfb",
            Command::new("Xvfb")
                .args([
                    "-displayfd",
                    "1",
                    "-screen",
                    "0",
                    "1280x800x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(stderr),
        )
        .context("Xvfb (Debian package xvfb)")?;
        let number = xvfb.first_line(START_TIMEOUT)?;
        Ok(Display {
            name: format!(":{number}"),
            _xvfb: xvfb,
        })
    }
}
