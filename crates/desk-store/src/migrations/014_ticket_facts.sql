-- 014: per ticket, what the unit's assessment (issue 16) counts, in a narrow table
-- clustered by dispatch time: a period's figures read only that period's short rows,
-- never the tickets' JSON. Written with the ticket (`upsert_ticket`); a removed ticket's
-- row goes with it (trigger). The migration's hook fills it for tickets cached before.
-- Shipped: never edit, append a new file.
CREATE TABLE ticket_facts (
    dispatched_at    INTEGER NOT NULL,      -- unix seconds
    ticket_id        TEXT NOT NULL,
    lead             INTEGER NOT NULL,      -- 1: the unit is the lead unit
    status           TEXT NOT NULL,
    category         TEXT NOT NULL,
    matter           TEXT NOT NULL,         -- 事项分类's first segment
    ack_due_at       INTEGER NOT NULL,
    acked_at         INTEGER,
    reply_due_at     INTEGER NOT NULL,
    last_reply_at    INTEGER,               -- the last `reply` in the history
    redo_count       INTEGER NOT NULL,
    callback_process TEXT,
    callback_result  TEXT,
    extension        TEXT,                  -- extension status
    supervision      TEXT,                  -- supervision level
    opinion_due_at   INTEGER,               -- the unit's own (co-handled tickets)
    opinion_at       INTEGER,               -- the first `opinion` in the history
    PRIMARY KEY (dispatched_at, ticket_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX ticket_facts_id ON ticket_facts (ticket_id);
CREATE TRIGGER ticket_facts_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM ticket_facts WHERE ticket_id = old.id;
END;
