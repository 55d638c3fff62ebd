/*
 * test_http_lifecycle.c - a real beacond over its life: graceful shutdown
 * with reports in flight (every 202 has its row), restart on the same
 * database, retention purge, the configuration file and its errors.
 */
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "beacon/alloc.h"
#include "beacon/base64.h"
#include "beacon/limits.h"
#include "beacond_harness.h"
#include "test_support.h"

/* Concurrent senders and the most reports each sends. */
#define SENDERS 8
#define REPORTS_PER_SENDER 2000

static const char *const json_headers[] = { "Content-Type: application/json",
					    NULL };

static char *report_body(unsigned hash)
{
	static const char config[] = "{\"global\":{\"checkNewVersion\":true}}";
	char *b64 = NULL, *body;
	size_t b64len = 0, n;

	ck_assert_int_eq(
	    beacon_base64_encode(&b64, &b64len, config, sizeof(config) - 1), 0);
	n = b64len + 200;
	body = beacon_malloc(n);
	snprintf(body, n,
		 "{\"version\":\"3.1.2\",\"codename\":\"comte\",\"buildDate\":"
		 "\"2024-08-06T11:56:17Z\",\"configuration\":\"%s\","
		 "\"hash\":\"%u\"}\n",
		 b64, hash);
	beacon_free(b64);
	return body;
}

static long post_report(beacond_harness *h, unsigned hash)
{
	char *body = report_body(hash);
	beacond_response r;
	long status = -1;

	if (beacond_http(h, "POST", "/collect", json_headers, body,
			 strlen(body), &r) == 0)
		status = r.status;
	beacond_response_dispose(&r);
	beacon_free(body);
	return status;
}

typedef struct sender {
	beacond_harness *h;
	unsigned first; /* hashes first, first + 1, ... */
	unsigned sent;
	unsigned accepted[REPORTS_PER_SENDER]; /* hashes answered 202 */
	unsigned naccepted;
	pthread_t thread;
} sender;

/* Send reports one after the other until one is not accepted. */
static void *send_loop(void *arg)
{
	sender *s = arg;

	for (s->sent = 0; s->sent < REPORTS_PER_SENDER; s->sent++) {
		unsigned hash = s->first + s->sent;
		if (post_report(s->h, hash) != 202)
			break;
		s->accepted[s->naccepted++] = hash;
	}
	return NULL;
}

START_TEST(test_shutdown_with_reports_in_flight)
{
	beacond_harness h;
	/* Long batches keep reports suspended when SIGTERM arrives. */
	const char *extra[] = { "--storage.batchMs", "50",
				"--limits.reportBurst", "100000", NULL };
	sender senders[SENDERS];
	long long rows;
	unsigned accepted = 0, j;
	char hash[32];
	int i;

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	memset(senders, 0, sizeof(senders));
	for (i = 0; i < SENDERS; i++) {
		senders[i].h = &h;
		senders[i].first = 1000000u * (unsigned)(i + 1);
		ck_assert_int_eq(pthread_create(&senders[i].thread, NULL,
						send_loop, &senders[i]),
				 0);
	}
	/* SIGTERM while the senders are busy: some reports are committed,
	 * others queued or suspended. */
	for (i = 0; i < 500; i++) {
		struct timespec ts = { 0, 20000000L };
		if (beacond_sql_int(&h, "SELECT count(*) FROM reports") >= 20)
			break;
		nanosleep(&ts, NULL);
	}
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	for (i = 0; i < SENDERS; i++) {
		pthread_join(senders[i].thread, NULL);
		for (j = 0; j < senders[i].naccepted; j++) {
			snprintf(hash, sizeof(hash), "%u",
				 senders[i].accepted[j]);
			ck_assert_int_eq(
			    beacond_sql_int_arg(&h,
						"SELECT count(*) FROM reports "
						"WHERE hash = ?1",
						hash),
			    1);
		}
		accepted += senders[i].naccepted;
	}
	rows = beacond_sql_int(&h, "SELECT count(*) FROM reports");
	ck_assert_int_ge(accepted, 20);
	ck_assert_int_ge(rows, accepted); /* a 202 may be lost, not a row */
	ck_assert(beacond_harness_log_contains(&h, "stopped"));
	beacond_harness_cleanup(&h);
}
END_TEST

typedef struct one_report {
	beacond_harness *h;
	unsigned hash;
	long status;
	char retry_after[16];
	pthread_t thread;
} one_report;

static void *send_report(void *arg)
{
	one_report *o = arg;
	char *body = report_body(o->hash);
	beacond_response r;

	if (beacond_http(o->h, "POST", "/collect", json_headers, body,
			 strlen(body), &r) == 0) {
		o->status = r.status;
		beacond_response_header(&r, "Retry-After", o->retry_after,
					sizeof(o->retry_after));
	}
	beacond_response_dispose(&r);
	beacon_free(body);
	return NULL;
}

/* A full writer queue answers 503 + Retry-After at once; the rest 202. */
START_TEST(test_queue_full_503)
{
	beacond_harness h;
	const char *extra[] = { "--storage.queueCapacity",
				"16",
				"--storage.batchMax",
				"64",
				"--storage.batchMs",
				"2000",
				"--limits.reportBurst",
				"1000",
				NULL };
	one_report reports[20];
	int i, accepted = 0, busy = 0;

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	memset(reports, 0, sizeof(reports));
	for (i = 0; i < 20; i++) {
		reports[i].h = &h;
		reports[i].hash = 7000u + (unsigned)i;
		ck_assert_int_eq(pthread_create(&reports[i].thread, NULL,
						send_report, &reports[i]),
				 0);
	}
	for (i = 0; i < 20; i++) {
		pthread_join(reports[i].thread, NULL);
		if (reports[i].status == 202)
			accepted++;
		if (reports[i].status == 503) {
			busy++;
			ck_assert_int_eq(
			    strtol(reports[i].retry_after, NULL, 10),
			    BEACON_SERVER_RETRY_AFTER_BUSY_S);
		}
	}
	ck_assert_int_eq(accepted, 16);
	ck_assert_int_eq(busy, 4);
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM reports"),
			 16);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

START_TEST(test_restart_same_database)
{
	beacond_harness h;
	const char *rel[] = { "add", "traefik/traefik", "v3.1.0", NULL };
	beacond_response r;

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_release(&h, rel), 0);
	ck_assert_int_eq(beacond_harness_start(&h, NULL), 0);
	ck_assert_int_eq(post_report(&h, 1), 202);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, NULL), 0);
	ck_assert_int_eq(post_report(&h, 2), 202);
	ck_assert_int_eq(beacond_http(&h, "GET",
				      "/repos/traefik/traefik/releases", NULL,
				      NULL, 0, &r),
			 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body.ptr, "\"tag_name\":\"v3.1.0\""));
	beacond_response_dispose(&r);
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM reports"),
			 2);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

/* SIGHUP reloads the catalog at once (systemctl reload) and stops nothing. */
START_TEST(test_sighup_reloads_catalog)
{
	beacond_harness h;
	const char *extra[] = { "--catalogPollMs", "600000", NULL };
	const char *rel[] = { "add", "acme/gadget", "v0.1.0", NULL };
	struct timespec pause = { 0, 50000000L };
	beacond_response r;
	long status = 0;
	int i;

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	ck_assert_int_eq(beacond_harness_release(&h, rel), 0);
	/* The poll is 10 minutes away: without the signal, still 404. */
	nanosleep(&pause, NULL);
	ck_assert_int_eq(beacond_http(&h, "GET", "/repos/acme/gadget/releases",
				      NULL, NULL, 0, &r),
			 0);
	ck_assert_int_eq(r.status, 404);
	beacond_response_dispose(&r);
	ck_assert_int_eq(kill(h.pid, SIGHUP), 0);
	for (i = 0; i < 100 && status != 200; i++) {
		nanosleep(&pause, NULL);
		ck_assert_int_eq(beacond_http(&h, "GET",
					      "/repos/acme/gadget/releases",
					      NULL, NULL, 0, &r),
				 0);
		status = r.status;
		beacond_response_dispose(&r);
	}
	ck_assert_int_eq(status, 200);
	ck_assert(beacond_harness_log_contains(&h, "reload"));
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

/* One check and one report 10 days old, one of each an hour old. */
static const char old_and_new_rows[] =
    "INSERT INTO checks (ts, product) VALUES"
    " (CAST(strftime('%s', 'now') AS INTEGER) - 864000, 'a/old'),"
    " (CAST(strftime('%s', 'now') AS INTEGER) - 3600, 'a/new');"
    "INSERT INTO reports (ts, product, hash) VALUES"
    " (CAST(strftime('%s', 'now') AS INTEGER) - 864000, 'a/old', '1'),"
    " (CAST(strftime('%s', 'now') AS INTEGER) - 3600, 'a/new', '2');";

START_TEST(test_retention_purge)
{
	beacond_harness h;
	const char *extra[] = { "--retentionDays", "1", NULL };
	int i;

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, NULL), 0); /* migrates */
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	ck_assert_int_eq(beacond_sql_exec(&h, old_and_new_rows), 0);
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	for (i = 0; i < 250 && !beacond_harness_log_contains(&h, "purge");
	     i++) {
		struct timespec ts = { 0, 20000000L };
		nanosleep(&ts, NULL);
	}
	ck_assert(beacond_harness_log_contains(&h, "purge deleted=2"));
	ck_assert_int_eq(
	    beacond_sql_int(&h, "SELECT count(*) FROM checks WHERE product = "
				"'a/new'"),
	    1);
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM checks"), 1);
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM reports"),
			 1);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_config_file)
{
	beacond_harness h;
	char path[2048];
	const char *extra[] = { "--config", path, NULL };
	char ip[64];

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	snprintf(path, sizeof(path), "%s/beacond.yaml", h.dir);
	write_file(path, "LogFormat: json\n"
			 "ipmode: none\n"
			 "collectPaths: [/in]\n"
			 "limits:\n  reportBurst: 3\n");
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	ck_assert(beacond_harness_log_contains(&h, "\"msg\":\"listening\""));
	{
		char *body = report_body(5);
		beacond_response r;
		ck_assert_int_eq(beacond_http(&h, "POST", "/in", json_headers,
					      body, strlen(body), &r),
				 0);
		ck_assert_int_eq(r.status, 202);
		beacond_response_dispose(&r);
		ck_assert_int_eq(beacond_http(&h, "POST", "/collect",
					      json_headers, body, strlen(body),
					      &r),
				 0);
		ck_assert_int_eq(r.status, 404); /* the file replaced it */
		beacond_response_dispose(&r);
		beacon_free(body);
	}
	ck_assert_int_eq(
	    beacond_sql_text(&h, "SELECT ip FROM reports", ip, sizeof(ip)),
	    1); /* ipMode none */
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

START_TEST(test_config_errors)
{
	beacond_harness h;
	char path[2048], log[2200], text[4096] = "";
	const char *bad_key[] = { "serve", "--config", path, NULL };
	const char *bad_flag[] = { "serve", "--limits.bodyBytes", "abc", NULL };
	const char *help[] = { "--help", NULL };
	const char *version[] = { "--version", NULL };
	FILE *f;

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	snprintf(path, sizeof(path), "%s/bad.yaml", h.dir);
	snprintf(log, sizeof(log), "%s/cmd.log", h.dir);
	write_file(path, "limits:\n  bodyByts: 10\n");
	ck_assert_int_eq(beacond_harness_run(&h, bad_key), 1);
	f = fopen(log, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_gt(fread(text, 1, sizeof(text) - 1, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "limits.bodyByts"));
	ck_assert_int_eq(beacond_harness_run(&h, bad_flag), 1);
	ck_assert_int_eq(beacond_harness_run(&h, help), 0);
	ck_assert_int_eq(beacond_harness_run(&h, version), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

START_TEST(test_example_config_loads)
{
	beacond_harness h;
	const char *extra[] = { "--config",
				BEACON_SOURCE_DIR
				"/deploy/beacond.example.yaml",
				NULL };

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

START_TEST(test_tls)
{
	beacond_harness h;
	const char *extra[] = {
		"--tlsCert", BEACON_SOURCE_DIR "/tests/data/tls/cert.pem",
		"--tlsKey", BEACON_SOURCE_DIR "/tests/data/tls/key.pem", NULL
	};
	beacond_response r;
	char v[128];

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	ck_assert_int_eq(strncmp(h.base_url, "https://", 8), 0);
	h.ca_file = BEACON_SOURCE_DIR "/tests/data/tls/cert.pem";
	ck_assert_int_eq(beacond_http(&h, "GET", "/healthz", NULL, NULL, 0, &r),
			 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(beacond_response_header(
	    &r, "Strict-Transport-Security", v, sizeof(v)));
	beacond_response_dispose(&r);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

/* The port logged for the listen address spec ("[::1]:0"), 0 if none. */
static unsigned logged_port_of(const beacond_harness *h, const char *spec)
{
	char text[8192] = "", needle[128];
	const char *at;
	FILE *f = fopen(h->log, "r");

	if (f == NULL)
		return 0;
	text[fread(text, 1, sizeof(text) - 1, f)] = '\0';
	fclose(f);
	snprintf(needle, sizeof(needle), "address=%s port=", spec);
	at = strstr(text, needle);
	return at != NULL ? (unsigned)strtoul(at + strlen(needle), NULL, 10)
			  : 0;
}

/* Two listeners, one IPv6, on the epoll back end. */
START_TEST(test_ipv6_and_epoll)
{
	beacond_harness h;
	const char *extra[] = { "--listen", "127.0.0.1:0", "--listen",
				"[::1]:0",  "--pollMode",  "epoll",
				NULL };
	beacond_response r;
	unsigned port6;

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	ck_assert_int_eq(beacond_http(&h, "GET", "/healthz", NULL, NULL, 0, &r),
			 0);
	ck_assert_int_eq(r.status, 200);
	beacond_response_dispose(&r);
	port6 = logged_port_of(&h, "[::1]:0");
	ck_assert_uint_gt(port6, 0);
	snprintf(h.base_url, sizeof(h.base_url), "http://[::1]:%u", port6);
	ck_assert_int_eq(beacond_http(&h, "GET", "/healthz", NULL, NULL, 0, &r),
			 0);
	ck_assert_int_eq(r.status, 200);
	beacond_response_dispose(&r);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

static Suite *lifecycle_suite(void)
{
	Suite *s = suite_create("integration/http_lifecycle");
	TCase *tc = tcase_create("lifecycle");

	tcase_set_timeout(tc, 90);
	tcase_add_test(tc, test_shutdown_with_reports_in_flight);
	tcase_add_test(tc, test_queue_full_503);
	tcase_add_test(tc, test_restart_same_database);
	tcase_add_test(tc, test_sighup_reloads_catalog);
	tcase_add_test(tc, test_retention_purge);
	tcase_add_test(tc, test_config_file);
	tcase_add_test(tc, test_config_errors);
	tcase_add_test(tc, test_example_config_loads);
	tcase_add_test(tc, test_tls);
	tcase_add_test(tc, test_ipv6_and_epoll);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(lifecycle_suite());
}
