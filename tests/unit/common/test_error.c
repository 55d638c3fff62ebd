/* test_error.c - suite common/error. */
#include <string.h>

#include "beacon/error.h"
#include "test_support.h"

START_TEST(strerror_covers_every_code)
{
	int code;

	for (code = BEACON_OK; code >= BEACON_EDISABLED; code--) {
		const char *s = beacon_strerror(code);
		ck_assert_ptr_nonnull(s);
		ck_assert_str_ne(s, "unknown error code");
	}
	ck_assert_str_eq(beacon_strerror(-999), "unknown error code");
	ck_assert_str_eq(beacon_strerror(BEACON_ENOMEM), "out of memory");
}
END_TEST

START_TEST(detail_format_has_position)
{
	beacon_error_detail d;
	char out[256];

	beacon_error_clear(&d);
	ck_assert_int_eq(beacon_error_set(&d, BEACON_EPARSE, "a.yaml", 3, 7,
					  "expected %s", "':'"),
			 BEACON_EPARSE);
	ck_assert_int_eq(d.line, 3);
	ck_assert_int_eq(d.column, 7);
	ck_assert_str_eq(beacon_error_format(&d, out, sizeof(out)),
			 "a.yaml:3:7: expected ':'");
	beacon_error_set(&d, BEACON_EINVAL, "hash", 0, 0, "must be digits");
	ck_assert_str_eq(beacon_error_format(&d, out, sizeof(out)),
			 "hash: must be digits");
	beacon_error_set(&d, BEACON_EIO, NULL, 0, 0, "%s", "");
	ck_assert_str_eq(beacon_error_format(&d, out, sizeof(out)),
			 "I/O error");
}
END_TEST

START_TEST(detail_truncates_long_text)
{
	beacon_error_detail d;
	char big[1000], out[8];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	beacon_error_set(&d, BEACON_ERROR, big, 1, 1, "%s", big);
	ck_assert_uint_eq(strlen(d.text), BEACON_ERROR_TEXT_MAX - 1);
	ck_assert_uint_eq(strlen(d.source), BEACON_ERROR_SOURCE_MAX - 1);
	ck_assert_uint_eq(strlen(beacon_error_format(&d, out, sizeof(out))), 7);
	/* NULL detail is accepted and the code still returned. */
	ck_assert_int_eq(beacon_error_set(NULL, BEACON_EIO, NULL, 0, 0, "x"),
			 BEACON_EIO);
}
END_TEST

static Suite *error_suite(void)
{
	Suite *s = suite_create("common/error");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, strerror_covers_every_code);
	tcase_add_test(tc, detail_format_has_position);
	tcase_add_test(tc, detail_truncates_long_text);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(error_suite());
}
