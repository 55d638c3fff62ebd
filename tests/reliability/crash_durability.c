/*
 * crash_durability.c - suite reliability/crash: beacond under full-speed
 * report load (RELY_LOAD_CONNECTIONS connections, load.c) is killed with
 * SIGKILL at seeded random moments, several rounds on the same database.
 * After each restart every report that got a 202 is stored exactly once
 * with its content, no report is stored twice, and PRAGMA integrity_check
 * says ok. Prints the seed and the totals (posted, 202s, rows, kills).
 *
 * CRASH_ROUNDS is set by CMake (2 for the integration variant, more for
 * the slow one); BEACON_RELY_SEED=N replays a run.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "beacond_harness.h"
#include "load.h"
#include "test_support.h"

#ifndef CRASH_ROUNDS
#define CRASH_ROUNDS 2
#endif
/* Load time before the kill: KILL_MIN_MS + [0, KILL_SPREAD_MS). */
#define KILL_MIN_MS 150
#define KILL_SPREAD_MS 1200
#define FIRST_MARKER 1000000u

static const char *const serve_args[] = { "--limits.reportsPerMinute", "0",
					  "--storage.synchronous", "full",
					  NULL };

static unsigned seed_of_run(void)
{
	const char *env = getenv("BEACON_RELY_SEED");

	return env != NULL ? (unsigned)strtoul(env, NULL, 10)
			   : (unsigned)rely_now_ms();
}

/* Rows of marker m: 1 when stored once with its own content (codename,
 * version, build date, decoded configuration). */
static int stored_once(sqlite3_stmt *st, uint64_t m)
{
	char codename[64], version[32];
	int ok;

	snprintf(codename, sizeof(codename), "rely-%" PRIu64, m);
	snprintf(version, sizeof(version), "3.1.%" PRIu64, m % 100);
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)m);
	ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	ok = ok && sqlite3_column_text(st, 1) != NULL &&
	     strcmp((const char *)sqlite3_column_text(st, 1), codename) == 0;
	ok = ok && sqlite3_column_text(st, 2) != NULL &&
	     strcmp((const char *)sqlite3_column_text(st, 2), version) == 0;
	ok = ok && sqlite3_column_text(st, 3) != NULL &&
	     strcmp((const char *)sqlite3_column_text(st, 3),
		    "2024-08-06T11:56:17Z") == 0;
	ok = ok && sqlite3_column_text(st, 4) != NULL &&
	     strcmp((const char *)sqlite3_column_text(st, 4), ":80") == 0;
	return ok;
}

static void verify(const beacond_harness *h, const rely_load *load,
		   long long *rows)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char text[64];
	size_t i, bad = 0;

	ck_assert_int_eq(
	    sqlite3_open_v2(h->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	ck_assert_int_eq(
	    sqlite3_prepare_v2(
		db,
		"SELECT count(*), max(codename), max(version), "
		"max(build_date), max(json_extract(configuration, "
		"'$.entryPoints.web.address')) FROM v_reports WHERE "
		"product = 'traefik/traefik' "
		"AND ip = '127.0.0.1' AND hash = CAST(?1 AS TEXT)",
		-1, &st, NULL),
	    SQLITE_OK);
	for (i = 0; i < load->nacked; i++)
		if (!stored_once(st, load->acked[i]) && bad++ < 5)
			fprintf(stderr,
				"crash: acknowledged %" PRIu64
				" not stored exactly once\n",
				load->acked[i]);
	sqlite3_finalize(st);
	sqlite3_close(db);
	ck_assert_msg(bad == 0, "%zu acknowledged reports lost or wrong", bad);
	ck_assert_int_eq(
	    beacond_sql_text(h, "PRAGMA integrity_check", text, sizeof(text)),
	    0);
	ck_assert_str_eq(text, "ok");
	ck_assert_int_eq(
	    beacond_sql_int(h, "SELECT count(*) FROM (SELECT hash FROM "
			       "reports GROUP BY hash HAVING count(*) > 1)"),
	    0);
	*rows = beacond_sql_int(h, "SELECT count(*) FROM reports");
	ck_assert_int_ge(*rows, (long long)load->nacked);
	ck_assert_int_le(*rows, (long long)load->posted);
}

/* Load the running server, SIGKILL it after ms, reap it. */
static void load_and_kill(beacond_harness *h, rely_load *load, long ms)
{
	int status = 0;

	ck_assert_int_eq(
	    rely_load_run(load, h->base_url, rely_now_ms() + ms, h->pid), 0);
	ck_assert_int_eq(waitpid(h->pid, &status, 0), h->pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	h->pid = 0;
}

START_TEST(test_sigkill_rounds)
{
	unsigned seed = seed_of_run();
	rely_load load;
	beacond_harness h;
	long long rows = 0;
	int round;

	memset(&load, 0, sizeof(load));
	load.first = FIRST_MARKER;
	srand(seed);
	printf("crash: seed %u (BEACON_RELY_SEED=%u replays), %d rounds, "
	       "%d connections\n",
	       seed, seed, CRASH_ROUNDS, RELY_LOAD_CONNECTIONS);
	ck_assert_int_eq(beacond_harness_init(&h), 0);
	for (round = 1; round <= CRASH_ROUNDS; round++) {
		long ms = KILL_MIN_MS + rand() % KILL_SPREAD_MS;
		ck_assert_int_eq(beacond_harness_start(&h, serve_args), 0);
		if (round > 1)
			verify(&h, &load, &rows);
		load_and_kill(&h, &load, ms);
		printf("crash: round %d killed after %ld ms: posted %" PRIu64
		       ", 202 %zu, 503 %" PRIu64 ", cut %" PRIu64 "\n",
		       round, ms, load.posted, load.nacked, load.status_503,
		       load.failed);
		fflush(stdout);
	}
	ck_assert_int_eq(beacond_harness_start(&h, serve_args), 0);
	verify(&h, &load, &rows);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	printf("crash: totals posted %" PRIu64 ", 202 %zu, rows %lld, "
	       "kills %d, other statuses %" PRIu64 "\n",
	       load.posted, load.nacked, rows, CRASH_ROUNDS, load.status_other);
	ck_assert_uint_gt(load.nacked, 0);
	ck_assert_uint_eq(load.status_other, 0);
	beacond_harness_cleanup(&h);
	rely_load_dispose(&load);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reliability/crash");
	TCase *tc = tcase_create("sigkill");

	tcase_set_timeout(tc, 60 + CRASH_ROUNDS * 30);
	tcase_add_test(tc, test_sigkill_rounds);
	suite_add_tcase(s, tc);
	return beacon_test_run(s);
}
