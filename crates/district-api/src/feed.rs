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
    Malformed(Malformed),
}

/// Why a feed item could not be used, in words that never quote the item: its kind, the
/// JSON path of the fault and what kind of fault it is. The district's values (a phone
/// number sent as a number, a name where a date belongs) stay out, so this can be logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The item's `type`, when it is one this version knows.
    pub kind: Option<&'static str>,
    /// Where in the item (`ticket.citizen.phone`, `ticket.attachments[0].size`); field
    /// names that are not plain identifiers are shown as `?`.
    pub path: Option<String>,
    /// What is wrong (`invalid type, expected a string`, or a missing field's name).
    pub reason: String,
}

impl Malformed {
    fn new(kind: Option<&'static str>, reason: impl Into<String>) -> Self {
        Malformed {
            kind,
            path: None,
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(kind) = self.kind {
            write!(f, "{kind} item: ")?;
        }
        f.write_str(&self.reason)?;
        if let Some(path) = &self.path {
            write!(f, " at {path}")?;
        }
        Ok(())
    }
}

/// The kinds of item this version knows.
const KINDS: [&str; 4] = ["ticket", "removed", "draft", "duty"];

// The variants of `FeedItem` without their tag, decoded one by one so that the path of a
// fault is known (an internally tagged enum buffers its content and loses it).
#[derive(Deserialize)]
struct TicketItem {
    ticket: Box<Ticket>,
}
#[derive(Deserialize)]
struct RemovedItem {
    ticket_id: String,
    reason: RemovalReason,
    at: Timestamp,
    #[serde(default)]
    version: Option<i64>,
}
#[derive(Deserialize)]
struct DraftItem {
    ticket_id: String,
    draft: Option<Box<Draft>>,
}
#[derive(Deserialize)]
struct DutyItem {
    duty: Box<Duty>,
}

/// A JSON path made safe to log: identifier-like field names and indexes only.
fn safe_path(path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                let plain = !key.is_empty()
                    && key.len() <= 40
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
                out.push_str(if plain { key.as_str() } else { "?" });
            }
            Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// What is wrong, without the offending value: serde's messages quote it ("invalid type:
/// integer 13812345678, expected a string"); only serde's own words and what the type
/// expected are kept.
fn safe_reason(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Io => "read error".to_owned(),
        Category::Eof => "JSON ends early".to_owned(),
        Category::Syntax => "not valid JSON".to_owned(),
        Category::Data => {
            let message = e.to_string();
            // Named by this program's types, never by the item.
            for quoted_field in ["missing field `", "duplicate field `"] {
                if let Some(rest) = message.strip_prefix(quoted_field)
                    && let Some((field, _)) = rest.split_once('`')
                    && field
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    return format!("{quoted_field}{field}`");
                }
            }
            // "<what>: <the value>, expected <what the type wanted>": the value goes.
            for what in [
                "invalid type",
                "invalid value",
                "invalid length",
                "unknown variant",
                "unknown field",
            ] {
                if message.starts_with(what) {
                    return match message.rsplit_once(", expected ") {
                        Some((_, expected)) if !expected.contains(['"', '`']) => {
                            format!("{what}, expected {expected}")
                        }
                        _ => what.to_owned(),
                    };
                }
            }
            "invalid data".to_owned()
        }
    }
}

fn typed<T: serde::de::DeserializeOwned>(
    kind: &'static str,
    raw: &serde_json::Value,
) -> Result<T, Malformed> {
    serde_path_to_error::deserialize(raw).map_err(|e| Malformed {
        kind: Some(kind),
        path: safe_path(e.path()),
        reason: safe_reason(e.inner()),
    })
}

impl FeedItem {
    /// Decodes one raw item of a [`RawChangesPage`]: too large, too deeply nested, or
    /// (when the page had to be `repaired`) carrying invalid UTF-8 is malformed.
    pub fn decode_raw(raw: &serde_json::value::RawValue, repaired: bool) -> Decoded {
        let text = raw.get();
        if text.len() > MAX_ITEM_BYTES {
            return Decoded::Malformed(Malformed::new(
                None,
                format!(
                    "item of {} bytes exceeds the limit of {MAX_ITEM_BYTES}",
                    text.len()
                ),
            ));
        }
        if repaired && text.contains(INVALID_UTF8_MARK) {
            return Decoded::Malformed(Malformed::new(None, "item holds bytes that are not UTF-8"));
        }
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) => FeedItem::decode(&value),
            Err(e) => Decoded::Malformed(Malformed::new(
                None,
                format!("item is not usable JSON ({})", safe_reason(&e)),
            )),
        }
    }

    /// Decodes one raw item, classifying what cannot be used instead of failing.
    pub fn decode(raw: &serde_json::Value) -> Decoded {
        let Some(kind) = raw.get("type").and_then(|t| t.as_str()) else {
            return Decoded::Malformed(Malformed::new(None, "item has no string `type`"));
        };
        let Some(kind) = KINDS.into_iter().find(|k| *k == kind) else {
            return Decoded::UnknownType(kind.to_owned());
        };
        let item = match kind {
            "ticket" => {
                typed::<TicketItem>(kind, raw).map(|i| FeedItem::Ticket { ticket: i.ticket })
            }
            "removed" => typed::<RemovedItem>(kind, raw).map(|i| FeedItem::Removed {
                ticket_id: i.ticket_id,
                reason: i.reason,
                at: i.at,
                version: i.version,
            }),
            "draft" => typed::<DraftItem>(kind, raw).map(|i| FeedItem::Draft {
                ticket_id: i.ticket_id,
                draft: i.draft,
            }),
            _ => typed::<DutyItem>(kind, raw).map(|i| FeedItem::Duty { duty: i.duty }),
        };
        match item {
            Ok(item) => Decoded::Item(item),
            Err(m) => Decoded::Malformed(m),
        }
    }
}
