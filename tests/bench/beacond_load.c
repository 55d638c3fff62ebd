/*
 * beacond_load.c - a small closed-loop HTTP load generator (libcurl multi,
 * keep-alive) for beacond on loopback:
 *
 *     beacond_load URL CONNECTIONS SECONDS
 *
 * Keeps CONNECTIONS requests in flight for SECONDS and prints one line:
 * "connections=N seconds=S requests=R errors=E req_per_s=X". It reports
 * req/s, not only errors: a stalled polling thread shows as a collapse of
 * req/s with no error (DESIGN.md, libmicrohttpd pitfalls).
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bounds of the command line. */
#define LOAD_CONNECTIONS_MAX 4096
#define LOAD_SECONDS_MAX 60

static size_t discard(char *data, size_t size, size_t n, void *cls)
{
	(void)data;
	(void)cls;
	return size * n;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static CURL *new_handle(const char *url)
{
	CURL *c = curl_easy_init();

	if (c == NULL)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "traefik/3.1.2 beacon-load");
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	return c;
}

/* Count finished transfers and start each handle again. */
static void reap(CURLM *multi, long *requests, long *errors, int running)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
		long code = 0;
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE,
				  &code);
		if (msg->data.result == CURLE_OK && code == 200)
			(*requests)++;
		else
			(*errors)++;
		curl_multi_remove_handle(multi, msg->easy_handle);
		if (running)
			curl_multi_add_handle(multi, msg->easy_handle);
	}
}

static int run(const char *url, long conns, long seconds)
{
	CURLM *multi = curl_multi_init();
	CURL **handles = calloc((size_t)conns, sizeof(*handles));
	long requests = 0, errors = 0, i;
	double start, end;
	int still = 0;

	if (multi == NULL || handles == NULL)
		return 1;
	curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, conns);
	curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, conns);
	for (i = 0; i < conns; i++) {
		handles[i] = new_handle(url);
		if (handles[i] != NULL)
			curl_multi_add_handle(multi, handles[i]);
	}
	start = now_s();
	end = start + (double)seconds;
	do {
		curl_multi_perform(multi, &still);
		reap(multi, &requests, &errors, now_s() < end);
		curl_multi_poll(multi, NULL, 0, 100, NULL);
	} while (still > 0 || now_s() < end);
	end = now_s();
	printf("connections=%ld seconds=%.1f requests=%ld errors=%ld "
	       "req_per_s=%.0f\n",
	       conns, end - start, requests, errors,
	       (double)requests / (end - start));
	for (i = 0; i < conns; i++)
		curl_easy_cleanup(handles[i]);
	free(handles);
	curl_multi_cleanup(multi);
	return errors > 0 ? 2 : 0;
}

int main(int argc, char **argv)
{
	long conns, seconds;
	int status;

	if (argc != 4) {
		fprintf(stderr,
			"usage: beacond_load URL CONNECTIONS SECONDS\n");
		return 2;
	}
	conns = strtol(argv[2], NULL, 10);
	seconds = strtol(argv[3], NULL, 10);
	if (conns < 1 || conns > LOAD_CONNECTIONS_MAX || seconds < 1 ||
	    seconds > LOAD_SECONDS_MAX) {
		fprintf(stderr, "beacond_load: 1..%d connections, 1..%d s\n",
			LOAD_CONNECTIONS_MAX, LOAD_SECONDS_MAX);
		return 2;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	status = run(argv[1], conns, seconds);
	curl_global_cleanup();
	return status;
}
