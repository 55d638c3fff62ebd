/*
 * host.c - a minimal host program embedding libbeacon, as a proxy would.
 *
 *   cc host.c $(pkg-config --cflags --libs beacon) -o host
 *   ./host http://127.0.0.1:8080 traefik/traefik 3.1.2
 *
 * It asks once, synchronously, whether a newer release exists, then runs
 * the background schedule for a moment and stops it, as a host shutting
 * down would. Exit status 0 when the check could tell.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <time.h>

#include <beacon/beacon.h>

static void on_log(int level, const char *line, void *payload)
{
	(void)payload;
	fprintf(stderr, "host[%d]: %s\n", level, line);
}

int main(int argc, char **argv)
{
	beacon_client_options opts = BEACON_CLIENT_OPTIONS_INIT;
	struct timespec moment = { 0, 200 * 1000000L };
	beacon_error_detail err;
	char text[512];
	beacon_check_result result;
	beacon_client *client = NULL;
	int status = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: %s SERVER_URL OWNER/REPO VERSION\n",
			argv[0]);
		return 2;
	}
	opts.update_url = argv[1];
	opts.product = argv[2];
	opts.running = argv[3];
	opts.log = on_log;
	if (beacon_client_new(&client, &opts, &err) != 0) {
		fprintf(stderr, "host: %s\n",
			beacon_error_format(&err, text, sizeof(text)));
		return 1;
	}
	beacon_client_check(client, &result);
	if (result.status == BEACON_CHECK_UPDATE_AVAILABLE)
		printf("newer release: %s %s\n", result.latest, result.url);
	else if (result.status == BEACON_CHECK_UP_TO_DATE)
		printf("up to date\n");
	else
		printf("unknown: %s\n", result.reason);
	status = result.status == BEACON_CHECK_UNKNOWN ? 1 : 0;
	beacon_client_start(client); /* logs one line per channel */
	nanosleep(&moment, NULL);
	beacon_client_stop(client);
	beacon_client_free(client);
	return status;
}
