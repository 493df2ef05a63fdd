-- 017: search reads narrow rows only (issue 18). The normalised searchable text of each
-- ticket, in a table of its own keyed by the ticket's rowid (the search index's key):
-- checking a candidate for the exact substring, or probing a ticket while walking the
-- work order, reads a few hundred bytes instead of the ticket's row of several KB (its
-- JSON). `tickets.search_norm` stays the source; triggers keep this table equal to it
-- (an upsert's DO UPDATE fires the update trigger; the rowid never changes).
CREATE TABLE ticket_text (
    ticket_rowid INTEGER PRIMARY KEY,
    norm         TEXT NOT NULL
) STRICT;
INSERT INTO ticket_text (ticket_rowid, norm) SELECT rowid, search_norm FROM tickets;
CREATE TRIGGER ticket_text_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_text (ticket_rowid, norm) VALUES (new.rowid, new.search_norm);
END;
CREATE TRIGGER ticket_text_update AFTER UPDATE OF search_norm ON tickets BEGIN
    UPDATE ticket_text SET norm = new.search_norm WHERE ticket_rowid = new.rowid;
END;
CREATE TRIGGER ticket_text_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM ticket_text WHERE ticket_rowid = old.rowid;
END;
