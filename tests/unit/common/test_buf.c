/* test_buf.c - suite common/buf. */
#include <stdint.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "test_support.h"

START_TEST(append_and_detach)
{
	beacon_buf b = BEACON_BUF_INIT(1024);
	size_t len = 0;
	char *s;

	ck_assert_int_eq(beacon_buf_puts(&b, "hello"), BEACON_OK);
	ck_assert_int_eq(beacon_buf_putc(&b, ' '), BEACON_OK);
	ck_assert_int_eq(beacon_buf_printf(&b, "%d-%s", 42, "x"), BEACON_OK);
	ck_assert_str_eq(b.ptr, "hello 42-x");
	ck_assert_uint_eq(b.len, 10);
	s = beacon_buf_detach(&b, &len);
	ck_assert_str_eq(s, "hello 42-x");
	ck_assert_uint_eq(len, 10);
	ck_assert_ptr_null(b.ptr);
	beacon_free(s);
	s = beacon_buf_detach(&b, &len);
	ck_assert_str_eq(s, "");
	ck_assert_uint_eq(len, 0);
	beacon_free(s);
}
END_TEST

START_TEST(max_is_enforced_exactly)
{
	beacon_buf b;

	beacon_buf_init(&b, 8);
	ck_assert_int_eq(beacon_buf_append(&b, "12345678", 8), BEACON_OK);
	ck_assert_int_eq(beacon_buf_putc(&b, '9'), BEACON_ELIMIT);
	ck_assert_str_eq(b.ptr, "12345678");
	beacon_buf_clear(&b);
	ck_assert_int_eq(beacon_buf_printf(&b, "%s", "123456789"),
			 BEACON_ELIMIT);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_le(b.cap, 9);
	beacon_buf_dispose(&b);
}
END_TEST

START_TEST(overflow_checked_growth)
{
	beacon_buf b;

	beacon_buf_init(&b, SIZE_MAX - 1);
	ck_assert_int_eq(beacon_buf_puts(&b, "abc"), BEACON_OK);
	ck_assert_int_eq(beacon_buf_reserve(&b, SIZE_MAX), BEACON_ELIMIT);
	ck_assert_int_eq(beacon_buf_reserve(&b, SIZE_MAX - 3), BEACON_ELIMIT);
	ck_assert_str_eq(b.ptr, "abc");
	beacon_buf_dispose(&b);
}
END_TEST

START_TEST(allocation_failure_leaves_buffer_intact)
{
	beacon_buf b = BEACON_BUF_INIT(1 << 20);
	char big[200];
	long n;
	int rc;

	memset(big, 'z', sizeof(big));
	ck_assert_int_eq(beacon_buf_puts(&b, "keep"), BEACON_OK);
	for (n = 0;; n++) {
		beacon_alloc_fail_after(n);
		rc = beacon_buf_append(&b, big, sizeof(big));
		beacon_alloc_fail_after(-1);
		if (rc == BEACON_OK)
			break;
		ck_assert_int_eq(rc, BEACON_ENOMEM);
		ck_assert_str_eq(b.ptr, "keep");
	}
	ck_assert_uint_eq(b.len, 4 + sizeof(big));
	beacon_buf_dispose(&b);
}
END_TEST

static Suite *buf_suite(void)
{
	Suite *s = suite_create("common/buf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, append_and_detach);
	tcase_add_test(tc, max_is_enforced_exactly);
	tcase_add_test(tc, overflow_checked_growth);
	tcase_add_test(tc, allocation_failure_leaves_buffer_intact);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(buf_suite());
}
