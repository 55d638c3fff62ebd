/*
 * test_check.c - suite client/check: reading a releases list (what the
 * integration tests get from beacond) into a check result, without a
 * network: up to date, update available, prerelease rules, drafts, bad
 * bodies. A list that cannot be read is UNKNOWN, never UP_TO_DATE.
 */
#include <string.h>

#include "client_internal.h"
#include "test_support.h"

#define REL(tag, pre)                                   \
	"{\"tag_name\":\"" tag "\",\"prerelease\":" pre \
	",\"html_url\":\"https://example.test/releases/" tag "\"}"

#define LIST                                                               \
	"[" REL("v3.2.0-rc.1", "true") "," REL("v3.1.3", "false") "," REL( \
	    "v3.1.2", "false") "," REL("v3.0.0", "false") "]"

typedef struct check_case {
	const char *running;
	const char *body;
	beacon_check_status status;
	const char *tag;    /* or the reason fragment when UNKNOWN */
	const char *latest; /* go-version's String() of tag */
} check_case;

static const check_case cases[] = {
	{ "3.1.2", LIST, BEACON_CHECK_UPDATE_AVAILABLE, "v3.1.3", "3.1.3" },
	{ "v3.0.0", LIST, BEACON_CHECK_UPDATE_AVAILABLE, "v3.1.3", "3.1.3" },
	{ "3.1.3", LIST, BEACON_CHECK_UP_TO_DATE, "", "" },
	{ "3.2.0", LIST, BEACON_CHECK_UP_TO_DATE, "", "" },
	{ "3.2.0-rc.0", LIST, BEACON_CHECK_UPDATE_AVAILABLE, "v3.2.0-rc.1",
	  "3.2.0-rc.1" },
	{ "3.1.3-beta.1", LIST, BEACON_CHECK_UPDATE_AVAILABLE, "v3.2.0-rc.1",
	  "3.2.0-rc.1" },
	{ "3.1.2+build.7", LIST, BEACON_CHECK_UPDATE_AVAILABLE, "v3.1.3",
	  "3.1.3" },
	{ "3.1.2", "[" REL("v3.2", "false") "]", BEACON_CHECK_UPDATE_AVAILABLE,
	  "v3.2", "3.2.0" },
	{ "3.1.2", "[" REL("03.1.04+meta", "false") "]",
	  BEACON_CHECK_UPDATE_AVAILABLE, "03.1.04+meta", "3.1.4+meta" },
	{ "3.1.2", "[]", BEACON_CHECK_UP_TO_DATE, "", "" },
	{ "3.1.2",
	  "[{\"tag_name\":\"v9.0.0\",\"draft\":true}," REL("v3.1.2",
							   "false") "]",
	  BEACON_CHECK_UP_TO_DATE, "", "" },
	{ "3.1.2", "", BEACON_CHECK_UNKNOWN, "invalid JSON", "" },
	{ "3.1.2", "<html>", BEACON_CHECK_UNKNOWN, "invalid JSON", "" },
	{ "3.1.2", "{\"message\":\"Not Found\"}", BEACON_CHECK_UNKNOWN,
	  "not a JSON array", "" },
	{ "3.1.2", "[{\"name\":\"x\"}]", BEACON_CHECK_UNKNOWN, "tag_name", "" },
	{ "3.1.2", "[{\"tag_name\":\"garbage\"}]", BEACON_CHECK_UNKNOWN,
	  "cannot compare", "" },
	{ "not-a-version", LIST, BEACON_CHECK_UNKNOWN, "cannot compare", "" },
	{ "3.1.2", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
	  BEACON_CHECK_UNKNOWN, "nested too deeply", "" },
};

START_TEST(test_parse)
{
	const check_case *c = &cases[_i];
	beacon_check_result r;
	int rc;

	memset(&r, 0, sizeof(r));
	rc = beacon_check_parse(&r, c->running, c->body, strlen(c->body));
	ck_assert_int_eq(r.status, c->status);
	if (c->status == BEACON_CHECK_UNKNOWN) {
		ck_assert_int_lt(rc, 0);
		ck_assert_int_eq(r.error, rc);
		ck_assert_msg(strstr(r.reason, c->tag) != NULL,
			      "reason '%s' lacks '%s'", r.reason, c->tag);
		return;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(r.tag, c->tag);
	ck_assert_str_eq(r.latest, c->latest);
	if (c->status == BEACON_CHECK_UPDATE_AVAILABLE) {
		ck_assert_ptr_nonnull(strstr(r.url, "https://example.test/"));
		ck_assert_ptr_nonnull(strstr(r.url, c->tag));
	}
}
END_TEST

START_TEST(test_disabled_is_unknown)
{
	beacon_client_options o = BEACON_CLIENT_OPTIONS_INIT;
	const char *env[] = { "DO_NOT_TRACK=1", NULL };
	beacon_check_result r;
	beacon_report_result rr;
	beacon_client *c = NULL;

	o.product = "traefik/traefik";
	o.running = "3.1.2";
	o.update_url = "http://127.0.0.1:9";
	o.envp = env;
	o.send_anonymous_usage = 1;
	ck_assert_beacon_ok(beacon_client_new(&c, &o, NULL), NULL);
	ck_assert_int_eq(beacon_client_check(c, &r), BEACON_EDISABLED);
	ck_assert_int_eq(r.status, BEACON_CHECK_UNKNOWN);
	ck_assert_int_eq(r.http_status, 0);
	ck_assert_ptr_nonnull(strstr(r.reason, "DO_NOT_TRACK"));
	ck_assert_int_eq(beacon_client_send_report(c, &rr), BEACON_EDISABLED);
	ck_assert_int_eq(rr.http_status, 0);
	beacon_client_free(c);
}
END_TEST

START_TEST(test_dev_is_unknown)
{
	beacon_client_options o = BEACON_CLIENT_OPTIONS_INIT;
	const char *env[] = { NULL };
	beacon_check_result r;
	beacon_client *c = NULL;

	o.product = "traefik/traefik";
	o.running = "dev";
	o.update_url = "http://127.0.0.1:9";
	o.envp = env;
	ck_assert_beacon_ok(beacon_client_new(&c, &o, NULL), NULL);
	ck_assert_int_eq(beacon_client_check(c, &r), BEACON_EDISABLED);
	ck_assert_int_eq(r.status, BEACON_CHECK_UNKNOWN);
	beacon_client_free(c);
}
END_TEST

static Suite *check_suite(void)
{
	Suite *s = suite_create("client/check");
	TCase *tc = tcase_create("check");

	tcase_add_loop_test(tc, test_parse, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_disabled_is_unknown);
	tcase_add_test(tc, test_dev_is_unknown);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(check_suite());
}
