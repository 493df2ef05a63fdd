-- 015: daily totals of the assessment's time-independent figures (issue 16's page at 1M
-- cached). Per (Beijing day of dispatch, 事项分类's first segment, 诉求类型), the number of
-- tickets counting for each figure. Which figures a ticket counts for is decided in Rust
-- (`TicketFacts::fixed_flags`, bit i = `FIXED_FIGURES[i]`) and stored in `ticket_facts.flags`;
-- SQL only adds up: the triggers below add a facts row's bits when it is written and
-- subtract them when it goes (an upsert deletes and re-inserts the row; a removed ticket's
-- row goes with it), in the same transaction. The migration's hook fills flags and totals
-- for a cache from before.
-- The time-dependent figures (overdue_open, at_risk, acked_late) read the OPEN tickets only
-- (partial index below). Shipped: never edit, append a new file.
-- `title`: the projection's at-risk list names its tickets without parsing their JSON.
ALTER TABLE ticket_facts ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ticket_facts ADD COLUMN title TEXT NOT NULL DEFAULT '';
-- Covering what overdue_open and the projection read of an open ticket.
CREATE INDEX ticket_facts_open
    ON ticket_facts (dispatched_at, lead, status, reply_due_at, matter, category)
    WHERE status IN ('pending_ack', 'in_progress', 'redo');
CREATE TABLE assessment_daily (
    day      INTEGER NOT NULL,   -- (unix seconds + 8 h) / 86400: the Beijing day
    matter   TEXT NOT NULL,
    category TEXT NOT NULL,
    dispatched INTEGER NOT NULL,
    acked_on_time INTEGER NOT NULL,
    finished INTEGER NOT NULL,
    finished_on_time INTEGER NOT NULL,
    redo_tickets INTEGER NOT NULL,
    callbacks INTEGER NOT NULL,
    process_satisfied INTEGER NOT NULL,
    result_resolved INTEGER NOT NULL,
    extensions_requested INTEGER NOT NULL,
    extensions_approved INTEGER NOT NULL,
    supervised INTEGER NOT NULL,
    yellow_cards INTEGER NOT NULL,
    red_cards INTEGER NOT NULL,
    opinions_due INTEGER NOT NULL,
    opinions_on_time INTEGER NOT NULL,
    PRIMARY KEY (day, matter, category)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER ticket_facts_daily_add AFTER INSERT ON ticket_facts WHEN new.flags != 0 BEGIN
    INSERT INTO assessment_daily (day, matter, category, dispatched, acked_on_time, finished, finished_on_time, redo_tickets, callbacks, process_satisfied, result_resolved, extensions_requested, extensions_approved, supervised, yellow_cards, red_cards, opinions_due, opinions_on_time)
    VALUES ((new.dispatched_at + 28800) / 86400, new.matter, new.category,
        (new.flags >> 0) & 1,
        (new.flags >> 1) & 1,
        (new.flags >> 2) & 1,
        (new.flags >> 3) & 1,
        (new.flags >> 4) & 1,
        (new.flags >> 5) & 1,
        (new.flags >> 6) & 1,
        (new.flags >> 7) & 1,
        (new.flags >> 8) & 1,
        (new.flags >> 9) & 1,
        (new.flags >> 10) & 1,
        (new.flags >> 11) & 1,
        (new.flags >> 12) & 1,
        (new.flags >> 13) & 1,
        (new.flags >> 14) & 1)
    ON CONFLICT (day, matter, category) DO UPDATE SET
        dispatched = dispatched + excluded.dispatched,
        acked_on_time = acked_on_time + excluded.acked_on_time,
        finished = finished + excluded.finished,
        finished_on_time = finished_on_time + excluded.finished_on_time,
        redo_tickets = redo_tickets + excluded.redo_tickets,
        callbacks = callbacks + excluded.callbacks,
        process_satisfied = process_satisfied + excluded.process_satisfied,
        result_resolved = result_resolved + excluded.result_resolved,
        extensions_requested = extensions_requested + excluded.extensions_requested,
        extensions_approved = extensions_approved + excluded.extensions_approved,
        supervised = supervised + excluded.supervised,
        yellow_cards = yellow_cards + excluded.yellow_cards,
        red_cards = red_cards + excluded.red_cards,
        opinions_due = opinions_due + excluded.opinions_due,
        opinions_on_time = opinions_on_time + excluded.opinions_on_time;
END;
CREATE TRIGGER ticket_facts_daily_sub AFTER DELETE ON ticket_facts WHEN old.flags != 0 BEGIN
    UPDATE assessment_daily SET
        dispatched = dispatched - ((old.flags >> 0) & 1),
        acked_on_time = acked_on_time - ((old.flags >> 1) & 1),
        finished = finished - ((old.flags >> 2) & 1),
        finished_on_time = finished_on_time - ((old.flags >> 3) & 1),
        redo_tickets = redo_tickets - ((old.flags >> 4) & 1),
        callbacks = callbacks - ((old.flags >> 5) & 1),
        process_satisfied = process_satisfied - ((old.flags >> 6) & 1),
        result_resolved = result_resolved - ((old.flags >> 7) & 1),
        extensions_requested = extensions_requested - ((old.flags >> 8) & 1),
        extensions_approved = extensions_approved - ((old.flags >> 9) & 1),
        supervised = supervised - ((old.flags >> 10) & 1),
        yellow_cards = yellow_cards - ((old.flags >> 11) & 1),
        red_cards = red_cards - ((old.flags >> 12) & 1),
        opinions_due = opinions_due - ((old.flags >> 13) & 1),
        opinions_on_time = opinions_on_time - ((old.flags >> 14) & 1)
    WHERE day = (old.dispatched_at + 28800) / 86400 AND matter = old.matter
      AND category = old.category;
END;
