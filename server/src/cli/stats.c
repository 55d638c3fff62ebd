/*
 * cli/stats.c - `beacond stats`: who runs which version with which
 * features, for an operator without SQL at hand. Opens an existing
 * database (never creates or migrates one) through the store seam and
 * assembles its statistics reads into one document.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "beacon/limits.h"
#include "catalog/import.h"
#include "cli/cli.h"
#include "cli/stats.h"

#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2
#define STATS_BUSY_TIMEOUT_MS 5000
/* Longest accepted --since, seconds (100 years). */
#define STATS_SINCE_MAX_S (100L * 365L * 86400L)

typedef struct stats_args {
	int json; /* --json */
	int help; /* --help, -h */
	/* Option values, borrowed from argv; NULL when not given. */
	const char *db;
	const char *config;
	const char *since;
	const char *product;
} stats_args;

static const char usage_text[] =
    "usage: beacond stats [--db PATH | --config FILE] [--since DURATION]\n"
    "                     [--product OWNER/REPO] [--json]\n"
    "Summarize the fleet from an existing beacond database: instances seen\n"
    "in the last day and week, version share, outdated instances with their\n"
    "IP and last report, top providers and features.\n"
    "  --db PATH             database file (default " BEACOND_CLI_DEFAULT_DB
    ")\n"
    "  --config FILE         take the database from this beacond config\n"
    "  --since DURATION      window: N followed by s, m, h, d or w "
    "(default 7d)\n"
    "  --product OWNER/REPO  only this product (default: all)\n"
    "  --json                print one JSON object instead of tables\n"
    "  --help                this text\n"
    "Exit status: 0 ok, 1 the database could not be read, 2 usage error.\n";

static const beacond_cli stats_cli = { "stats", "unknown argument",
				       "unknown argument", usage_text };

/* stats takes no positional argument but "-h" (--help). */
static int take_positional(const char *text, void *payload)
{
	stats_args *a = payload;

	if (strcmp(text, "-h") != 0)
		return -1;
	a->help = 1;
	return 0;
}

/* argv[0] is "stats". */
static int parse_args(stats_args *a, int argc, char **argv)
{
	const beacon_arg_opt opts[] = {
		{ "db", &a->db, NULL },       { "config", &a->config, NULL },
		{ "since", &a->since, NULL }, { "product", &a->product, NULL },
		{ "json", NULL, &a->json },   { "help", NULL, &a->help },
		{ NULL, NULL, NULL },
	};

	return beacond_cli_parse(&stats_cli, argc, argv, opts, &a->help,
				 take_positional, a);
}

/* "90m", "24h", "7d", "2w", "3600s" -> seconds; -1 when malformed. */
static long parse_duration(const char *s)
{
	static const char units[] = "smhdw";
	static const long scale[] = { 1L, 60L, 3600L, 86400L, 7L * 86400L };
	const char *u;
	char *end = NULL;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || n < 0 || end[0] == '\0' || end[1] != '\0')
		return -1;
	u = strchr(units, end[0]);
	if (u == NULL || n > STATS_SINCE_MAX_S / scale[u - units])
		return -1;
	return n * scale[u - units];
}

/* Read part and store its rows under key: the row itself when one_row. */
static int run_part(json_t *doc, const char *key, int one_row,
		    beacond_store *store, beacond_stats_part part,
		    const beacond_stats_query *q, beacon_error_detail *err)
{
	json_t *rows = json_array();
	json_t *value = rows;
	int error = rows ? beacond_store_stats_rows(store, part, q, rows, err)
			 : BEACON_ENOMEM;

	if (error == BEACON_OK && one_row && json_array_size(rows) != 1)
		error = beacon_error_set(err, BEACON_EIO, "stats", 0, 0,
					 "query %s returned no row", key);
	if (one_row)
		value = json_array_get(rows, 0);
	if (error == BEACON_OK && json_object_set(doc, key, value) < 0)
		error = BEACON_ENOMEM;
	json_decref(rows);
	return error;
}

int beacond_stats_collect(json_t **out, beacond_store *store,
			  const beacond_stats_query *q,
			  beacon_error_detail *err)
{
	static const struct {
		const char *key;
		beacond_stats_part part;
		int one_row;
	} parts[] = {
		{ "instances", BEACOND_STATS_INSTANCES, 1 },
		{ "checkers", BEACOND_STATS_CHECKERS, 1 },
		{ "versions", BEACOND_STATS_VERSIONS, 0 },
		{ "checkVersions", BEACOND_STATS_CHECK_VERSIONS, 0 },
		{ "outdated", BEACOND_STATS_OUTDATED, 0 },
		{ "providers", BEACOND_STATS_PROVIDERS, 0 },
		{ "features", BEACOND_STATS_FEATURES, 0 },
	};
	json_t *doc =
	    json_pack("{sI sI ss?}", "now", (json_int_t)q->now, "since",
		      (json_int_t)q->since, "product", q->product);
	size_t i;
	int error = doc ? BEACON_OK : BEACON_ENOMEM;

	for (i = 0; error == BEACON_OK && i < sizeof(parts) / sizeof(parts[0]);
	     i++)
		error = run_part(doc, parts[i].key, parts[i].one_row, store,
				 parts[i].part, q, err);
	if (error < 0) {
		json_decref(doc);
		doc = NULL;
	}
	*out = doc;
	return error;
}

/* Open the existing database (never created, never migrated). */
static int open_db(beacond_store **store, const stats_args *a)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;

	opts.busy_timeout_ms = STATS_BUSY_TIMEOUT_MS;
	return beacond_cli_open_store(&stats_cli, a->db, a->config, &opts, 1,
				      store);
}

static int print_stats(beacond_store *store, const beacond_stats_query *q,
		       int json)
{
	beacon_error_detail err;
	json_t *doc = NULL;
	char msg[512];
	int status = EXIT_OK, error;

	beacon_error_clear(&err);
	error = beacond_stats_collect(&doc, store, q, &err);
	if (error < 0) {
		fprintf(stderr, "beacond stats: %s\n",
			err.text[0] != '\0'
			    ? beacon_error_format(&err, msg, sizeof(msg))
			    : beacon_strerror(error));
		status = EXIT_FAIL;
	} else if (json) {
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	} else {
		beacond_stats_render(stdout, doc);
	}
	json_decref(doc);
	return status;
}

int beacond_stats_main(int argc, char **argv)
{
	stats_args a = { 0 };
	beacond_stats_query q = { 0 };
	beacond_store *store = NULL;
	long since = BEACON_STATS_SINCE_DEFAULT_S;
	int status = parse_args(&a, argc, argv);

	if (status != EXIT_OK)
		return status == BEACOND_CLI_HELP ? EXIT_OK : status;
	if (a.since)
		since = parse_duration(a.since);
	if (since < 0)
		return beacond_cli_usage_error(
		    &stats_cli, "bad --since (e.g. 24h, 7d, 2w)", a.since);
	q.now = (int64_t)time(NULL);
	q.since = q.now - since;
	q.product = a.product;
	status = open_db(&store, &a) < 0 ? EXIT_FAIL
					 : print_stats(store, &q, a.json);
	beacond_store_close(store);
	return status;
}
