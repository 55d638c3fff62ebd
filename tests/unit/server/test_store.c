/*
 * test_store.c - suite server/store: open, migrations, events, purge.
 */
#include <check.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "beacon/alloc.h"
#include "beacon/limits.h"
#include "server_test.h"
#include "test_support.h"

static server_test_dir t;

static void setup(void)
{
	server_test_dir_make(&t);
}

static void teardown(void)
{
	server_test_dir_remove(&t);
}

static beacond_event check_event(int64_t time, const char *version)
{
	beacond_event ev = { 0 };

	ev.kind = BEACOND_EVENT_CHECK;
	ev.time = time;
	ev.u.check.product = "traefik/traefik";
	ev.u.check.version = version;
	ev.u.check.ip = "10.0.0.1";
	ev.u.check.user_agent = "go-github";
	return ev;
}

static beacond_event report_event(int64_t time, uint64_t hash)
{
	beacond_event ev = { 0 };

	ev.kind = BEACOND_EVENT_REPORT;
	ev.time = time;
	ev.u.report.product = "traefik/traefik";
	ev.u.report.version = "v3.1.0";
	ev.u.report.codename = "comte";
	ev.u.report.build_date = "2024-07-01T00:00:00Z";
	ev.u.report.hash = hash;
	ev.u.report.configuration = "{\"api\":{}}";
	ev.u.report.ip = "10.0.0.2";
	ev.u.report.os = "linux";
	ev.u.report.arch = "amd64";
	ev.u.report.schema_version = 1;
	ev.u.report.user_agent = "traefik/3.1.0";
	return ev;
}

/*
 * WAL checkpoints run on the store's own thread (store_checkpoint.c): one
 * batch of 100 reports with a 3 KiB configuration each (about 100 WAL
 * pages, below the writer's own autocheckpoint at 1000) reaches the main
 * database file shortly after the commit, without any further commit. With
 * no such thread the data would stay in the -wal file.
 */
START_TEST(checkpoints_in_the_background)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacond_store *store = NULL;
	beacond_event ev[100];
	char *config = malloc(100 * 3073);
	struct timespec pause = { 0, 10L * 1000L * 1000L };
	struct stat st;
	int i;

	ck_assert_ptr_nonnull(config);
	opts.path = t.db;
	opts.synchronous = BEACOND_STORE_SYNC_NORMAL;
	ck_assert_beacon_ok(beacond_store_open(&store, &opts, NULL), NULL);
	for (i = 0; i < 100; i++) { /* 100 distinct configurations */
		char *c = config + i * 3073;

		memset(c, 'x', 3072);
		snprintf(c, 12, "\"%08d", i);
		c[9] = 'x';
		c[3071] = '"';
		c[3072] = '\0';
		ev[i] = report_event(1000 + i, (uint64_t)i);
		ev[i].u.report.configuration = c;
	}
	ck_assert_beacon_ok(beacond_store_record_batch(store, ev, 100, NULL),
			    NULL);
	for (i = 0; i < 500; i++) {
		ck_assert_int_eq(stat(t.db, &st), 0);
		if (st.st_size >= 300 * 1000)
			break;
		nanosleep(&pause, NULL);
	}
	printf("store: 100 reports of 3 KiB in the database file after "
	       "%d ms: %lld bytes\n",
	       i * 10, (long long)st.st_size);
	ck_assert_int_ge(st.st_size, 300 * 1000);
	beacond_store_close(store);
	free(config);
}
END_TEST

START_TEST(open_creates_and_migrates)
{
	beacond_store *store = server_test_open(&t);
	char wal[SERVER_TEST_PATH_MAX];
	char mode[16];
	struct stat st;

	server_test_path(&t, "beacon.db-wal", wal, sizeof(wal));
	ck_assert_int_ge(beacond_store_schema_version(), 2);
	ck_assert_int_eq(server_test_int(t.db, "PRAGMA user_version"),
			 beacond_store_schema_version());
	server_test_text(t.db, "PRAGMA journal_mode", mode, sizeof(mode));
	ck_assert_str_eq(mode, "wal");
	ck_assert_int_eq(
	    server_test_int(t.db, "SELECT count(*) FROM sqlite_master WHERE "
				  "type = 'view' AND name LIKE 'v\\_%' "
				  "ESCAPE '\\'"),
	    9);
	ck_assert_int_eq(stat(t.db, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* SQLite gives the WAL and shared-memory files the database's mode. */
	ck_assert_int_eq(stat(wal, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	beacond_store_close(store);
}
END_TEST

START_TEST(open_with_synchronous_normal)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacond_store *store = NULL;
	beacond_event ev = check_event(1, "v1.0.0");

	opts.path = t.db;
	opts.synchronous = BEACOND_STORE_SYNC_NORMAL;
	opts.busy_timeout_ms = 100;
	ck_assert_beacon_ok(beacond_store_open(&store, &opts, NULL), NULL);
	ck_assert_beacon_ok(beacond_store_record_batch(store, &ev, 1, NULL),
			    NULL);
	beacond_store_close(store);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM checks"),
			 1);
}
END_TEST

START_TEST(failed_migration_rolls_back)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacond_store *store = NULL;
	beacon_error_detail err;
	FILE *f = fopen(t.db, "w");

	/* An empty file is a new database; a conflicting table makes the
	 * middle of 0001_init.sql fail. */
	ck_assert_ptr_nonnull(f);
	fclose(f);
	server_test_exec(t.db, "CREATE TABLE reports (x)");
	opts.path = t.db;
	ck_assert_int_lt(beacond_store_open(&store, &opts, &err), 0);
	ck_assert_ptr_null(store);
	ck_assert_str_eq(err.source, "0001_init.sql");
	ck_assert_int_eq(server_test_int(t.db, "PRAGMA user_version"), 0);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM "
					       "sqlite_master WHERE name = "
					       "'checks'"),
			 0);
}
END_TEST

START_TEST(reopen_is_idempotent)
{
	beacond_store *store = server_test_open(&t);
	beacond_event ev = check_event(1000, "v3.0.0");
	char wal[SERVER_TEST_PATH_MAX];
	struct stat st;

	ck_assert_beacon_ok(beacond_store_record_batch(store, &ev, 1, NULL),
			    NULL);
	beacond_store_close(store);
	store = server_test_open(&t);
	beacond_store_close(store);
	/* The last connection closed checkpointed and removed the WAL. */
	server_test_path(&t, "beacon.db-wal", wal, sizeof(wal));
	ck_assert_int_ne(stat(wal, &st), 0);
	ck_assert_int_eq(server_test_int(t.db, "PRAGMA user_version"),
			 beacond_store_schema_version());
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM checks"),
			 1);
	ck_assert_int_eq(
	    server_test_int(t.db, "SELECT count(*) FROM catalog_state"), 1);
}
END_TEST

START_TEST(newer_schema_refused)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacond_store *store = server_test_open(&t);
	beacon_error_detail err;

	beacond_store_close(store);
	store = NULL;
	server_test_exec(t.db, "PRAGMA user_version = 999");
	opts.path = t.db;
	ck_assert_int_eq(beacond_store_open(&store, &opts, &err),
			 BEACON_EINVAL);
	ck_assert_ptr_null(store);
	ck_assert_ptr_nonnull(strstr(err.text, "newer"));
	ck_assert_int_eq(server_test_int(t.db, "PRAGMA user_version"), 999);
}
END_TEST

START_TEST(not_a_database_refused)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacond_store *store = NULL;
	beacon_error_detail err;
	FILE *f = fopen(t.db, "w");

	ck_assert_ptr_nonnull(f);
	fputs("this is not an SQLite database, just some text padding it out "
	      "past the header size of one hundred bytes............",
	      f);
	fclose(f);
	opts.path = t.db;
	ck_assert_int_eq(beacond_store_open(&store, &opts, &err), BEACON_EIO);
	ck_assert_ptr_null(store);
}
END_TEST

START_TEST(bad_options_refused)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacond_store *store = NULL;

	ck_assert_int_eq(beacond_store_open(&store, &opts, NULL),
			 BEACON_EINVAL);
	opts.path = t.db;
	opts.version = 99;
	ck_assert_int_eq(beacond_store_open(&store, &opts, NULL),
			 BEACON_EINVAL);
	ck_assert_ptr_null(store);
}
END_TEST

/* The db string picks the backend: a URL scheme of a backend not built is
 * refused and creates nothing; a path is an SQLite file. */
START_TEST(backend_by_db_string)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacon_error_detail err;
	beacond_store *store = NULL;

	beacon_error_clear(&err);
	opts.path = "postgres://localhost/beacon";
	ck_assert_int_eq(beacond_store_open(&store, &opts, &err),
			 BEACON_EINVAL);
	ck_assert_ptr_null(store);
	ck_assert_ptr_nonnull(strstr(err.text, "PostgreSQL"));
	ck_assert_int_eq(beacond_store_open_existing(&store, &opts, NULL),
			 BEACON_EINVAL);
	ck_assert_ptr_null(store);
	opts.path = t.db;
	ck_assert_beacon_ok(beacond_store_open(&store, &opts, NULL), NULL);
	beacond_store_close(store);
}
END_TEST

/* open_existing never creates the database; it reads one that exists. */
START_TEST(open_existing_needs_a_database)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacond_stats_query q = { 0 };
	beacon_error_detail err;
	beacond_store *store = NULL;
	json_t *rows = json_array();

	beacon_error_clear(&err);
	opts.path = t.db;
	ck_assert_int_eq(beacond_store_open_existing(&store, &opts, &err),
			 BEACON_EIO);
	ck_assert_ptr_null(store);
	/* The source holds the path (truncated to its size). */
	ck_assert_int_eq(strncmp(err.source, t.db, sizeof(err.source) - 1), 0);
	ck_assert_int_ne(access(t.db, F_OK), 0);
	beacond_store_close(server_test_open(&t));
	ck_assert_beacon_ok(beacond_store_open_existing(&store, &opts, NULL),
			    NULL);
	q.now = 86400;
	ck_assert_beacon_ok(beacond_store_stats_rows(
				store, BEACOND_STATS_INSTANCES, &q, rows, NULL),
			    NULL);
	ck_assert_uint_eq(json_array_size(rows), 1);
	ck_assert_int_eq(beacond_store_stats_rows(
			     store, BEACOND_STATS_PART_COUNT, &q, rows, NULL),
			 BEACON_EINVAL);
	json_decref(rows);
	beacond_store_close(store);
}
END_TEST

/* Schema 4's columns: check count and first-of-day flag (NULL when
 * unknown), report instance and report ids. */
START_TEST(counting_columns_stored)
{
	beacond_store *store = server_test_open(&t);
	beacond_event ev[4];
	char text[80];

	ev[0] = check_event(1000, "v3.1.0"); /* zero-initialized: unknown */
	ev[1] = check_event(1001, "v3.1.0");
	ev[1].u.check.count = 7;
	ev[1].u.check.first_of_day = BEACOND_DAY_FIRST;
	ev[2] = check_event(1002, "v3.1.0");
	ev[2].u.check.first_of_day = BEACOND_DAY_REPEAT;
	ev[3] = report_event(1003, 42);
	ev[3].u.report.instance_id = "0123456789abcdef0123456789abcdef";
	ev[3].u.report.report_id = "fedcba9876543210fedcba9876543210";
	ck_assert_beacon_ok(beacond_store_record_batch(store, ev, 4, NULL),
			    NULL);
	beacond_store_close(store);
	ck_assert_int_eq(server_test_int(t.db, "SELECT sum(count) FROM checks"),
			 9);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM checks "
					       "WHERE first_of_day IS NULL "
					       "AND ts = 1000"),
			 1);
	ck_assert_int_eq(server_test_int(t.db, "SELECT first_of_day FROM "
					       "checks WHERE ts = 1001"),
			 1);
	ck_assert_int_eq(server_test_int(t.db, "SELECT first_of_day FROM "
					       "checks WHERE ts = 1002"),
			 0);
	server_test_text(t.db,
			 "SELECT instance_id || ' ' || report_id FROM "
			 "reports",
			 text, sizeof(text));
	ck_assert_str_eq(text, "0123456789abcdef0123456789abcdef "
			       "fedcba9876543210fedcba9876543210");
}
END_TEST

/* Every string member of an event kind has one row in the text table. */
START_TEST(event_text_rows)
{
	static const size_t report_members[] = {
		offsetof(beacond_report_event, product),
		offsetof(beacond_report_event, version),
		offsetof(beacond_report_event, codename),
		offsetof(beacond_report_event, build_date),
		offsetof(beacond_report_event, configuration),
		offsetof(beacond_report_event, ip),
		offsetof(beacond_report_event, os),
		offsetof(beacond_report_event, arch),
		offsetof(beacond_report_event, user_agent),
		offsetof(beacond_report_event, instance_id),
		offsetof(beacond_report_event, report_id),
	};
	size_t n = 0, i, j, found;
	const beacond_event_text *rows;

	rows = beacond_event_texts(BEACOND_EVENT_REPORT, &n);
	ck_assert_uint_eq(n,
			  sizeof(report_members) / sizeof(report_members[0]));
	for (i = 0; i < n; i++) {
		for (j = 0, found = 0; j < n; j++)
			found += rows[j].offset == report_members[i];
		ck_assert_uint_eq(found, 1);
	}
	rows = beacond_event_texts(BEACOND_EVENT_CHECK, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_ptr_null(beacond_event_texts((beacond_event_kind)0, &n));
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(open_out_of_memory)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacond_store *store = NULL;

	opts.path = t.db;
	beacon_alloc_fail_after(0);
	ck_assert_int_eq(beacond_store_open(&store, &opts, NULL),
			 BEACON_ENOMEM);
	beacon_alloc_fail_after(-1);
	ck_assert_ptr_null(store);
}
END_TEST

START_TEST(record_batch_round_trip)
{
	beacond_store *store = server_test_open(&t);
	beacond_event evs[3];
	char text[256];

	evs[0] = check_event(86400 * 365, "v3.1.0");
	evs[1] = check_event(86400 * 366, NULL);
	evs[2] = report_event(86400 * 367, UINT64_MAX);
	ck_assert_beacon_ok(beacond_store_record_batch(store, evs, 3, NULL),
			    NULL);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM checks"),
			 2);
	ck_assert_int_eq(
	    server_test_int(t.db, "SELECT count(*) FROM checks WHERE version "
				  "IS NULL AND version_key IS NULL"),
	    1);
	server_test_text(t.db,
			 "SELECT version_key FROM checks WHERE version = "
			 "'v3.1.0'",
			 text, sizeof(text));
	ck_assert_str_eq(text, "a3a1a0a0a0a0~");
	server_test_text(t.db,
			 "SELECT hash || '|' || ts || '|' || codename || '|' "
			 "|| build_date || '|' || configuration || '|' || ip "
			 "|| '|' || os || '|' || arch || '|' || "
			 "schema_version || '|' || user_agent FROM v_reports",
			 text, sizeof(text));
	ck_assert_str_eq(text, "18446744073709551615|31708800|comte|2024-07-"
			       "01T00:00:00Z|{\"api\":{}}|10.0.0.2|linux|"
			       "amd64|1|traefik/3.1.0");
	beacond_store_close(store);
}
END_TEST

START_TEST(sql_metacharacters_verbatim)
{
	static const char nasty[] =
	    "'); DROP TABLE checks; -- \" %s %n ? ?1 :a @b $c \\ \xc3\xa9";
	beacond_store *store = server_test_open(&t);
	beacond_event ev = check_event(1, "v1.0.0");
	char text[256];

	ev.u.check.user_agent = nasty;
	ev.u.check.product = "own'er/re\"po";
	ck_assert_beacon_ok(beacond_store_record_batch(store, &ev, 1, NULL),
			    NULL);
	beacond_store_close(store);
	server_test_text(t.db, "SELECT user_agent FROM checks", text,
			 sizeof(text));
	ck_assert_str_eq(text, nasty);
	server_test_text(t.db, "SELECT product FROM checks", text,
			 sizeof(text));
	ck_assert_str_eq(text, "own'er/re\"po");
}
END_TEST

START_TEST(batch_is_all_or_nothing)
{
	beacond_store *store = server_test_open(&t);
	beacond_event evs[3];
	beacon_error_detail err;

	evs[0] = check_event(1, "v1.0.0");
	evs[1] = check_event(2, "v1.0.0");
	evs[1].u.check.product = NULL; /* malformed */
	evs[2] = report_event(3, 7);
	ck_assert_int_eq(beacond_store_record_batch(store, evs, 3, &err),
			 BEACON_EINVAL);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM checks"),
			 0);
	/* The store is usable after the failed batch. */
	ck_assert_beacon_ok(beacond_store_record_batch(store, evs + 2, 1, NULL),
			    NULL);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM reports"),
			 1);
	beacond_store_close(store);
}
END_TEST

/* Each distinct configuration is stored once; v_reports resolves it;
 * purging the last report of a configuration deletes that configuration. */
START_TEST(configurations_stored_once)
{
	beacond_store *store = server_test_open(&t);
	beacond_event evs[4];
	int64_t deleted = 0;
	char text[80];

	evs[0] = report_event(100, 1);
	evs[1] = report_event(200, 2);
	evs[2] = report_event(300, 3);
	evs[3] = report_event(400, 4);
	evs[1].u.report.configuration = "{\"ping\":{}}";
	evs[3].u.report.configuration = NULL;
	ck_assert_beacon_ok(beacond_store_record_batch(store, evs, 4, NULL),
			    NULL);
	ck_assert_int_eq(
	    server_test_int(t.db, "SELECT count(*) FROM configurations"), 2);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM reports "
					       "WHERE configuration IS NULL"),
			 4);
	server_test_text(t.db,
			 "SELECT group_concat(coalesce(configuration, '-'), "
			 "' ') FROM (SELECT configuration FROM v_reports "
			 "ORDER BY ts)",
			 text, sizeof(text));
	ck_assert_str_eq(text, "{\"api\":{}} {\"ping\":{}} {\"api\":{}} -");
	ck_assert_beacon_ok(beacond_store_purge(store, 250, &deleted, NULL),
			    NULL);
	ck_assert_int_eq(deleted, 2);
	server_test_text(t.db, "SELECT configuration FROM configurations", text,
			 sizeof(text));
	ck_assert_str_eq(text, "{\"api\":{}}");
	ck_assert_int_eq(
	    server_test_int(t.db, "SELECT count(*) FROM configurations"), 1);
	beacond_store_close(store);
}
END_TEST

START_TEST(purge_deletes_old_events)
{
	beacond_store *store = server_test_open(&t);
	beacond_event evs[5];
	int64_t deleted = -1;

	evs[0] = check_event(100, "v1.0.0");
	evs[1] = check_event(200, "v1.0.0");
	evs[2] = check_event(300, "v1.0.0");
	evs[3] = report_event(150, 1);
	evs[4] = report_event(250, 2);
	ck_assert_beacon_ok(beacond_store_record_batch(store, evs, 5, NULL),
			    NULL);
	ck_assert_beacon_ok(beacond_store_purge(store, 250, &deleted, NULL),
			    NULL);
	ck_assert_int_eq(deleted, 3);
	ck_assert_int_eq(server_test_int(t.db, "SELECT min(ts) FROM checks"),
			 300);
	ck_assert_int_eq(server_test_int(t.db, "SELECT min(ts) FROM reports"),
			 250);
	/* Both reports share one configuration row, still referenced. */
	ck_assert_int_eq(
	    server_test_int(t.db, "SELECT count(*) FROM configurations"), 1);
	ck_assert_beacon_ok(beacond_store_purge(store, 0, &deleted, NULL),
			    NULL);
	ck_assert_int_eq(deleted, 0);
	beacond_store_close(store);
}
END_TEST

START_TEST(purge_in_chunks)
{
	enum { N = BEACON_STORE_PURGE_CHUNK * 2 + 7 };
	beacond_store *store = server_test_open(&t);
	beacond_event *evs = calloc(N, sizeof(*evs));
	int64_t deleted = 0;
	size_t i;

	ck_assert_ptr_nonnull(evs);
	for (i = 0; i < N; i++)
		evs[i] = check_event((int64_t)i, "v1.0.0");
	ck_assert_beacon_ok(beacond_store_record_batch(store, evs, N, NULL),
			    NULL);
	ck_assert_beacon_ok(beacond_store_purge(store, N - 1, &deleted, NULL),
			    NULL);
	ck_assert_int_eq(deleted, N - 1);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM checks"),
			 1);
	free(evs);
	beacond_store_close(store);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("server/store");
	TCase *tc = tcase_create("store");

	/* Generous: CI machines are shared and sanitizers slow. */
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, open_creates_and_migrates);
	tcase_add_test(tc, open_with_synchronous_normal);
	tcase_add_test(tc, failed_migration_rolls_back);
	tcase_add_test(tc, reopen_is_idempotent);
	tcase_add_test(tc, newer_schema_refused);
	tcase_add_test(tc, not_a_database_refused);
	tcase_add_test(tc, bad_options_refused);
	tcase_add_test(tc, backend_by_db_string);
	tcase_add_test(tc, open_existing_needs_a_database);
	tcase_add_test(tc, event_text_rows);
	tcase_add_test(tc, counting_columns_stored);
	tcase_add_test(tc, open_out_of_memory);
	tcase_add_test(tc, record_batch_round_trip);
	tcase_add_test(tc, sql_metacharacters_verbatim);
	tcase_add_test(tc, batch_is_all_or_nothing);
	tcase_add_test(tc, purge_deletes_old_events);
	tcase_add_test(tc, purge_in_chunks);
	tcase_add_test(tc, configurations_stored_once);
	tcase_add_test(tc, checkpoints_in_the_background);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(store_suite());
}
