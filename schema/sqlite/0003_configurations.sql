-- 0003_configurations.sql - each distinct anonymized configuration stored
-- once.
--
-- A fleet's reports repeat the same few configurations (the config hash
-- names them). Storing ~2.4 KB of JSON in every report row made storage the
-- bound of report ingestion (tests/bench). New reports keep their
-- configuration in `configurations`, keyed by the SHA-256 of its text
-- (computed by beacond, not taken from the client's hash), and point to it
-- with reports.config_id; reports.configuration stays for rows stored
-- before this migration. Read reports with their configuration through
-- v_reports (all columns of reports, configuration resolved); the
-- dashboard views do the same. The retention purge deletes configurations
-- no report points to any more.

CREATE TABLE configurations (
    id            INTEGER PRIMARY KEY,
    digest        BLOB NOT NULL UNIQUE,
    configuration TEXT NOT NULL
);

ALTER TABLE reports ADD COLUMN config_id INTEGER REFERENCES configurations (id);

CREATE VIEW v_reports AS
SELECT r.id, r.ts, r.product, r.version, r.version_key, r.codename,
       r.build_date, r.hash, coalesce(r.configuration, c.configuration)
       AS configuration, r.ip, r.os, r.arch, r.schema_version, r.user_agent
FROM reports AS r
LEFT JOIN configurations AS c ON c.id = r.config_id;

DROP VIEW v_latest_reports;

CREATE VIEW v_latest_reports AS
SELECT id, ts, product, version, version_key, codename, build_date, hash,
       configuration, ip, os, arch, schema_version, user_agent
FROM (
    SELECT r.*,
           row_number() OVER (
               PARTITION BY r.product, coalesce(r.ip, ''), r.hash
               ORDER BY r.ts DESC, r.id DESC
           ) AS rn
    FROM v_reports AS r
)
WHERE rn = 1;
