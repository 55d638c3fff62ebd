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

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "release") == 0)
		return beacond_release_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "stats") == 0)
		return beacond_stats_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("beacond %s\n", BEACOND_VERSION_STRING);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		beacond_config_usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "serve") == 0)
		return beacond_serve_main(argc - 2, argv + 2);
	if (argc >= 2 && strncmp(argv[1], "--", 2) != 0) {
		fprintf(stderr,
			"beacond: unknown command \"%s\" (try --help)\n",
			argv[1]);
		return 2;
	}
	return beacond_serve_main(argc - 1, argv + 1);
}
