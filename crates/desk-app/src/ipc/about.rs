//! The IPC shape of the 关于 dialog (issue 17): this build, the contract it speaks and
//! where it keeps its files. The bundled libraries' licences are not here: the UI
//! bundles the generated `ui/src/about/licenses.json` (`cargo xtask licenses`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the 关于 dialog shows about this installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AboutInfo {
    /// The app's version (the workspace version, e.g. `0.1.0`).
    pub version: String,
    /// When the app was built: `YYYY-MM-DD HH:MM UTC` (from `SOURCE_DATE_EPOCH` when the
    /// build set it), or `unknown`.
    pub build_date: String,
    /// The git commit it was built from (12 hex digits), or `unknown` (no git, or not
    /// built from a clone).
    pub commit: String,
    /// The district API contract's version (`district_api::CONTRACT_VERSION`).
    pub contract_version: String,
    /// Where the cache, settings and kept attachments live.
    pub data_dir: String,
    /// Where the log files are written; `None` when this run writes none (standard
    /// error only).
    pub log_dir: Option<String>,
}
