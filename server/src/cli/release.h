/*
 * cli/release.h - `beacond release add|remove|list|import`.
 */
#ifndef BEACOND_RELEASE_CLI_H
#define BEACOND_RELEASE_CLI_H

/*
 * Run the release subcommand. argv[0] is "release", argv[1] the action;
 * main() passes its argv from the "release" word on. Prints results on
 * stdout and one-line errors on stderr (this is the program's front end,
 * not a library). Returns the process exit status: 0 ok, 1 operation
 * failed, 2 usage error.
 */
int beacond_release_main(int argc, char **argv);

#endif /* BEACOND_RELEASE_CLI_H */
