/*
 * args.h - the CLI's words over the one argv parser (beacon/args.h):
 * unknown "--..." arguments are Traefik configuration flags when the
 * command accepts them, positional arguments are kept, errors are printed
 * as one "beacon: ..." line.
 */
#ifndef BEACON_CLI_ARGS_H
#define BEACON_CLI_ARGS_H

/* Exit statuses. */
#define CLI_OK 0
#define CLI_FAILED 1  /* the operation failed or could not tell */
#define CLI_USAGE 2   /* bad command line */
#define CLI_HELP (-1) /* --help was printed: exit with CLI_OK */

#include "beacon/args.h"

/* One known option: a row of the common parser's table. */
typedef beacon_arg_opt cli_opt;

typedef struct cli_args {
	const char **positional; /* borrowed from argv */
	int npositional;
	const char **flags; /* configuration flags, borrowed from argv */
	int nflags;
} cli_args;

/*
 * Parse argv[0..argc) (argv[0] is the first argument, not the command).
 * opts ends with a NULL name. Returns 0, or -1 after printing one error
 * line. out's arrays: free with cli_args_free.
 */
int cli_parse(int argc, char **argv, const cli_opt *opts, int allow_flags,
	      cli_args *out);
void cli_args_free(cli_args *args);

/*
 * The start of every command: parse, print usage for --help (*help is
 * set by known). 0 to go on, CLI_HELP after printing usage, CLI_USAGE
 * after an error line.
 */
int cli_start(int argc, char **argv, const cli_opt *known, int allow_flags,
	      cli_args *args, const int *help, const char *usage);

/* Print "beacon: <text>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* *out = value as non-negative decimal milliseconds (unchanged when value
 * is NULL); -1 after printing an error naming the option. */
int cli_opt_ms(long *out, const char *value, const char *name);

#endif /* BEACON_CLI_ARGS_H */
