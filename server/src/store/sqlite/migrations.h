/*
 * migrations.h - the SQL migrations of schema/sqlite, embedded at build time
 * (server/cmake/EmbedMigrations.cmake generates the definitions).
 */
#ifndef BEACOND_MIGRATIONS_H
#define BEACOND_MIGRATIONS_H

#include <stddef.h>

typedef struct beacond_migration {
	int number;       /* from the file name: 0001_init.sql -> 1 */
	const char *name; /* file name */
	const char *sql;  /* the whole file, NUL-terminated */
} beacond_migration;

/* Sorted by number; static data. */
extern const beacond_migration beacond_migrations[];
extern const size_t beacond_migrations_count;

#endif /* BEACOND_MIGRATIONS_H */
