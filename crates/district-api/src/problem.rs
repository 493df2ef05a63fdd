//! RFC 9457 problem documents, the contract's error bodies.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An error response body (`application/problem+json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(default, rename = "type")]
    pub type_: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub detail: String,
    /// Per-field messages (422).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, Vec<String>>,
    /// The current object (409/412).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<serde_json::Value>,
}

impl Problem {
    /// A problem with a status, a title and a detail.
    pub fn new(status: u16, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Problem {
            type_: "about:blank".to_owned(),
            title: title.into(),
            status,
            detail: detail.into(),
            errors: BTreeMap::new(),
            current: None,
        }
    }
}
