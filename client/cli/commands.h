/* commands.h - the beacon CLI's commands; each returns the exit status. */
#ifndef BEACON_CLI_COMMANDS_H
#define BEACON_CLI_COMMANDS_H

#include <jansson.h>

#include "beacon/beacon.h"

#include "args.h"

int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_anonymize(int argc, char **argv);
int cmd_hash(int argc, char **argv);

/* Which command a cli_command is (bits, so option rows can list several). */
#define CLI_CMD_CHECK 1u
#define CLI_CMD_REPORT 2u
#define CLI_CMD_RUN 4u

/* What check, report and run each say about their command line. */
typedef struct cli_command {
	unsigned id;       /* one CLI_CMD_* */
	const char *usage; /* --help text */
	const char *needs; /* error line for a missing option or a positional */
} cli_command;

/* A command's state after cli_begin. */
typedef struct cli_session {
	beacon_client_options opts; /* strings borrowed from argv */
	cli_args args;              /* free with cli_end */
	beacon_client *client;      /* new (cli_begin_client), cli_end frees */
	int json;                   /* check --json */
	int dry_run;                /* report --dry-run */
	int help;
} cli_session;

/*
 * prologue.c: parse argv for cmd into *s (the shared option table; run
 * also keeps Traefik flags in s->args.flags), print usage for --help,
 * check the required options and read the millisecond values. Returns 0
 * to go on, CLI_HELP after usage, CLI_USAGE after one error line. Call
 * cli_end in every case.
 */
int cli_begin(cli_session *s, const cli_command *cmd, int argc, char **argv);
/* prologue.c: s->client from s->opts; 0, or CLI_FAILED after an error line. */
int cli_begin_client(cli_session *s);
/* prologue.c: free what *s holds; returns status as the exit status. */
int cli_end(cli_session *s, int status);

/* common.c: log callback writing "beacon[level]: line" to stderr. */
void cli_log(int level, const char *line, void *payload);
/* common.c: create a client, printing one error line on failure. */
int cli_client_new(beacon_client **out, const beacon_client_options *opts);
/* common.c: "Traefik" from "traefik/traefik" (static buffer). */
const char *cli_product_name(const char *product);

#endif /* BEACON_CLI_COMMANDS_H */
