-- 0004_instances.sql - what counting instances needs in the raw tables.
--
-- checks.count: identical check events (same product, version, stored ip,
-- user agent, first_of_day and second) are coalesced by the writer into
-- one row; SUM(count) is the number of checks answered.
-- checks.first_of_day: 1 when the check was its instance's first of the
-- UTC day (a Beacon client sent Beacon-Last-Day absent or below today),
-- 0 for a repeat the same day, NULL when the client sends no Beacon
-- header at all (go-github, Traefik): those are "unidentified" and
-- counted by stored IP, as before.
-- reports.instance_id: the client's anonymous instance (payload
-- instanceId, 32 hex digits), NULL for clients that send none (Traefik),
-- which are counted as before by (product, ip, hash).
-- reports.report_id: the payload's reportId; report_ids remembers the ids
-- seen (purged after 7 days) so that a retried report is stored once.

ALTER TABLE checks ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE checks ADD COLUMN first_of_day INTEGER
    CHECK (first_of_day IN (0, 1));

ALTER TABLE reports ADD COLUMN instance_id TEXT;
ALTER TABLE reports ADD COLUMN report_id TEXT;

CREATE INDEX reports_instance_id ON reports (product, instance_id, ts)
    WHERE instance_id IS NOT NULL;

CREATE TABLE report_ids (
    report_id TEXT    PRIMARY KEY,
    ts        INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX report_ids_ts ON report_ids (ts);
