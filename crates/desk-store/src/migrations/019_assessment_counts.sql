-- 019: the 考核 page's remaining per-ticket reads at 1M cached (issue 16), replaced by counts
-- kept by triggers, as migration 015 did for the time-independent figures.
--
-- The period's 四早 medians (ack and reply margin) without reading every lead ticket of the
-- period: `ack_b` and `margin_b` put each kept value (migration 016) in a bucket (written
-- from Rust with the values, `desk_store::assessment::value_bucket`: increasing with the
-- value, about 8 buckets per doubling). `assessment_buckets` counts the lead tickets per
-- (Beijing day of dispatch, kind, bucket); kind 0 is the ack, kind 1 the margin. The median
-- adds up a period's bucket counts to find the bucket holding the middle rank, then reads
-- only that bucket's values of the period (`ticket_facts_ack_b`, `ticket_facts_margin_b`)
-- and picks the exact middle value. The counts follow the facts row: added with it, moved
-- when a bucket is updated (`put_facts` sets it after the insert; a calendar change
-- recounts every margin), taken away when it goes. The migration's hook fills the buckets
-- and their counts for a cache from before.
--
-- `assessment_open`: per (Beijing day of dispatch, Beijing day of the reply deadline,
-- 事项分类, 诉求类型) the number of OPEN lead tickets. `overdue_open` and the projection's
-- at-risk count at any instant add whole deadline days from here and count only the part
-- of a deadline day before the instant in `ticket_facts_open_before`;
-- `ticket_facts_open_due` lists the at-risk tickets deadline day by deadline day.
--
-- Rows left at zero stay (as in 015); reads skip them. Shipped: never edit, append a new
-- file.
ALTER TABLE ticket_facts ADD COLUMN ack_b INTEGER;
ALTER TABLE ticket_facts ADD COLUMN margin_b INTEGER;
CREATE TABLE assessment_buckets (
    day    INTEGER NOT NULL,   -- (dispatched_at + 8 h) / 86400: the Beijing day
    kind   INTEGER NOT NULL,   -- 0: ack_b, 1: margin_b
    bucket INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (day, kind, bucket)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER ticket_facts_buckets_add AFTER INSERT ON ticket_facts
WHEN new.lead = 1 AND (new.ack_b IS NOT NULL OR new.margin_b IS NOT NULL) BEGIN
    INSERT INTO assessment_buckets (day, kind, bucket, n)
        SELECT (new.dispatched_at + 28800) / 86400, 0, new.ack_b, 1 WHERE new.ack_b IS NOT NULL
        ON CONFLICT (day, kind, bucket) DO UPDATE SET n = n + 1;
    INSERT INTO assessment_buckets (day, kind, bucket, n)
        SELECT (new.dispatched_at + 28800) / 86400, 1, new.margin_b, 1
        WHERE new.margin_b IS NOT NULL
        ON CONFLICT (day, kind, bucket) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ticket_facts_buckets_sub AFTER DELETE ON ticket_facts
WHEN old.lead = 1 AND (old.ack_b IS NOT NULL OR old.margin_b IS NOT NULL) BEGIN
    UPDATE assessment_buckets SET n = n - 1
    WHERE old.ack_b IS NOT NULL AND day = (old.dispatched_at + 28800) / 86400 AND kind = 0
      AND bucket = old.ack_b;
    UPDATE assessment_buckets SET n = n - 1
    WHERE old.margin_b IS NOT NULL AND day = (old.dispatched_at + 28800) / 86400 AND kind = 1
      AND bucket = old.margin_b;
END;
CREATE TRIGGER ticket_facts_ack_b_move AFTER UPDATE OF ack_b ON ticket_facts
WHEN new.lead = 1 AND old.ack_b IS NOT new.ack_b BEGIN
    UPDATE assessment_buckets SET n = n - 1
    WHERE old.ack_b IS NOT NULL AND day = (old.dispatched_at + 28800) / 86400 AND kind = 0
      AND bucket = old.ack_b;
    INSERT INTO assessment_buckets (day, kind, bucket, n)
        SELECT (new.dispatched_at + 28800) / 86400, 0, new.ack_b, 1 WHERE new.ack_b IS NOT NULL
        ON CONFLICT (day, kind, bucket) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ticket_facts_margin_b_move AFTER UPDATE OF margin_b ON ticket_facts
WHEN new.lead = 1 AND old.margin_b IS NOT new.margin_b BEGIN
    UPDATE assessment_buckets SET n = n - 1
    WHERE old.margin_b IS NOT NULL AND day = (old.dispatched_at + 28800) / 86400 AND kind = 1
      AND bucket = old.margin_b;
    INSERT INTO assessment_buckets (day, kind, bucket, n)
        SELECT (new.dispatched_at + 28800) / 86400, 1, new.margin_b, 1
        WHERE new.margin_b IS NOT NULL
        ON CONFLICT (day, kind, bucket) DO UPDATE SET n = n + 1;
END;
CREATE INDEX ticket_facts_ack_b ON ticket_facts (ack_b, dispatched_at, ack_s)
    WHERE lead = 1 AND ack_b IS NOT NULL;
CREATE INDEX ticket_facts_margin_b ON ticket_facts (margin_b, dispatched_at, margin_ws)
    WHERE lead = 1 AND margin_b IS NOT NULL;

CREATE TABLE assessment_open (
    day      INTEGER NOT NULL,   -- the Beijing day of dispatch
    due_day  INTEGER NOT NULL,   -- the Beijing day of reply_due_at
    matter   TEXT NOT NULL,
    category TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (day, due_day, matter, category)
) STRICT, WITHOUT ROWID;
INSERT INTO assessment_open (day, due_day, matter, category, n)
    SELECT (dispatched_at + 28800) / 86400, (reply_due_at + 28800) / 86400, matter, category,
           count(*)
    FROM ticket_facts
    WHERE lead = 1 AND status IN ('pending_ack', 'in_progress', 'redo')
    GROUP BY 1, 2, 3, 4;
CREATE TRIGGER ticket_facts_open_add AFTER INSERT ON ticket_facts
WHEN new.lead = 1 AND new.status IN ('pending_ack', 'in_progress', 'redo') BEGIN
    INSERT INTO assessment_open (day, due_day, matter, category, n)
    VALUES ((new.dispatched_at + 28800) / 86400, (new.reply_due_at + 28800) / 86400,
            new.matter, new.category, 1)
    ON CONFLICT (day, due_day, matter, category) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ticket_facts_open_sub AFTER DELETE ON ticket_facts
WHEN old.lead = 1 AND old.status IN ('pending_ack', 'in_progress', 'redo') BEGIN
    UPDATE assessment_open SET n = n - 1
    WHERE day = (old.dispatched_at + 28800) / 86400
      AND due_day = (old.reply_due_at + 28800) / 86400
      AND matter = old.matter AND category = old.category;
END;
-- The open lead tickets of one deadline day due before an instant (deadlines cluster at the
-- end of an office day: the part before a working-hours instant is small).
CREATE INDEX ticket_facts_open_before
    ON ticket_facts ((reply_due_at + 28800) / 86400, reply_due_at, dispatched_at, matter,
                     category)
    WHERE lead = 1 AND status IN ('pending_ack', 'in_progress', 'redo');
-- The open lead tickets of one deadline day and one period (most of a day's deadlines may
-- belong to tickets of another period), for the at-risk list in deadline order.
CREATE INDEX ticket_facts_open_due
    ON ticket_facts ((reply_due_at + 28800) / 86400, dispatched_at, reply_due_at, ticket_id)
    WHERE lead = 1 AND status IN ('pending_ack', 'in_progress', 'redo');
