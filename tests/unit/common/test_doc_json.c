/* test_doc_json.c - suite common/doc_json: the JSON loader. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "beacon/doc.h"
#include "beacon/limits.h"
#include "doc_test_util.h"
#include "test_support.h"

static int load_json(json_t **doc, const char *text, beacon_error_detail *err)
{
	return beacon_doc_load_buffer(doc, text, strlen(text), BEACON_DOC_JSON,
				      "t.json", err);
}

START_TEST(objects_load_with_types)
{
	beacon_error_detail err;
	json_t *doc = NULL;

	ck_assert_beacon_ok(load_json(&doc,
				      "{\"global\":{\"checkNewVersion\":true},"
				      "\"n\":42,\"r\":1.5,\"l\":[\"a\"]}",
				      &err),
			    &err);
	ck_assert(json_is_true(beacon_doc_get(doc, "GLOBAL.checknewversion")));
	ck_assert_int_eq(json_integer_value(beacon_doc_get(doc, "n")), 42);
	ck_assert(json_is_real(beacon_doc_get(doc, "r")));
	ck_assert_str_eq(json_string_value(beacon_doc_get(doc, "l.0")), "a");
	json_decref(doc);
}
END_TEST

static void assert_json_fails(const char *text, int code, int line, int column,
			      const char *frag)
{
	beacon_error_detail err;
	json_t *doc = NULL;

	ck_assert_int_eq(load_json(&doc, text, &err), code);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(err.source, "t.json");
	ck_assert_int_eq(err.line, line);
	ck_assert_int_eq(err.column, column);
	ck_assert_msg(strstr(err.text, frag) != NULL,
		      "text \"%s\" lacks \"%s\"", err.text, frag);
}

START_TEST(errors_are_positioned)
{
	assert_json_fails("{\"a\": 1,\n \"a\": 2}", BEACON_EPARSE, 2, 4,
			  "duplicate object key");
	assert_json_fails("{\"a\": 1,\n \"b\": }", BEACON_EPARSE, 2, 7,
			  "unexpected token");
	assert_json_fails("[1, 2]", BEACON_EPARSE, 1, 1, "object");
	assert_json_fails("{\"Key\": 1, \"kEY\": 2}", BEACON_EPARSE, 0, 0,
			  "duplicate key \"kEY\"");
	assert_json_fails("{\"a\": {\"x\": 1, \"X\": 2}}", BEACON_EPARSE, 0, 0,
			  "case-insensitively");
}
END_TEST

START_TEST(nesting_is_limited_before_jansson)
{
	beacon_buf b = BEACON_BUF_INIT(1 << 20);
	beacon_error_detail err;
	json_t *doc = NULL;
	int i;

	beacon_buf_puts(&b, "{\"a\":");
	for (i = 0; i < 5000; i++)
		beacon_buf_putc(&b, '[');
	ck_assert_int_eq(load_json(&doc, b.ptr, &err), BEACON_ELIMIT);
	ck_assert_int_eq(err.line, 1);
	ck_assert_int_eq(err.column, 5 + BEACON_MAX_DEPTH);
	beacon_buf_dispose(&b);
	/* brackets inside strings do not count */
	ck_assert_beacon_ok(load_json(&doc, "{\"a\": \"[[[[\\\"{{{{\"}", &err),
			    &err);
	json_decref(doc);
}
END_TEST

START_TEST(allocation_failures_are_clean)
{
	/* Jansson reports some failed allocations (its lexer's buffers) as
	 * syntax errors: lenient. */
	doc_test_alloc_load(
	    "{\"global\":{\"checkNewVersion\":true},\"l\":[1,{\"x\":\"y\"}]}",
	    BEACON_DOC_JSON, 1, "l.1.x", "y");
}
END_TEST

static Suite *doc_json_suite(void)
{
	Suite *s = suite_create("common/doc_json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, objects_load_with_types);
	tcase_add_test(tc, errors_are_positioned);
	tcase_add_test(tc, nesting_is_limited_before_jansson);
	tcase_add_test(tc, allocation_failures_are_clean);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(doc_json_suite());
}
