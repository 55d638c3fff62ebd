/*
 * store/sqlite/internal.h - the SQLite store's private state, shared by
 * open.c (open, migrate, close, the backend table), events.c (events,
 * purge), catalog.c (releases), checkpoint.c and stats.c. Not part of the
 * seam.
 */
#ifndef BEACOND_STORE_INTERNAL_H
#define BEACOND_STORE_INTERNAL_H

#include <pthread.h>
#include <sqlite3.h>

#include "store/sqlite/sqlite.h"

/* Statements of the write connection, prepared once at open. */
enum beacond_store_wstmt {
	BEACOND_WSTMT_BEGIN,
	BEACOND_WSTMT_COMMIT,
	BEACOND_WSTMT_ROLLBACK,
	BEACOND_WSTMT_INSERT_CHECK,
	BEACOND_WSTMT_INSERT_REPORT,
	BEACOND_WSTMT_PURGE_CHECKS,
	BEACOND_WSTMT_PURGE_REPORTS,
	BEACOND_WSTMT_PURGE_CONFIGS,
	BEACOND_WSTMT_CONFIG_FIND,
	BEACOND_WSTMT_CONFIG_INSERT,
	BEACOND_WSTMT_RELEASE_INSERT,
	BEACOND_WSTMT_RELEASE_DELETE,
	BEACOND_WSTMT_RELEASE_UPSERT,
	BEACOND_WSTMT_COUNT
};

/* Statements of the read connection, prepared once at open. */
enum beacond_store_rstmt {
	BEACOND_RSTMT_GENERATION,
	BEACOND_RSTMT_LIST_PRODUCT,
	BEACOND_RSTMT_LIST_ALL,
	BEACOND_RSTMT_COUNT
};

/* The SQLite handle; base first, so a beacond_store * of this backend is
 * one of these (beacond_sqlite_of). */
typedef struct beacond_sqlite_store {
	beacond_store base;
	sqlite3 *wdb; /* events, purge, catalog edits; under wlock */
	sqlite3 *rdb; /* catalog reads, generation; under rlock */
	pthread_mutex_t wlock;
	pthread_mutex_t rlock;
	sqlite3_stmt *w[BEACOND_WSTMT_COUNT];
	sqlite3_stmt *r[BEACOND_RSTMT_COUNT];
	/* WAL checkpoints on their own thread (checkpoint.c). */
	sqlite3 *cdb;
	pthread_t cthread;
	pthread_mutex_t clock;
	pthread_cond_t cwake;
	int cstop;        /* under clock */
	int cidle;        /* under clock: the thread waits for a commit */
	uint64_t commits; /* under clock: commits of the writer so far */
	int crunning;     /* thread started */
	int csynced;      /* clock and cwake initialized */
} beacond_sqlite_store;

/* The backend table's entries (store/backend.h gives their contracts: the
 * store.h calls of the same name); store is never NULL. */
void beacond_sqlite_close(beacond_store *store);
int beacond_sqlite_record_batch(beacond_store *store,
				const beacond_event *events, size_t count,
				beacon_error_detail *err);
int beacond_sqlite_purge(beacond_store *store, int64_t older_than,
			 int64_t *deleted, beacon_error_detail *err);
int beacond_sqlite_release_add(beacond_store *store, const beacond_release *rel,
			       int64_t *id_out, beacon_error_detail *err);
int beacond_sqlite_release_import(beacond_store *store,
				  const beacond_release *rels, size_t count,
				  beacon_error_detail *err);
int beacond_sqlite_release_remove(beacond_store *store, const char *product,
				  const char *tag, beacon_error_detail *err);
int beacond_sqlite_release_list(beacond_store *store, const char *product,
				beacond_release_list **out,
				beacon_error_detail *err);
int beacond_sqlite_catalog_generation(beacond_store *store, int64_t *out);
int beacond_sqlite_stats_rows(beacond_store *store, beacond_stats_part part,
			      const beacond_stats_query *q, json_t *rows,
			      beacon_error_detail *err);

/* Start the checkpoint thread on cdb (steals it, closed on failure too)
 * and lower the writer's autocheckpoint to a safety net. */
int beacond_sqlite_checkpointer_start(beacond_sqlite_store *store, sqlite3 *cdb,
				      beacon_error_detail *err);

/* The writer committed: count it, wake an idle checkpoint thread. */
void beacond_sqlite_checkpointer_note_commit(beacond_sqlite_store *store);

/* Stop and join the thread, close its connection. Safe when not started. */
void beacond_sqlite_checkpointer_stop(beacond_sqlite_store *store);

/* Map an SQLite result code to a beacon_error_code. */
int beacond_sqlite_map_rc(int rc);

/* Fill err from db's last error; returns the mapped code of rc. */
int beacond_sqlite_fail(beacon_error_detail *err, sqlite3 *db, int rc,
			const char *what);

/*
 * Finish one use of a statement that returns no row: when rc (the result of
 * its binds) is SQLITE_OK, step it to SQLITE_DONE; then reset it and clear
 * its bindings whatever happened. Returns SQLITE_OK or the failing code.
 */
int beacond_sqlite_finish(sqlite3_stmt *stmt, int rc);

/* Bind text or NULL (SQLITE_STATIC: values outlive the step). */
int beacond_sqlite_bind_text(sqlite3_stmt *stmt, int idx, const char *text);

/* Work done inside a write transaction; returns an SQLite result code
 * (SQLITE_MISUSE for malformed input). */
typedef int (*beacond_sqlite_tx_fn)(beacond_sqlite_store *store, void *ctx);

/*
 * Run fn in one BEGIN IMMEDIATE ... COMMIT on the write connection, under
 * the write lock; roll back on any failure. Returns a beacon_error_code,
 * err (optional) names what and carries SQLite's message.
 */
int beacond_sqlite_transaction(beacond_sqlite_store *store,
			       beacond_sqlite_tx_fn fn, void *ctx,
			       const char *what, beacon_error_detail *err);

#endif /* BEACOND_STORE_INTERNAL_H */
