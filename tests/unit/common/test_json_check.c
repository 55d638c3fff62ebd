/* test_json_check.c - suite common/json_check (beacon_json_compact). */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "beacon/json_check.h"
#include "beacon/limits.h"
#include "test_support.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Accepted texts and their compact form. */
static const struct good {
	const char *in;
	const char *out;
} goods[] = {
	{ "{}", "{}" },
	{ " \t\r\n{ }\n", "{}" },
	{ "{ \"a\" : 1 , \"b\" : [ 1 , 2 ] }", "{\"a\":1,\"b\":[1,2]}" },
	{ "{\"s\": \"a b\\t \\\" \\\\ \\/ \\u00e9\"}",
	  "{\"s\":\"a b\\t \\\" \\\\ \\/ \\u00e9\"}" },
	{ "{\"e\": \"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}",
	  "{\"e\":\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}" },
	{ "{\"p\": \"\\ud83d\\ude00\"}", "{\"p\":\"\\ud83d\\ude00\"}" },
	{ "{\"n\": [-0, 0, 0.5, -1.25e-3, 1E+2, 2e400e]}", NULL },
	{ "{\"n\": [-0, 0, 0.5, -1.25e-3, 1E+2, 1e-400]}",
	  "{\"n\":[-0,0,0.5,-1.25e-3,1E+2,1e-400]}" },
	{ "{\"i\": [9223372036854775807, -9223372036854775808]}",
	  "{\"i\":[9223372036854775807,-9223372036854775808]}" },
	{ "{\"l\": [true, false, null, {}, []]}",
	  "{\"l\":[true,false,null,{},[]]}" },
	{ "{\"a\": {\"k\": 1}, \"b\": {\"k\": 2}}",
	  "{\"a\":{\"k\":1},\"b\":{\"k\":2}}" },
	{ "{\"\": 1, \"A\": 2, \"a\": 3}", "{\"\":1,\"A\":2,\"a\":3}" },
};

/* Refused texts: each breaks one rule Jansson enforces. */
static const char *const bads[] = {
	"",
	"   ",
	"[]",
	"\"s\"",
	"1",
	"{",
	"{\"a\"}",
	"{\"a\":}",
	"{\"a\":1,}",
	"{\"a\":1 \"b\":2}",
	"{a:1}",
	"{'a':1}",
	"{\"a\":1}x",
	"{\"a\":1}{}",
	"{\"a\":01}",
	"{\"a\":-}",
	"{\"a\":1.}",
	"{\"a\":.5}",
	"{\"a\":1e}",
	"{\"a\":+1}",
	"{\"a\":9223372036854775808}",
	"{\"a\":-9223372036854775809}",
	"{\"a\":1e400}",
	"{\"a\":-1e400}",
	"{\"a\":tru}",
	"{\"a\":nul}",
	"{\"a\":NaN}",
	"{\"a\":\"\\x\"}",
	"{\"a\":\"\\u12\"}",
	"{\"a\":\"\\u0000\"}",
	"{\"a\":\"\\udc00\"}",
	"{\"a\":\"\\ud800\"}",
	"{\"a\":\"\\ud800\\u0041\"}",
	"{\"a\":\"tab\there\"}",
	"{\"a\":\"\xc0\xaf\"}",
	"{\"a\":\"\xed\xa0\x80\"}",
	"{\"a\":\"\xf4\x90\x80\x80\"}",
	"{\"a\":\"\xe2\x82\"}",
	"{\"a\":\"\xff\"}",
	"\xef\xbb\xbf{}",
	"{\"a\":1,\"a\":2}",
	"{\"a\":1,\"\\u0061\":2}",
	"{\"\\u00e9\":1,\"\xc3\xa9\":2}",
	"{\"x\":{\"k\":1,\"y\":[{\"k\":1,\"k\":2}]}}",
	"{\"a\":\"unterminated}",
};

START_TEST(compacts_good)
{
	const struct good *g = &goods[_i];
	size_t len = 0, n = strlen(g->in);
	char *text = beacon_strndup(g->in, n);
	beacon_error_detail err;
	int error;

	ck_assert_ptr_nonnull(text);
	error = beacon_json_compact(text, n, BEACON_MAX_DEPTH, &len, &err);
	if (g->out == NULL) {
		ck_assert_int_eq(error, BEACON_EINVAL);
	} else {
		ck_assert_msg(error == BEACON_OK, "%s: %s", g->in, err.text);
		ck_assert_uint_eq(len, strlen(g->out));
		ck_assert_mem_eq(text, g->out, len);
	}
	beacon_free(text);
}
END_TEST

START_TEST(refuses_bad)
{
	const char *in = bads[_i];
	size_t len = 0, n = strlen(in);
	char *text = beacon_strndup(in, n);
	beacon_error_detail err;

	ck_assert_ptr_nonnull(text);
	ck_assert_msg(beacon_json_compact(text, n, BEACON_MAX_DEPTH, &len,
					  &err) == BEACON_EINVAL,
		      "accepted: %s", in);
	ck_assert_str_eq(err.source, "json");
	ck_assert_int_gt(err.column, 0);
	ck_assert(err.text[0] != '\0');
	beacon_free(text);
}
END_TEST

/* Depth: the top object counts 1; max_depth containers pass, one more
 * is BEACON_ELIMIT, also when the text is broken further on. */
START_TEST(depth_limit)
{
	char a[] = "{\"a\":[[{}]]}";
	char b[] = "{\"a\":[[{}]]}";
	char c[] = "{\"a\":[[[[[[x";
	size_t len;

	ck_assert_int_eq(beacon_json_compact(a, strlen(a), 4, &len, NULL),
			 BEACON_OK);
	ck_assert_int_eq(beacon_json_compact(b, strlen(b), 3, &len, NULL),
			 BEACON_ELIMIT);
	ck_assert_int_eq(beacon_json_compact(c, strlen(c), 3, &len, NULL),
			 BEACON_ELIMIT);
}
END_TEST

/* A NUL byte is not JSON, inside a string or out. */
START_TEST(embedded_nul)
{
	char a[] = "{\"a\":\"x\0y\"}";
	char b[] = "{\"a\":1}\0";
	size_t len;

	ck_assert_int_eq(beacon_json_compact(a, sizeof(a) - 1, 8, &len, NULL),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_json_compact(b, sizeof(b) - 1, 8, &len, NULL),
			 BEACON_EINVAL);
}
END_TEST

/* Many keys in one object (the key index grows), one repeated at the end;
 * long numbers take the allocated path. */
START_TEST(many_keys_and_long_numbers)
{
	beacon_buf b = BEACON_BUF_INIT(1 << 20);
	size_t len;
	int i;

	ck_assert_int_eq(beacon_buf_puts(&b, "{"), BEACON_OK);
	for (i = 0; i < 500; i++)
		ck_assert_int_eq(beacon_buf_printf(&b, "\"k%d\":%d,", i, i),
				 BEACON_OK);
	ck_assert_int_eq(beacon_buf_puts(&b, "\"r\":0."), BEACON_OK);
	for (i = 0; i < 300; i++)
		ck_assert_int_eq(beacon_buf_puts(&b, "1"), BEACON_OK);
	ck_assert_int_eq(beacon_buf_puts(&b, "}"), BEACON_OK);
	ck_assert_int_eq(beacon_json_compact(b.ptr, b.len, 8, &len, NULL),
			 BEACON_OK);
	ck_assert_uint_eq(len, b.len);
	b.len--; /* drop "}" and repeat a key */
	ck_assert_int_eq(beacon_buf_puts(&b, ",\"k250\":1}"), BEACON_OK);
	ck_assert_int_eq(beacon_json_compact(b.ptr, b.len, 8, &len, NULL),
			 BEACON_EINVAL);
	beacon_buf_dispose(&b);
}
END_TEST

START_TEST(allocation_failure)
{
	char text[] = "{\"a\":1,\"b\":2}";
	size_t len;

	beacon_alloc_fail_after(0);
	ck_assert_int_eq(
	    beacon_json_compact(text, sizeof(text) - 1, 8, &len, NULL),
	    BEACON_ENOMEM);
	beacon_alloc_fail_after(-1);
	ck_assert_int_eq(beacon_json_compact(NULL, 0, 8, &len, NULL),
			 BEACON_EINVAL);
}
END_TEST

static Suite *json_check_suite(void)
{
	Suite *s = suite_create("common/json_check");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, compacts_good, 0, NELEM(goods));
	tcase_add_loop_test(tc, refuses_bad, 0, NELEM(bads));
	tcase_add_test(tc, depth_limit);
	tcase_add_test(tc, embedded_nul);
	tcase_add_test(tc, many_keys_and_long_numbers);
	tcase_add_test(tc, allocation_failure);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(json_check_suite());
}
