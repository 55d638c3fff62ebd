/*
 * test_schedule.c - suite client/schedule: the delays of the background
 * thread: interval plus jitter after success, capped exponential backoff
 * with jitter after failures, never sooner than Retry-After.
 */
#include "client_internal.h"
#include "test_support.h"

static const beacon_schedule sched = { 1000, 60000, 500, 100, 1600 };

START_TEST(test_success_interval)
{
	unsigned long long rng = 42;
	long d;
	int i;

	for (i = 0; i < 1000; i++) {
		d = beacon_schedule_next(&sched, 0, -1, &rng);
		ck_assert_int_ge(d, 60000);
		ck_assert_int_le(d, 60500);
	}
}
END_TEST

START_TEST(test_backoff_grows_and_caps)
{
	/* attempt n: step = min(cap, base * 2^(n-1)), delay in [step/2, step]
	 */
	const long steps[] = { 100, 200, 400, 800, 1600, 1600, 1600 };
	unsigned long long rng = 7;
	unsigned n;
	long d;
	int i;

	for (n = 1; n <= 7; n++) {
		for (i = 0; i < 200; i++) {
			d = beacon_schedule_next(&sched, n, -1, &rng);
			ck_assert_int_ge(d, steps[n - 1] / 2);
			ck_assert_int_le(d, steps[n - 1]);
		}
	}
	d = beacon_schedule_next(&sched, 4000000000u, -1, &rng);
	ck_assert_int_le(d, 1600);
}
END_TEST

START_TEST(test_jitter_varies)
{
	unsigned long long rng = 1;
	long first = beacon_schedule_next(&sched, 3, -1, &rng);
	int differs = 0;
	int i;

	for (i = 0; i < 50; i++)
		differs |= beacon_schedule_next(&sched, 3, -1, &rng) != first;
	ck_assert_int_eq(differs, 1);
}
END_TEST

START_TEST(test_retry_after_wins)
{
	unsigned long long rng = 3;

	ck_assert_int_eq(beacon_schedule_next(&sched, 1, 5, &rng), 5000);
	/* a shorter Retry-After does not shorten the backoff */
	ck_assert_int_le(beacon_schedule_next(&sched, 5, 0, &rng), 1600);
	ck_assert_int_ge(beacon_schedule_next(&sched, 5, 0, &rng), 800);
}
END_TEST

static Suite *schedule_suite(void)
{
	Suite *s = suite_create("client/schedule");
	TCase *tc = tcase_create("schedule");

	tcase_add_test(tc, test_success_interval);
	tcase_add_test(tc, test_backoff_grows_and_caps);
	tcase_add_test(tc, test_jitter_varies);
	tcase_add_test(tc, test_retry_after_wins);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(schedule_suite());
}
