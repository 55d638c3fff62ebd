/*
 * stats.h - `beacond stats`: a terminal summary of the fleet read from the
 * dashboard views (schema/sqlite/0002_views.sql) of a beacond database.
 */
#ifndef BEACOND_STATS_H
#define BEACOND_STATS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

#include "beacon/error.h"

/* What to summarize. product NULL: every product. Times are Unix seconds. */
typedef struct beacond_stats_query {
	int64_t now;
	int64_t since;       /* reports and checks at or after this time */
	const char *product; /* borrowed */
} beacond_stats_query;

/*
 * Run the summary queries on db (borrowed) and build the document:
 * {"now","since","product","instances":{"day","week"},"checkers":{"day",
 * "week"},"versions":[...],"checkVersions":[...],"outdated":[...],
 * "providers":[...],"features":[...]}. *out: new (json_decref).
 * Returns BEACON_OK or a negative code with err naming the failed query.
 */
int beacond_stats_collect(json_t **out, sqlite3 *db,
			  const beacond_stats_query *q,
			  beacon_error_detail *err);

/* Print the document of beacond_stats_collect for a terminal. */
void beacond_stats_render(FILE *out, const json_t *doc);

/*
 * `beacond stats`: argv[0] is "stats". Prints on stdout, one-line errors
 * on stderr. Returns the exit status: 0 ok, 1 failed, 2 usage error.
 */
int beacond_stats_main(int argc, char **argv);

#endif /* BEACOND_STATS_H */
