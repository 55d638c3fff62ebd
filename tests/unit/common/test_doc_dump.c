/* test_doc_dump.c - suite common/doc_dump: documents as YAML. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/doc.h"
#include "beacon/limits.h"
#include "doc_test_util.h"
#include "test_support.h"

static char *dump(const json_t *doc)
{
	char *text = NULL;

	ck_assert_int_eq(beacon_doc_dump_yaml(&text, doc), BEACON_OK);
	ck_assert_ptr_nonnull(text);
	return text;
}

START_TEST(block_style_in_member_order)
{
	json_t *doc = json_loads(
	    "{\"global\":{\"checkNewVersion\":true},\"entryPoints\":{\"web\":"
	    "{\"address\":\":80\",\"ips\":[\"10.0.0.1\",\"b\"]}},"
	    "\"api\":{},\"l\":[],\"n\":42,\"r\":0.5,\"w\":2.0,\"z\":null}",
	    0, NULL);
	char *text = dump(doc);

	ck_assert_str_eq(text, "global:\n"
			       "  checkNewVersion: true\n"
			       "entryPoints:\n"
			       "  web:\n"
			       "    address: ':80'\n"
			       "    ips:\n"
			       "    - '10.0.0.1'\n"
			       "    - b\n"
			       "api: {}\n"
			       "l: []\n"
			       "'n': 42\n"
			       "r: 0.5\n"
			       "w: 2.0\n"
			       "z: null\n");
	beacon_free(text);
	json_decref(doc);
}
END_TEST

START_TEST(ambiguous_strings_are_quoted)
{
	json_t *doc = json_loads("{\"a\":\"true\",\"b\":\"42\",\"c\":\"\","
				 "\"d\":\"null\",\"e\":\"yes\",\"f\":\"0777\","
				 "\"g\":\"1:20\",\"h\":\"it's\",\"true\":1}",
				 0, NULL);
	char *text = dump(doc);

	ck_assert_str_eq(text, "a: 'true'\n"
			       "b: '42'\n"
			       "c: ''\n"
			       "d: 'null'\n"
			       "e: 'yes'\n"
			       "f: '0777'\n"
			       "g: '1:20'\n"
			       "h: it's\n"
			       "'true': 1\n");
	beacon_free(text);
	json_decref(doc);
}
END_TEST

/* Dumping then loading gives the same tree (types included). */
static void assert_round_trip(const json_t *doc)
{
	beacon_error_detail err;
	char *text = dump(doc);
	json_t *back = NULL;

	ck_assert_beacon_ok(beacon_doc_load_buffer(&back, text, strlen(text),
						   BEACON_DOC_YAML, "dump",
						   &err),
			    &err);
	ck_assert_msg(json_equal(doc, back), "round trip changed:\n%s", text);
	json_decref(back);
	beacon_free(text);
}

START_TEST(round_trips)
{
	static const char *const files[] = { "traefik.yaml", "traefik.toml",
					     "traefik.json" };
	json_t *odd = json_loads(
	    "{\"s\":[\"-\",\"- x\",\"#c\",\"a: b\",\"@x\",\"\\n\",\"\\t\","
	    "\"caf\\u00e9\",\"x\\u0000y\",\"~\",\"1e3\",\"0x1F\",\".5\"],"
	    "\"n\":[-0.0,1e300,123456789012345678,1.5e-7]}",
	    JSON_ALLOW_NUL, NULL);
	size_t i;

	ck_assert_ptr_nonnull(odd);
	assert_round_trip(odd);
	json_decref(odd);
	/* fuzz_json: a "<<" key must not come back as a YAML merge key. */
	odd =
	    json_loads("{\"<<\":1,\"m\":{\"<<\":{\"a\":1},\"b\":2}}", 0, NULL);
	ck_assert_ptr_nonnull(odd);
	assert_round_trip(odd);
	json_decref(odd);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[512];
		json_t *doc;

		snprintf(path, sizeof(path), "%s/%s", DOC_TEST_DIR, files[i]);
		doc = doc_test_load(path, 0);
		assert_round_trip(doc);
		json_decref(doc);
	}
}
END_TEST

START_TEST(limits_and_failures)
{
	json_t *deep = json_object();
	json_t *cur = deep;
	char *text = NULL;
	long n;
	int i;

	for (i = 0; i < BEACON_MAX_DEPTH + 1; i++) {
		json_t *next = json_object();

		json_object_set_new(cur, "k", next);
		cur = next;
	}
	ck_assert_int_eq(beacon_doc_dump_yaml(&text, deep), BEACON_ELIMIT);
	ck_assert_ptr_null(text);
	ck_assert_int_eq(beacon_doc_dump_yaml(&text, NULL), BEACON_EINVAL);
	json_decref(deep);
	cur = json_loads("{\"a\":{\"b\":[1,\"x\"]}}", 0, NULL);
	for (n = 0; n < 100; n++) {
		int rc;

		beacon_alloc_fail_after(n);
		rc = beacon_doc_dump_yaml(&text, cur);
		beacon_alloc_fail_after(-1);
		if (rc == BEACON_OK)
			break;
		ck_assert_int_eq(rc, BEACON_ENOMEM);
		ck_assert_ptr_null(text);
	}
	ck_assert_str_eq(text, "a:\n  b:\n  - 1\n  - x\n");
	beacon_free(text);
	json_decref(cur);
}
END_TEST

static Suite *doc_dump_suite(void)
{
	Suite *s = suite_create("common/doc_dump");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, block_style_in_member_order);
	tcase_add_test(tc, ambiguous_strings_are_quoted);
	tcase_add_test(tc, round_trips);
	tcase_add_test(tc, limits_and_failures);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(doc_dump_suite());
}
