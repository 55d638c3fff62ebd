/*
 * test_options.c - suite client/options: validation of every option, the
 * defaults, the URLs derived from them and the User-Agent format.
 */
#include <regex.h>
#include <string.h>

#include "client_internal.h"
#include "test_support.h"

static const char *const no_env[] = { NULL };

static void base(beacon_client_options *o)
{
	beacon_client_options_init(o);
	o->product = "traefik/traefik";
	o->running = "3.1.2";
	o->update_url = "http://127.0.0.1:9";
	o->envp = no_env;
}

typedef struct bad_case {
	const char *field; /* expected in err.source */
	void (*spoil)(beacon_client_options *o);
} bad_case;

static void no_product(beacon_client_options *o)
{
	o->product = NULL;
}
static void flat_product(beacon_client_options *o)
{
	o->product = "traefik";
}
static void empty_repo(beacon_client_options *o)
{
	o->product = "traefik/";
}
static void slashy(beacon_client_options *o)
{
	o->product = "a/b/c";
}
static void spacey(beacon_client_options *o)
{
	o->product = "a b/c";
}
static void dotted_owner(beacon_client_options *o)
{
	o->product = "my.org/repo";
}

static void bad_codename(beacon_client_options *o)
{
	o->codename = "line\nbreak";
}

static void no_running(beacon_client_options *o)
{
	o->running = NULL;
}
static void empty_running(beacon_client_options *o)
{
	o->running = "";
}
static void space_running(beacon_client_options *o)
{
	o->running = "1 2";
}
static void ftp_url(beacon_client_options *o)
{
	o->update_url = "ftp://x";
}
static void bare_url(beacon_client_options *o)
{
	o->update_url = "x.org";
}
static void bad_collect(beacon_client_options *o)
{
	o->collect_url = "/c";
}
static void neg_timeout(beacon_client_options *o)
{
	o->timeout_ms = -1;
}
static void neg_delay(beacon_client_options *o)
{
	o->interval_ms = -5;
}
static void bad_host(beacon_client_options *o)
{
	o->check_new_version = 2;
}
static void bad_flags(beacon_client_options *o)
{
	o->nflags = 1;
}
static void bad_version(beacon_client_options *o)
{
	o->version = 99;
}

static void long_running(beacon_client_options *o)
{
	static char v[BEACON_RESULT_VERSION_MAX + 1];

	memset(v, '1', sizeof(v) - 1);
	o->running = v;
}

static const bad_case bad_cases[] = {
	{ "product", no_product },
	{ "product", flat_product },
	{ "product", empty_repo },
	{ "product", slashy },
	{ "product", spacey },
	{ "product", dotted_owner },
	{ "codename", bad_codename },
	{ "running", no_running },
	{ "running", empty_running },
	{ "running", space_running },
	{ "running", long_running },
	{ "update_url", ftp_url },
	{ "update_url", bare_url },
	{ "collect_url", bad_collect },
	{ "options", neg_timeout },
	{ "options", neg_delay },
	{ "check_new_version", bad_host },
	{ "flags", bad_flags },
	{ "version", bad_version },
};

START_TEST(test_invalid)
{
	beacon_client_options o;
	beacon_error_detail err;
	beacon_client *client = (beacon_client *)&o; /* must become NULL */

	base(&o);
	bad_cases[_i].spoil(&o);
	ck_assert_int_eq(beacon_client_new(&client, &o, &err), BEACON_EINVAL);
	ck_assert_ptr_null(client);
	ck_assert_str_eq(err.source, bad_cases[_i].field);
}
END_TEST

START_TEST(test_null_options)
{
	beacon_client *client = NULL;

	ck_assert_int_eq(beacon_client_new(&client, NULL, NULL), BEACON_EINVAL);
	ck_assert_int_eq(beacon_client_new(NULL, NULL, NULL), BEACON_EINVAL);
	beacon_client_free(NULL);
}
END_TEST

START_TEST(test_init_macro_matches_function)
{
	beacon_client_options a = BEACON_CLIENT_OPTIONS_INIT;
	beacon_client_options b;

	memset(&b, 0x5a, sizeof(b));
	beacon_client_options_init(&b);
	ck_assert_int_eq(a.version, BEACON_CLIENT_OPTIONS_VERSION);
	ck_assert_int_eq(a.check_new_version, -1);
	ck_assert_int_eq(a.send_anonymous_usage, -1);
	ck_assert_ptr_null(a.payload);
	ck_assert(a.log == NULL && a.event == NULL);
	ck_assert_int_eq(b.check_new_version, -1);
	ck_assert_ptr_null(b.product);
	ck_assert_int_eq(b.backoff_cap_ms, 0);
	ck_assert_int_eq(b.initial_delay_ms, -1);
	ck_assert_int_eq(b.jitter_ms, -1);
}
END_TEST

START_TEST(test_zero_delay_and_jitter_are_kept)
{
	beacon_client_options o;
	beacon_client *c = NULL;

	base(&o);
	ck_assert_beacon_ok(beacon_client_new(&c, &o, NULL), NULL);
	ck_assert_int_eq(c->schedule.jitter_ms, BEACON_CLIENT_JITTER_MS);
	beacon_client_free(c);
	/* 0 is a real value for these two: at once, no jitter. */
	base(&o);
	o.initial_delay_ms = 0;
	o.jitter_ms = 0;
	ck_assert_beacon_ok(beacon_client_new(&c, &o, NULL), NULL);
	ck_assert_int_eq(c->schedule.initial_delay_ms, 0);
	ck_assert_int_eq(c->schedule.jitter_ms, 0);
	beacon_client_free(c);
}
END_TEST

START_TEST(test_defaults_and_urls)
{
	beacon_client_options o;
	beacon_client *c = NULL;

	base(&o);
	o.update_url = "http://127.0.0.1:9//";
	ck_assert_beacon_ok(beacon_client_new(&c, &o, NULL), NULL);
	ck_assert_str_eq(c->releases_url,
			 "http://127.0.0.1:9/repos/traefik/traefik/releases");
	ck_assert_str_eq(c->collect_url, "http://127.0.0.1:9/collect");
	ck_assert_int_eq(c->transport.connect_timeout_ms,
			 BEACON_CLIENT_CONNECT_TIMEOUT_MS);
	ck_assert_int_eq(c->transport.timeout_ms, BEACON_CLIENT_TIMEOUT_MS);
	ck_assert_int_eq(c->schedule.initial_delay_ms, 10L * 60L * 1000L);
	ck_assert_int_eq(c->schedule.interval_ms, 24L * 3600L * 1000L);
	ck_assert_str_eq(c->repo, "traefik");
	ck_assert_ptr_null(c->config);
	beacon_client_free(c);

	base(&o);
	o.update_url = NULL;
	o.collect_url =
	    "https://stats.example/yYaUej3P42cziRVzv6T5w2aYy9po2Mrn";
	ck_assert_beacon_ok(beacon_client_new(&c, &o, NULL), NULL);
	ck_assert_str_eq(c->releases_url, "https://update.traefik.io/repos/"
					  "traefik/traefik/releases");
	ck_assert_str_eq(c->collect_url, o.collect_url);
	beacon_client_free(c);
}
END_TEST

START_TEST(test_user_agent)
{
	beacon_client_options o;
	beacon_client *c = NULL;
	regex_t re;
	const char *ua;

	base(&o);
	o.product = "traefik/traefik";
	o.running = "v3.1.2";
	o.user_agent_suffix = "host/1.0";
	ck_assert_beacon_ok(beacon_client_new(&c, &o, NULL), NULL);
	ua = beacon_client_user_agent(c);
	ck_assert_int_eq(
	    regcomp(&re,
		    "^traefik/v3\\.1\\.2 \\([a-z0-9]+; [a-z0-9]+\\)"
		    " beacon/[0-9]+\\.[0-9]+\\.[0-9]+ host/1\\.0$",
		    REG_EXTENDED | REG_NOSUB),
	    0);
	ck_assert_msg(regexec(&re, ua, 0, NULL, 0) == 0, "UA '%s'", ua);
	regfree(&re);
	beacon_client_free(c);
}
END_TEST

START_TEST(test_user_agent_platform)
{
	char *ua = NULL;
	char want[256];

	ck_assert_beacon_ok(
	    beacon_user_agent_new(&ua, "containous/Maesh", "1.0.0", NULL),
	    NULL);
	snprintf(want, sizeof(want), "Maesh/1.0.0 (%s; %s) beacon/%s",
		 beacon_platform_os(), beacon_platform_arch(),
		 BEACON_LIB_VERSION);
	ck_assert_str_eq(ua, want);
#if defined(__linux__) && defined(__x86_64__)
	ck_assert_str_eq(beacon_platform_os(), "linux");
	ck_assert_str_eq(beacon_platform_arch(), "amd64");
#endif
	beacon_free(ua);
}
END_TEST

START_TEST(test_out_of_memory)
{
	beacon_client_options o;
	beacon_client *c = NULL;
	long n;
	int rc = BEACON_ENOMEM;

	base(&o);
	for (n = 0; rc == BEACON_ENOMEM && n < 200; n++) {
		beacon_alloc_fail_after(n);
		rc = beacon_client_new(&c, &o, NULL);
		beacon_alloc_fail_after(-1);
		if (rc == BEACON_ENOMEM)
			ck_assert_ptr_null(c);
	}
	ck_assert_int_eq(rc, BEACON_OK);
	ck_assert_int_gt(n, 3);
	beacon_client_free(c);
}
END_TEST

static Suite *options_suite(void)
{
	Suite *s = suite_create("client/options");
	TCase *tc = tcase_create("options");

	tcase_add_loop_test(tc, test_invalid, 0,
			    (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
	tcase_add_test(tc, test_null_options);
	tcase_add_test(tc, test_init_macro_matches_function);
	tcase_add_test(tc, test_defaults_and_urls);
	tcase_add_test(tc, test_user_agent);
	tcase_add_test(tc, test_user_agent_platform);
	tcase_add_test(tc, test_zero_delay_and_jitter_are_kept);
	tcase_add_test(tc, test_out_of_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(options_suite());
}
