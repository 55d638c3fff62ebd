/* main.c - beacond: `serve` (the default), `release ...`, --help, --version. */
#include <stdio.h>
#include <string.h>

#include "cli/release.h"
#include "cli/serve.h"
#include "cli/stats.h"
#include "config/config.h"

#ifndef BEACOND_VERSION_STRING
#define BEACOND_VERSION_STRING "0.1.0"
#endif

/* A subcommand: its word and how many words of argv it drops. */
typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	int skip; /* release and stats read their own word as argv[0] */
} command;

static const command commands[] = {
	{ "release", beacond_release_main, 1 },
	{ "stats", beacond_stats_main, 1 },
	{ "serve", beacond_serve_main, 2 },
};

int main(int argc, char **argv)
{
	size_t i;

	for (i = 0; argc >= 2 && i < sizeof(commands) / sizeof(commands[0]);
	     i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - commands[i].skip,
					       argv + commands[i].skip);
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("beacond %s\n", BEACOND_VERSION_STRING);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		beacond_config_usage(stdout);
		return 0;
	}
	if (argc >= 2 && strncmp(argv[1], "--", 2) != 0) {
		fprintf(stderr,
			"beacond: unknown command \"%s\" (try --help)\n",
			argv[1]);
		return 2;
	}
	/* No command word: serve with every argument ("beacond --db x"). */
	return beacond_serve_main(argc - 1, argv + 1);
}
