/* test_doc_env.c - suite common/doc_env: environment variables. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/doc.h"
#include "doc_test_util.h"
#include "test_support.h"

static void assert_env_is(const char *const envp[], const char *expected)
{
	beacon_error_detail err;
	json_t *want = json_loads(expected, 0, NULL);
	json_t *doc = NULL;
	char *got;

	ck_assert_ptr_nonnull(want);
	ck_assert_beacon_ok(beacon_doc_from_env(&doc, envp, "TRAEFIK_", &err),
			    &err);
	got = json_dumps(doc, JSON_SORT_KEYS);
	ck_assert_msg(json_equal(doc, want), "got %s want %s", got, expected);
	free(got);
	json_decref(doc);
	json_decref(want);
}

START_TEST(names_become_lower_case_paths)
{
	const char *const envp[] = {
		"TRAEFIK_GLOBAL_CHECKNEWVERSION=true",
		"TRAEFIK_ENTRYPOINTS_WEB_ADDRESS=:80",
		"TRAEFIK_PROVIDERS_DOCKER=true",
		"TRAEFIK_ENTRYPOINTS_WEB_FORWARDEDHEADERS_TRUSTEDIPS=a,b",
		"TRAEFIK_ENTRYPOINTS_WEB_HTTP_TLS_DOMAINS_0_MAIN=x.example",
		"TRAEFIK_CERTIFICATESRESOLVERS_0_ACME_EMAIL=a@b",
		"traefik_log_level=DEBUG",
		"PATH=/usr/bin",
		"TRAEFIK_=ignored",
		"TRAEFIKX_Y=ignored",
		"NO_EQUALS_SIGN",
		NULL
	};

	assert_env_is(envp,
		      "{\"global\":{\"checknewversion\":true},"
		      "\"entrypoints\":{\"web\":{\"address\":\":80\","
		      "\"forwardedheaders\":{\"trustedips\":[\"a\",\"b\"]},"
		      "\"http\":{\"tls\":{\"domains\":[{\"main\":"
		      "\"x.example\"}]}}}},"
		      "\"providers\":{\"docker\":{}},"
		      "\"certificatesresolvers\":{\"0\":{\"acme\":{\"email\":"
		      "\"a@b\"}}},"
		      "\"log\":{\"level\":\"DEBUG\"}}");
}
END_TEST

START_TEST(empty_environment_is_an_empty_document)
{
	const char *const envp[] = { "HOME=/root", NULL };

	assert_env_is(envp, "{}");
}
END_TEST

START_TEST(underscore_runs_are_refused)
{
	const char *const envp[] = { "TRAEFIK_ENTRYPOINTS_MY__WEB_ADDRESS=:80",
				     NULL };
	const char *const trailing[] = { "TRAEFIK_LOG_=x", NULL };
	beacon_error_detail err;
	json_t *doc = NULL;

	ck_assert_int_eq(beacon_doc_from_env(&doc, envp, "TRAEFIK_", &err),
			 BEACON_EINVAL);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(err.source, "environment");
	ck_assert_ptr_nonnull(strstr(err.text, "TRAEFIK_ENTRYPOINTS_MY__WEB"));
	ck_assert_int_eq(beacon_doc_from_env(&doc, trailing, "TRAEFIK_", &err),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_doc_from_env(&doc, trailing, "", &err),
			 BEACON_EINVAL);
}
END_TEST

static int build_env(json_t **out, const void *payload,
		     beacon_error_detail *err)
{
	return beacon_doc_from_env(out, payload, "TRAEFIK_", err);
}

START_TEST(allocation_failures_are_clean)
{
	static const char *const envp[] = {
		"TRAEFIK_PROVIDERS_DOCKER=true",
		"TRAEFIK_ENTRYPOINTS_WEB_ADDRESS=:80", NULL
	};
	json_t *doc = doc_test_alloc_loop(build_env, envp, 0);

	ck_assert_str_eq(
	    json_string_value(beacon_doc_get(doc, "entryPoints.web.address")),
	    ":80");
	json_decref(doc);
}
END_TEST

static Suite *doc_env_suite(void)
{
	Suite *s = suite_create("common/doc_env");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, names_become_lower_case_paths);
	tcase_add_test(tc, empty_environment_is_an_empty_document);
	tcase_add_test(tc, underscore_runs_are_refused);
	tcase_add_test(tc, allocation_failures_are_clean);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(doc_env_suite());
}
