/*
 * host_cost.c - what libbeacon costs the process that embeds it.
 *
 *     host_cost LIBBEACON_SO SERVER_URL CONFIG_FILE SECONDS [LIBCURL_SO]
 *
 * With LIBCURL_SO it first loads that libcurl and calls
 * curl_global_init(CURL_GLOBAL_DEFAULT), as a host that uses libcurl itself
 * has done, and only then reads its VmRSS (libcurl's global init loads and
 * initialises OpenSSL: about 1.7 MB that such a host has already paid).
 * Reads its own VmRSS, then loads the library with dlopen (so the figure
 * includes libbeacon and what it pulls in: libcurl, OpenSSL, Jansson),
 * creates a client
 * (product traefik/traefik, running 3.0.0, CONFIG_FILE as the static
 * configuration, both channels on), runs one version check and sends one
 * usage report to SERVER_URL, starts the background schedule (first run 10
 * minutes away, as in a host) and idles SECONDS. Prints one line:
 * the VmRSS after each stage (rss_dlopen_kb, rss_new_kb, rss_check_kb,
 * rss_report_kb), then "rss_before_kb=A rss_after_kb=B hwm_kb=H added_kb=B-A
 * idle_cpu_ms=C check=S report=S seconds=T"; idle_cpu_ms is the process's
 * user+system time during the idle window (the library's thread is the only one
 * running then).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <beacon/beacon.h>
#include <dlfcn.h>

/* Bound of the command line, seconds. */
#define HOST_COST_SECONDS_MAX 3600
/* Longest line of /proc/self/status. */
#define HOST_COST_LINE_MAX 256

/* A "Name:   N kB" field of /proc/self/status, kB; -1 when absent. */
static long status_kb(const char *name)
{
	char line[HOST_COST_LINE_MAX];
	size_t n = strlen(name);
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, name, n) == 0 && line[n] == ':') {
			kb = strtol(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return kb;
}

static long cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000L +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000L;
}

/* The entry points used, resolved from the dlopen'ed library. */
typedef struct api {
	int (*client_new)(beacon_client **, const beacon_client_options *,
			  beacon_error_detail *);
	int (*check)(beacon_client *, beacon_check_result *);
	int (*send_report)(beacon_client *, beacon_report_result *);
	int (*start)(beacon_client *);
	void (*stop)(beacon_client *);
	void (*client_free)(beacon_client *);
} api;

/* POSIX: a dlsym result is stored through a void ** to a function pointer. */
static int resolve(api *a, void *lib)
{
	*(void **)&a->client_new = dlsym(lib, "beacon_client_new");
	*(void **)&a->check = dlsym(lib, "beacon_client_check");
	*(void **)&a->send_report = dlsym(lib, "beacon_client_send_report");
	*(void **)&a->start = dlsym(lib, "beacon_client_start");
	*(void **)&a->stop = dlsym(lib, "beacon_client_stop");
	*(void **)&a->client_free = dlsym(lib, "beacon_client_free");
	return a->client_new && a->check && a->send_report && a->start &&
		       a->stop && a->client_free
		   ? 0
		   : -1;
}

static int exercise(const api *a, beacon_client *client, long seconds,
		    long *idle_ms)
{
	struct timespec idle = { (time_t)seconds, 0 };
	beacon_check_result check;
	beacon_report_result report;
	int cs, rs;
	long before;

	cs = a->check(client, &check);
	printf("rss_check_kb=%ld ", status_kb("VmRSS"));
	rs = a->send_report(client, &report);
	printf("rss_report_kb=%ld ", status_kb("VmRSS"));
	if (a->start(client) < 0)
		return 1;
	before = cpu_ms();
	nanosleep(&idle, NULL);
	*idle_ms = cpu_ms() - before;
	printf("check=%s report=%ld ", cs == 0 ? "ok" : "failed",
	       rs == 0 ? report.http_status : -1L);
	return cs == 0 && rs == 0 ? 0 : 1;
}

/* Load libcurl at path and run its global init, as a libcurl host has. */
static int init_curl(const char *path)
{
	void *curl = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
	long (*global_init)(long);

	if (curl == NULL)
		return -1;
	*(void **)&global_init = dlsym(curl, "curl_global_init");
	/* 3 = CURL_GLOBAL_DEFAULT; CURLE_OK = 0 (no libcurl header here) */
	return global_init != NULL && global_init(3L) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	beacon_client_options opts = BEACON_CLIENT_OPTIONS_INIT;
	beacon_error_detail err;
	beacon_client *client = NULL;
	long seconds, before_kb, anon_before_kb, after_kb, idle_ms = -1;
	char collect[HOST_COST_LINE_MAX];
	void *lib = NULL;
	api a;
	int status;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: host_cost LIBBEACON_SO SERVER_URL "
				"CONFIG_FILE SECONDS [LIBCURL_SO]\n");
		return 2;
	}
	seconds = strtol(argv[4], NULL, 10);
	if (seconds < 1 || seconds > HOST_COST_SECONDS_MAX)
		return 2;
	if (argc == 6 && init_curl(argv[5]) < 0) {
		fprintf(stderr, "host_cost: cannot initialise %s\n", argv[5]);
		return 1;
	}
	argv++;
	snprintf(collect, sizeof(collect), "%s/collect", argv[1]);
	before_kb = status_kb("VmRSS");
	anon_before_kb = status_kb("RssAnon");
	lib = dlopen(argv[0], RTLD_NOW);
	if (lib == NULL || resolve(&a, lib) < 0) {
		fprintf(stderr, "host_cost: %s\n", dlerror());
		return 1;
	}
	printf("rss_dlopen_kb=%ld ", status_kb("VmRSS"));
	opts.product = "traefik/traefik";
	opts.running = "3.0.0";
	opts.update_url = argv[1];
	opts.collect_url = collect;
	opts.config_file = argv[2];
	opts.check_new_version = 1;
	opts.send_anonymous_usage = 1;
	opts.proxy = "";
	if (a.client_new(&client, &opts, &err) != 0) {
		fprintf(stderr, "host_cost: %s\n", err.text);
		return 1;
	}
	printf("rss_new_kb=%ld ", status_kb("VmRSS"));
	status = exercise(&a, client, seconds, &idle_ms);
	after_kb = status_kb("VmRSS");
	printf("rss_before_kb=%ld rss_after_kb=%ld hwm_kb=%ld added_kb=%ld "
	       "anon_before_kb=%ld anon_after_kb=%ld idle_cpu_ms=%ld "
	       "seconds=%ld\n",
	       before_kb, after_kb, status_kb("VmHWM"), after_kb - before_kb,
	       anon_before_kb, status_kb("RssAnon"), idle_ms, seconds);
	a.stop(client);
	a.client_free(client);
	dlclose(lib);
	return status;
}
