-- 0002_views.sql - dashboard views. Names and columns are stable: operators
-- and dashboards query them with SQL.
--
--   v_latest_reports            the latest report of each instance (all
--                               columns of reports); an instance is
--                               (product, ip, hash), ip NULL counting as one
--   v_checks_per_day            day, product, version, checks
--   v_active_instances_per_day  day, product, instances (distinct ip + hash
--                               reporting that day)
--   v_version_adoption          product, version, instances, share (0..1 of
--                               the product's instances, latest reports)
--   v_outdated_instances        product, ip, hash, version, latest_version,
--                               last_seen: latest report per instance whose
--                               version is below the newest stable (not
--                               prerelease, not draft) release of its product
--   v_feature_usage             product, feature, instances: each path of
--                               the stored anonymized configuration
--                               ("providers.docker.exposedByDefault"; paths
--                               inside arrays are not listed), counted over
--                               the latest report per instance
--   v_config_clusters           product, hash, instances, versions (comma-
--                               separated distinct versions)
--
-- day is 'YYYY-MM-DD' (UTC). "Latest report" is taken over the reports the
-- retention purge has kept.

CREATE VIEW v_latest_reports AS
SELECT id, ts, product, version, version_key, codename, build_date, hash,
       configuration, ip, os, arch, schema_version, user_agent
FROM (
    SELECT r.*,
           row_number() OVER (
               PARTITION BY r.product, coalesce(r.ip, ''), r.hash
               ORDER BY r.ts DESC, r.id DESC
           ) AS rn
    FROM reports AS r
)
WHERE rn = 1;

CREATE VIEW v_checks_per_day AS
SELECT date(ts, 'unixepoch') AS day, product, version, count(*) AS checks
FROM checks
GROUP BY day, product, version;

CREATE VIEW v_active_instances_per_day AS
SELECT date(ts, 'unixepoch') AS day, product,
       count(DISTINCT coalesce(ip, '') || '|' || hash) AS instances
FROM reports
GROUP BY day, product;

CREATE VIEW v_version_adoption AS
SELECT l.product, l.version, count(*) AS instances,
       CAST(count(*) AS REAL) / t.total AS share
FROM v_latest_reports AS l
JOIN (
    SELECT product, count(*) AS total FROM v_latest_reports GROUP BY product
) AS t ON t.product = l.product
GROUP BY l.product, l.version;

CREATE VIEW v_newest_stable AS
SELECT product, tag, version_key
FROM (
    SELECT product, tag, version_key,
           row_number() OVER (
               PARTITION BY product ORDER BY version_key DESC, id DESC
           ) AS rn
    FROM releases
    WHERE prerelease = 0 AND draft = 0
)
WHERE rn = 1;

CREATE VIEW v_outdated_instances AS
SELECT l.product, l.ip, l.hash, l.version, s.tag AS latest_version,
       datetime(l.ts, 'unixepoch') AS last_seen
FROM v_latest_reports AS l
JOIN v_newest_stable AS s ON s.product = l.product
WHERE l.version_key IS NOT NULL AND l.version_key < s.version_key;

CREATE VIEW v_feature_usage AS
SELECT l.product, substr(j.fullkey, 3) AS feature, count(DISTINCT l.id) AS instances
FROM v_latest_reports AS l,
     json_tree(CASE WHEN json_valid(l.configuration)
                    THEN l.configuration ELSE '{}' END) AS j
WHERE j.key IS NOT NULL
  AND typeof(j.key) = 'text'
  AND instr(j.fullkey, '[') = 0
GROUP BY l.product, feature;

CREATE VIEW v_config_clusters AS
SELECT product, hash, count(*) AS instances,
       group_concat(DISTINCT coalesce(version, '')) AS versions
FROM v_latest_reports
GROUP BY product, hash;
