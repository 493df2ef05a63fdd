-- 010: every tab's list and count from a narrow index (issue 9). A ticket row is a few
-- KB (its JSON), so filtering rows reads a page per ticket; these indexes hold what each
-- tab filters on in work order, so a tab's first page reads only the rows it shows and
-- a count reads only index pages. 即将超时 and 已超时 need no index of their own: an
-- active deadline is the work order's key (`desk_domain::countdown::work_order_key`).
DROP INDEX tickets_status;
CREATE INDEX tickets_status_order ON tickets (status, order_group, order_key, id);
CREATE INDEX tickets_supervised_order ON tickets (order_group, order_key, id, supervised, status)
    WHERE supervised = 1 AND status <> 'closed';
CREATE INDEX tickets_co_handler_order ON tickets (order_group, order_key, id, our_role)
    WHERE our_role = 'co_handler';
CREATE INDEX tickets_extension_order ON tickets (order_group, order_key, id, extension_pending)
    WHERE extension_pending = 1;

-- What the tabs filter on, per ticket, in a narrow table keyed by the ticket's rowid (the
-- search index's key): counting the tabs of a search's hits reads these small rows
-- instead of whole tickets. Triggers keep it equal to `tickets`.
CREATE TABLE ticket_tabs (
    ticket_rowid      INTEGER PRIMARY KEY,
    id                TEXT NOT NULL,
    status            TEXT NOT NULL,
    our_role          TEXT NOT NULL,
    order_group       INTEGER NOT NULL,
    order_key         INTEGER NOT NULL,
    supervised        INTEGER NOT NULL,
    extension_pending INTEGER NOT NULL
) STRICT;
INSERT INTO ticket_tabs
    SELECT rowid, id, status, our_role, order_group, order_key, supervised, extension_pending
    FROM tickets;
CREATE TRIGGER ticket_tabs_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_tabs VALUES (new.rowid, new.id, new.status, new.our_role,
        new.order_group, new.order_key, new.supervised, new.extension_pending);
END;
CREATE TRIGGER ticket_tabs_update
    AFTER UPDATE OF id, status, our_role, order_group, order_key, supervised, extension_pending
    ON tickets BEGIN
    UPDATE ticket_tabs SET id = new.id, status = new.status, our_role = new.our_role,
        order_group = new.order_group, order_key = new.order_key,
        supervised = new.supervised, extension_pending = new.extension_pending
    WHERE ticket_rowid = new.rowid;
END;
CREATE TRIGGER ticket_tabs_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM ticket_tabs WHERE ticket_rowid = old.rowid;
END;

-- The counts of the tabs that do not depend on the time, kept by triggers: reading
-- them is a lookup, not a count over an index (即将超时 and 已超时 are counted as ranges
-- of the work order). The conditions are `tabs.rs`'s predicates.
CREATE TABLE tab_totals (
    tab TEXT PRIMARY KEY,
    n   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO tab_totals (tab, n)
    SELECT 'all', count(*) FROM ticket_tabs AS t WHERE 1
    UNION ALL SELECT 'pending_ack', count(*) FROM ticket_tabs AS t WHERE t.status = 'pending_ack'
    UNION ALL SELECT 'redo', count(*) FROM ticket_tabs AS t WHERE t.status = 'redo'
    UNION ALL SELECT 'supervised', count(*) FROM ticket_tabs AS t WHERE t.supervised = 1 AND t.status <> 'closed'
    UNION ALL SELECT 'co_handling', count(*) FROM ticket_tabs AS t WHERE t.our_role = 'co_handler'
    UNION ALL SELECT 'extension_pending', count(*) FROM ticket_tabs AS t WHERE t.extension_pending = 1
    UNION ALL SELECT 'replied', count(*) FROM ticket_tabs AS t WHERE t.status = 'replied'
    UNION ALL SELECT 'closed', count(*) FROM ticket_tabs AS t WHERE t.status = 'closed';
-- An increment adds the row if it is missing (a cache emptied by `Store::wipe`).
CREATE TRIGGER tab_totals_insert AFTER INSERT ON ticket_tabs BEGIN
    INSERT INTO tab_totals (tab, n)
        SELECT tab, 1 FROM (SELECT column1 AS tab FROM (VALUES ('all'), ('pending_ack'), ('redo'), ('supervised'), ('co_handling'), ('extension_pending'), ('replied'), ('closed')))
        WHERE CASE tab
            WHEN 'all' THEN (1)
            WHEN 'pending_ack' THEN (new.status = 'pending_ack')
            WHEN 'redo' THEN (new.status = 'redo')
            WHEN 'supervised' THEN (new.supervised = 1 AND new.status <> 'closed')
            WHEN 'co_handling' THEN (new.our_role = 'co_handler')
            WHEN 'extension_pending' THEN (new.extension_pending = 1)
            WHEN 'replied' THEN (new.status = 'replied')
            WHEN 'closed' THEN (new.status = 'closed')
        END
        ON CONFLICT (tab) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tab_totals_delete AFTER DELETE ON ticket_tabs BEGIN
    UPDATE tab_totals SET n = n - 1
        WHERE CASE tab
            WHEN 'all' THEN (1)
            WHEN 'pending_ack' THEN (old.status = 'pending_ack')
            WHEN 'redo' THEN (old.status = 'redo')
            WHEN 'supervised' THEN (old.supervised = 1 AND old.status <> 'closed')
            WHEN 'co_handling' THEN (old.our_role = 'co_handler')
            WHEN 'extension_pending' THEN (old.extension_pending = 1)
            WHEN 'replied' THEN (old.status = 'replied')
            WHEN 'closed' THEN (old.status = 'closed')
        END;
END;
CREATE TRIGGER tab_totals_update AFTER UPDATE ON ticket_tabs BEGIN
    UPDATE tab_totals SET n = n - 1
        WHERE CASE tab
            WHEN 'all' THEN (1)
            WHEN 'pending_ack' THEN (old.status = 'pending_ack')
            WHEN 'redo' THEN (old.status = 'redo')
            WHEN 'supervised' THEN (old.supervised = 1 AND old.status <> 'closed')
            WHEN 'co_handling' THEN (old.our_role = 'co_handler')
            WHEN 'extension_pending' THEN (old.extension_pending = 1)
            WHEN 'replied' THEN (old.status = 'replied')
            WHEN 'closed' THEN (old.status = 'closed')
        END;
    INSERT INTO tab_totals (tab, n)
        SELECT tab, 1 FROM (SELECT column1 AS tab FROM (VALUES ('all'), ('pending_ack'), ('redo'), ('supervised'), ('co_handling'), ('extension_pending'), ('replied'), ('closed')))
        WHERE CASE tab
            WHEN 'all' THEN (1)
            WHEN 'pending_ack' THEN (new.status = 'pending_ack')
            WHEN 'redo' THEN (new.status = 'redo')
            WHEN 'supervised' THEN (new.supervised = 1 AND new.status <> 'closed')
            WHEN 'co_handling' THEN (new.our_role = 'co_handler')
            WHEN 'extension_pending' THEN (new.extension_pending = 1)
            WHEN 'replied' THEN (new.status = 'replied')
            WHEN 'closed' THEN (new.status = 'closed')
        END
        ON CONFLICT (tab) DO UPDATE SET n = n + 1;
END;
