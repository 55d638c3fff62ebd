/*
 * test_client_beacond.c - suite client/beacond: libbeacon against a real
 * beacond (beacond_harness: port 0, temporary database): the version check
 * answers, the check recorded with its version, a report whose stored row
 * decodes back to the anonymized configuration and hash, no connection at
 * all for each opt-out source, the background thread reaching the server,
 * no connection kept once a run returns, a TOML configuration read through
 * the libbeacon-toml.so module.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "beacon/beacon.h"
#include "beacond_harness.h"
#include "client_peer.h"
#include "client_wait.h"
#include "test_support.h"

#define CONFIG BEACON_SOURCE_DIR "/tests/data/client/report.yaml"
#define TOML_CONFIG BEACON_TEST_DATA_DIR "/config/traefik.toml"

static beacond_harness h;
static const char *const no_env[] = { NULL };

static void add_release(const char *tag, const char *date, int pre)
{
	const char *args[] = { "add", "traefik/traefik",
			       tag,   "--published-at",
			       date,  NULL,
			       NULL };

	if (pre)
		args[5] = "--prerelease";
	ck_assert_int_eq(beacond_harness_release(&h, args), 0);
}

static void setup(void)
{
	ck_assert_int_eq(beacond_harness_init(&h), 0);
	add_release("v3.0.0", "2024-01-10T10:00:00Z", 0);
	add_release("v3.1.2", "2024-06-10T10:00:00Z", 0);
	add_release("v3.1.3", "2024-07-10T10:00:00Z", 0);
	add_release("v3.2.0-rc.1", "2024-08-10T10:00:00Z", 1);
	ck_assert_int_eq(beacond_harness_start(&h, NULL), 0);
}

static void teardown(void)
{
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}

static beacon_client *client_for(const char *product, const char *running,
				 const beacon_client_options *extra)
{
	beacon_client_options o;
	beacon_error_detail err;
	beacon_client *c = NULL;

	if (extra != NULL)
		o = *extra;
	else
		beacon_client_options_init(&o);
	o.product = product;
	o.running = running;
	o.update_url = h.base_url;
	o.proxy = "";
	if (o.envp == NULL)
		o.envp = no_env;
	ck_assert_beacon_ok(beacon_client_new(&c, &o, &err), &err);
	return c;
}

typedef struct answer_case {
	const char *product;
	const char *running;
	beacon_check_status status;
	const char *latest; /* go-version's String() of tag */
	const char *tag;
	long http_status;
} answer_case;

static const answer_case answers[] = {
	{ "traefik/traefik", "3.1.2", BEACON_CHECK_UPDATE_AVAILABLE, "3.1.3",
	  "v3.1.3", 200 },
	{ "traefik/traefik", "v3.0.0", BEACON_CHECK_UPDATE_AVAILABLE, "3.1.3",
	  "v3.1.3", 200 },
	{ "traefik/traefik", "3.1.3", BEACON_CHECK_UP_TO_DATE, "", "", 200 },
	{ "traefik/traefik", "3.2.0-rc.0", BEACON_CHECK_UPDATE_AVAILABLE,
	  "3.2.0-rc.1", "v3.2.0-rc.1", 200 },
	{ "traefik/traefik", "3.2.0", BEACON_CHECK_UP_TO_DATE, "", "", 200 },
	{ "traefik/unknown", "1.0.0", BEACON_CHECK_UNKNOWN, "", "", 404 },
};

START_TEST(test_answers)
{
	const answer_case *a = &answers[_i];
	beacon_client *c = client_for(a->product, a->running, NULL);
	beacon_check_result r;

	beacon_client_check(c, &r);
	ck_assert_msg(r.status == a->status, "%s: status %d (%s)", a->running,
		      r.status, r.reason);
	ck_assert_str_eq(r.latest, a->latest);
	ck_assert_str_eq(r.tag, a->tag);
	ck_assert_int_eq(r.http_status, a->http_status);
	beacon_client_free(c);
}
END_TEST

START_TEST(test_check_recorded_with_version)
{
	beacon_client *c = client_for("traefik/traefik", "3.1.2", NULL);
	beacon_check_result r;
	char text[512];

	ck_assert_beacon_ok(beacon_client_check(c, &r), NULL);
	ck_assert_int_eq(
	    client_wait_sql(&h, "SELECT count(*) FROM checks", 1, 5000), 1);
	ck_assert_int_eq(beacond_sql_text(&h, "SELECT version FROM checks",
					  text, sizeof(text)),
			 0);
	ck_assert_str_eq(text, "3.1.2");
	ck_assert_int_eq(beacond_sql_text(&h, "SELECT user_agent FROM checks",
					  text, sizeof(text)),
			 0);
	ck_assert_str_eq(text, beacon_client_user_agent(c));
	beacon_client_free(c);
}
END_TEST

/* The stored configuration: base64 of JSON or the JSON itself. */
static json_t *stored_configuration(void)
{
	char text[65536];
	char body[70000];
	json_t *doc = NULL;

	ck_assert_int_eq(beacond_sql_text(&h,
					  "SELECT configuration FROM v_reports",
					  text, sizeof(text)),
			 0);
	doc = json_loads(text, 0, NULL);
	if (doc != NULL)
		return doc;
	/* base64 on the wire: let the client's own decoder read it */
	snprintf(body, sizeof(body),
		 "{\"version\":\"1\",\"codename\":\"\",\"buildDate\":\"\","
		 "\"configuration\":\"%s\",\"hash\":\"0\"}",
		 text);
	ck_assert_beacon_ok(
	    beacon_report_configuration(&doc, body, strlen(body), NULL), NULL);
	return doc;
}

START_TEST(test_report_roundtrip)
{
	beacon_client_options o;
	beacon_report_result r;
	beacon_client *c;
	json_t *full = NULL, *anon = NULL, *stored = NULL;
	unsigned long long hash = 0;
	char text[64], want[64];
	char *dump;

	beacon_client_options_init(&o);
	o.config_file = CONFIG;
	o.codename = "saintnectaire";
	c = client_for("traefik/traefik", "3.1.2", &o);
	ck_assert_int_eq(beacon_client_report_enabled(c), 1);
	ck_assert_beacon_ok(beacon_client_send_report(c, &r), NULL);
	ck_assert_int_eq(r.http_status, 202);
	ck_assert_int_eq(
	    client_wait_sql(&h, "SELECT count(*) FROM reports", 1, 5000), 1);
	full = json_deep_copy(beacon_client_config(c));
	ck_assert_beacon_ok(beacon_anonymize_document(&anon, full, NULL, NULL),
			    NULL);
	ck_assert_beacon_ok(beacon_hash_document(&hash, full, NULL, NULL, NULL),
			    NULL);
	stored = stored_configuration();
	ck_assert_msg(json_equal(stored, anon), "stored configuration differs");
	dump = json_dumps(stored, 0);
	ck_assert_ptr_nonnull(dump);
	ck_assert_ptr_null(strstr(dump, "secret"));
	ck_assert_ptr_null(strstr(dump, "10.1.2.3"));
	free(dump);
	snprintf(want, sizeof(want), "%llu", hash);
	ck_assert_int_eq(beacond_sql_text(&h, "SELECT hash FROM reports", text,
					  sizeof(text)),
			 0);
	ck_assert_str_eq(text, want);
	ck_assert_int_eq(beacond_sql_text(&h, "SELECT version FROM reports",
					  text, sizeof(text)),
			 0);
	ck_assert_str_eq(text, "3.1.2");
	json_decref(stored);
	json_decref(anon);
	json_decref(full);
	beacon_client_free(c);
}
END_TEST

START_TEST(test_opt_out_sources_connect_nowhere)
{
	static const char *const dnt[] = { "DO_NOT_TRACK=1", NULL };
	static const char *const off[] = { "BEACON_DISABLE=1", NULL };
	static const char *const env_off[] = {
		"TRAEFIK_GLOBAL_CHECKNEWVERSION=false", NULL
	};
	const char *flags[] = { "--global.checkNewVersion=false" };
	beacon_client_options o;
	beacon_check_result r;
	beacon_client *c;

	beacon_client_options_init(&o);
	o.initial_delay_ms = 1;
	o.jitter_ms = 1;
	o.env_prefix = "TRAEFIK_";
	if (_i == 0 || _i == 1) {
		o.envp = _i == 0 ? dnt : off;
		o.config_file = CONFIG; /* which opts in to both */
	} else if (_i == 2) {
		o.envp = env_off;
	} else if (_i == 3) {
		o.flags = flags;
		o.nflags = 1;
	} else {
		o.check_new_version = 0;
	}
	c = client_for("traefik/traefik", _i == 5 ? "dev" : "3.1.2", &o);
	ck_assert_int_eq(beacon_client_check_enabled(c), 0);
	ck_assert_beacon_ok(beacon_client_start(c), NULL);
	ck_assert_int_eq(beacon_client_check(c, &r), BEACON_EDISABLED);
	ck_assert_int_eq(beacon_client_send_report(c, NULL), BEACON_EDISABLED);
	client_peer_sleep_ms(300);
	beacon_client_stop(c);
	beacon_client_free(c);
	client_peer_sleep_ms(100);
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM checks"), 0);
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM reports"),
			 0);
}
END_TEST

START_TEST(test_background_reaches_server)
{
	beacon_client_options o;
	beacon_client *c;

	beacon_client_options_init(&o);
	o.initial_delay_ms = 10;
	o.jitter_ms = 1;
	o.config_file = CONFIG;
	c = client_for("traefik/traefik", "3.1.2", &o);
	ck_assert_beacon_ok(beacon_client_start(c), NULL);
	ck_assert_int_eq(
	    client_wait_sql(&h, "SELECT count(*) FROM checks", 1, 5000), 1);
	ck_assert_int_eq(
	    client_wait_sql(&h, "SELECT count(*) FROM reports", 1, 5000), 1);
	beacon_client_stop(c);
	beacon_client_free(c);
}
END_TEST

/*
 * TLS is verified: against beacond serving the test certificate, the check
 * succeeds with that certificate as ca_file and is UNKNOWN (never up to
 * date) with the system CA bundle, which does not know it.
 */
START_TEST(test_tls_verification)
{
	const char *tls[] = {
		"--tlsCert", BEACON_SOURCE_DIR "/tests/data/tls/cert.pem",
		"--tlsKey", BEACON_SOURCE_DIR "/tests/data/tls/key.pem", NULL
	};
	const char *rel[] = { "add", "traefik/traefik", "v3.1.3", NULL };
	beacond_harness t;
	beacon_client_options o;
	beacon_client *c = NULL;
	beacon_check_result r;
	int verify;

	ck_assert_int_eq(beacond_harness_init(&t), 0);
	ck_assert_int_eq(beacond_harness_release(&t, rel), 0);
	ck_assert_int_eq(beacond_harness_start(&t, tls), 0);
	ck_assert_int_eq(strncmp(t.base_url, "https://", 8), 0);
	for (verify = 0; verify < 2; verify++) {
		beacon_client_options_init(&o);
		o.product = "traefik/traefik";
		o.running = "3.1.2";
		o.update_url = t.base_url;
		o.proxy = "";
		o.envp = no_env;
		o.ca_file = verify ? BEACON_SOURCE_DIR
				"/tests/data/tls/cert.pem"
				   : NULL;
		ck_assert_beacon_ok(beacon_client_new(&c, &o, NULL), NULL);
		beacon_client_check(c, &r);
		if (verify) {
			ck_assert_msg(r.status == BEACON_CHECK_UPDATE_AVAILABLE,
				      "status %d: %s", r.status, r.reason);
			ck_assert_str_eq(r.latest, "3.1.3");
			ck_assert_str_eq(r.tag, "v3.1.3");
		} else {
			ck_assert_int_eq(r.status, BEACON_CHECK_UNKNOWN);
			ck_assert_int_eq(r.http_status, 0);
			ck_assert_msg(strstr(r.reason, "certificate") != NULL,
				      "reason: %s", r.reason);
		}
		beacon_client_free(c);
	}
	ck_assert_int_eq(beacond_harness_stop(&t), 0);
	beacond_harness_cleanup(&t);
}
END_TEST

/* Sockets among this process's descriptors. */
static int count_sockets(void)
{
	char target[64];
	struct dirent *e;
	DIR *d = opendir("/proc/self/fd");
	ssize_t n;
	int count = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		n = readlinkat(dirfd(d), e->d_name, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			count += strncmp(target, "socket:", 7) == 0;
		}
	}
	closedir(d);
	return count;
}

/* A daily run needs no kept connection: each run's connection is closed
 * before the call returns (a host's RSS and descriptors stay flat). */
START_TEST(test_no_connection_kept)
{
	beacon_client_options o;
	beacon_check_result k;
	beacon_report_result r;
	beacon_client *c;
	int before;

	beacon_client_options_init(&o);
	o.config_file = CONFIG;
	c = client_for("traefik/traefik", "3.1.2", &o);
	before = count_sockets();
	ck_assert_beacon_ok(beacon_client_check(c, &k), NULL);
	ck_assert_int_eq(count_sockets(), before);
	ck_assert_beacon_ok(beacon_client_send_report(c, &r), NULL);
	ck_assert_int_eq(r.http_status, 202);
	ck_assert_int_eq(count_sockets(), before);
	beacon_client_free(c);
}
END_TEST

/* libbeacon.so reads TOML through its module, loaded on first use. */
START_TEST(test_toml_config_through_module)
{
	beacon_client_options o;
	const json_t *config;
	beacon_client *c;

	beacon_client_options_init(&o);
	o.config_file = TOML_CONFIG;
	c = client_for("traefik/traefik", "3.1.2", &o);
	config = beacon_client_config(c);
	ck_assert_ptr_nonnull(config);
	ck_assert_ptr_nonnull(json_object_get(config, "entryPoints"));
	beacon_client_free(c);
}
END_TEST

static Suite *beacond_suite(void)
{
	Suite *s = suite_create("client/beacond");
	TCase *tc = tcase_create("beacond");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_answers, 0,
			    (int)(sizeof(answers) / sizeof(answers[0])));
	tcase_add_test(tc, test_check_recorded_with_version);
	tcase_add_test(tc, test_report_roundtrip);
	tcase_add_loop_test(tc, test_opt_out_sources_connect_nowhere, 0, 6);
	tcase_add_test(tc, test_background_reaches_server);
	tcase_add_test(tc, test_no_connection_kept);
	tcase_add_test(tc, test_toml_config_through_module);
	suite_add_tcase(s, tc);
	tc = tcase_create("tls");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tls_verification);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(beacond_suite());
}
