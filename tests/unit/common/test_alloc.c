/* test_alloc.c - suite common/alloc: the failing-allocator hook. */
#include <jansson.h>
#include <stdint.h>

#include "beacon/alloc.h"
#include "test_support.h"

START_TEST(fail_after_counts_allocations)
{
	void *a, *b, *c;

	beacon_alloc_fail_after(2);
	a = beacon_malloc(10);
	b = beacon_calloc(2, 10);
	c = beacon_malloc(10);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(beacon_alloc_failures(), 1);
	ck_assert_ptr_null(beacon_strdup("x"));
	ck_assert_int_eq(beacon_alloc_failures(), 2);
	beacon_alloc_fail_after(-1);
	c = beacon_strdup("back");
	ck_assert_str_eq(c, "back");
	beacon_free(a);
	beacon_free(b);
	beacon_free(c);
}
END_TEST

START_TEST(calloc_rejects_overflow)
{
	ck_assert_ptr_null(beacon_calloc(SIZE_MAX / 2, 3));
	ck_assert_ptr_null(beacon_malloc(0));
	beacon_free(NULL);
}
END_TEST

START_TEST(jansson_goes_through_the_hook)
{
	json_t *obj;

	beacon_alloc_install_jansson();
	beacon_alloc_fail_after(0);
	obj = json_object();
	beacon_alloc_fail_after(-1);
	ck_assert_ptr_null(obj);
	obj = json_pack("{s:i}", "a", 1);
	ck_assert_ptr_nonnull(obj);
	json_decref(obj);
}
END_TEST

START_TEST(strndup_copies_prefix)
{
	char *s = beacon_strndup("abcdef", 3);

	ck_assert_str_eq(s, "abc");
	beacon_free(s);
	ck_assert_ptr_null(beacon_strndup(NULL, 3));
}
END_TEST

START_TEST(thread_failures_count_every_null)
{
	unsigned long before = beacon_alloc_thread_failures();
	void *p;

	p = beacon_malloc(16);
	ck_assert_ptr_nonnull(p);
	beacon_free(p);
	ck_assert_uint_eq(beacon_alloc_thread_failures(), before);
	ck_assert_ptr_null(beacon_malloc(0)); /* not a failure */
	ck_assert_ptr_null(beacon_calloc(SIZE_MAX, 2));
	beacon_alloc_fail_after(0);
	ck_assert_ptr_null(beacon_malloc(16));
	ck_assert_ptr_null(beacon_realloc(NULL, 16));
	beacon_alloc_fail_after(-1);
	ck_assert_uint_eq(beacon_alloc_thread_failures(), before + 3);
}
END_TEST

static Suite *alloc_suite(void)
{
	Suite *s = suite_create("common/alloc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, fail_after_counts_allocations);
	tcase_add_test(tc, calloc_rejects_overflow);
	tcase_add_test(tc, jansson_goes_through_the_hook);
	tcase_add_test(tc, strndup_copies_prefix);
	tcase_add_test(tc, thread_failures_count_every_null);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(alloc_suite());
}
