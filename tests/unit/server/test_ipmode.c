/*
 * test_ipmode.c - suite server/ipmode: the IP privacy modes, table-driven.
 */
#include <check.h>
#include <string.h>

#include "http/ipmode.h"
#include "test_support.h"

static const unsigned char secret[] = "fleet-secret";
#define SECRET_LEN (sizeof(secret) - 1)

static const struct {
	beacond_ipmode mode;
	const char *ip;
	const char *want; /* NULL: stored NULL; "!" error */
} cases[] = {
	{ BEACOND_IPMODE_FULL, "192.0.2.33", "192.0.2.33" },
	{ BEACOND_IPMODE_FULL, "2001:DB8:0:0::1", "2001:db8::1" },
	{ BEACOND_IPMODE_FULL, "::ffff:192.0.2.33", "192.0.2.33" },
	{ BEACOND_IPMODE_TRUNCATED, "192.0.2.33", "192.0.2.0" },
	{ BEACOND_IPMODE_TRUNCATED, "::ffff:198.51.100.7", "198.51.100.0" },
	{ BEACOND_IPMODE_TRUNCATED, "2001:db8:abcd:1234:5678::9",
	  "2001:db8:abcd::" },
	{ BEACOND_IPMODE_TRUNCATED, "::1", "::" },
	{ BEACOND_IPMODE_NONE, "192.0.2.33", NULL },
	{ BEACOND_IPMODE_FULL, "192.0.2.256", "!" },
	{ BEACOND_IPMODE_FULL, "example.com", "!" },
	{ BEACOND_IPMODE_TRUNCATED, "", "!" },
	{ BEACOND_IPMODE_HASHED, "10.0.0.1 ", "!" },
};

START_TEST(table)
{
	char out[BEACOND_IPMODE_TEXT_MAX];
	const char *stored = "unset";
	int rc = beacond_ipmode_apply(cases[_i].mode, secret, SECRET_LEN,
				      cases[_i].ip, out, sizeof(out), &stored);

	if (cases[_i].want && strcmp(cases[_i].want, "!") == 0) {
		ck_assert_int_eq(rc, BEACON_EINVAL);
		ck_assert_ptr_null(stored);
		return;
	}
	ck_assert_int_eq(rc, 0);
	if (!cases[_i].want) {
		ck_assert_ptr_null(stored);
		return;
	}
	ck_assert_ptr_eq(stored, out);
	ck_assert_str_eq(out, cases[_i].want);
}
END_TEST

START_TEST(hashed)
{
	char a[BEACOND_IPMODE_TEXT_MAX];
	char b[BEACOND_IPMODE_TEXT_MAX];
	char c[BEACOND_IPMODE_TEXT_MAX];
	char d[BEACOND_IPMODE_TEXT_MAX];
	const char *stored = NULL;
	static const unsigned char other[] = "other";

	ck_assert_int_eq(beacond_ipmode_apply(BEACOND_IPMODE_HASHED, secret,
					      SECRET_LEN, "192.0.2.33", a,
					      sizeof(a), &stored),
			 0);
	ck_assert_ptr_eq(stored, a);
	ck_assert_uint_eq(strlen(a), BEACON_IPMODE_HASH_HEX_LEN);
	ck_assert_uint_eq(strspn(a, "0123456789abcdef"), strlen(a));
	ck_assert_ptr_null(strstr(a, "192"));
	/* Mapped and plain IPv4 are one client. */
	ck_assert_int_eq(beacond_ipmode_apply(BEACOND_IPMODE_HASHED, secret,
					      SECRET_LEN, "::ffff:192.0.2.33",
					      b, sizeof(b), NULL),
			 0);
	ck_assert_str_eq(a, b);
	/* Another secret, another value; another address too. */
	ck_assert_int_eq(beacond_ipmode_apply(BEACOND_IPMODE_HASHED, other, 5,
					      "192.0.2.33", c, sizeof(c), NULL),
			 0);
	ck_assert_str_ne(a, c);
	ck_assert_int_eq(beacond_ipmode_apply(BEACOND_IPMODE_HASHED, secret,
					      SECRET_LEN, "192.0.2.34", d,
					      sizeof(d), NULL),
			 0);
	ck_assert_str_ne(a, d);
	/* No secret: refused, not hashed with an empty key. */
	ck_assert_int_eq(beacond_ipmode_apply(BEACOND_IPMODE_HASHED, NULL, 0,
					      "192.0.2.33", d, sizeof(d), NULL),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacond_ipmode_apply(BEACOND_IPMODE_HASHED, secret,
					      SECRET_LEN, "192.0.2.33", d, 8,
					      NULL),
			 BEACON_ELIMIT);
}
END_TEST

START_TEST(hashed_vector)
{
	char out[BEACOND_IPMODE_TEXT_MAX];

	/* HMAC-SHA-256(key "fleet-secret", "192.0.2.33"), first 16 bytes:
	 * computed independently with `openssl dgst -sha256 -hmac`. */
	ck_assert_int_eq(beacond_ipmode_apply(BEACOND_IPMODE_HASHED, secret,
					      SECRET_LEN, "192.0.2.33", out,
					      sizeof(out), NULL),
			 0);
	ck_assert_str_eq(out, "862ead5aa556b0efe521fd7d4d59c89e");
}
END_TEST

START_TEST(names)
{
	beacond_ipmode m = BEACOND_IPMODE_NONE;

	ck_assert_int_eq(beacond_ipmode_parse("Truncated", &m), 0);
	ck_assert_int_eq(m, BEACOND_IPMODE_TRUNCATED);
	ck_assert_int_eq(beacond_ipmode_parse("hashed", &m), 0);
	ck_assert_int_eq(m, BEACOND_IPMODE_HASHED);
	ck_assert_int_eq(beacond_ipmode_parse("partial", &m), BEACON_EINVAL);
	ck_assert_int_eq(beacond_ipmode_parse(NULL, &m), BEACON_EINVAL);
	ck_assert_str_eq(beacond_ipmode_name(BEACOND_IPMODE_FULL), "full");
	ck_assert_str_eq(beacond_ipmode_name(BEACOND_IPMODE_NONE), "none");
}
END_TEST

static Suite *ipmode_suite(void)
{
	Suite *s = suite_create("server/ipmode");
	TCase *tc = tcase_create("ipmode");

	/* Generous: CI machines are shared and sanitizers slow. */
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, table, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, hashed);
	tcase_add_test(tc, hashed_vector);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(ipmode_suite());
}
