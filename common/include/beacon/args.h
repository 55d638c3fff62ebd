/*
 * beacon/args.h - one argv parser for every command line (beacon,
 * beacond serve, beacond release, beacond stats).
 *
 * An iterator over argv, shaped like curlx: "--name value", "--name=value",
 * boolean "--name", positional arguments. Known options come from a table
 * (beacon_arg_opt rows ending with a NULL name) whose rows say where the
 * value goes; what is not in the table is handed back to the caller, who
 * decides (an error, a Traefik configuration flag, a configuration key).
 * The parser never prints: each command words its own one-line errors.
 *
 * Standalone (libc only), so the CLI compiles it in as curl's tool does
 * curlx, while the server links it from beacon::common.
 */
#ifndef BEACON_ARGS_H
#define BEACON_ARGS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One known option: exactly one of value (takes a value) and set (boolean). */
typedef struct beacon_arg_opt {
	const char *name;   /* without the leading "--"; NULL ends a table */
	const char **value; /* borrowed slot: gets the value (from argv) */
	int *set;           /* borrowed slot: set to 1 when given */
} beacon_arg_opt;

/* What beacon_args_next found. */
typedef enum beacon_args_kind {
	BEACON_ARGS_END = 0,    /* argv is used up */
	BEACON_ARGS_OPTION,     /* a known option; its slot is filled */
	BEACON_ARGS_POSITIONAL, /* an argument not starting with "--" */
	BEACON_ARGS_UNKNOWN,    /* "--name[=value]" not in the table ("--"
				 * alone has an empty name) */
	BEACON_ARGS_NO_VALUE,  /* a known option taking a value, last in argv */
	BEACON_ARGS_FLAG_VALUE /* a known boolean given "=value"; not set */
} beacon_args_kind;

/* One argument, as beacon_args_next returns it. All borrowed from argv. */
typedef struct beacon_arg {
	const char *text;          /* the argv element itself */
	const char *name;          /* options: after "--", namelen bytes */
	size_t namelen;            /* options: up to '=' or the end */
	const char *value;         /* "--name=value": after '='; else NULL */
	const beacon_arg_opt *opt; /* the matching row, or NULL */
} beacon_arg;

/* The iterator. argv is borrowed for the iterator's whole life. */
typedef struct beacon_args {
	int argc;
	char **argv;
	int next; /* index of the next element to read */
} beacon_args;

/* Start at argv[0] (the first argument, not the program or command). */
void beacon_args_init(beacon_args *it, int argc, char **argv);

/*
 * Read the next argument into *arg against opts (NULL: no known options).
 * A known option taking a value without "=" consumes the following
 * element, whatever it looks like. Returns what was found.
 */
beacon_args_kind beacon_args_next(beacon_args *it, const beacon_arg_opt *opts,
				  beacon_arg *arg);

/*
 * The value of arg, an option just returned as BEACON_ARGS_UNKNOWN: the
 * text after '=', else the following element (consumed), else NULL. For
 * callers whose options are not a table (serve's configuration keys).
 */
const char *beacon_args_value(beacon_args *it, const beacon_arg *arg);

/*
 * Parse all of argv (argv[0] is the first argument) against opts, handing
 * each positional argument to positional(text, payload), which returns 0
 * to take it. Returns BEACON_ARGS_END when every argument was taken, else
 * the kind of the first that was not (BEACON_ARGS_UNKNOWN, _NO_VALUE,
 * _FLAG_VALUE, or _POSITIONAL when positional refused it), with *bad
 * describing it.
 */
beacon_args_kind
beacon_args_parse(int argc, char **argv, const beacon_arg_opt *opts,
		  int (*positional)(const char *text, void *payload),
		  void *payload, beacon_arg *bad);

/* Whether arg is the option --name (name NUL-terminated). */
int beacon_arg_is(const beacon_arg *arg, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_ARGS_H */
