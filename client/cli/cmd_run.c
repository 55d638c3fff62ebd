/*
 * cmd_run.c - beacon run: the agent. Runs both channels on the real
 * schedule (configurable for tests) until SIGTERM or SIGINT.
 */
#include <signal.h>
#include <stdio.h>

#include "args.h"
#include "commands.h"

static const char usage[] =
    "usage: beacon run --server URL --product OWNER/REPO --current VERSION\n"
    "                  [--configFile FILE] [--collect URL] [--schema FILE]\n"
    "                  [--initial-delay MS] [--interval MS] [--jitter MS]\n"
    "                  [--backoff-base MS] [--backoff-cap MS]\n"
    "                  [--timeout MS] [TRAEFIK FLAGS...]\n"
    "Runs the version check (global.checkNewVersion, default on) and the\n"
    "usage report (global.sendAnonymousUsage, default off) on the schedule\n"
    "until SIGTERM, first after --initial-delay (default 600000 ms, 10 min;\n"
    "--initial-delay 0 --jitter 0: at once). Configuration: FILE, then\n"
    "TRAEFIK_* environment variables, then flags such as\n"
    "--global.sendAnonymousUsage=true.\n"
    "DO_NOT_TRACK=1 or BEACON_DISABLE=1 turn both channels off.\n";

/* Block until SIGTERM or SIGINT (blocked in every thread beforehand). */
static void wait_for_signal(const sigset_t *set)
{
	int sig = 0;

	sigwait(set, &sig);
	fprintf(stderr, "info: beacon: signal %d, stopping\n", sig);
}

static int parse_schedule(beacon_client_options *o, const char *const *v)
{
	if (cli_opt_ms(&o->initial_delay_ms, v[0], "initial-delay") < 0 ||
	    cli_opt_ms(&o->interval_ms, v[1], "interval") < 0 ||
	    cli_opt_ms(&o->jitter_ms, v[2], "jitter") < 0 ||
	    cli_opt_ms(&o->backoff_base_ms, v[3], "backoff-base") < 0 ||
	    cli_opt_ms(&o->backoff_cap_ms, v[4], "backoff-cap") < 0 ||
	    cli_opt_ms(&o->timeout_ms, v[5], "timeout") < 0)
		return -1;
	return 0;
}

static int agent(const beacon_client_options *opts)
{
	beacon_client *client = NULL;
	sigset_t set;
	int status = CLI_FAILED;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (cli_client_new(&client, opts) < 0)
		goto cleanup;
	if (beacon_client_start(client) < 0) {
		cli_error("cannot start the client thread");
		goto cleanup;
	}
	wait_for_signal(&set);
	status = CLI_OK;
cleanup:
	beacon_client_free(client);
	return status == CLI_HELP ? CLI_OK : status;
}

int cmd_run(int argc, char **argv)
{
	beacon_client_options opts = BEACON_CLIENT_OPTIONS_INIT;
	const char *sched[6] = { NULL, NULL, NULL, NULL, NULL, NULL };
	int help = 0, status = CLI_USAGE;
	const cli_opt known[] = { { "server", &opts.update_url, NULL },
				  { "collect", &opts.collect_url, NULL },
				  { "product", &opts.product, NULL },
				  { "current", &opts.running, NULL },
				  { "configFile", &opts.config_file, NULL },
				  { "schema", &opts.schema_file, NULL },
				  { "initial-delay", &sched[0], NULL },
				  { "interval", &sched[1], NULL },
				  { "jitter", &sched[2], NULL },
				  { "backoff-base", &sched[3], NULL },
				  { "backoff-cap", &sched[4], NULL },
				  { "timeout", &sched[5], NULL },
				  { "help", NULL, &help },
				  { NULL, NULL, NULL } };
	cli_args args;

	status = cli_start(argc, argv, known, 1, &args, &help, usage);
	if (status != 0)
		goto cleanup;
	status = CLI_USAGE;
	if (args.npositional > 0 || opts.product == NULL ||
	    opts.running == NULL) {
		cli_error("run needs --product and --current");
		goto cleanup;
	}
	if (parse_schedule(&opts, sched) < 0)
		goto cleanup;
	opts.flags = args.flags;
	opts.nflags = args.nflags;
	opts.env_prefix = "TRAEFIK_";
	opts.log = cli_log;
	status = agent(&opts);
cleanup:
	cli_args_free(&args);
	return status == CLI_HELP ? CLI_OK : status;
}
