-- 004: a local audit log of sensitive actions (revealing a citizen's phone number).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms     INTEGER NOT NULL,
    officer   TEXT NOT NULL,
    action    TEXT NOT NULL,
    ticket_id TEXT
) STRICT;
