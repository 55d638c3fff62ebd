/*
 * cli/cli.h - what the beacond commands `release` and `stats` share: their
 * command line over the one argv parser (beacon/args.h) and the wording of
 * their one-line usage errors.
 */
#ifndef BEACOND_CLI_H
#define BEACOND_CLI_H

#include "beacon/args.h"

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

#endif /* BEACOND_CLI_H */
