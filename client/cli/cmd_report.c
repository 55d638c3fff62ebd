/* cmd_report.c - beacon report: build (and send) one usage report. */
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "commands.h"

static const char usage[] =
    "usage: beacon report --server URL --product OWNER/REPO --current VERSION\n"
    "                     --config FILE [--dry-run] [--collect URL]\n"
    "                     [--schema FILE] [--key KEY] [--codename NAME]\n"
    "                     [--build-date DATE] [--timeout MS]\n"
    "Sends the anonymized static configuration of FILE to the collector\n"
    "(default {server}/collect). --dry-run prints the exact JSON body and,\n"
    "decoded from it, the anonymized configuration, and sends nothing.\n";

static int dry_run(beacon_client *client)
{
	beacon_error_detail err;
	json_t *config = NULL;
	char *body = NULL;
	char *pretty = NULL;
	size_t len = 0;
	int error;

	error = beacon_client_build_report(client, &body, &len);
	if (error == 0)
		error = beacon_report_configuration(&config, body, len, &err);
	if (error < 0) {
		cli_error("cannot build the report: %s",
			  beacon_strerror(error));
		goto cleanup;
	}
	pretty = json_dumps(config, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("%s\n%s\n", body, pretty != NULL ? pretty : "");
cleanup:
	free(pretty);
	json_decref(config);
	beacon_free(body);
	return error < 0 ? CLI_FAILED : CLI_OK;
}

static int send(beacon_client *client)
{
	beacon_report_result r;

	if (beacon_client_send_report(client, &r) < 0) {
		cli_error("report not accepted: %s", r.reason);
		return CLI_FAILED;
	}
	printf("report accepted (HTTP %ld)\n", r.http_status);
	return CLI_OK;
}

int cmd_report(int argc, char **argv)
{
	static const cli_command cmd = {
		CLI_CMD_REPORT, usage,
		"report needs --server, --product, --current and --config"
	};
	cli_session s;
	int status = cli_begin(&s, &cmd, argc, argv);

	if (status != 0)
		goto cleanup;
	s.opts.send_anonymous_usage =
	    1; /* asked for; DO_NOT_TRACK still wins */
	status = cli_begin_client(&s);
	if (status != 0)
		goto cleanup;
	status = s.dry_run ? dry_run(s.client) : send(s.client);
cleanup:
	return cli_end(&s, status);
}
