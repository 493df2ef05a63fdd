//! The officer's own reply drafts: saved as they type (each save one small transaction,
//! so a killed process or a power cut loses at most the keystrokes since the last save),
//! with earlier versions kept for recovery.

use crate::{Store, StoreError};
use district_api::PartialReply;
use rusqlite::{OptionalExtension, Transaction, params};

/// Versions kept per ticket; older ones are dropped.
pub const MAX_VERSIONS: i64 = 100;

/// A reply draft as saved on this PC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalDraft {
    pub ticket_id: String,
    pub reply: PartialReply,
    /// The shared draft revision on the district this text builds on.
    pub base_revision: Option<i64>,
    pub updated_ms: i64,
    /// When the text was last queued for the district (`None`: never).
    pub shared_ms: Option<i64>,
}

impl LocalDraft {
    /// Edits made since the text was last queued for the district.
    pub fn has_unshared_edits(&self) -> bool {
        self.shared_ms.is_none_or(|s| s < self.updated_ms)
    }
}

/// Where a kept version came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionSource {
    /// The officer's own typing.
    Typed,
    /// The text before the shared draft from the other officer replaced it.
    ReplacedByShared,
    /// The text before an older version was restored over it.
    ReplacedByRestore,
}

impl VersionSource {
    fn as_str(self) -> &'static str {
        match self {
            VersionSource::Typed => "typed",
            VersionSource::ReplacedByShared => "shared",
            VersionSource::ReplacedByRestore => "restored",
        }
    }

    fn parse(s: &str) -> VersionSource {
        match s {
            "shared" => VersionSource::ReplacedByShared,
            "restored" => VersionSource::ReplacedByRestore,
            _ => VersionSource::Typed,
        }
    }
}

/// An earlier state of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftVersion {
    pub id: i64,
    pub reply: PartialReply,
    pub saved_ms: i64,
    pub source: VersionSource,
}

fn decode(ticket_id: &str, body: &str) -> Result<PartialReply, StoreError> {
    serde_json::from_str(body).map_err(|source| StoreError::CorruptRow {
        id: ticket_id.to_owned(),
        source,
    })
}

fn encode(reply: &PartialReply) -> Result<String, StoreError> {
    serde_json::to_string(reply).map_err(StoreError::Encode)
}

fn read_draft(
    tx: &rusqlite::Connection,
    ticket_id: &str,
) -> Result<Option<LocalDraft>, StoreError> {
    let row = tx
        .query_row(
            "SELECT body, base_revision, updated_ms, shared_ms FROM reply_drafts WHERE ticket_id = ?1",
            [ticket_id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                ))
            },
        )
        .optional()?;
    row.map(|(body, base_revision, updated_ms, shared_ms)| {
        Ok(LocalDraft {
            ticket_id: ticket_id.to_owned(),
            reply: decode(ticket_id, &body)?,
            base_revision,
            updated_ms,
            shared_ms,
        })
    })
    .transpose()
}

fn keep(
    tx: &Transaction<'_>,
    ticket_id: &str,
    reply: &PartialReply,
    saved_ms: i64,
    source: VersionSource,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO reply_draft_versions (ticket_id, body, saved_ms, source) VALUES (?1, ?2, ?3, ?4)",
        params![ticket_id, encode(reply)?, saved_ms, source.as_str()],
    )?;
    tx.execute(
        "DELETE FROM reply_draft_versions WHERE ticket_id = ?1 AND id NOT IN (
             SELECT id FROM reply_draft_versions WHERE ticket_id = ?1 ORDER BY id DESC LIMIT ?2)",
        params![ticket_id, MAX_VERSIONS],
    )?;
    Ok(())
}

impl Store {
    /// The officer's draft of a reply to `ticket_id`, if any.
    pub fn local_draft(&self, ticket_id: &str) -> Result<Option<LocalDraft>, StoreError> {
        read_draft(&self.conn, ticket_id)
    }

    /// When the newest kept version of a draft was saved.
    pub fn last_version_ms(&self, ticket_id: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.conn.query_row(
            "SELECT MAX(saved_ms) FROM reply_draft_versions WHERE ticket_id = ?1",
            [ticket_id],
            |r| r.get(0),
        )?)
    }

    /// Saves what the officer typed. With `keep_previous`, the text it replaces is kept
    /// as a version first (same transaction). The base revision is left as it was.
    pub fn save_local_draft(
        &mut self,
        ticket_id: &str,
        reply: &PartialReply,
        keep_previous: bool,
        now_ms: i64,
    ) -> Result<LocalDraft, StoreError> {
        let tx = self.conn.transaction()?;
        let previous = read_draft(&tx, ticket_id)?;
        if keep_previous && let Some(p) = &previous {
            keep(&tx, ticket_id, &p.reply, p.updated_ms, VersionSource::Typed)?;
        }
        tx.execute(
            "INSERT INTO reply_drafts (ticket_id, body, base_revision, updated_ms)
             VALUES (?1, ?2, NULL, ?3)
             ON CONFLICT (ticket_id) DO UPDATE SET body = excluded.body, updated_ms = excluded.updated_ms",
            params![ticket_id, encode(reply)?, now_ms],
        )?;
        let saved = LocalDraft {
            ticket_id: ticket_id.to_owned(),
            reply: reply.clone(),
            base_revision: previous.as_ref().and_then(|p| p.base_revision),
            updated_ms: now_ms,
            shared_ms: previous.and_then(|p| p.shared_ms),
        };
        tx.commit()?;
        Ok(saved)
    }

    /// Replaces the text with `reply` from `source` (the shared draft, or a restored
    /// version), keeping the text it replaces as a version. `revision` sets the base
    /// revision and marks the text as shared when given (it is the district's).
    pub fn replace_local_draft(
        &mut self,
        ticket_id: &str,
        reply: &PartialReply,
        source: VersionSource,
        revision: Option<i64>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        if let Some(p) = read_draft(&tx, ticket_id)?
            && p.reply != *reply
        {
            keep(&tx, ticket_id, &p.reply, p.updated_ms, source)?;
        }
        tx.execute(
            "INSERT INTO reply_drafts (ticket_id, body, base_revision, updated_ms, shared_ms)
             VALUES (?1, ?2, ?3, ?4, CASE WHEN ?3 IS NULL THEN NULL ELSE ?4 END)
             ON CONFLICT (ticket_id) DO UPDATE SET body = excluded.body,
               base_revision = COALESCE(excluded.base_revision, reply_drafts.base_revision),
               updated_ms = excluded.updated_ms,
               shared_ms = COALESCE(excluded.shared_ms, reply_drafts.shared_ms)",
            params![ticket_id, encode(reply)?, revision, now_ms],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The text was queued for the district, building on `base_revision`.
    pub fn mark_local_draft_shared(
        &self,
        ticket_id: &str,
        base_revision: Option<i64>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE reply_drafts SET shared_ms = ?2, base_revision = ?3 WHERE ticket_id = ?1",
            params![ticket_id, now_ms, base_revision],
        )?;
        Ok(())
    }

    /// Earlier versions of a draft, newest first.
    pub fn draft_versions(&self, ticket_id: &str) -> Result<Vec<DraftVersion>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, body, saved_ms, source FROM reply_draft_versions
             WHERE ticket_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([ticket_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, body, saved_ms, source) = row?;
            out.push(DraftVersion {
                id,
                reply: decode(ticket_id, &body)?,
                saved_ms,
                source: VersionSource::parse(&source),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> PartialReply {
        PartialReply {
            text: Some(s.to_owned()),
            ..PartialReply::default()
        }
    }

    #[test]
    fn saves_keep_versions_only_when_asked_and_survive_reopening()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("cache.db");
        {
            let mut store = Store::open(&path)?;
            store.save_local_draft("T1", &text("经查"), false, 1)?;
            store.save_local_draft("T1", &text("经查，路灯"), false, 2)?;
            store.save_local_draft("T1", &text("已处理"), true, 3)?;
            // Dropped without any shutdown step, like a killed process.
        }
        let mut store = Store::open(&path)?;
        let d = store.local_draft("T1")?.expect("draft");
        assert_eq!(d.reply, text("已处理"));
        assert!(d.has_unshared_edits());
        let versions = store.draft_versions("T1")?;
        assert_eq!(versions.len(), 1);
        assert_eq!(versions[0].reply, text("经查，路灯"));
        assert_eq!(versions[0].saved_ms, 2);

        store.mark_local_draft_shared("T1", Some(4), 5)?;
        let d = store.local_draft("T1")?.expect("draft");
        assert_eq!((d.base_revision, d.has_unshared_edits()), (Some(4), false));

        // The other officer's shared text replaces it; ours is kept.
        store.replace_local_draft(
            "T1",
            &text("B角写的"),
            VersionSource::ReplacedByShared,
            Some(6),
            7,
        )?;
        let d = store.local_draft("T1")?.expect("draft");
        assert_eq!(
            (d.reply.clone(), d.base_revision, d.has_unshared_edits()),
            (text("B角写的"), Some(6), false)
        );
        let versions = store.draft_versions("T1")?;
        assert_eq!(versions[0].reply, text("已处理"));
        assert_eq!(versions[0].source, VersionSource::ReplacedByShared);
        assert_eq!(store.last_version_ms("T1")?, Some(3));
        assert_eq!(store.local_draft("T2")?, None);
        Ok(())
    }

    #[test]
    fn versions_are_capped_per_ticket() -> Result<(), StoreError> {
        let mut store = Store::open_in_memory()?;
        for i in 0..(MAX_VERSIONS + 20) {
            store.save_local_draft("T1", &text(&format!("第{i}稿")), true, i)?;
        }
        store.save_local_draft("T2", &text("另一件"), true, 1)?;
        store.save_local_draft("T2", &text("另一件，续"), true, 2)?;
        let versions = store.draft_versions("T1")?;
        assert_eq!(versions.len() as i64, MAX_VERSIONS);
        assert_eq!(
            versions[0].reply,
            text(&format!("第{}稿", MAX_VERSIONS + 18))
        );
        assert_eq!(store.draft_versions("T2")?.len(), 1);
        Ok(())
    }
}
