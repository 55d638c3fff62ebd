/*
 * stats.h - `beacond stats`: a terminal summary of the fleet read from the
 * statistics reads of the store seam (store/store.h).
 */
#ifndef BEACOND_STATS_H
#define BEACOND_STATS_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "beacon/error.h"
#include "store/store.h"

/*
 * Run the summary reads (beacond_store_stats_rows) on store (borrowed)
 * and build the document:
 * {"now","since","product","instances":{"day","week"},"checkers":{"day",
 * "week"},"versions":[...],"checkVersions":[...],"outdated":[...],
 * "providers":[...],"features":[...]}. *out: new (json_decref).
 * Returns BEACON_OK or a negative code with err naming the failed query.
 */
int beacond_stats_collect(json_t **out, beacond_store *store,
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
