/*
 * main.c - the beacon command-line client. Uses only beacon/beacon.h, as a
 * host program would.
 */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"

static const char usage[] =
    "usage: beacon COMMAND [OPTIONS]\n"
    "Commands:\n"
    "  check       ask a server whether a newer release exists\n"
    "  report      build and send one anonymous usage report\n"
    "  run         run both channels on their schedule until SIGTERM\n"
    "  anonymize   print the anonymized static configuration\n"
    "  hash        print the config hash\n"
    "Run 'beacon COMMAND --help' for a command's options.\n"
    "beacon --version prints the version.\n";

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} command;

int main(int argc, char **argv)
{
	static const command commands[] = {
		{ "check", cmd_check }, { "report", cmd_report },
		{ "run", cmd_run },     { "anonymize", cmd_anonymize },
		{ "hash", cmd_hash },
	};
	size_t i;

	if (argc < 2) {
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("beacon %s\n", BEACON_LIB_VERSION);
		return CLI_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 2, argv + 2);
	}
	cli_error("unknown command '%s' (see beacon --help)", argv[1]);
	return CLI_USAGE;
}
