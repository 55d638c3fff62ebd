/* test_doc_tree.c - suite common/doc_tree: lookup, merge and equality. */
#include <string.h>

#include "beacon/doc.h"
#include "test_support.h"

static json_t *parse(const char *text)
{
	json_t *doc = json_loads(text, 0, NULL);

	ck_assert_ptr_nonnull(doc);
	return doc;
}

START_TEST(get_matches_case_insensitively)
{
	json_t *doc = parse("{\"entryPoints\":{\"web\":{\"address\":\":80\","
			    "\"ips\":[\"a\",\"b\"]}},\"x.y\":1}");

	ck_assert_str_eq(
	    json_string_value(beacon_doc_get(doc, "entrypoints.WEB.Address")),
	    ":80");
	ck_assert_str_eq(
	    json_string_value(beacon_doc_get(doc, "entryPoints.web.ips.1")),
	    "b");
	ck_assert_ptr_null(beacon_doc_get(doc, "entryPoints.web.ips.2"));
	ck_assert_ptr_null(beacon_doc_get(doc, "entryPoints.web.ips.x"));
	ck_assert_ptr_null(beacon_doc_get(doc, "entryPoints.nope"));
	ck_assert_ptr_null(beacon_doc_get(doc, "x.y"));
	ck_assert_ptr_eq(beacon_doc_get(doc, ""), doc);
	ck_assert_ptr_null(beacon_doc_get(NULL, "a"));
	json_decref(doc);
}
END_TEST

START_TEST(exact_spelling_is_preferred)
{
	json_t *doc = json_object();

	/* Loaders refuse such documents; built by hand, exact wins. */
	json_object_set_new(doc, "Api", json_integer(1));
	json_object_set_new(doc, "api", json_integer(2));
	ck_assert_int_eq(json_integer_value(beacon_doc_get(doc, "api")), 2);
	ck_assert_int_eq(json_integer_value(beacon_doc_get(doc, "Api")), 1);
	json_decref(doc);
}
END_TEST

START_TEST(merge_overlays_case_insensitively)
{
	json_t *base = parse("{\"global\":{\"checkNewVersion\":true},"
			     "\"entryPoints\":{\"web\":{\"address\":\":80\"}},"
			     "\"list\":[1,2],\"log\":{\"level\":\"INFO\"}}");
	json_t *over = parse("{\"GLOBAL\":{\"sendAnonymousUsage\":true},"
			     "\"entrypoints\":{\"WEB\":{\"address\":\":81\"},"
			     "\"websecure\":{\"address\":\":443\"}},"
			     "\"list\":[3],\"log\":\"off\"}");
	json_t *want = parse("{\"global\":{\"checkNewVersion\":true,"
			     "\"sendAnonymousUsage\":true},"
			     "\"entryPoints\":{\"web\":{\"address\":\":81\"},"
			     "\"websecure\":{\"address\":\":443\"}},"
			     "\"list\":[3],\"log\":\"off\"}");

	ck_assert_int_eq(beacon_doc_merge(base, over), BEACON_OK);
	/* exact equality: the base's spelling of every key is kept */
	ck_assert(json_equal(base, want));
	/* the overlay is copied, not shared */
	json_object_set_new(beacon_doc_get(over, "entrypoints.websecure"),
			    "address", json_string("changed"));
	ck_assert_str_eq(json_string_value(beacon_doc_get(
			     base, "entryPoints.websecure.address")),
			 ":443");
	json_decref(over);
	over = json_array();
	ck_assert_int_eq(beacon_doc_merge(base, over), BEACON_EINVAL);
	json_decref(base);
	json_decref(over);
	json_decref(want);
}
END_TEST

START_TEST(equal_ignores_key_case_only)
{
	json_t *a = parse("{\"A\":{\"b\":[1,{\"C\":true}]}}");
	json_t *b = parse("{\"a\":{\"B\":[1,{\"c\":true}]}}");
	json_t *c = parse("{\"a\":{\"B\":[1,{\"c\":false}]}}");
	json_t *d = parse("{\"a\":{\"B\":[{\"c\":true},1]}}");
	json_t *e = parse("{\"a\":{\"B\":[1,{\"c\":true}]},\"x\":1}");
	json_t *f = parse("{\"a\":{\"B\":[1.0,{\"c\":true}]}}");

	ck_assert(beacon_doc_equal(a, b));
	ck_assert(!beacon_doc_equal(a, c));
	ck_assert(!beacon_doc_equal(a, d));
	ck_assert(!beacon_doc_equal(a, e));
	ck_assert(!beacon_doc_equal(e, a));
	ck_assert(!beacon_doc_equal(a, f));
	ck_assert(!beacon_doc_equal(a, NULL));
	json_decref(a);
	json_decref(b);
	json_decref(c);
	json_decref(d);
	json_decref(e);
	json_decref(f);
}
END_TEST

static Suite *doc_tree_suite(void)
{
	Suite *s = suite_create("common/doc_tree");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, get_matches_case_insensitively);
	tcase_add_test(tc, exact_spelling_is_preferred);
	tcase_add_test(tc, merge_overlays_case_insensitively);
	tcase_add_test(tc, equal_ignores_key_case_only);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(doc_tree_suite());
}
