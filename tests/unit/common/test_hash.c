/* test_hash.c - suite common/hash: canonical JSON and the config hash
 * against the published vectors (tests/data/hash/vectors.json, computed
 * independently in Python), stability and key properties, OOM paths. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/anon.h"
#include "beacon/hash.h"
#include "test_support.h"

#define VECTORS BEACON_SOURCE_DIR "/tests/data/hash/vectors.json"
#define PATH_SIZE 512

/* Loaded once, before the allocator hook is installed, and kept (a global
 * root: never released, never reported as a leak). */
static json_t *vectors(const char *section)
{
	static json_t *all = NULL;
	json_error_t jerr;

	if (all == NULL)
		all = json_load_file(VECTORS, JSON_DECODE_ANY, &jerr);
	if (all == NULL)
		fprintf(stderr, "%s:%d: %s\n", VECTORS, jerr.line, jerr.text);
	return json_object_get(all, section);
}

static beacon_export_schema *traefik_schema(void)
{
	beacon_export_schema *schema = NULL;
	beacon_error_detail err;

	ck_assert_beacon_ok(beacon_export_schema_traefik(&schema, &err), &err);
	return schema;
}

static const char *decimal(uint64_t v, char buf[BEACON_HASH_DECIMAL_SIZE])
{
	return beacon_hash_decimal(v, buf);
}

static uint64_t hash_text(const char *json, const char *key)
{
	json_t *doc = json_loads(json, 0, NULL);
	beacon_export_schema *schema = traefik_schema();
	beacon_error_detail err;
	uint64_t h = 0;

	ck_assert_ptr_nonnull(doc);
	ck_assert_beacon_ok(beacon_config_hash(&h, doc, schema, key, &err),
			    &err);
	json_decref(doc);
	beacon_export_schema_free(schema);
	return h;
}

START_TEST(published_vectors)
{
	json_t *v = json_array_get(vectors("vectors"), _i);
	const char *key = json_string_value(json_object_get(v, "key"));
	char *canon = NULL, buf[BEACON_HASH_DECIMAL_SIZE];
	size_t len = 0;
	uint64_t h = 0;
	beacon_error_detail err;

	ck_assert_ptr_nonnull(v);
	ck_assert_beacon_ok(beacon_canonical_json(
				&canon, &len, json_object_get(v, "doc"), &err),
			    &err);
	ck_assert_str_eq(canon,
			 json_string_value(json_object_get(v, "canonical")));
	ck_assert_uint_eq(len, strlen(canon));
	ck_assert_beacon_ok(beacon_hash_canonical(&h, json_object_get(v, "doc"),
						  key, strlen(key), &err),
			    &err);
	ck_assert_str_eq(decimal(h, buf),
			 json_string_value(json_object_get(v, "hash")));
	beacon_free(canon);
}
END_TEST

START_TEST(config_hash_vectors)
{
	json_t *v = json_array_get(vectors("config_hash"), _i);
	char path[PATH_SIZE], buf[BEACON_HASH_DECIMAL_SIZE];
	beacon_export_schema *schema = traefik_schema();
	json_t *config;
	uint64_t h = 0;
	beacon_error_detail err;

	ck_assert_ptr_nonnull(v);
	snprintf(path, sizeof(path), "%s/%s", BEACON_SOURCE_DIR,
		 json_string_value(json_object_get(v, "config")));
	config = json_load_file(path, 0, NULL);
	ck_assert_ptr_nonnull(config);
	ck_assert_beacon_ok(
	    beacon_config_hash(
		&h, config, schema,
		json_string_value(json_object_get(v, "hash_key")), &err),
	    &err);
	ck_assert_msg(
	    strcmp(decimal(h, buf),
		   json_string_value(json_object_get(v, "hash"))) == 0,
	    "%s: got %s", json_string_value(json_object_get(v, "name")), buf);
	json_decref(config);
	beacon_export_schema_free(schema);
}
END_TEST

/* Key order, key case and whitespace do not change the hash. */
START_TEST(stable_under_order_case_whitespace)
{
	static const char *const same[] = {
		"{\"global\":{\"checkNewVersion\":true},\"entryPoints\":{"
		"\"web\":"
		"{\"address\":\":80\"}},\"providers\":{\"docker\":{\"watch\":"
		"true,"
		"\"password\":\"p\"}}}",
		"{ \"providers\" : { \"docker\" : { \"password\" : \"p\" ,\n"
		"  \"watch\" : true } } ,\n\t\"entryPoints\" : { \"web\" : {"
		" \"address\" : \":80\" } } , \"global\" : { "
		"\"checkNewVersion\""
		" : true } }",
		"{\"GLOBAL\":{\"CHECKNEWVERSION\":true},\"EntryPoints\":{"
		"\"WEB\":"
		"{\"Address\":\":80\"}},\"Providers\":{\"Docker\":{"
		"\"Password\":"
		"\"p\",\"Watch\":true}}}",
	};
	uint64_t first_anon = hash_text(same[0], NULL);
	uint64_t first_keyed = hash_text(same[0], "k");
	size_t i;

	for (i = 1; i < sizeof(same) / sizeof(same[0]); i++) {
		ck_assert_uint_eq(hash_text(same[i], NULL), first_anon);
		ck_assert_uint_eq(hash_text(same[i], ""), first_anon);
		ck_assert_uint_eq(hash_text(same[i], "k"), first_keyed);
	}
}
END_TEST

/* Without a key the hash sees only the anonymized form: a changed secret
 * is invisible; with a fleet key it is seen; different keys differ. */
START_TEST(key_semantics)
{
	const char *a = "{\"providers\":{\"docker\":{\"password\":\"one\","
			"\"watch\":true}}}";
	const char *b = "{\"providers\":{\"docker\":{\"password\":\"two\","
			"\"watch\":true}}}";
	const char *c = "{\"providers\":{\"docker\":{\"password\":\"two\","
			"\"watch\":false}}}";

	ck_assert_uint_eq(hash_text(a, NULL), hash_text(b, NULL));
	ck_assert_uint_ne(hash_text(b, NULL), hash_text(c, NULL));
	ck_assert_uint_ne(hash_text(a, "fleet"), hash_text(b, "fleet"));
	ck_assert_uint_ne(hash_text(a, "fleet"), hash_text(a, "fleet2"));
	ck_assert_uint_ne(hash_text(a, "fleet"), hash_text(a, NULL));
}
END_TEST

START_TEST(decimal_form)
{
	char buf[BEACON_HASH_DECIMAL_SIZE];

	ck_assert_str_eq(beacon_hash_decimal(0, buf), "0");
	ck_assert_str_eq(beacon_hash_decimal(UINT64_MAX, buf),
			 "18446744073709551615");
	ck_assert_str_eq(beacon_hash_decimal(1000000007u, buf), "1000000007");
}
END_TEST

START_TEST(limits)
{
	json_t *doc = json_array(), *inner = doc, *next;
	char *canon = NULL;
	beacon_error_detail err;
	int i;

	for (i = 0; i < 100; i++) {
		next = json_array();
		json_array_append_new(inner, next);
		inner = next;
	}
	ck_assert_int_eq(beacon_canonical_json(&canon, NULL, doc, &err),
			 BEACON_ELIMIT);
	ck_assert_ptr_null(canon);
	json_decref(doc);
	ck_assert_int_eq(beacon_canonical_json(&canon, NULL, NULL, &err),
			 BEACON_EINVAL);
}
END_TEST

static void oom_loop(const json_t *config, const beacon_export_schema *schema,
		     const char *key)
{
	uint64_t h = 0, want = 0;
	beacon_error_detail err;
	long n;
	int rc = BEACON_ENOMEM;

	ck_assert_beacon_ok(
	    beacon_config_hash(&want, config, schema, key, &err), &err);
	for (n = 0; rc != BEACON_OK; n++) {
		beacon_alloc_fail_after(n);
		rc = beacon_config_hash(&h, config, schema, key, &err);
		beacon_alloc_fail_after(-1);
		if (rc != BEACON_OK)
			ck_assert_int_eq(rc, BEACON_ENOMEM);
	}
	ck_assert_int_gt(n, 1);
	ck_assert_uint_eq(h, want);
}

START_TEST(allocation_failures)
{
	char path[PATH_SIZE];
	beacon_export_schema *schema = traefik_schema();
	json_t *config;

	snprintf(path, sizeof(path), "%s/tests/data/anon/providers/input.json",
		 BEACON_SOURCE_DIR);
	config = json_load_file(path, 0, NULL);
	ck_assert_ptr_nonnull(config);
	oom_loop(config, schema, NULL);
	oom_loop(config, schema, "fleet-key");
	json_decref(config);
	beacon_export_schema_free(schema);
}
END_TEST

static Suite *hash_suite(void)
{
	Suite *s = suite_create("common/hash");
	TCase *tc = tcase_create("hash");
	int nvec = (int)json_array_size(vectors("vectors"));
	int ncfg = (int)json_array_size(vectors("config_hash"));

	/* An unreadable vectors file must fail, not run zero cases. */
	if (nvec == 0)
		nvec = 1;
	if (ncfg == 0)
		ncfg = 1;

	tcase_add_loop_test(tc, published_vectors, 0, nvec);
	tcase_add_loop_test(tc, config_hash_vectors, 0, ncfg);
	tcase_add_test(tc, stable_under_order_case_whitespace);
	tcase_add_test(tc, key_semantics);
	tcase_add_test(tc, decimal_form);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, allocation_failures);
	tcase_set_timeout(tc, 60); /* loaded CI machines */
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(hash_suite());
}
