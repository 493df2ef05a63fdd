//! Attachments downloaded once and kept in the data directory, so they open offline.

use crate::{Store, StoreError};
use rusqlite::{OptionalExtension, params};
use std::collections::HashSet;

/// A downloaded attachment: where its file is, relative to the data directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentFile {
    pub attachment_id: String,
    pub ticket_id: String,
    pub rel_path: String,
    pub size: u64,
    pub fetched_at_ms: i64,
}

impl Store {
    /// Records that `file` was written (call after the file is in place).
    pub fn record_attachment(&self, file: &AttachmentFile) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO attachment_files (attachment_id, ticket_id, rel_path, size, fetched_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (attachment_id) DO UPDATE SET ticket_id = excluded.ticket_id,
               rel_path = excluded.rel_path, size = excluded.size,
               fetched_at_ms = excluded.fetched_at_ms",
            params![
                file.attachment_id,
                file.ticket_id,
                file.rel_path,
                i64::try_from(file.size).unwrap_or(i64::MAX),
                file.fetched_at_ms
            ],
        )?;
        Ok(())
    }

    /// The downloaded file of an attachment, if any.
    pub fn attachment_file(
        &self,
        attachment_id: &str,
    ) -> Result<Option<AttachmentFile>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT attachment_id, ticket_id, rel_path, size, fetched_at_ms
                 FROM attachment_files WHERE attachment_id = ?1",
                [attachment_id],
                |r| {
                    Ok(AttachmentFile {
                        attachment_id: r.get(0)?,
                        ticket_id: r.get(1)?,
                        rel_path: r.get(2)?,
                        size: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                        fetched_at_ms: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Forgets a downloaded file (it went missing on disk).
    pub fn forget_attachment(&self, attachment_id: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "DELETE FROM attachment_files WHERE attachment_id = ?1",
            [attachment_id],
        )?;
        Ok(())
    }

    /// The ids of a ticket's attachments that are downloaded.
    pub fn cached_attachment_ids(&self, ticket_id: &str) -> Result<HashSet<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT attachment_id FROM attachment_files WHERE ticket_id = ?1")?;
        let ids = stmt
            .query_map([ticket_id], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_files_are_found_per_ticket_and_can_be_forgotten() -> Result<(), StoreError> {
        let store = Store::open_in_memory()?;
        let file = |id: &str, ticket: &str| AttachmentFile {
            attachment_id: id.to_owned(),
            ticket_id: ticket.to_owned(),
            rel_path: format!("attachments/{id}/照片.jpg"),
            size: 1024,
            fetched_at_ms: 1,
        };
        store.record_attachment(&file("att-T1-1", "T1"))?;
        store.record_attachment(&file("att-T1-2", "T1"))?;
        store.record_attachment(&file("att-T2-1", "T2"))?;
        // Recording again (a re-download) updates, never duplicates.
        store.record_attachment(&AttachmentFile {
            size: 2048,
            ..file("att-T1-1", "T1")
        })?;
        let ids = store.cached_attachment_ids("T1")?;
        assert_eq!(ids.len(), 2);
        assert!(ids.contains("att-T1-1") && ids.contains("att-T1-2"));
        assert_eq!(
            store.attachment_file("att-T1-1")?.map(|f| f.size),
            Some(2048)
        );
        store.forget_attachment("att-T1-1")?;
        assert_eq!(store.attachment_file("att-T1-1")?, None);
        assert!(store.cached_attachment_ids("T3")?.is_empty());
        Ok(())
    }
}
