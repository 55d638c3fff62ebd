/*
 * main.c - beacond's entry point. Minimal until the HTTP side lands `serve`:
 * it dispatches `beacond release ...` to the catalog CLI.
 */
#include <stdio.h>
#include <string.h>

#include "release_cli.h"

#define EXIT_USAGE 2

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "release") == 0)
		return beacond_release_main(argc - 1, argv + 1);
	fprintf(stderr, "usage: beacond release add|remove|list|import ...\n");
	return EXIT_USAGE;
}
