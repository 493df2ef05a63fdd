-- 002: the durable outbox, the unit's shared drafts and duty roster as last seen from
-- the district, and what a fresh (cursor-less) pass has seen, for reconciliation.

-- Every write to the district, made durable before it is sent. The idempotency key is
-- made once, when the officer acts, and never changes for the row.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id       TEXT,                    -- NULL for duty
    kind            TEXT NOT NULL,           -- ack reply opinion extension coordination reassignment draft duty
    body            TEXT NOT NULL,           -- the request body, JSON
    idempotency_key TEXT NOT NULL UNIQUE,
    -- The If-Match value (ticket version, draft or duty revision); NULL with kind =
    -- 'draft' means If-None-Match: * (create).
    base_version    INTEGER,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sent', 'conflict', 'rejected', 'discarded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    status_code     INTEGER,                 -- the last HTTP status received
    server_current  TEXT,                    -- 409/412: the server's current object, JSON
    field_errors    TEXT,                    -- 422: {"field": ["message"]}, JSON
    response        TEXT,                    -- 2xx: the server's answer, JSON
    created_ms      INTEGER NOT NULL,
    updated_ms      INTEGER NOT NULL,
    sent_ms         INTEGER
) STRICT;
CREATE INDEX outbox_open ON outbox (state, id);
CREATE INDEX outbox_ticket ON outbox (ticket_id, id);

-- The unit's shared draft per ticket, as the district last said (feed or GET/PUT).
CREATE TABLE server_drafts (
    ticket_id TEXT PRIMARY KEY,
    revision  INTEGER NOT NULL,
    body      TEXT NOT NULL                  -- district_api::Draft, JSON
) STRICT;

CREATE TABLE duty (
    unit_id  TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    body     TEXT NOT NULL                   -- district_api::Duty, JSON
) STRICT;

-- Reconciliation after 410: a fresh pass gets a generation number; every ticket the
-- fresh feed mentions is stamped with it; when the pass reaches the end, tickets with an
-- older stamp are gone from the unit.
ALTER TABLE tickets ADD COLUMN seen_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN reconciling INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN connectivity TEXT;
