/*
 * prologue.c - the start that beacon check, report and run share: one
 * table of the client options they take, parsing, --help, the required
 * options, the millisecond values and the client. See commands.h.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"

/* Longest row count of the table below, plus --help and the end row. */
#define CLI_KNOWN_MAX 24

typedef enum cli_kind { TEXT, MS, BOOL } cli_kind;

/*
 * Every option of the three commands: where it goes (a field of
 * beacon_client_options or of the session), which commands take it and
 * which need it. Milliseconds are read in this order, after the checks.
 */
static const struct cli_row {
	const char *name;
	cli_kind kind;
	size_t field;   /* offset in beacon_client_options (TEXT, MS) or
			 * in cli_session (BOOL) */
	unsigned takes; /* CLI_CMD_* bits */
	unsigned needs;
} rows[] = {
#define OPT(f) offsetof(beacon_client_options, f)
#define ALL (CLI_CMD_CHECK | CLI_CMD_REPORT | CLI_CMD_RUN)
#define SENDS (CLI_CMD_REPORT | CLI_CMD_RUN)
	{ "server", TEXT, OPT(update_url), ALL,
	  CLI_CMD_CHECK | CLI_CMD_REPORT },
	{ "collect", TEXT, OPT(collect_url), SENDS, 0 },
	{ "product", TEXT, OPT(product), ALL, ALL },
	{ "current", TEXT, OPT(running), ALL, ALL },
	{ "codename", TEXT, OPT(codename), CLI_CMD_REPORT, 0 },
	{ "build-date", TEXT, OPT(build_date), CLI_CMD_REPORT, 0 },
	{ "config", TEXT, OPT(config_file), CLI_CMD_REPORT, CLI_CMD_REPORT },
	{ "configFile", TEXT, OPT(config_file), CLI_CMD_RUN, 0 },
	{ "schema", TEXT, OPT(schema_file), SENDS, 0 },
	{ "key", TEXT, OPT(hash_key), CLI_CMD_REPORT, 0 },
	{ "initial-delay", MS, OPT(initial_delay_ms), CLI_CMD_RUN, 0 },
	{ "interval", MS, OPT(interval_ms), CLI_CMD_RUN, 0 },
	{ "jitter", MS, OPT(jitter_ms), CLI_CMD_RUN, 0 },
	{ "backoff-base", MS, OPT(backoff_base_ms), CLI_CMD_RUN, 0 },
	{ "backoff-cap", MS, OPT(backoff_cap_ms), CLI_CMD_RUN, 0 },
	{ "timeout", MS, OPT(timeout_ms), ALL, 0 },
	{ "json", BOOL, offsetof(cli_session, json), CLI_CMD_CHECK, 0 },
	{ "dry-run", BOOL, offsetof(cli_session, dry_run), CLI_CMD_REPORT, 0 },
#undef SENDS
#undef ALL
#undef OPT
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* The parser's table for cmd; text[i] receives row i's value. */
static void build_table(cli_opt *known, const char **text, cli_session *s,
			unsigned cmd)
{
	size_t i, n = 0;

	for (i = 0; i < NROWS; i++) {
		if ((rows[i].takes & cmd) == 0)
			continue;
		known[n].name = rows[i].name;
		known[n].value = rows[i].kind == BOOL ? NULL : &text[i];
		known[n].set = rows[i].kind == BOOL
				   ? (int *)((char *)s + rows[i].field)
				   : NULL;
		n++;
	}
	known[n] = (cli_opt){ "help", NULL, &s->help };
	known[n + 1] = (cli_opt){ NULL, NULL, NULL };
}

/* Store the values read; 0, or -1 after an error line (missing option or
 * a bad number). */
static int apply(cli_session *s, const cli_command *cmd,
		 const char *const *text)
{
	char *base = (char *)&s->opts;
	size_t i;

	for (i = 0; i < NROWS; i++) {
		if ((rows[i].needs & cmd->id) != 0 && text[i] == NULL)
			break;
		if (rows[i].kind == TEXT && text[i] != NULL)
			*(const char **)(base + rows[i].field) = text[i];
	}
	if (i < NROWS || s->args.npositional > 0) {
		cli_error("%s", cmd->needs);
		return -1;
	}
	for (i = 0; i < NROWS; i++)
		if (rows[i].kind == MS && (rows[i].takes & cmd->id) != 0 &&
		    cli_opt_ms((long *)(base + rows[i].field), text[i],
			       rows[i].name) < 0)
			return -1;
	return 0;
}

int cli_begin(cli_session *s, const cli_command *cmd, int argc, char **argv)
{
	const beacon_client_options init = BEACON_CLIENT_OPTIONS_INIT;
	cli_opt known[CLI_KNOWN_MAX];
	const char *text[NROWS];
	int status;

	memset(s, 0, sizeof(*s));
	memset(text, 0, sizeof(text));
	s->opts = init;
	build_table(known, text, s, cmd->id);
	status = cli_start(argc, argv, known, cmd->id == CLI_CMD_RUN, &s->args,
			   &s->help, cmd->usage);
	if (status != 0)
		return status;
	if (apply(s, cmd, text) < 0)
		return CLI_USAGE;
	return 0;
}

int cli_begin_client(cli_session *s)
{
	return cli_client_new(&s->client, &s->opts) < 0 ? CLI_FAILED : 0;
}

int cli_end(cli_session *s, int status)
{
	beacon_client_free(s->client);
	s->client = NULL;
	cli_args_free(&s->args);
	return status == CLI_HELP ? CLI_OK : status;
}
