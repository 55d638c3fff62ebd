/* cli/cli.c - see cli/cli.h. */
#include <stdio.h>

#include "catalog/import.h"
#include "cli/cli.h"

int beacond_cli_usage_error(const beacond_cli *cli, const char *what,
			    const char *arg)
{
	fprintf(stderr, "beacond %s: %s%s%s (see --help)\n", cli->name, what,
		arg ? ": " : "", arg ? arg : "");
	return BEACOND_EXIT_USAGE;
}

int beacond_cli_parse(const beacond_cli *cli, int argc, char **argv,
		      const beacon_arg_opt *opts, const int *help,
		      int (*take)(const char *text, void *payload),
		      void *payload)
{
	beacon_arg bad;

	switch (
	    beacon_args_parse(argc - 1, argv + 1, opts, take, payload, &bad)) {
	case BEACON_ARGS_END:
		break;
	case BEACON_ARGS_POSITIONAL:
		return beacond_cli_usage_error(cli, cli->positional, bad.text);
	case BEACON_ARGS_NO_VALUE:
		return beacond_cli_usage_error(cli, "option needs a value",
					       bad.text);
	default:
		return beacond_cli_usage_error(cli, cli->unknown, bad.text);
	}
	if (*help)
		fputs(cli->usage, stdout);
	return *help ? BEACOND_CLI_HELP : BEACOND_EXIT_OK;
}

int beacond_cli_open_store(const beacond_cli *cli, const char *db,
			   const char *config, beacond_store_options *opts,
			   int existing, beacond_store **store)
{
	beacon_error_detail err;
	char msg[512];
	char *from_config = NULL;
	int error = BEACON_OK;

	beacon_error_clear(&err);
	opts->path = db ? db : BEACOND_CLI_DEFAULT_DB;
	if (!db && config) {
		error = beacond_release_config_db(&from_config, config, &err);
		opts->path = from_config ? from_config : BEACOND_CLI_DEFAULT_DB;
	}
	if (error == BEACON_OK)
		error = existing
			    ? beacond_store_open_existing(store, opts, &err)
			    : beacond_store_open(store, opts, &err);
	if (error < 0)
		fprintf(stderr, "beacond %s: %s\n", cli->name,
			beacon_error_format(&err, msg, sizeof(msg)));
	beacond_release_free_string(from_config);
	return error;
}
