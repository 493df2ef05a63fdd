//! The changes feed: `GET /units/{unit_id}/changes?cursor=&limit=`.

use crate::{Draft, Duty, RemovalReason, Ticket, Timestamp};
use serde::{Deserialize, Serialize};

/// One page of the feed, with items still undecoded.
///
/// Items stay `serde_json::Value` here so that one item the client cannot parse (or
/// of a type it does not know) never fails the page: see [`FeedItem::decode`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangesPage {
    pub items: Vec<serde_json::Value>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
    pub server_time: Timestamp,
}

/// A decoded feed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FeedItem {
    /// A ticket was created or changed.
    Ticket { ticket: Box<Ticket> },
    /// The ticket no longer belongs to the unit.
    Removed {
        ticket_id: String,
        reason: RemovalReason,
        at: Timestamp,
        /// The version the server gave the ticket when it left; every version up to
        /// it is gone. Absent from servers that do not version removals.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<i64>,
    },
    /// The shared draft changed (`null`: deleted, e.g. after a reply was sent).
    Draft {
        ticket_id: String,
        draft: Option<Box<Draft>>,
    },
    /// The duty roster changed.
    Duty { duty: Box<Duty> },
}

/// What became of one raw feed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Item(FeedItem),
    /// A `type` this version does not know; skipped by contract.
    UnknownType(String),
    /// The item could not be parsed; skipped and logged by contract.
    Malformed(String),
}

impl FeedItem {
    /// Decodes one raw item, classifying what cannot be used instead of failing.
    pub fn decode(raw: &serde_json::Value) -> Decoded {
        let Some(kind) = raw.get("type").and_then(|t| t.as_str()) else {
            return Decoded::Malformed("item has no string `type`".to_owned());
        };
        if !matches!(kind, "ticket" | "removed" | "draft" | "duty") {
            return Decoded::UnknownType(kind.to_owned());
        }
        match FeedItem::deserialize(raw) {
            Ok(item) => Decoded::Item(item),
            Err(e) => Decoded::Malformed(format!("{kind} item: {e}")),
        }
    }
}
