/*
 * store/sqlite/sqlite.h - the constructors of the SQLite backend, for
 * store/store.c only (everything else reaches SQLite through store.h).
 */
#ifndef BEACOND_STORE_SQLITE_H
#define BEACOND_STORE_SQLITE_H

#include "store/backend.h"

/* beacond_store_open (existing 0) or beacond_store_open_existing
 * (existing 1) for a file path, opts already validated. *out: new, its
 * backend the SQLite table; free with beacond_store_close(). */
int beacond_sqlite_open(beacond_store **out, const beacond_store_options *opts,
			int existing, beacon_error_detail *err);

/* The highest embedded migration. */
int beacond_sqlite_schema_version(void);

#endif /* BEACOND_STORE_SQLITE_H */
