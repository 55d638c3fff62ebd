/* test_doc_toml.c - suite common/doc_toml: the TOML loader. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "beacon/doc.h"
#include "beacon/limits.h"
#include "doc_test_util.h"
#include "test_support.h"

static int load_toml(json_t **doc, const char *text, beacon_error_detail *err)
{
	return beacon_doc_load_buffer(doc, text, strlen(text), BEACON_DOC_TOML,
				      "t.toml", err);
}

static void assert_toml_is(const char *text, const char *expected)
{
	beacon_error_detail err;
	json_t *want = json_loads(expected, 0, NULL);
	json_t *doc = NULL;
	char *got;

	ck_assert_ptr_nonnull(want);
	ck_assert_beacon_ok(load_toml(&doc, text, &err), &err);
	got = json_dumps(doc, 0);
	/* json_equal ignores member order; the dump shows it */
	ck_assert_msg(json_equal(doc, want), "got %s want %s", got, expected);
	free(got);
	json_decref(doc);
	json_decref(want);
}

START_TEST(values_and_tables)
{
	assert_toml_is(
	    "a = 42\nb = -1.5\nc = true\nd = \"s\"\ne = 'lit'\n"
	    "f = [1, 2]\ng = { x = 1, y = [\"z\"] }\n",
	    "{\"a\":42,\"b\":-1.5,\"c\":true,\"d\":\"s\",\"e\":\"lit\","
	    "\"f\":[1,2],\"g\":{\"x\":1,\"y\":[\"z\"]}}");
	assert_toml_is("[a.b]\nc = 1\n[[d]]\ne = 1\n[[d]]\ne = 2\n[f]\n",
		       "{\"a\":{\"b\":{\"c\":1}},\"d\":[{\"e\":1},{\"e\":2}],"
		       "\"f\":{}}");
	assert_toml_is(
	    "x = inf\ny = -inf\nz = nan\nh = 0xff\n",
	    "{\"x\":\"inf\",\"y\":\"-inf\",\"z\":\"nan\",\"h\":255}");
	assert_toml_is("", "{}");
}
END_TEST

START_TEST(datetimes_are_rfc3339_strings)
{
	assert_toml_is("a = 1979-05-27T07:32:00Z\n"
		       "b = 1979-05-27T00:32:00-07:00\n"
		       "c = 1979-05-27\nd = 07:32:00\n",
		       "{\"a\":\"1979-05-27T07:32:00Z\","
		       "\"b\":\"1979-05-27T00:32:00-07:00\","
		       "\"c\":\"1979-05-27\",\"d\":\"07:32:00\"}");
}
END_TEST

START_TEST(members_keep_document_order)
{
	beacon_error_detail err;
	json_t *doc = NULL;
	char *text;

	ck_assert_beacon_ok(load_toml(&doc,
				      "zeta = 1\nalpha = 2\n[middle]\nb = 1\n"
				      "a = 2\n",
				      &err),
			    &err);
	text = json_dumps(doc, JSON_COMPACT);
	ck_assert_str_eq(
	    text, "{\"zeta\":1,\"alpha\":2,\"middle\":{\"b\":1,\"a\":2}}");
	free(text);
	json_decref(doc);
}
END_TEST

START_TEST(errors_are_positioned)
{
	beacon_error_detail err;
	json_t *doc = NULL;

	ck_assert_int_eq(load_toml(&doc, "a = 1\nb = \n", &err), BEACON_EPARSE);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(err.source, "t.toml");
	ck_assert_int_eq(err.line, 2);
	ck_assert_int_gt(err.column, 0);
	ck_assert_int_eq(load_toml(&doc, "[Log]\nx = 1\n[log]\ny = 2\n", &err),
			 BEACON_EPARSE);
	ck_assert_int_eq(err.line, 3);
	ck_assert_int_eq(err.column, 2);
	ck_assert_ptr_nonnull(strstr(err.text, "case-insensitively"));
}
END_TEST

START_TEST(nesting_is_limited)
{
	beacon_buf b = BEACON_BUF_INIT(1 << 16);
	beacon_error_detail err;
	json_t *doc = NULL;
	int i;

	beacon_buf_puts(&b, "a = ");
	for (i = 0; i < BEACON_MAX_DEPTH + 10; i++)
		beacon_buf_putc(&b, '[');
	for (i = 0; i < BEACON_MAX_DEPTH + 10; i++)
		beacon_buf_putc(&b, ']');
	ck_assert_int_eq(load_toml(&doc, b.ptr, &err), BEACON_ELIMIT);
	ck_assert_ptr_null(doc);
	ck_assert_int_eq(err.line, 1);
	beacon_buf_dispose(&b);
}
END_TEST

START_TEST(allocation_failures_are_clean)
{
	doc_test_alloc_load("[global]\ncheckNewVersion = true\n"
			    "[entryPoints.web]\naddress = \":80\"\n"
			    "ips = [\"a\", \"b\"]\n[[x]]\ny = 1.5\n",
			    BEACON_DOC_TOML, 0, "entryPoints.web.ips.1", "b");
}
END_TEST

static Suite *doc_toml_suite(void)
{
	Suite *s = suite_create("common/doc_toml");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, values_and_tables);
	tcase_add_test(tc, datetimes_are_rfc3339_strings);
	tcase_add_test(tc, members_keep_document_order);
	tcase_add_test(tc, errors_are_positioned);
	tcase_add_test(tc, nesting_is_limited);
	tcase_add_test(tc, allocation_failures_are_clean);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(doc_toml_suite());
}
