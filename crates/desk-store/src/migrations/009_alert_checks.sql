-- 009: when each cached ticket next needs alert planning (issue 9), so that an alert
-- round plans only the tickets whose moment came or that changed, not every ticket.
-- `check_at_ms`: epoch ms from which the ticket is planned again; 0 for a ticket that
-- changed (plan it in the next round); NULL when nothing of it can become due until it
-- changes. A ticket changed by a sync gets 0 again (`tickets.rs`).
CREATE TABLE alert_checks (
    ticket_id   TEXT PRIMARY KEY,
    check_at_ms INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX alert_checks_due ON alert_checks (check_at_ms) WHERE check_at_ms IS NOT NULL;
INSERT INTO alert_checks (ticket_id, check_at_ms) SELECT id, 0 FROM tickets;
