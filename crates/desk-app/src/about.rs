//! The 关于 dialog's facts (issue 17): the build stamp the shell captured at compile
//! time, the contract version, and the folders this run really uses.

use crate::Desk;
use crate::ipc::AboutInfo;

/// What the app's build script captured (the shell passes its own `env!` values, so
/// the stamp is the binary's, not this library's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildStamp {
    pub version: &'static str,
    /// `YYYY-MM-DD HH:MM UTC` or `unknown`.
    pub build_date: &'static str,
    /// A short commit hash or `unknown`.
    pub commit: &'static str,
}

impl Desk {
    /// The 关于 dialog: `build`, the contract version, the data directory and the folder
    /// the log files of this run go to (none when logging to standard error only).
    pub fn about(&self, build: BuildStamp) -> AboutInfo {
        AboutInfo {
            version: build.version.to_owned(),
            build_date: build.build_date.to_owned(),
            commit: build.commit.to_owned(),
            contract_version: district_api::CONTRACT_VERSION.to_owned(),
            data_dir: self.data_dir().display().to_string(),
            log_dir: crate::logging::files_dir().map(|d| d.display().to_string()),
        }
    }
}
