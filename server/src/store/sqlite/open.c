/*
 * store/sqlite/open.c - the SQLite store: open (create 0600, WAL, migrate),
 * statements prepared once, close (checkpoint), the backend table. Events
 * live in events.c, the release catalog in catalog.c, stats in stats.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "beacon/alloc.h"
#include "store/sqlite/internal.h"
#include "store/sqlite/migrations.h"

static const char *const wstmt_sql[BEACOND_WSTMT_COUNT] = {
	[BEACOND_WSTMT_BEGIN] = "BEGIN IMMEDIATE",
	[BEACOND_WSTMT_COMMIT] = "COMMIT",
	[BEACOND_WSTMT_ROLLBACK] = "ROLLBACK",
	[BEACOND_WSTMT_INSERT_CHECK] =
	    "INSERT INTO checks (ts, product, version, version_key, ip, "
	    "user_agent, count, first_of_day) VALUES (:ts, :product, :version, "
	    ":version_key, :ip, :user_agent, :count, :first_of_day)",
	[BEACOND_WSTMT_INSERT_REPORT] =
	    "INSERT INTO reports (ts, product, version, version_key, codename, "
	    "build_date, hash, config_id, ip, os, arch, schema_version, "
	    "user_agent, instance_id, report_id) VALUES (:ts, :product, "
	    ":version, :version_key, :codename, :build_date, :hash, "
	    ":config_id, "
	    ":ip, :os, :arch, :schema_version, :user_agent, :instance_id, "
	    ":report_id)",
	[BEACOND_WSTMT_PURGE_CHECKS] =
	    "DELETE FROM checks WHERE id IN "
	    "(SELECT id FROM checks WHERE ts < ?1 LIMIT ?2)",
	[BEACOND_WSTMT_PURGE_REPORTS] =
	    "DELETE FROM reports WHERE id IN "
	    "(SELECT id FROM reports WHERE ts < ?1 LIMIT ?2)",
	[BEACOND_WSTMT_PURGE_CONFIGS] =
	    "DELETE FROM configurations WHERE id NOT IN "
	    "(SELECT config_id FROM reports WHERE config_id IS NOT NULL)",
	[BEACOND_WSTMT_CONFIG_FIND] =
	    "SELECT id FROM configurations WHERE digest = ?1",
	[BEACOND_WSTMT_CONFIG_INSERT] = "INSERT INTO configurations (digest, "
					"configuration) VALUES (?1, ?2)",
	[BEACOND_WSTMT_RELEASE_INSERT] =
	    "INSERT INTO releases (product, tag, version_key, name, body, url, "
	    "published_at, prerelease, draft) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9)",
	[BEACOND_WSTMT_RELEASE_DELETE] =
	    "DELETE FROM releases WHERE product = ?1 AND tag = ?2",
	[BEACOND_WSTMT_RELEASE_UPSERT] =
	    "INSERT INTO releases (product, tag, version_key, name, body, url, "
	    "published_at, prerelease, draft) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "coalesce(?7, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), ?8, ?9) "
	    "ON CONFLICT (product, tag) DO UPDATE SET "
	    "version_key = excluded.version_key, name = excluded.name, "
	    "body = excluded.body, url = excluded.url, "
	    "published_at = coalesce(?7, published_at), "
	    "prerelease = excluded.prerelease, draft = excluded.draft",
};

/* Listing columns: defaults applied in SQL so every string is non-NULL. */
#define BEACOND_RELEASE_COLUMNS                                              \
	"SELECT id, product, tag, coalesce(name, tag), coalesce(body, ''), " \
	"coalesce(url, 'https://github.com/' || product || "                 \
	"'/releases/tag/' || tag), published_at, prerelease, draft "         \
	"FROM releases "

static const char *const rstmt_sql[BEACOND_RSTMT_COUNT] = {
	[BEACOND_RSTMT_GENERATION] =
	    "SELECT generation FROM catalog_state WHERE id = 1",
	[BEACOND_RSTMT_LIST_PRODUCT] = BEACOND_RELEASE_COLUMNS
	"WHERE product = ?1 ORDER BY published_at DESC, id DESC",
	[BEACOND_RSTMT_LIST_ALL] = BEACOND_RELEASE_COLUMNS
	"ORDER BY product, published_at DESC, id DESC",
};

int beacond_sqlite_map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return BEACON_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return BEACON_EBUSY;
	case SQLITE_NOMEM:
		return BEACON_ENOMEM;
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
	case SQLITE_TOOBIG:
	case SQLITE_RANGE:
		return BEACON_EINVAL;
	default:
		return BEACON_EIO;
	}
}

int beacond_sqlite_fail(beacon_error_detail *err, sqlite3 *db, int rc,
			const char *what)
{
	int code = beacond_sqlite_map_rc(rc);

	if (code == BEACON_OK)
		code = BEACON_ERROR;
	return beacon_error_set(err, code, what, 0, 0, "%s",
				db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

int beacond_sqlite_finish(sqlite3_stmt *stmt, int rc)
{
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc;
}

int beacond_sqlite_bind_text(sqlite3_stmt *stmt, int idx, const char *text)
{
	if (!text)
		return sqlite3_bind_null(stmt, idx);
	return sqlite3_bind_text(stmt, idx, text, -1, SQLITE_STATIC);
}

int beacond_sqlite_transaction(beacond_sqlite_store *store,
			       beacond_sqlite_tx_fn fn, void *ctx,
			       const char *what, beacon_error_detail *err)
{
	int error = BEACON_OK;
	int rc;

	pthread_mutex_lock(&store->wlock);
	rc = beacond_sqlite_finish(store->w[BEACOND_WSTMT_BEGIN], SQLITE_OK);
	if (rc == SQLITE_OK)
		rc = fn(store, ctx);
	if (rc == SQLITE_OK)
		rc = beacond_sqlite_finish(store->w[BEACOND_WSTMT_COMMIT],
					   SQLITE_OK);
	if (rc == SQLITE_MISUSE)
		error = beacon_error_set(err, BEACON_EINVAL, what, 0, 0,
					 "malformed input");
	else if (rc != SQLITE_OK)
		error = beacond_sqlite_fail(err, store->wdb, rc, what);
	if (rc != SQLITE_OK && !sqlite3_get_autocommit(store->wdb))
		beacond_sqlite_finish(store->w[BEACOND_WSTMT_ROLLBACK],
				      SQLITE_OK);
	pthread_mutex_unlock(&store->wlock);
	if (rc == SQLITE_OK)
		beacond_sqlite_checkpointer_note_commit(store);
	return error;
}

int beacond_sqlite_schema_version(void)
{
	if (beacond_migrations_count == 0)
		return 0;
	return beacond_migrations[beacond_migrations_count - 1].number;
}

/* Create the file with mode 0600 if it does not exist yet, so the database
 * (and its -wal/-shm, which SQLite creates with the same mode) is private. */
static int create_private(const char *path, beacon_error_detail *err)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		return beacon_error_set(err, BEACON_EIO, path, 0, 0,
					"cannot create the database file: %s",
					strerror(errno));
	close(fd);
	return BEACON_OK;
}

static int query_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(stmt, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int apply_migrations(sqlite3 *db, int64_t from, beacon_error_detail *err)
{
	char pragma[64];
	int rc = SQLITE_OK;
	size_t i;

	for (i = 0; i < beacond_migrations_count && rc == SQLITE_OK; i++) {
		const beacond_migration *m = &beacond_migrations[i];

		if (m->number != (int)i + 1)
			return beacon_error_set(err, BEACON_ERROR, m->name, 0,
						0, "migration out of sequence");
		if (m->number <= from)
			continue;
		rc = sqlite3_exec(db, m->sql, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return beacond_sqlite_fail(err, db, rc, m->name);
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		 beacond_sqlite_schema_version());
	rc = sqlite3_exec(db, pragma, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return beacond_sqlite_fail(err, db, rc, "user_version");
	return BEACON_OK;
}

/* Apply the missing migrations in one transaction; refuse a newer schema. */
static int migrate(sqlite3 *db, const char *path, beacon_error_detail *err)
{
	int64_t current = 0;
	int error;
	int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return beacond_sqlite_fail(err, db, rc, path);
	rc = query_int(db, "PRAGMA user_version", &current);
	if (rc != SQLITE_OK) {
		error = beacond_sqlite_fail(err, db, rc, path);
		goto cleanup;
	}
	if (current > beacond_sqlite_schema_version()) {
		error = beacon_error_set(
		    err, BEACON_EINVAL, path, 0, 0,
		    "database schema version %lld is newer than this "
		    "beacond's (%d)",
		    (long long)current, beacond_sqlite_schema_version());
		goto cleanup;
	}
	if (current == beacond_sqlite_schema_version()) {
		error = BEACON_OK;
		goto cleanup;
	}
	error = apply_migrations(db, current, err);
	if (error == BEACON_OK) {
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			error = beacond_sqlite_fail(err, db, rc, path);
	}

cleanup:
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return error;
}

static int open_conn(sqlite3 **out, const beacond_store_options *opts,
		     int flags, beacon_error_detail *err)
{
	int rc =
	    sqlite3_open_v2(opts->path, out, flags | SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK) {
		/* Read the message first, then close even a failed handle. */
		beacond_sqlite_fail(err, *out, rc, opts->path);
		sqlite3_close(*out);
		*out = NULL;
		return beacond_sqlite_map_rc(rc) ? beacond_sqlite_map_rc(rc)
						 : BEACON_EIO;
	}
	sqlite3_extended_result_codes(*out, 1);
	sqlite3_busy_timeout(*out, opts->busy_timeout_ms);
	return BEACON_OK;
}

static int configure_writer(sqlite3 *db, const beacond_store_options *opts,
			    beacon_error_detail *err)
{
	char mode[16] = "";
	sqlite3_stmt *stmt = NULL;
	int rc =
	    sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);

	if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		snprintf(mode, sizeof(mode), "%s",
			 (const char *)sqlite3_column_text(stmt, 0));
	rc = sqlite3_finalize(stmt);
	if (rc != SQLITE_OK)
		return beacond_sqlite_fail(err, db, rc, opts->path);
	if (strcmp(mode, "wal") != 0)
		return beacon_error_set(err, BEACON_EIO, opts->path, 0, 0,
					"cannot enable WAL (journal mode %s)",
					mode);
	rc = sqlite3_exec(db,
			  opts->synchronous == BEACOND_STORE_SYNC_NORMAL
			      ? "PRAGMA synchronous=NORMAL"
			      : "PRAGMA synchronous=FULL",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return beacond_sqlite_fail(err, db, rc, opts->path);
	return BEACON_OK;
}

static int prepare_set(sqlite3 *db, const char *const *sql,
		       sqlite3_stmt **stmts, int count,
		       beacon_error_detail *err)
{
	int rc;
	int i;

	for (i = 0; i < count; i++) {
		rc = sqlite3_prepare_v3(
		    db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &stmts[i], NULL);
		if (rc != SQLITE_OK)
			return beacond_sqlite_fail(err, db, rc, "prepare");
	}
	return BEACON_OK;
}

static int prepare_all(beacond_sqlite_store *store, beacon_error_detail *err)
{
	int error = prepare_set(store->wdb, wstmt_sql, store->w,
				BEACOND_WSTMT_COUNT, err);

	if (error == BEACON_OK)
		error = prepare_set(store->rdb, rstmt_sql, store->r,
				    BEACOND_RSTMT_COUNT, err);
	return error;
}

static int start_checkpointer(beacond_sqlite_store *store,
			      const beacond_store_options *opts,
			      beacon_error_detail *err)
{
	sqlite3 *cdb = NULL;
	int error = open_conn(&cdb, opts, SQLITE_OPEN_READWRITE, err);
	int rc;

	if (error < 0)
		return error;
	rc = sqlite3_exec(cdb,
			  opts->synchronous == BEACOND_STORE_SYNC_NORMAL
			      ? "PRAGMA synchronous=NORMAL"
			      : "PRAGMA synchronous=FULL",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		error = beacond_sqlite_fail(err, cdb, rc, opts->path);
		sqlite3_close(cdb);
		return error;
	}
	return beacond_sqlite_checkpointer_start(store, cdb, err);
}

static int open_connections(beacond_sqlite_store *store,
			    const beacond_store_options *opts,
			    beacon_error_detail *err)
{
	int error = create_private(opts->path, err);

	if (error == BEACON_OK)
		error =
		    open_conn(&store->wdb, opts,
			      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
	if (error == BEACON_OK)
		error = configure_writer(store->wdb, opts, err);
	if (error == BEACON_OK)
		error = migrate(store->wdb, opts->path, err);
	if (error == BEACON_OK)
		error = open_conn(&store->rdb, opts, SQLITE_OPEN_READONLY, err);
	if (error == BEACON_OK)
		error = prepare_all(store, err);
	if (error == BEACON_OK)
		error = start_checkpointer(store, opts, err);
	return error;
}

static const beacond_store_backend sqlite_backend = {
	"sqlite",
	beacond_sqlite_close,
	beacond_sqlite_record_batch,
	beacond_sqlite_purge,
	beacond_sqlite_release_add,
	beacond_sqlite_release_import,
	beacond_sqlite_release_remove,
	beacond_sqlite_release_list,
	beacond_sqlite_catalog_generation,
	beacond_sqlite_stats_rows,
};

/* A new handle, no connection yet; NULL when out of memory. */
static beacond_sqlite_store *handle_new(void)
{
	beacond_sqlite_store *store = beacon_calloc(1, sizeof(*store));

	if (!store)
		return NULL;
	store->base.backend = &sqlite_backend;
	pthread_mutex_init(&store->wlock, NULL);
	pthread_mutex_init(&store->rlock, NULL);
	return store;
}

/*
 * opts validated by store.c. existing: one connection (rdb) to a database
 * that must exist, opened read-write as `beacond stats` always did (a
 * reader of a WAL database may need to create its -shm); not migrated.
 */
int beacond_sqlite_open(beacond_store **out, const beacond_store_options *opts,
			int existing, beacon_error_detail *err)
{
	beacond_sqlite_store *store = NULL;
	int error;

	*out = NULL;
	store = handle_new();
	if (!store)
		return beacon_error_set(err, BEACON_ENOMEM, "store", 0, 0,
					"out of memory");
	error = existing
		    ? open_conn(&store->rdb, opts, SQLITE_OPEN_READWRITE, err)
		    : open_connections(store, opts, err);
	if (error < 0)
		goto cleanup;
	*out = &store->base;
	store = NULL;

cleanup:
	beacond_sqlite_close(store ? &store->base : NULL);
	return error;
}

void beacond_sqlite_close(beacond_store *base)
{
	beacond_sqlite_store *store = (beacond_sqlite_store *)base;
	int i;

	if (!store)
		return;
	beacond_sqlite_checkpointer_stop(store);
	for (i = 0; i < BEACOND_RSTMT_COUNT; i++)
		sqlite3_finalize(store->r[i]);
	for (i = 0; i < BEACOND_WSTMT_COUNT; i++)
		sqlite3_finalize(store->w[i]);
	sqlite3_close(store->rdb);
	/* PASSIVE: never waits for another process's readers or writer (a
	 * `beacond release` beside a busy server must not stall). When this
	 * is the last connection, sqlite3_close checkpoints fully and removes
	 * the WAL anyway. */
	if (store->wdb)
		sqlite3_exec(store->wdb, "PRAGMA wal_checkpoint(PASSIVE)", NULL,
			     NULL, NULL);
	sqlite3_close(store->wdb);
	pthread_mutex_destroy(&store->rlock);
	pthread_mutex_destroy(&store->wlock);
	beacon_free(store);
}
