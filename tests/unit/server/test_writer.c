/*
 * test_writer.c - suite server/writer: group commit over a real database.
 */
#include <check.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <time.h>

#include "beacon/alloc.h"
#include "ingest/writer.h"
#include "server_test.h"
#include "test_support.h"

#define THREADS 4
#define EVENTS_PER_THREAD 2500
#define POLL_NS 1000000L
#define POLL_MAX 10000

static server_test_dir t;
static beacond_store *store;
static atomic_long done_ok;
static atomic_long done_failed;

static void setup(void)
{
	server_test_dir_make(&t);
	store = server_test_open(&t);
	atomic_store(&done_ok, 0);
	atomic_store(&done_failed, 0);
}

static void teardown(void)
{
	beacond_store_close(store);
	store = NULL;
	server_test_dir_remove(&t);
}

/* payload: an int slot receiving the status; NULL to only count. */
static void on_done(void *payload, int status)
{
	if (status == 0)
		atomic_fetch_add(&done_ok, 1);
	else
		atomic_fetch_add(&done_failed, 1);
	if (payload)
		atomic_store((atomic_int *)payload, status == 0 ? 1 : status);
}

static beacond_event report(const char *product, uint64_t hash)
{
	beacond_event ev = { 0 };

	ev.kind = BEACOND_EVENT_REPORT;
	ev.time = 1719792000;
	ev.u.report.product = product;
	ev.u.report.version = "v3.1.0";
	ev.u.report.hash = hash;
	ev.u.report.configuration = "{\"providers\":{\"docker\":{}}}";
	ev.u.report.ip = "10.1.2.3";
	return ev;
}

static void sleep_poll(void)
{
	struct timespec ts = { 0, POLL_NS };

	nanosleep(&ts, NULL);
}

/* Wait until *slot is set by on_done (1 ok, negative error). */
static int wait_slot(atomic_int *slot)
{
	int i;

	for (i = 0; i < POLL_MAX && atomic_load(slot) == 0; i++)
		sleep_poll();
	return atomic_load(slot);
}

static void *submitter(void *arg)
{
	beacond_writer *w = arg;
	beacond_event ev = report("traefik/traefik", 0);
	int i;

	for (i = 0; i < EVENTS_PER_THREAD; i++) {
		ev.u.report.hash = (uint64_t)i;
		ev.kind = i % 2 ? BEACOND_EVENT_REPORT : BEACOND_EVENT_CHECK;
		if (ev.kind == BEACOND_EVENT_CHECK) {
			ev.u.check.product = "traefik/traefik";
			ev.u.check.version = "v3.1.0";
			ev.u.check.ip = "10.1.2.3";
			ev.u.check.user_agent = "go-github";
		} else {
			ev = report("traefik/traefik", (uint64_t)i);
		}
		while (beacond_writer_submit(w, &ev, on_done, NULL) ==
		       BEACON_EBUSY)
			sleep_poll();
	}
	return NULL;
}

START_TEST(many_threads_group_commit)
{
	beacond_writer *w = NULL;
	beacond_writer_metrics m;
	pthread_t th[THREADS];
	uint64_t batches = 0;
	int i;

	ck_assert_beacon_ok(beacond_writer_start(&w, store, NULL), NULL);
	for (i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, submitter, w), 0);
	for (i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	beacond_writer_stop(w);
	beacond_writer_get_metrics(w, &m);
	ck_assert_int_eq(atomic_load(&done_ok), THREADS * EVENTS_PER_THREAD);
	ck_assert_int_eq(atomic_load(&done_failed), 0);
	ck_assert_int_eq(server_test_int(t.db, "SELECT (SELECT count(*) FROM "
					       "checks) + (SELECT count(*) "
					       "FROM reports)"),
			 THREADS * EVENTS_PER_THREAD);
	ck_assert_uint_eq(m.events_stored, THREADS * EVENTS_PER_THREAD);
	ck_assert_uint_lt(m.batches_committed, m.events_stored);
	ck_assert_uint_eq(m.commits_failed, 0);
	ck_assert_uint_eq(m.queue_depth, 0);
	ck_assert_uint_eq(m.batch_size_sum, m.events_stored);
	for (i = 0; i < BEACOND_WRITER_BATCH_BUCKETS; i++)
		batches += m.batch_size_hist[i];
	ck_assert_uint_eq(batches, m.batches_committed);
	batches = 0;
	for (i = 0; i < BEACOND_WRITER_LATENCY_BUCKETS; i++)
		batches += m.latency_hist[i];
	ck_assert_uint_eq(batches, m.batches_committed);
	beacond_writer_free(w);
}
END_TEST

/* Hold the database's write lock from another connection. */
static sqlite3 *lock_db(void)
{
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open(t.db, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
			 SQLITE_OK);
	return db;
}

static void unlock_db(sqlite3 *db)
{
	ck_assert_int_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
}

/* Wait until the writer has taken every queued event (metrics in *m). */
static void wait_taken(beacond_writer *w, beacond_writer_metrics *m)
{
	int i;

	for (i = 0; i < POLL_MAX; i++) {
		beacond_writer_get_metrics(w, m);
		if (m->queue_depth == 0)
			return;
		sleep_poll();
	}
}

START_TEST(queue_full_is_busy)
{
	beacond_writer_options opts = BEACOND_WRITER_OPTIONS_INIT;
	beacond_writer *w = NULL;
	beacond_writer_metrics m;
	beacond_event ev = report("traefik/traefik", 1);
	sqlite3 *lock = lock_db();
	int i;

	opts.queue_capacity = 4;
	opts.batch_max = 1;
	ck_assert_beacon_ok(beacond_writer_start(&w, store, &opts), NULL);
	/* The first event is taken by the writer, which then waits for the
	 * lock; four more fill the queue. */
	ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL), 0);
	wait_taken(w, &m);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL),
				 0);
	ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL),
			 BEACON_EBUSY);
	beacond_writer_get_metrics(w, &m);
	ck_assert_uint_eq(m.queue_depth, 4);
	ck_assert_uint_eq(m.queue_capacity, 4);
	ck_assert_uint_eq(m.submits_rejected, 1);
	unlock_db(lock);
	beacond_writer_stop(w);
	ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL),
			 BEACON_EDISABLED);
	ck_assert_int_eq(atomic_load(&done_ok), 5);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM reports"),
			 5);
	beacond_writer_free(w);
}
END_TEST

/* Without a batch window (the default) the writer commits what is queued
 * at once, and what arrives while a commit runs forms the next group: one
 * event taken and held up by a locked database, 50 queued behind it, give
 * exactly two commits. */
START_TEST(no_window_groups_during_a_commit)
{
	beacond_writer_options opts = BEACOND_WRITER_OPTIONS_INIT;
	beacond_writer *w = NULL;
	beacond_writer_metrics m;
	beacond_event ev = report("traefik/traefik", 1);
	sqlite3 *lock = lock_db();
	int i;

	ck_assert_uint_eq(opts.batch_delay_ms, 0);
	ck_assert_beacon_ok(beacond_writer_start(&w, store, &opts), NULL);
	ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL), 0);
	wait_taken(w, &m);
	ck_assert_uint_eq(m.queue_depth, 0);
	for (i = 0; i < 50; i++)
		ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL),
				 0);
	unlock_db(lock);
	for (i = 0; i < POLL_MAX && atomic_load(&done_ok) < 51; i++)
		sleep_poll();
	ck_assert_int_eq(atomic_load(&done_ok), 51);
	beacond_writer_get_metrics(w, &m);
	ck_assert_uint_eq(m.batches_committed, 2);
	ck_assert_uint_eq(m.events_stored, 51);
	beacond_writer_free(w);
}
END_TEST

START_TEST(stop_drains_the_queue)
{
	beacond_writer_options opts = BEACOND_WRITER_OPTIONS_INIT;
	beacond_writer *w = NULL;
	beacond_event ev = report("traefik/traefik", 1);
	int i;

	opts.batch_delay_ms = 60000; /* only stop or a full batch commits */
	opts.batch_max = 1000;
	ck_assert_beacon_ok(beacond_writer_start(&w, store, &opts), NULL);
	for (i = 0; i < 100; i++)
		ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL),
				 0);
	beacond_writer_free(w); /* stops, drains, joins */
	ck_assert_int_eq(atomic_load(&done_ok), 100);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM reports"),
			 100);
}
END_TEST

START_TEST(failed_commit_reports_and_continues)
{
	beacond_writer *w = NULL;
	beacond_writer_metrics m;
	beacond_event good = report("traefik/traefik", 1);
	beacond_event bad = report("fail/fail", 2);
	atomic_int s1 = 0, s2 = 0, s3 = 0;

	server_test_exec(t.db, "CREATE TRIGGER fail_reports BEFORE INSERT ON "
			       "reports WHEN NEW.product = 'fail/fail' BEGIN "
			       "SELECT RAISE(ABORT, 'refused by test'); END");
	ck_assert_beacon_ok(beacond_writer_start(&w, store, NULL), NULL);
	ck_assert_int_eq(beacond_writer_submit(w, &good, on_done, &s1), 0);
	ck_assert_int_eq(wait_slot(&s1), 1);
	ck_assert_int_eq(beacond_writer_submit(w, &bad, on_done, &s2), 0);
	ck_assert_int_lt(wait_slot(&s2), 0);
	ck_assert_int_eq(beacond_writer_submit(w, &good, on_done, &s3), 0);
	ck_assert_int_eq(wait_slot(&s3), 1);
	beacond_writer_stop(w);
	beacond_writer_get_metrics(w, &m);
	ck_assert_uint_ge(m.commits_failed, 1);
	ck_assert_uint_ge(m.events_failed, 1);
	/* Every event answered 0 is in the database, no failed one is. */
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM reports"),
			 atomic_load(&done_ok));
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM reports "
					       "WHERE product = 'fail/fail'"),
			 0);
	beacond_writer_free(w);
}
END_TEST

START_TEST(bad_arguments)
{
	beacond_writer_options opts = BEACOND_WRITER_OPTIONS_INIT;
	beacond_writer *w = NULL;
	beacond_event ev = { 0 };

	opts.queue_capacity = 0;
	ck_assert_int_eq(beacond_writer_start(&w, store, &opts), BEACON_EINVAL);
	ck_assert_int_eq(beacond_writer_start(&w, NULL, NULL), BEACON_EINVAL);
	ck_assert_beacon_ok(beacond_writer_start(&w, store, NULL), NULL);
	ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL),
			 BEACON_EINVAL);
	ev.kind = BEACOND_EVENT_REPORT; /* no product */
	ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL),
			 BEACON_EINVAL);
	ev.kind = BEACOND_EVENT_CHECK;
	ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL),
			 BEACON_EINVAL);
	ev = report("traefik/traefik", 1);
	beacon_alloc_fail_after(0);
	ck_assert_int_eq(beacond_writer_submit(w, &ev, on_done, NULL),
			 BEACON_ENOMEM);
	beacon_alloc_fail_after(-1);
	beacond_writer_free(w);
	w = NULL;
	for (long n = 0; n < 4; n++) {
		beacon_alloc_fail_after(n);
		ck_assert_int_eq(beacond_writer_start(&w, store, NULL),
				 BEACON_ENOMEM);
		beacon_alloc_fail_after(-1);
		ck_assert_ptr_null(w);
	}
	beacond_writer_free(NULL);
	ck_assert_int_eq(atomic_load(&done_ok) + atomic_load(&done_failed), 0);
}
END_TEST

static Suite *writer_suite(void)
{
	Suite *s = suite_create("server/writer");
	TCase *tc = tcase_create("writer");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, many_threads_group_commit);
	tcase_add_test(tc, queue_full_is_busy);
	tcase_add_test(tc, no_window_groups_during_a_commit);
	tcase_add_test(tc, stop_drains_the_queue);
	tcase_add_test(tc, failed_commit_reports_and_continues);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(writer_suite());
}
