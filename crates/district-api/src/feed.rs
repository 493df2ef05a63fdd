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

/// The largest feed item a client accepts, in bytes as sent: a ticket is a few KB, one
/// with a long citizen text some hundred KB. Larger items are skipped as malformed.
pub const MAX_ITEM_BYTES: usize = 1 << 20;

/// Marks text that arrived as invalid UTF-8 (the bytes were replaced by U+FFFD).
pub const INVALID_UTF8_MARK: char = char::REPLACEMENT_CHARACTER;

/// A page read defensively (clients): items stay raw JSON text, so an item nested too
/// deep for the parser or too large fails alone, not the page.
#[derive(Debug, Deserialize)]
pub struct RawChangesPage {
    pub items: Vec<Box<serde_json::value::RawValue>>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
    pub server_time: Timestamp,
}

impl RawChangesPage {
    /// Parses a page from the response bytes. Bytes that are not UTF-8 are replaced
    /// (U+FFFD) so the rest of the page can be read; with `repaired` set, items holding a
    /// replacement character are then rejected by [`FeedItem::decode_raw`].
    pub fn parse(bytes: &[u8]) -> Result<(RawChangesPage, bool), serde_json::Error> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok((serde_json::from_str(text)?, false)),
            Err(_) => {
                let text = String::from_utf8_lossy(bytes);
                Ok((serde_json::from_str(&text)?, true))
            }
        }
    }
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
    /// Decodes one raw item of a [`RawChangesPage`]: too large, too deeply nested, or
    /// (when the page had to be `repaired`) carrying invalid UTF-8 is malformed.
    pub fn decode_raw(raw: &serde_json::value::RawValue, repaired: bool) -> Decoded {
        let text = raw.get();
        if text.len() > MAX_ITEM_BYTES {
            return Decoded::Malformed(format!(
                "item of {} bytes exceeds the limit of {MAX_ITEM_BYTES}",
                text.len()
            ));
        }
        if repaired && text.contains(INVALID_UTF8_MARK) {
            return Decoded::Malformed("item holds bytes that are not UTF-8".to_owned());
        }
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) => FeedItem::decode(&value),
            Err(e) => Decoded::Malformed(format!("item is not usable JSON: {e}")),
        }
    }

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
