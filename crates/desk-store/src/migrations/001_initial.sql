-- 001: tickets cache, removal tombstones, sync state. Shipped: never edit, append a new file.
CREATE TABLE tickets (
    id            TEXT PRIMARY KEY,
    version       INTEGER NOT NULL,
    status        TEXT NOT NULL,
    our_role      TEXT NOT NULL,
    dispatched_at INTEGER NOT NULL,          -- unix seconds
    ack_due_at    INTEGER NOT NULL,
    reply_due_at  INTEGER NOT NULL,
    active_kind   TEXT,                      -- ack | reply | opinion | NULL when nothing is due
    active_due_at INTEGER,
    order_group   INTEGER NOT NULL,          -- desk_domain::countdown::work_order_key
    order_key     INTEGER NOT NULL,
    redo_count    INTEGER NOT NULL DEFAULT 0,
    body          TEXT NOT NULL              -- the contract ticket, JSON
) STRICT;
CREATE INDEX tickets_work_order ON tickets (order_group, order_key, id);
CREATE INDEX tickets_active_due ON tickets (active_due_at) WHERE active_due_at IS NOT NULL;

-- A ticket that left the unit: every version up to `version` is gone.
CREATE TABLE removed_tickets (
    id         TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    removed_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sync_state (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    cursor            TEXT,
    server_offset_ms  INTEGER NOT NULL DEFAULT 0,
    last_success_ms   INTEGER,
    last_attempt_ms   INTEGER,
    last_error        TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
