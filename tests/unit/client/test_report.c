/*
 * test_report.c - suite client/report: the exact bytes of a usage report,
 * rebuilt here from the common library's parts (anonymizer, base64, config
 * hash) in the wire order; no secret of the configuration in them; the
 * fleet hashKey changing the hash only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beacon/anon.h"
#include "beacon/base64.h"
#include "beacon/hash.h"
#include "client_internal.h"
#include "test_support.h"

#define CONFIG BEACON_SOURCE_DIR "/tests/data/client/report.yaml"

static const char *const no_env[] = { NULL };

static beacon_client *make(const char *config_file, const char *key)
{
	beacon_client_options o = BEACON_CLIENT_OPTIONS_INIT;
	beacon_error_detail err;
	beacon_client *c = NULL;

	o.product = "traefik/traefik";
	o.running = "3.1.2";
	o.codename = "saintnectaire";
	o.build_date = "2024-07-01T10:00:00Z";
	o.update_url = "http://127.0.0.1:9";
	o.envp = no_env;
	o.config_file = config_file;
	o.hash_key = key;
	ck_assert_beacon_ok(beacon_client_new(&c, &o, &err), &err);
	return c;
}

/* The body as it must be, from the parts. */
static void expected_body(char *out, size_t outlen, const json_t *config,
			  const char *key)
{
	beacon_export_schema *schema = NULL;
	json_t *anon = NULL;
	char *compact = NULL, *b64 = NULL;
	uint64_t hash = 0;
	char dec[BEACON_HASH_DECIMAL_SIZE];

	ck_assert_beacon_ok(beacon_export_schema_traefik(&schema, NULL), NULL);
	ck_assert_beacon_ok(beacon_anonymize(&anon, config, schema, NULL),
			    NULL);
	compact = json_dumps(anon, JSON_COMPACT | JSON_PRESERVE_ORDER);
	ck_assert_ptr_nonnull(compact);
	ck_assert_beacon_ok(
	    beacon_base64_encode(&b64, NULL, compact, strlen(compact)), NULL);
	ck_assert_beacon_ok(
	    beacon_config_hash(&hash, config, schema, key, NULL), NULL);
	snprintf(out, outlen,
		 "{\"version\":\"3.1.2\",\"codename\":\"saintnectaire\","
		 "\"buildDate\":\"2024-07-01T10:00:00Z\",\"configuration\":"
		 "\"%s\",\"hash\":\"%s\",\"product\":\"traefik/traefik\","
		 "\"os\":\"%s\",\"arch\":\"%s\",\"schemaVersion\":1}",
		 b64, beacon_hash_decimal(hash, dec), beacon_platform_os(),
		 beacon_platform_arch());
	beacon_free(b64);
	free(compact);
	json_decref(anon);
	beacon_export_schema_free(schema);
}

START_TEST(test_exact_bytes)
{
	const char *key = _i == 0 ? NULL : "fleet-secret";
	beacon_client *c = make(CONFIG, key);
	char *body = NULL;
	size_t len = 0;
	char want[65536];

	ck_assert_beacon_ok(beacon_client_build_report(c, &body, &len), NULL);
	expected_body(want, sizeof(want), beacon_client_config(c), key);
	ck_assert_str_eq(body, want);
	ck_assert_uint_eq(len, strlen(want));
	beacon_free(body);
	beacon_client_free(c);
}
END_TEST

START_TEST(test_no_secret_leaves)
{
	static const char *const secrets[] = { "secret", "10.1.2.3", "admin@",
					       "2375" };
	beacon_client *c = make(CONFIG, NULL);
	json_t *decoded = NULL;
	char *body = NULL, *text = NULL;
	size_t len = 0, i;

	ck_assert_beacon_ok(beacon_client_build_report(c, &body, &len), NULL);
	ck_assert_beacon_ok(
	    beacon_report_configuration(&decoded, body, len, NULL), NULL);
	text = json_dumps(decoded, 0);
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		ck_assert_msg(strstr(text, secrets[i]) == NULL, "%s in %s",
			      secrets[i], text);
		ck_assert_ptr_null(strstr(body, secrets[i]));
	}
	/* what is exported survives */
	ck_assert_ptr_nonnull(strstr(text, "\"dashboard\": true"));
	free(text);
	json_decref(decoded);
	beacon_free(body);
	beacon_client_free(c);
}
END_TEST

START_TEST(test_key_changes_hash_only)
{
	beacon_client *a = make(CONFIG, NULL);
	beacon_client *b = make(CONFIG, "fleet-secret");
	char *ba = NULL, *bb = NULL;
	size_t la = 0, lb = 0;
	const char *ha, *hb;

	ck_assert_beacon_ok(beacon_client_build_report(a, &ba, &la), NULL);
	ck_assert_beacon_ok(beacon_client_build_report(b, &bb, &lb), NULL);
	ha = strstr(ba, "\"hash\":");
	hb = strstr(bb, "\"hash\":");
	ck_assert_ptr_nonnull(ha);
	ck_assert_ptr_nonnull(hb);
	ck_assert_int_eq(strncmp(ba, bb, (size_t)(ha - ba)), 0);
	ck_assert_int_ne(strcmp(ha, hb), 0);
	beacon_free(ba);
	beacon_free(bb);
	beacon_client_free(a);
	beacon_client_free(b);
}
END_TEST

START_TEST(test_without_configuration)
{
	beacon_client *c = make(NULL, NULL);
	json_t *decoded = NULL;
	char *body = NULL;
	size_t len = 0;

	ck_assert_beacon_ok(beacon_client_build_report(c, &body, &len), NULL);
	ck_assert_ptr_nonnull(strstr(body, "\"configuration\":\"e30=\""));
	ck_assert_beacon_ok(
	    beacon_report_configuration(&decoded, body, len, NULL), NULL);
	ck_assert_int_eq(json_object_size(decoded), 0);
	json_decref(decoded);
	beacon_free(body);
	beacon_client_free(c);
}
END_TEST

START_TEST(test_out_of_memory)
{
	beacon_client *c = make(CONFIG, NULL);
	char *body = NULL;
	size_t len = 0;
	long n;
	int rc = BEACON_ENOMEM;

	/* every early failure point, then spaced ones up to success */
	for (n = 0; rc != BEACON_OK && n < 10000000; n += 1 + n / 8) {
		beacon_alloc_fail_after(n);
		rc = beacon_client_build_report(c, &body, &len);
		beacon_alloc_fail_after(-1);
		if (rc != BEACON_OK)
			ck_assert_ptr_null(body);
	}
	ck_assert_int_eq(rc, BEACON_OK);
	beacon_free(body);
	beacon_client_free(c);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("client/report");
	TCase *tc = tcase_create("report");

	tcase_set_timeout(tc, 60); /* out-of-memory sweep under sanitizers */
	tcase_add_loop_test(tc, test_exact_bytes, 0, 2);
	tcase_add_test(tc, test_no_secret_leaves);
	tcase_add_test(tc, test_key_changes_hash_only);
	tcase_add_test(tc, test_without_configuration);
	tcase_add_test(tc, test_out_of_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(report_suite());
}
