use crate::{Store, StoreError};

/// Where the sync stands, as persisted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncState {
    /// The feed cursor after the last committed page (`None`: start from the beginning).
    pub cursor: Option<String>,
    /// Server clock minus PC clock, from the last response's `Date`.
    pub server_offset_ms: i64,
    /// PC time (ms) of the last sync pass that reached the end of the feed.
    pub last_success_ms: Option<i64>,
    /// PC time (ms) of the last attempt, successful or not.
    pub last_attempt_ms: Option<i64>,
    /// Why the last attempt failed (cleared on success).
    pub last_error: Option<String>,
}

impl Store {
    pub fn sync_state(&self) -> Result<SyncState, StoreError> {
        Ok(self.conn.query_row(
            "SELECT cursor, server_offset_ms, last_success_ms, last_attempt_ms, last_error
             FROM sync_state WHERE id = 1",
            [],
            |r| {
                Ok(SyncState {
                    cursor: r.get(0)?,
                    server_offset_ms: r.get(1)?,
                    last_success_ms: r.get(2)?,
                    last_attempt_ms: r.get(3)?,
                    last_error: r.get(4)?,
                })
            },
        )?)
    }

    /// Records the latest measured server-clock offset.
    pub fn set_server_offset(&self, offset_ms: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_state SET server_offset_ms = ?1 WHERE id = 1",
            [offset_ms],
        )?;
        Ok(())
    }

    /// A sync pass started at `now_ms` (PC time).
    pub fn record_attempt(&self, now_ms: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_state SET last_attempt_ms = ?1 WHERE id = 1",
            [now_ms],
        )?;
        Ok(())
    }

    /// A sync pass reached the end of the feed.
    pub fn record_success(&self, now_ms: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_state SET last_success_ms = ?1, last_error = NULL WHERE id = 1",
            [now_ms],
        )?;
        Ok(())
    }

    /// A sync pass failed; the cache keeps everything committed before the failure.
    pub fn record_failure(&self, message: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_state SET last_error = ?1 WHERE id = 1",
            [message],
        )?;
        Ok(())
    }

    /// Forgets the cursor (the district answered 410) so the feed is read again from the
    /// beginning, and starts a new fresh pass at once: whatever an earlier fresh pass had
    /// stamped as mentioned (even one under way, as in a first sync) may have left the
    /// unit since, so only what the restarted feed mentions counts.
    pub fn reset_cursor(&self) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_state SET cursor = NULL, generation = generation + 1, reconciling = 1
             WHERE id = 1",
            [],
        )?;
        Ok(())
    }
}
