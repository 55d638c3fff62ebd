-- 0001_init.sql - beacond's tables: raw events and the release catalog.
--
-- Times are Unix seconds (UTC). version_key columns hold a sortable text key
-- computed in C from the version string (server/src/catalog/version_key.c,
-- go-version ordering): comparing two keys with < compares the versions.
-- NULL when the version is absent or does not parse.
-- The config hash is the TEXT of its unsigned decimal uint64 (SQLite
-- integers are signed 64-bit).

CREATE TABLE checks (
    id          INTEGER PRIMARY KEY,
    ts          INTEGER NOT NULL,
    product     TEXT    NOT NULL COLLATE NOCASE,
    version     TEXT,
    version_key TEXT,
    ip          TEXT,
    user_agent  TEXT
);

CREATE INDEX checks_ts ON checks (ts);
CREATE INDEX checks_product_ts ON checks (product, ts);

CREATE TABLE reports (
    id             INTEGER PRIMARY KEY,
    ts             INTEGER NOT NULL,
    product        TEXT    NOT NULL COLLATE NOCASE,
    version        TEXT,
    version_key    TEXT,
    codename       TEXT,
    build_date     TEXT,
    hash           TEXT    NOT NULL,
    configuration  TEXT,
    ip             TEXT,
    os             TEXT,
    arch           TEXT,
    schema_version INTEGER,
    user_agent     TEXT
);

CREATE INDEX reports_ts ON reports (ts);
CREATE INDEX reports_instance ON reports (product, ip, hash, ts);

-- published_at is normalized RFC 3339 UTC ("2024-07-01T00:00:00Z"), so text
-- order is time order.
CREATE TABLE releases (
    id           INTEGER PRIMARY KEY,
    product      TEXT    NOT NULL COLLATE NOCASE,
    tag          TEXT    NOT NULL,
    version_key  TEXT    NOT NULL,
    name         TEXT,
    body         TEXT,
    url          TEXT,
    published_at TEXT    NOT NULL,
    prerelease   INTEGER NOT NULL DEFAULT 0 CHECK (prerelease IN (0, 1)),
    draft        INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1)),
    UNIQUE (product, tag)
);

CREATE INDEX releases_order ON releases (product, published_at, id);

-- Catalog generation: bumped by every change to releases, by any
-- connection of any process; a server compares it to its cached value.
CREATE TABLE catalog_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);

INSERT INTO catalog_state (id, generation) VALUES (1, 1);

CREATE TRIGGER releases_gen_insert AFTER INSERT ON releases
BEGIN
    UPDATE catalog_state SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER releases_gen_update AFTER UPDATE ON releases
BEGIN
    UPDATE catalog_state SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER releases_gen_delete AFTER DELETE ON releases
BEGIN
    UPDATE catalog_state SET generation = generation + 1 WHERE id = 1;
END;
