/*
 * test_router.c - suite server/router: which row of beacond's route table
 * (routes/table.c) a method and path reach, the Allow text of a wrong
 * method, the 404 fallback, the metrics label order, and the precedence
 * of exact paths over patterns. No network.
 */
#include <check.h>
#include <stddef.h>
#include <string.h>

#include "config/config.h"
#include "http/router.h"
#include "routes/table.h"
#include "test_support.h"

static const struct {
	const char *method, *url;
	const char *label; /* the row reached */
	const char *allow; /* NULL: the method fits */
} cases[] = {
	{ "GET", "/repos/traefik/traefik/releases", "releases", NULL },
	{ "HEAD", "/repos/traefik/traefik/releases", "releases", NULL },
	{ "POST", "/repos/traefik/traefik/releases", "releases", "GET, HEAD" },
	/* the handler answers GitHub's 404 for names it cannot parse */
	{ "GET", "/repos/a/b/c/releases", "releases", NULL },
	{ "GET", "/repos/x/releases", "releases", NULL },
	{ "GET", "/repos//releases", "other", NULL },
	{ "GET", "/repos/a/b/releases/", "other", NULL },
	{ "POST", "/collect", "collect", NULL },
	{ "GET", "/collect", "collect", "POST" },
	{ "PUT", "/collect", "collect", "POST" },
	{ "POST", BEACOND_TRAEFIK_COLLECT_PATH, "collect", NULL },
	{ "GET", "/collect/", "other", NULL },
	{ "GET", "/healthz", "healthz", NULL },
	{ "HEAD", "/healthz", "healthz", NULL },
	{ "POST", "/healthz", "healthz", "GET, HEAD" },
	{ "GETX", "/metrics", "metrics", "GET, HEAD" },
	{ "GET", "/metrics", "metrics", NULL },
	{ "get", "/metrics", "metrics", "GET, HEAD" },
	{ "GET", "/", "other", NULL },
	{ "DELETE", "/nope", "other", NULL },
};

static void check_find(const beacond_config *cfg, const char *method,
		       const char *url, const char *label, const char *allow)
{
	const char *got_allow = "unset";
	const beacond_route *r =
	    beacond_route_find(beacond_route_table, beacond_route_count, cfg,
			       url, method, &got_allow);

	ck_assert_ptr_nonnull(r);
	ck_assert_msg(strcmp(r->label, label) == 0, "%s %s: row %s, want %s",
		      method, url, r->label, label);
	if (allow == NULL)
		ck_assert_msg(got_allow == NULL, "%s %s: Allow %s", method, url,
			      got_allow);
	else
		ck_assert_msg(got_allow != NULL &&
				  strcmp(got_allow, allow) == 0,
			      "%s %s: Allow %s, want %s", method, url,
			      got_allow != NULL ? got_allow : "(none)", allow);
}

START_TEST(test_cases)
{
	beacond_config cfg;

	ck_assert_int_eq(beacond_config_defaults(&cfg), 0);
	check_find(&cfg, cases[_i].method, cases[_i].url, cases[_i].label,
		   cases[_i].allow);
	beacond_config_dispose(&cfg);
}
END_TEST

/* The metrics labels in the order /metrics has always listed them, the
 * fallback last. */
START_TEST(test_labels)
{
	static const char *const want[] = { "releases", "collect", "healthz",
					    "metrics", "other" };
	size_t i;

	ck_assert_uint_eq(beacond_route_count, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < beacond_route_count; i++)
		ck_assert_str_eq(beacond_route_table[i].label, want[i]);
	ck_assert(beacond_route_table[i - 1].answer == NULL);
}
END_TEST

/* A configured report path wins over the releases pattern (exact first)
 * and over /healthz (earlier row), as the dispatcher always did. */
START_TEST(test_exact_before_pattern)
{
	beacond_config cfg;
	beacon_error_detail err;

	ck_assert_int_eq(beacond_config_defaults(&cfg), 0);
	ck_assert_beacon_ok(beacond_config_set(&cfg, "collectPaths",
					       "/repos/a/b/releases",
					       BEACOND_SOURCE_FLAGS, &err),
			    &err);
	ck_assert_beacon_ok(beacond_config_set(&cfg, "collectPaths", "/healthz",
					       BEACOND_SOURCE_FLAGS, &err),
			    &err);
	check_find(&cfg, "POST", "/repos/a/b/releases", "collect", NULL);
	check_find(&cfg, "GET", "/repos/a/b/releases", "collect", "POST");
	check_find(&cfg, "GET", "/repos/a/c/releases", "releases", NULL);
	check_find(&cfg, "GET", "/healthz", "collect", "POST");
	/* the flags replaced the default paths */
	check_find(&cfg, "POST", "/collect", "other", NULL);
	beacond_config_dispose(&cfg);
}
END_TEST

static Suite *router_suite(void)
{
	Suite *s = suite_create("server/router");
	TCase *tc = tcase_create("find");

	tcase_add_test(tc, test_labels);
	tcase_add_test(tc, test_exact_before_pattern);
	tcase_add_loop_test(tc, test_cases, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(router_suite());
}
