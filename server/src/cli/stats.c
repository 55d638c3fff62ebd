/*
 * cli/stats.c - `beacond stats`: who runs which version with which
 * features, for an operator without SQL at hand. Opens an existing
 * database (never creates or migrates one) and reads the dashboard views.
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
#define STATS_DEFAULT_DB "beacon.db"
#define STATS_BUSY_TIMEOUT_MS 5000
/* Longest accepted --since, seconds (100 years). */
#define STATS_SINCE_MAX_S (100L * 365L * 86400L)

typedef struct stats_args {
	const char *db;
	const char *config;
	const char *since;
	const char *product;
	int json;
	int help;
} stats_args;

static const char usage_text[] =
    "usage: beacond stats [--db PATH | --config FILE] [--since DURATION]\n"
    "                     [--product OWNER/REPO] [--json]\n"
    "Summarize the fleet from an existing beacond database: instances seen\n"
    "in the last day and week, version share, outdated instances with their\n"
    "IP and last report, top providers and features.\n"
    "  --db PATH             database file (default " STATS_DEFAULT_DB ")\n"
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

/* Open the existing database read-write (never created, never migrated). */
static int open_db(sqlite3 **db, const stats_args *a)
{
	beacon_error_detail err;
	char msg[512];
	char *from_config = NULL;
	const char *path = a->db ? a->db : STATS_DEFAULT_DB;
	int error = BEACON_OK;

	beacon_error_clear(&err);
	if (!a->db && a->config) {
		error =
		    beacond_release_config_db(&from_config, a->config, &err);
		if (error < 0)
			fprintf(stderr, "beacond stats: %s\n",
				beacon_error_format(&err, msg, sizeof(msg)));
		path = from_config ? from_config : STATS_DEFAULT_DB;
	}
	if (error == BEACON_OK &&
	    sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE, NULL) !=
		SQLITE_OK) {
		fprintf(stderr, "beacond stats: %s: %s\n", path,
			sqlite3_errmsg(*db));
		error = BEACON_EIO;
	}
	if (error == BEACON_OK)
		sqlite3_busy_timeout(*db, STATS_BUSY_TIMEOUT_MS);
	beacond_release_free_string(from_config);
	return error;
}

static int print_stats(sqlite3 *db, const beacond_stats_query *q, int json)
{
	beacon_error_detail err;
	json_t *doc = NULL;
	char msg[512];
	int status = EXIT_OK, error;

	beacon_error_clear(&err);
	error = beacond_stats_collect(&doc, db, q, &err);
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
	sqlite3 *db = NULL;
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
	status = open_db(&db, &a) < 0 ? EXIT_FAIL : print_stats(db, &q, a.json);
	sqlite3_close(db);
	return status;
}
