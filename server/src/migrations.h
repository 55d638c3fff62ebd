/*
 * migrations.h - the SQL migrations of schema/sqlite, embedded at build time
 * (server/cmake/EmbedMigrations.cmake generates the definitions).
 */
#ifndef BEACON_SERVER_MIGRATIONS_H
#define BEACON_SERVER_MIGRATIONS_H

#include <stddef.h>

typedef struct beacon_migration {
	int number;       /* from the file name: 0001_init.sql -> 1 */
	const char *name; /* file name */
	const char *sql;  /* the whole file, NUL-terminated */
} beacon_migration;

/* Sorted by number; static data. */
extern const beacon_migration beacon_migrations[];
extern const size_t beacon_migrations_count;

#endif /* BEACON_SERVER_MIGRATIONS_H */
