/* test_doc_yaml.c - suite common/doc_yaml: the YAML loader. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "beacon/doc.h"
#include "beacon/limits.h"
#include "doc_test_util.h"
#include "test_support.h"

static json_t *load_yaml(const char *text, beacon_error_detail *err)
{
	json_t *doc = NULL;
	int rc = beacon_doc_load_buffer(&doc, text, strlen(text),
					BEACON_DOC_YAML, "t.yaml", err);

	ck_assert_int_eq(rc == BEACON_OK, doc != NULL);
	return doc;
}

/* Assert that text loads to the tree of the JSON text expected. */
static void assert_yaml_is(const char *text, const char *expected)
{
	beacon_error_detail err;
	json_t *want = json_loads(expected, 0, NULL);
	json_t *doc = load_yaml(text, &err);
	char *got;

	ck_assert_ptr_nonnull(want);
	ck_assert_beacon_ok(doc != NULL ? BEACON_OK : err.code, &err);
	got = json_dumps(doc, JSON_SORT_KEYS);
	ck_assert_msg(json_equal(doc, want), "got %s want %s", got, expected);
	free(got);
	json_decref(doc);
	json_decref(want);
}

/* Assert that text fails with code at line:column, text containing frag. */
static void assert_yaml_fails(const char *text, int code, int line, int column,
			      const char *frag)
{
	beacon_error_detail err;
	json_t *doc = load_yaml(text, &err);

	ck_assert_ptr_null(doc);
	ck_assert_int_eq(err.code, code);
	ck_assert_str_eq(err.source, "t.yaml");
	ck_assert_int_eq(err.line, line);
	ck_assert_int_eq(err.column, column);
	ck_assert_msg(strstr(err.text, frag) != NULL,
		      "text \"%s\" lacks \"%s\"", err.text, frag);
}

START_TEST(scalars_follow_the_core_schema)
{
	assert_yaml_is("a: true\nb: False\nc: yes\nd: off\ne: ~\nf:\ng: null\n",
		       "{\"a\":true,\"b\":false,\"c\":\"yes\",\"d\":\"off\","
		       "\"e\":null,\"f\":null,\"g\":null}");
	assert_yaml_is("a: 42\nb: -7\nc: 0x1F\nd: 0o17\ne: 0777\nf: 1_000\n"
		       "g: 99999999999999999999\n",
		       "{\"a\":42,\"b\":-7,\"c\":31,\"d\":15,\"e\":\"0777\","
		       "\"f\":\"1_000\",\"g\":\"99999999999999999999\"}");
	assert_yaml_is("a: 1.5\nb: -2e3\nc: .5\nd: .inf\ne: 1.2.3\nf: 42s\n",
		       "{\"a\":1.5,\"b\":-2000.0,\"c\":0.5,\"d\":\".inf\","
		       "\"e\":\"1.2.3\",\"f\":\"42s\"}");
	assert_yaml_is("a: \"true\"\nb: '42'\nc: !!str 7\nd: !!int \"8\"\n"
		       "e: \"\"\n",
		       "{\"a\":\"true\",\"b\":\"42\",\"c\":\"7\",\"d\":8,"
		       "\"e\":\"\"}");
}
END_TEST

START_TEST(structure_and_spelling_are_kept)
{
	assert_yaml_is("entryPoints:\n  web:\n    address: \":80\"\n"
		       "list:\n  - a\n  - {b: 1}\n  - [1, 2]\n",
		       "{\"entryPoints\":{\"web\":{\"address\":\":80\"}},"
		       "\"list\":[\"a\",{\"b\":1},[1,2]]}");
	assert_yaml_is("", "{}");
	assert_yaml_is("# only a comment\n", "{}");
	assert_yaml_is("---\n", "{}");
	assert_yaml_is("---\na: 1\n...\n", "{\"a\":1}");
	assert_yaml_is("42: x\n", "{\"42\":\"x\"}");
}
END_TEST

START_TEST(anchors_aliases_and_merge_keys)
{
	assert_yaml_is(
	    "base: &b {x: 1, y: 2}\ncopy: *b\n",
	    "{\"base\":{\"x\":1,\"y\":2},\"copy\":{\"x\":1,\"y\":2}}");
	assert_yaml_is("a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\n"
		       "c:\n  <<: [*a, *b]\n  x: 9\n",
		       "{\"a\":{\"x\":1,\"y\":2},\"b\":{\"y\":3,\"z\":4},"
		       "\"c\":{\"x\":9,\"y\":2,\"z\":4}}");
	assert_yaml_is("d: &d {k: v}\ne:\n  <<: *d\n",
		       "{\"d\":{\"k\":\"v\"},\"e\":{\"k\":\"v\"}}");
	assert_yaml_is("s: &s hello\nt: *s\n*s : key\n",
		       "{\"s\":\"hello\",\"t\":\"hello\",\"hello\":\"key\"}");
	assert_yaml_is("\"<<\": literal\n", "{\"<<\":\"literal\"}");
}
END_TEST

START_TEST(aliases_copy_their_subtree)
{
	beacon_error_detail err;
	json_t *doc = load_yaml("a: &a {x: 1}\nb: *a\n", &err);

	ck_assert_ptr_nonnull(doc);
	ck_assert_ptr_ne(beacon_doc_get(doc, "a"), beacon_doc_get(doc, "b"));
	json_object_set_new(beacon_doc_get(doc, "b"), "x", json_integer(2));
	ck_assert_int_eq(json_integer_value(beacon_doc_get(doc, "a.x")), 1);
	json_decref(doc);
}
END_TEST

START_TEST(errors_are_positioned)
{
	assert_yaml_fails("a: 1\nA: 2\n", BEACON_EPARSE, 2, 1,
			  "duplicate key \"A\" (first at line 1");
	assert_yaml_fails("a: 1\n---\nb: 2\n", BEACON_EPARSE, 2, 1,
			  "second YAML document");
	assert_yaml_fails("- a\n- b\n", BEACON_EPARSE, 1, 1, "top level");
	assert_yaml_fails("just text\n", BEACON_EPARSE, 1, 1, "top level");
	assert_yaml_fails("a: *nope\n", BEACON_EPARSE, 1, 4,
			  "unknown anchor \"nope\"");
	assert_yaml_fails("? [a, b]\n: 1\n", BEACON_EPARSE, 1, 3,
			  "keys must be scalars");
	assert_yaml_fails("a: 1\nb: [2\n", BEACON_EPARSE, 3, 1,
			  "did not find expected");
	assert_yaml_fails("a:\n  - x\n  y: 1\n", BEACON_EPARSE, 3, 3,
			  "expected");
	assert_yaml_fails("a:\n  <<: 42\n", BEACON_EPARSE, 2, 7, "merge key");
	assert_yaml_fails("a: \"x\\0y\"\n\"k\\0\": 1\n", BEACON_EPARSE, 2, 1,
			  "NUL");
}
END_TEST

START_TEST(invalid_utf8_is_positioned)
{
	assert_yaml_fails("a: 1\nb: \xff\n", BEACON_EPARSE, 2, 4, "invalid");
}
END_TEST

START_TEST(billion_laughs_hits_the_alias_limit)
{
	beacon_buf b = BEACON_BUF_INIT(1 << 16);
	beacon_error_detail err;
	json_t *doc;
	int i;

	ck_assert_int_eq(beacon_buf_puts(&b, "l0: &l0 [a, a, a, a, a, a, a, "
					     "a, a, a]\n"),
			 BEACON_OK);
	for (i = 1; i < 10; i++)
		ck_assert_int_eq(beacon_buf_printf(
				     &b,
				     "l%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, "
				     "*l%d, *l%d, *l%d, *l%d, *l%d]\n",
				     i, i, i - 1, i - 1, i - 1, i - 1, i - 1,
				     i - 1, i - 1, i - 1, i - 1, i - 1),
				 BEACON_OK);
	doc = load_yaml(b.ptr, &err);
	ck_assert_ptr_null(doc);
	ck_assert_int_eq(err.code, BEACON_ELIMIT);
	ck_assert_int_gt(err.line, 1);
	ck_assert_ptr_nonnull(strstr(err.text, "aliases expand"));
	beacon_buf_dispose(&b);
}
END_TEST

/* Nesting of depth levels as flow sequences; closed properly. */
static char *nested(int depth, const char *open, const char *close)
{
	beacon_buf b = BEACON_BUF_INIT(1 << 20);
	int i;

	ck_assert_int_eq(beacon_buf_puts(&b, "a: "), BEACON_OK);
	for (i = 0; i < depth; i++)
		ck_assert_int_eq(beacon_buf_puts(&b, open), BEACON_OK);
	for (i = 0; i < depth; i++)
		ck_assert_int_eq(beacon_buf_puts(&b, close), BEACON_OK);
	ck_assert_int_eq(beacon_buf_putc(&b, '\n'), BEACON_OK);
	return beacon_buf_detach(&b, NULL);
}

START_TEST(nesting_is_limited)
{
	beacon_error_detail err;
	char *ok = nested(BEACON_MAX_DEPTH - 1, "[", "]");
	char *deep = nested(BEACON_MAX_DEPTH, "[", "]");
	char *huge = nested(5000, "{a: ", "}");
	json_t *doc = load_yaml(ok, &err);

	ck_assert_beacon_ok(doc != NULL ? BEACON_OK : err.code, &err);
	json_decref(doc);
	ck_assert_ptr_null(load_yaml(deep, &err));
	ck_assert_int_eq(err.code, BEACON_ELIMIT);
	ck_assert_int_eq(err.line, 1);
	ck_assert_int_eq(err.column, 4 + BEACON_MAX_DEPTH - 1);
	ck_assert_ptr_null(load_yaml(huge, &err));
	ck_assert_int_eq(err.code, BEACON_ELIMIT);
	beacon_free(ok);
	beacon_free(deep);
	beacon_free(huge);
}
END_TEST

START_TEST(alias_depth_is_limited)
{
	beacon_buf b = BEACON_BUF_INIT(1 << 16);
	beacon_error_detail err;
	int i;

	ck_assert_int_eq(beacon_buf_puts(&b, "a: &a "), BEACON_OK);
	for (i = 0; i < BEACON_MAX_DEPTH - 2; i++)
		beacon_buf_putc(&b, '[');
	for (i = 0; i < BEACON_MAX_DEPTH - 2; i++)
		beacon_buf_putc(&b, ']');
	beacon_buf_puts(&b, "\nb: [[*a]]\n");
	ck_assert_ptr_null(load_yaml(b.ptr, &err));
	ck_assert_int_eq(err.code, BEACON_ELIMIT);
	ck_assert_int_eq(err.line, 2);
	beacon_buf_dispose(&b);
}
END_TEST

START_TEST(huge_input_is_refused)
{
	size_t len = BEACON_MAX_FILE_SIZE + 1;
	char *big = beacon_malloc(len);
	beacon_error_detail err;
	json_t *doc = NULL;

	ck_assert_ptr_nonnull(big);
	memset(big, '#', len);
	ck_assert_int_eq(beacon_doc_load_buffer(&doc, big, len, BEACON_DOC_YAML,
						"big.yaml", &err),
			 BEACON_ELIMIT);
	ck_assert_ptr_null(doc);
	beacon_free(big);
}
END_TEST

START_TEST(allocation_failures_are_clean)
{
	doc_test_alloc_load("global: {checkNewVersion: true}\n"
			    "base: &b {x: 1, l: [a, b]}\n"
			    "entryPoints:\n  web:\n    <<: *b\n"
			    "    address: ':80'\n",
			    BEACON_DOC_YAML, 0, "entrypoints.web.l.1", "b");
}
END_TEST

static Suite *doc_yaml_suite(void)
{
	Suite *s = suite_create("common/doc_yaml");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, scalars_follow_the_core_schema);
	tcase_add_test(tc, structure_and_spelling_are_kept);
	tcase_add_test(tc, anchors_aliases_and_merge_keys);
	tcase_add_test(tc, aliases_copy_their_subtree);
	tcase_add_test(tc, errors_are_positioned);
	tcase_add_test(tc, invalid_utf8_is_positioned);
	tcase_add_test(tc, billion_laughs_hits_the_alias_limit);
	tcase_add_test(tc, nesting_is_limited);
	tcase_add_test(tc, alias_depth_is_limited);
	tcase_add_test(tc, huge_input_is_refused);
	tcase_add_test(tc, allocation_failures_are_clean);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(doc_yaml_suite());
}
