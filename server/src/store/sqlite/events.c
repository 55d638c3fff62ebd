/*
 * store/sqlite/events.c - raw events (checks, reports) and the retention purge.
 */
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "catalog/version_key.h"
#include "store/sqlite/internal.h"

/* "18446744073709551615" plus the NUL. */
#define HASH_TEXT_MAX 21
/* ":" column "_key" NUL: columns are short identifiers. */
#define BEACOND_SQLITE_PARAM_MAX 64

/* The index of stmt's parameter :column; 0 (binding it fails with
 * SQLITE_RANGE) when the statement has none of that name. */
static int param(sqlite3_stmt *stmt, const char *column, const char *suffix)
{
	char name[BEACOND_SQLITE_PARAM_MAX];

	snprintf(name, sizeof(name), ":%s%s", column, suffix);
	return sqlite3_bind_parameter_index(stmt, name);
}

/* Bind the version and its sortable key (NULL when it does not parse). */
static int bind_version(sqlite3_stmt *stmt, const char *column,
			const char *version)
{
	char key[BEACOND_VERSION_KEY_MAX];
	int idx = param(stmt, column, "_key");
	int rc =
	    beacond_sqlite_bind_text(stmt, param(stmt, column, ""), version);

	if (rc != SQLITE_OK)
		return rc;
	if (!version || beacond_version_key(version, key, sizeof(key)) < 0)
		return sqlite3_bind_null(stmt, idx);
	return sqlite3_bind_text(stmt, idx, key, -1, SQLITE_TRANSIENT);
}

/* The id of the configurations row holding text (new if none did). */
static int config_id(beacond_sqlite_store *store, const char *text,
		     sqlite3_int64 *id)
{
	sqlite3_stmt *find = store->w[BEACOND_WSTMT_CONFIG_FIND];
	sqlite3_stmt *add = store->w[BEACOND_WSTMT_CONFIG_INSERT];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	int rc;

	if (EVP_Digest(text, strlen(text), md, &mdlen, EVP_sha256(), NULL) != 1)
		return SQLITE_NOMEM;
	rc = sqlite3_bind_blob(find, 1, md, (int)mdlen, SQLITE_STATIC);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(find);
		if (rc == SQLITE_ROW)
			*id = sqlite3_column_int64(find, 0);
		rc = rc == SQLITE_ROW    ? SQLITE_ROW
		     : rc == SQLITE_DONE ? SQLITE_OK
					 : rc;
	}
	sqlite3_reset(find);
	sqlite3_clear_bindings(find);
	if (rc != SQLITE_OK)
		return rc == SQLITE_ROW ? SQLITE_OK : rc;
	rc = sqlite3_bind_blob(add, 1, md, (int)mdlen, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = beacond_sqlite_bind_text(add, 2, text);
	rc = beacond_sqlite_finish(add, rc);
	if (rc == SQLITE_OK)
		*id = sqlite3_last_insert_rowid(store->wdb);
	return rc;
}

/* The configuration's row, NULL without a configuration. */
static int bind_config(beacond_sqlite_store *store, sqlite3_stmt *stmt, int idx,
		       const char *text)
{
	sqlite3_int64 id = 0;
	int rc;

	if (text == NULL)
		return sqlite3_bind_null(stmt, idx);
	rc = config_id(store, text, &id);
	return rc == SQLITE_OK ? sqlite3_bind_int64(stmt, idx, id) : rc;
}

/* Bind ev's string members (beacond_event_texts) by column name. */
static int bind_texts(beacond_sqlite_store *store, sqlite3_stmt *stmt,
		      const beacond_event *ev)
{
	size_t n = 0, i;
	const beacond_event_text *rows = beacond_event_texts(ev->kind, &n);
	int rc = SQLITE_OK;

	for (i = 0; i < n && rc == SQLITE_OK; i++) {
		const beacond_event_text *row = &rows[i];
		const char *text = *beacond_event_text_slot(
		    (beacond_event *)(uintptr_t)ev, row);

		if (row->use == BEACOND_TEXT_VERSION)
			rc = bind_version(stmt, row->column, text);
		else if (row->use == BEACOND_TEXT_CONFIG)
			rc = bind_config(store, stmt,
					 param(stmt, row->column, ""), text);
		else
			rc = beacond_sqlite_bind_text(
			    stmt, param(stmt, row->column, ""), text);
	}
	return rc;
}

static int insert_check(beacond_sqlite_store *store, const beacond_event *ev)
{
	sqlite3_stmt *stmt = store->w[BEACOND_WSTMT_INSERT_CHECK];
	const beacond_check_event *c = &ev->u.check;
	int rc = sqlite3_bind_int64(stmt, param(stmt, "ts", ""), ev->time);

	if (rc == SQLITE_OK)
		rc = bind_texts(store, stmt, ev);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(
		    stmt, param(stmt, "count", ""),
		    c->count == 0 ? 1 : (sqlite3_int64)c->count);
	if (rc == SQLITE_OK && c->first_of_day != BEACOND_DAY_UNKNOWN)
		rc = sqlite3_bind_int(stmt, param(stmt, "first_of_day", ""),
				      c->first_of_day == BEACOND_DAY_FIRST);
	return beacond_sqlite_finish(stmt, rc);
}

static int insert_report(beacond_sqlite_store *store, const beacond_event *ev)
{
	sqlite3_stmt *stmt = store->w[BEACOND_WSTMT_INSERT_REPORT];
	const beacond_report_event *r = &ev->u.report;
	char hash[HASH_TEXT_MAX];
	int rc = sqlite3_bind_int64(stmt, param(stmt, "ts", ""), ev->time);

	snprintf(hash, sizeof(hash), "%" PRIu64, r->hash);
	if (rc == SQLITE_OK)
		rc = bind_texts(store, stmt, ev);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, param(stmt, "hash", ""), hash, -1,
				       SQLITE_TRANSIENT);
	if (rc == SQLITE_OK && r->schema_version != 0)
		rc = sqlite3_bind_int(stmt, param(stmt, "schema_version", ""),
				      r->schema_version);
	return beacond_sqlite_finish(stmt, rc);
}

static int insert_event(beacond_sqlite_store *store, const beacond_event *ev)
{
	if (ev->kind == BEACOND_EVENT_CHECK && ev->u.check.product)
		return insert_check(store, ev);
	if (ev->kind == BEACOND_EVENT_REPORT && ev->u.report.product)
		return insert_report(store, ev);
	return SQLITE_MISUSE;
}

typedef struct batch_ctx {
	const beacond_event *events;
	size_t count;
} batch_ctx;

static int insert_all(beacond_sqlite_store *store, void *arg)
{
	const batch_ctx *b = arg;
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < b->count && rc == SQLITE_OK; i++)
		rc = insert_event(store, &b->events[i]);
	return rc;
}

int beacond_sqlite_record_batch(beacond_store *base,
				const beacond_event *events, size_t count,
				beacon_error_detail *err)
{
	beacond_sqlite_store *store = (beacond_sqlite_store *)base;
	batch_ctx b = { events, count };

	if (!store || (!events && count > 0))
		return beacon_error_set(err, BEACON_EINVAL, "store", 0, 0,
					"invalid batch");
	return beacond_sqlite_transaction(store, insert_all, &b, "record", err);
}

typedef struct purge_ctx {
	int64_t older_than;
	int64_t deleted; /* by the last chunk */
} purge_ctx;

/* One chunk: at most BEACON_STORE_PURGE_CHUNK rows of each table. */
static int purge_chunk(beacond_sqlite_store *store, void *arg)
{
	static const int purges[] = { BEACOND_WSTMT_PURGE_CHECKS,
				      BEACOND_WSTMT_PURGE_REPORTS };
	purge_ctx *p = arg;
	int rc = SQLITE_OK;
	size_t i;

	p->deleted = 0;
	for (i = 0; i < sizeof(purges) / sizeof(purges[0]); i++) {
		sqlite3_stmt *stmt = store->w[purges[i]];

		rc = sqlite3_bind_int64(stmt, 1, p->older_than);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(stmt, 2,
						BEACON_STORE_PURGE_CHUNK);
		rc = beacond_sqlite_finish(stmt, rc);
		if (rc != SQLITE_OK)
			break;
		p->deleted += sqlite3_changes64(store->wdb);
	}
	return rc;
}

/* Configurations no report points to any more. */
static int purge_configs(beacond_sqlite_store *store, void *arg)
{
	(void)arg;
	return beacond_sqlite_finish(store->w[BEACOND_WSTMT_PURGE_CONFIGS],
				     SQLITE_OK);
}

/* Chunks, each its own transaction, so the writer's group commits
 * interleave with a large purge instead of waiting for all of it. */
int beacond_sqlite_purge(beacond_store *base, int64_t older_than,
			 int64_t *deleted, beacon_error_detail *err)
{
	beacond_sqlite_store *store = (beacond_sqlite_store *)base;
	purge_ctx p = { older_than, 0 };
	int64_t total = 0;
	int error = BEACON_OK;

	if (!store)
		return BEACON_EINVAL;
	do {
		error = beacond_sqlite_transaction(store, purge_chunk, &p,
						   "purge", err);
		total += error == BEACON_OK ? p.deleted : 0;
	} while (error == BEACON_OK && p.deleted > 0);
	if (error == BEACON_OK && total > 0)
		error = beacond_sqlite_transaction(store, purge_configs, NULL,
						   "purge", err);
	if (deleted)
		*deleted = total;
	return error;
}
