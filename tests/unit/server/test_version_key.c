/*
 * test_version_key.c - suite server/version_key: sortable version keys
 * agree with beacon_version_compare; RFC 3339 times of the catalog.
 */
#include <check.h>
#include <string.h>

#include "beacon/version.h"
#include "catalog/rfc3339.h"
#include "catalog/version_key.h"
#include "test_support.h"

/* Strictly ascending in go-version order. */
static const char *const ascending[] = {
	"0.0.1",
	"0.9.0",
	"1.0.0-1",
	"1.0.0-2",
	"1.0.0-10",
	/* fuzz_version_key: numeric by value, not by length (go's ParseInt) */
	"1.0.0-00000000000000000011",
	"1.0.0-0-",
	"1.0.0-9223372036854775808",
	"1.0.0-alpha",
	"1.0.0-alpha.1",
	"1.0.0-alpha.2",
	"1.0.0-alpha.10",
	"1.0.0-beta",
	"1.0.0-rc.1",
	"1.0.0",
	"1.0.1",
	"1.2.3.4",
	"1.10.0",
	"2.0.0-rc1",
	"v2.0.0",
	"2.0.0.1",
	"3.0.0-beta.1",
	"v3.1.0",
	"10.0.0",
	"9223372036854775807.0.0",
};
#define NASC (sizeof(ascending) / sizeof(ascending[0]))

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

START_TEST(keys_order_like_compare)
{
	char ka[BEACOND_VERSION_KEY_MAX];
	char kb[BEACOND_VERSION_KEY_MAX];
	beacon_version va;
	beacon_version vb;
	size_t j;

	ck_assert_int_eq(beacond_version_key(ascending[_i], ka, sizeof(ka)), 0);
	ck_assert_int_eq(beacon_version_parse(&va, ascending[_i]), 0);
	for (j = 0; j < NASC; j++) {
		ck_assert_int_eq(
		    beacond_version_key(ascending[j], kb, sizeof(kb)), 0);
		ck_assert_int_eq(beacon_version_parse(&vb, ascending[j]), 0);
		ck_assert_msg(
		    sign(strcmp(ka, kb)) == beacon_version_compare(&va, &vb),
		    "%s (%s) vs %s (%s)", ascending[_i], ka, ascending[j], kb);
		ck_assert_int_eq(sign(strcmp(ka, kb)),
				 (_i > (int)j) - (_i < (int)j));
	}
}
END_TEST

START_TEST(equal_spellings_equal_keys)
{
	static const char *const same[] = { "v1.2.0", "1.2", "1.02.0",
					    "1.2.0+build.7", "1.2.0.0" };
	char first[BEACOND_VERSION_KEY_MAX];
	char k[BEACOND_VERSION_KEY_MAX];
	size_t i;

	ck_assert_int_eq(beacond_version_key(same[0], first, sizeof(first)), 0);
	ck_assert_str_eq(first, "a1a2a0a0a0a0~");
	for (i = 1; i < sizeof(same) / sizeof(same[0]); i++) {
		ck_assert_int_eq(beacond_version_key(same[i], k, sizeof(k)), 0);
		ck_assert_str_eq(k, first);
	}
	ck_assert_int_eq(beacond_version_key("v3.1.0-rc.1", k, sizeof(k)), 0);
	ck_assert_str_eq(k, "a3a1a0a0a0a0-3rc!1a10");
}
END_TEST

START_TEST(invalid_versions)
{
	char k[BEACOND_VERSION_KEY_MAX];

	ck_assert_int_eq(beacond_version_key("dev", k, sizeof(k)),
			 BEACON_EPARSE);
	ck_assert_str_eq(k, "");
	ck_assert_int_eq(beacond_version_key("1.2.3 ", k, sizeof(k)),
			 BEACON_EPARSE);
	ck_assert_int_eq(beacond_version_key("", k, sizeof(k)), BEACON_EPARSE);
	ck_assert_int_eq(beacond_version_key("1.2.3.4.5.6.7", k, sizeof(k)),
			 BEACON_ELIMIT);
	ck_assert_int_eq(beacond_version_key("1.2.3.4.5.6.0", k, sizeof(k)), 0);
	ck_assert_int_eq(beacond_version_key("1.2.3", k, 4), BEACON_ELIMIT);
	ck_assert_str_eq(k, "");
	ck_assert_int_eq(beacond_version_key(NULL, k, sizeof(k)),
			 BEACON_EINVAL);
}
END_TEST

static const struct {
	const char *text;
	int64_t t; /* -1: invalid */
	const char *canonical;
} times[] = {
	{ "1970-01-01T00:00:00Z", 0, "1970-01-01T00:00:00Z" },
	{ "2024-07-01T00:00:00Z", 1719792000, "2024-07-01T00:00:00Z" },
	{ "2024-07-01t02:00:00+02:00", 1719792000, "2024-07-01T00:00:00Z" },
	{ "2024-06-30T22:30:00.123456-01:30", 1719792000,
	  "2024-07-01T00:00:00Z" },
	{ "2024-02-29T23:59:59z", 1709251199, "2024-02-29T23:59:59Z" },
	{ "2023-02-29T00:00:00Z", -1, NULL },
	{ "2024-07-01 00:00:00Z", -1, NULL },
	{ "2024-07-01T00:00:00", -1, NULL },
	{ "2024-07-01T24:00:00Z", -1, NULL },
	{ "2024-07-01T00:00:00.Z", -1, NULL },
	{ "2024-07-01T00:00:00+0200", -1, NULL },
	{ "2024-7-01T00:00:00Z", -1, NULL },
	{ "", -1, NULL },
};

START_TEST(rfc3339_table)
{
	char out[BEACOND_RFC3339_LEN];
	int64_t t = 0;
	int rc = beacond_rfc3339_parse(times[_i].text, &t);

	if (times[_i].t < 0) {
		ck_assert_int_eq(rc, BEACON_EPARSE);
		return;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(t, times[_i].t);
	ck_assert_int_eq(beacond_rfc3339_format(t, out, sizeof(out)), 0);
	ck_assert_str_eq(out, times[_i].canonical);
}
END_TEST

START_TEST(rfc3339_format_range)
{
	char out[BEACOND_RFC3339_LEN];

	ck_assert_int_eq(beacond_rfc3339_format(-86400, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "1969-12-31T00:00:00Z");
	ck_assert_int_eq(beacond_rfc3339_format(253402300800, out, sizeof(out)),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacond_rfc3339_format(0, out, 10), BEACON_EINVAL);
}
END_TEST

static Suite *version_key_suite(void)
{
	Suite *s = suite_create("server/version_key");
	TCase *tc = tcase_create("version_key");

	/* Generous: CI machines are shared and sanitizers slow. */
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, keys_order_like_compare, 0, (int)NASC);
	tcase_add_test(tc, equal_spellings_equal_keys);
	tcase_add_test(tc, invalid_versions);
	tcase_add_loop_test(tc, rfc3339_table, 0,
			    (int)(sizeof(times) / sizeof(times[0])));
	tcase_add_test(tc, rfc3339_format_range);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(version_key_suite());
}
