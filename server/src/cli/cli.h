/*
 * cli/cli.h - what the beacond commands `release` and `stats` share: their
 * command line over the one argv parser (beacon/args.h) and the wording of
 * their one-line usage errors.
 */
#ifndef BEACOND_CLI_H
#define BEACOND_CLI_H

#include "beacon/args.h"
#include "store/store.h"

#define BEACOND_EXIT_OK 0
#define BEACOND_EXIT_FAIL 1
#define BEACOND_EXIT_USAGE 2
/* beacond_cli_parse printed the usage for --help: exit BEACOND_EXIT_OK. */
#define BEACOND_CLI_HELP (-1)

/* How one command words the arguments it refuses. */
typedef struct beacond_cli {
	const char *name;    /* "release": errors start "beacond release: " */
	const char *unknown; /* for an unknown option (or a boolean with
			      * "=value") */
	const char *positional; /* for a positional argument take refused */
	const char *usage;      /* printed on stdout for --help */
} beacond_cli;

/*
 * Print "beacond <name>: <what>[: <arg>] (see --help)" on stderr (arg may
 * be NULL) and return BEACOND_EXIT_USAGE.
 */
int beacond_cli_usage_error(const beacond_cli *cli, const char *what,
			    const char *arg);

/*
 * Parse argv (argv[0] is the command's word) against opts; positional
 * arguments go to take(text, payload), which returns 0 to accept one.
 * Then, when *help was set, prints the usage. Returns BEACOND_EXIT_OK,
 * BEACOND_CLI_HELP after the usage, or BEACOND_EXIT_USAGE after one error
 * line.
 */
int beacond_cli_parse(const beacond_cli *cli, int argc, char **argv,
		      const beacon_arg_opt *opts, const int *help,
		      int (*take)(const char *text, void *payload),
		      void *payload);

/* The database a command opens without --db or --config's database. */
#define BEACOND_CLI_DEFAULT_DB "beacon.db"

/*
 * Open the store a command names: db (borrowed; NULL: the `database` of the
 * configuration file config, borrowed, NULL for none; then
 * BEACOND_CLI_DEFAULT_DB). opts (borrowed) gives every other option; its
 * path is ignored. existing: 1 opens a database that must exist (never
 * created or migrated, beacond_store_open_existing). On failure prints
 * "beacond <name>: <error>" on stderr. *store: new, beacond_store_close().
 */
int beacond_cli_open_store(const beacond_cli *cli, const char *db,
			   const char *config, beacond_store_options *opts,
			   int existing, beacond_store **store);

#endif /* BEACOND_CLI_H */
