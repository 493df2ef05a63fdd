-- 016: the 四早 medians' inputs per ticket (issue 16's page at 1M cached), written with the
-- facts row so that a period's medians read integers from one narrow index instead of
-- working out every ticket's times (and its working hours) at each report.
-- `ack_s`: lead tickets acked: acked_at - dispatched_at, seconds.
-- `margin_ws`: finished lead tickets with a reply: the working seconds from the last reply
-- to the reply deadline (negative when late) on the working-day calendar the store holds
-- (`calendar_years`, resolved as the desk does): recomputed for every row when that
-- calendar changes. The migration's hook fills both for a cache from before.
-- Shipped: never edit, append a new file.
ALTER TABLE ticket_facts ADD COLUMN ack_s INTEGER;
ALTER TABLE ticket_facts ADD COLUMN margin_ws INTEGER;
CREATE INDEX ticket_facts_lead
    ON ticket_facts (dispatched_at, matter, category, ack_s, margin_ws) WHERE lead = 1;
