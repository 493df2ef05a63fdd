-- 008: desktop alerts (issue 6). Each alert fires once, ever: its key is kept here before
-- the notification is shown, so a restart, a re-sync or a clock jump never repeats it.
CREATE TABLE alerts_fired (
    ticket_id   TEXT NOT NULL,               -- '' for a refused write without a ticket (duty)
    kind        TEXT NOT NULL,               -- desk_domain::alerts::AlertKind, wire name
    threshold   TEXT NOT NULL,               -- which step or event (see the planner's docs)
    fired_at_ms INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, kind, threshold)
) STRICT, WITHOUT ROWID;

-- The notification centre: every notification fired, newest last.
CREATE TABLE alert_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms        INTEGER NOT NULL,
    notification TEXT NOT NULL,              -- desk_domain::alerts::Notification, JSON
    read         INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1))
) STRICT;
CREATE INDEX alert_log_unread ON alert_log (read) WHERE read = 0;
