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

/* Run the agent until a signal; the client starts with the signals
 * blocked, so that only sigwait sees them. */
static int agent(cli_session *s)
{
	sigset_t set;
	int status;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	status = cli_begin_client(s);
	if (status != 0)
		return status;
	if (beacon_client_start(s->client) < 0) {
		cli_error("cannot start the client thread");
		return CLI_FAILED;
	}
	wait_for_signal(&set);
	return CLI_OK;
}

int cmd_run(int argc, char **argv)
{
	static const cli_command cmd = { CLI_CMD_RUN, usage,
					 "run needs --product and --current" };
	cli_session s;
	int status = cli_begin(&s, &cmd, argc, argv);

	if (status != 0)
		goto cleanup;
	s.opts.flags = s.args.flags;
	s.opts.nflags = s.args.nflags;
	s.opts.env_prefix = "TRAEFIK_";
	s.opts.log = cli_log;
	status = agent(&s);
cleanup:
	return cli_end(&s, status);
}
