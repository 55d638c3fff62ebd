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

/* common.c: log callback writing "beacon[level]: line" to stderr. */
void cli_log(int level, const char *line, void *payload);
/* common.c: create a client, printing one error line on failure. */
int cli_client_new(beacon_client **out, const beacon_client_options *opts);
/* common.c: "Traefik" from "traefik/traefik" (static buffer). */
const char *cli_product_name(const char *product);

#endif /* BEACON_CLI_COMMANDS_H */
