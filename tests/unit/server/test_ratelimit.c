/* test_ratelimit.c - suite server/ratelimit: per-IP token buckets. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/error.h"
#include "http/ratelimit.h"
#include "test_support.h"

#define SECOND 1000000000ull

static beacond_ip ip_of(const char *s)
{
	beacond_ip ip;

	ck_assert_int_eq(beacond_ip_parse(&ip, s, strlen(s)), 0);
	return ip;
}

START_TEST(test_burst_then_refill)
{
	beacond_ratelimit *rl = NULL;
	beacond_ip a = ip_of("192.0.2.1"), b = ip_of("2001:db8::1");
	uint64_t t = 1000 * SECOND;

	ck_assert_int_eq(beacond_ratelimit_new(&rl, 6, 3), 0); /* 1 per 10 s */
	ck_assert_uint_eq(beacond_ratelimit_take(rl, &a, t), 0);
	ck_assert_uint_eq(beacond_ratelimit_take(rl, &a, t), 0);
	ck_assert_uint_eq(beacond_ratelimit_take(rl, &a, t), 0);
	ck_assert_uint_eq(beacond_ratelimit_take(rl, &a, t), 10);
	/* another address has its own bucket */
	ck_assert_uint_eq(beacond_ratelimit_take(rl, &b, t), 0);
	/* 4 s later: 6 s to go */
	ck_assert_uint_eq(beacond_ratelimit_take(rl, &a, t + 4 * SECOND), 6);
	/* 10 s after the first refusal a token is back, only one */
	ck_assert_uint_eq(beacond_ratelimit_take(rl, &a, t + 10 * SECOND), 0);
	ck_assert_uint_gt(beacond_ratelimit_take(rl, &a, t + 10 * SECOND), 0);
	/* a long pause refills up to the burst, not beyond */
	ck_assert_uint_eq(beacond_ratelimit_take(rl, &a, t + 3600 * SECOND), 0);
	ck_assert_uint_eq(beacond_ratelimit_take(rl, &a, t + 3600 * SECOND), 0);
	ck_assert_uint_eq(beacond_ratelimit_take(rl, &a, t + 3600 * SECOND), 0);
	ck_assert_uint_gt(beacond_ratelimit_take(rl, &a, t + 3600 * SECOND), 0);
	beacond_ratelimit_free(rl);
}
END_TEST

START_TEST(test_disabled)
{
	beacond_ratelimit *rl = (void *)1;
	beacond_ip a = ip_of("192.0.2.1");
	int i;

	ck_assert_int_eq(beacond_ratelimit_new(&rl, 0, 3), 0);
	ck_assert_ptr_null(rl);
	for (i = 0; i < 100; i++)
		ck_assert_uint_eq(beacond_ratelimit_take(rl, &a, SECOND), 0);
	beacond_ratelimit_free(NULL);
}
END_TEST

/* Many addresses: memory stays fixed, each new address gets its burst. */
START_TEST(test_bounded_table)
{
	beacond_ratelimit *rl = NULL;
	beacond_ip ip;
	unsigned i;

	ck_assert_int_eq(beacond_ratelimit_new(&rl, 1, 1), 0);
	for (i = 0; i < 100000; i++) {
		memset(&ip, 0, sizeof(ip));
		ip.family = AF_INET;
		memcpy(ip.addr, &i, sizeof(i));
		ck_assert_uint_eq(beacond_ratelimit_take(rl, &ip, SECOND), 0);
	}
	beacond_ratelimit_free(rl);
}
END_TEST

START_TEST(test_out_of_memory)
{
	beacond_ratelimit *rl = NULL;

	beacon_alloc_fail_after(0);
	ck_assert_int_eq(beacond_ratelimit_new(&rl, 1, 1), BEACON_ENOMEM);
	beacon_alloc_fail_after(-1);
	ck_assert_ptr_null(rl);
}
END_TEST

static Suite *ratelimit_suite(void)
{
	Suite *s = suite_create("server/ratelimit");
	TCase *tc = tcase_create("ratelimit");

	tcase_add_test(tc, test_burst_then_refill);
	tcase_add_test(tc, test_disabled);
	tcase_add_test(tc, test_bounded_table);
	tcase_add_test(tc, test_out_of_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(ratelimit_suite());
}
