-- 012: the district's working-day calendar per year (issue 14), as last fetched from
-- `GET /calendar/{year}`. Shipped: never edit, append a new file.
CREATE TABLE calendar_years (
    year          INTEGER PRIMARY KEY,
    -- The district's answer (contract JSON); NULL while it says "not published" (404).
    body          TEXT,
    -- Server time (ms) the body was fetched; NULL with body.
    fetched_at_ms INTEGER,
    -- Server time (ms) the district was last asked for this year, whatever it said.
    checked_at_ms INTEGER NOT NULL
) STRICT;
