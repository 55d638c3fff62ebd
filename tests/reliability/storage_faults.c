/*
 * storage_faults.c - suite reliability/storage: beacond whose database
 * fails under it. The test process enters its own mount namespace
 * (unshare(CLONE_NEWNS), mounts private) so it can mount a tiny tmpfs for
 * the database; beacond, spawned by the harness, inherits it. Needs root
 * (CAP_SYS_ADMIN): skipped with 77 otherwise.
 *  - disk full: reports get 503 + Retry-After, version checks and /healthz
 *    are still answered, beacond stays up, and it takes reports again by
 *    itself once the filler file is deleted;
 *  - read-only database (read-only bind mount): beacond refuses to start
 *    with a log line naming the cause, or serves checks and 503s reports;
 *    the same under full-speed load (load.c);
 *  - locked database (another connection in BEGIN EXCLUSIVE): reports get
 *    503 + Retry-After after the busy timeout, and 202 after the lock ends;
 *  - database made read-only while beacond runs: the immutable flag
 *    (chattr +i, FS_IOC_SETFLAGS) on b.db and b.db-wal, on the file
 *    system of TMPDIR (ext4 here; tmpfs ignores the flag for descriptors
 *    already open, and a remount read-only is refused with EBUSY while
 *    beacond holds the files open for writing). Reports get 503 +
 *    Retry-After, checks and /healthz 200, /metrics counts the failures,
 *    and reports get 202 again once the flag is cleared, without restart.
 *    Skipped (with a message) where the flag cannot be set.
 * In every case each report answered 202 is in the database afterwards.
 */
/* Wait for beacond's failed-commit warning: 300 x 10 ms. */
#define LOG_WAIT_POLLS 300
#define LOG_WAIT_STEP_US 10000
#define _GNU_SOURCE 1 /* unshare, CLONE_NEWNS */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h> /* FS_IOC_SETFLAGS, FS_IMMUTABLE_FL */
#include <sched.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "beacon/alloc.h"
#include "beacond_harness.h"
#include "load.h"
#include "test_support.h"

#define TMPFS_OPTS "size=2m"
/* Room for the reports of a first load phase before the disk is filled. */
#define LOAD_TMPFS_OPTS "size=16m"
#define LOAD_PHASE_MS 1000
/* Reports tried before the disk must have answered 503. */
#define FILL_POSTS_MAX 3000
/* Longest wait for recovery after the fault is removed, ms. */
#define RECOVER_MS 15000
#define ACKED_MAX (FILL_POSTS_MAX + 1000)
/* Reports posted in each phase of the read-only case. */
#define RO_POSTS 20

static const char *const json_headers[] = { "Content-Type: application/json",
					    NULL };

typedef struct fault_run {
	beacond_harness h;
	char disk[PATH_MAX]; /* mount point of the tmpfs */
	uint64_t next;       /* next marker */
	uint64_t acked[ACKED_MAX];
	size_t nacked;
	uint64_t n503;
} fault_run;

/* Post one report; returns its status; records 202s. */
static long post_report(fault_run *f, char *retry, size_t retrylen)
{
	uint64_t marker = f->next++;
	char *body = rely_report_body(marker);
	beacond_response r;
	long status;

	ck_assert_ptr_nonnull(body);
	ck_assert_int_eq(beacond_http(&f->h, "POST", "/collect", json_headers,
				      body, strlen(body), &r),
			 0);
	status = r.status;
	if (status == 202 && f->nacked < ACKED_MAX)
		f->acked[f->nacked++] = marker;
	if (status == 503)
		f->n503++;
	if (retry != NULL &&
	    beacond_response_header(&r, "Retry-After", retry, retrylen) == NULL)
		retry[0] = '\0';
	beacond_response_dispose(&r);
	beacon_free(body);
	return status;
}

static long get_status(fault_run *f, const char *path)
{
	beacond_response r;
	long status;

	ck_assert_int_eq(beacond_http(&f->h, "GET", path, NULL, NULL, 0, &r),
			 0);
	status = r.status;
	beacond_response_dispose(&r);
	return status;
}

/* Checks, health and liveness while the store is failing. */
static void assert_still_serving(fault_run *f)
{
	ck_assert_int_eq(get_status(f, "/repos/traefik/traefik/releases"), 200);
	ck_assert_int_eq(get_status(f, "/healthz"), 200);
	ck_assert_int_eq(waitpid(f->h.pid, NULL, WNOHANG), 0);
}

/* Post until 202 comes back (the fault is gone), at most RECOVER_MS. */
static void assert_recovers(fault_run *f)
{
	long long end = rely_now_ms() + RECOVER_MS;
	long status = 0;

	while (status != 202 && rely_now_ms() < end) {
		status = post_report(f, NULL, 0);
		if (status != 202)
			usleep(100 * 1000);
	}
	ck_assert_int_eq(status, 202);
}

/* Each of markers[0..n) stored exactly once; integrity_check ok. */
static void assert_stored(beacond_harness *h, const uint64_t *markers, size_t n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	size_t i, bad = 0;
	char text[64];

	ck_assert_int_eq(
	    sqlite3_open_v2(h->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db,
					    "SELECT count(*) FROM reports "
					    "WHERE hash = CAST(?1 AS TEXT)",
					    -1, &st, NULL),
			 SQLITE_OK);
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)markers[i]);
		if (sqlite3_step(st) != SQLITE_ROW ||
		    sqlite3_column_int(st, 0) != 1)
			bad++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	ck_assert_uint_eq(bad, 0);
	ck_assert_int_eq(
	    beacond_sql_text(h, "PRAGMA integrity_check", text, sizeof(text)),
	    0);
	ck_assert_str_eq(text, "ok");
}

static void assert_acked_stored(fault_run *f)
{
	assert_stored(&f->h, f->acked, f->nacked);
}

static void fault_setup(fault_run *f, const char *tmpfs_opts)
{
	const char *rel[] = { "add", "traefik/traefik", "v3.1.3", NULL };

	memset(f, 0, sizeof(*f));
	f->next = 5000000u;
	ck_assert_int_eq(beacond_harness_init(&f->h), 0);
	snprintf(f->disk, sizeof(f->disk), "%s/disk", f->h.dir);
	ck_assert_int_eq(mkdir(f->disk, 0700), 0);
	ck_assert_msg(mount("tmpfs", f->disk, "tmpfs", 0, tmpfs_opts) == 0,
		      "mount tmpfs: %s", strerror(errno));
	snprintf(f->h.db, sizeof(f->h.db), "%s/disk/b.db", f->h.dir);
	ck_assert_int_eq(beacond_harness_release(&f->h, rel), 0);
}

static void fault_teardown(fault_run *f)
{
	if (f->h.pid != 0)
		ck_assert_int_eq(beacond_harness_stop(&f->h), 0);
	umount2(f->disk, MNT_DETACH);
	umount2(f->disk, MNT_DETACH);
	beacond_harness_cleanup(&f->h);
}

/* Write zeros to path until the file system is full; bytes written. */
static long long fill(const char *path)
{
	static const char zeros[65536];
	long long total = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	while ((n = write(fd, zeros, sizeof(zeros))) > 0)
		total += n;
	ck_assert_int_eq(errno, ENOSPC);
	close(fd);
	return total;
}

START_TEST(test_disk_full)
{
	static fault_run f;
	const char *extra[] = { "--limits.reportsPerMinute", "0", NULL };
	char filler[PATH_MAX + 16], retry[32] = "";
	long long filled;
	long status = 0;
	int i;

	fault_setup(&f, TMPFS_OPTS);
	ck_assert_int_eq(beacond_harness_start(&f.h, extra), 0);
	for (i = 0; i < 20; i++)
		ck_assert_int_eq(post_report(&f, NULL, 0), 202);
	snprintf(filler, sizeof(filler), "%s/filler", f.disk);
	filled = fill(filler);
	for (i = 0; i < FILL_POSTS_MAX && status != 503; i++)
		status = post_report(&f, retry, sizeof(retry));
	printf("storage: disk full after %lld filler bytes; first 503 after "
	       "%d more reports; Retry-After %s\n",
	       filled, i, retry);
	ck_assert_int_eq(status, 503);
	ck_assert_str_ne(retry, "");
	assert_still_serving(&f);
	/* While full, a small transaction can still fit in WAL space SQLite
	 * already holds (a report whose configuration is already stored is a
	 * few hundred bytes): 202 then, and it must be stored like any other
	 * (assert_acked_stored below); anything else is a 503. */
	for (i = 0; i < 20; i++) {
		status = post_report(&f, NULL, 0);
		ck_assert(status == 503 || status == 202);
	}
	assert_still_serving(&f);
	ck_assert_int_eq(unlink(filler), 0);
	assert_recovers(&f);
	ck_assert_int_eq(beacond_harness_stop(&f.h), 0);
	assert_acked_stored(&f);
	printf("storage: disk full: 202 %zu, 503 %" PRIu64 ", recovered\n",
	       f.nacked, f.n503);
	fault_teardown(&f);
}
END_TEST

/* The same with RELY_LOAD_CONNECTIONS posting at full speed throughout. */
START_TEST(test_disk_full_under_load)
{
	static fault_run f;
	const char *extra[] = { "--limits.reportsPerMinute", "0", NULL };
	uint64_t before, full, after;
	char filler[PATH_MAX + 16];
	rely_load load;

	memset(&load, 0, sizeof(load));
	load.first = 9000000u;
	fault_setup(&f, LOAD_TMPFS_OPTS);
	ck_assert_int_eq(beacond_harness_start(&f.h, extra), 0);
	ck_assert_int_eq(rely_load_run(&load, f.h.base_url,
				       rely_now_ms() + LOAD_PHASE_MS / 2, 0),
			 0);
	before = load.nacked;
	snprintf(filler, sizeof(filler), "%s/filler", f.disk);
	fill(filler);
	ck_assert_int_eq(rely_load_run(&load, f.h.base_url,
				       rely_now_ms() + LOAD_PHASE_MS, 0),
			 0);
	full = load.nacked - before;
	assert_still_serving(&f);
	ck_assert_int_eq(unlink(filler), 0);
	ck_assert_int_eq(rely_load_run(&load, f.h.base_url,
				       rely_now_ms() + LOAD_PHASE_MS, 0),
			 0);
	after = load.nacked - before - full;
	ck_assert_int_eq(beacond_harness_stop(&f.h), 0);
	assert_stored(&f.h, load.acked, load.nacked);
	printf("storage: disk full under load: posted %" PRIu64 "; 202 "
	       "before %" PRIu64 ", while full %" PRIu64 ", after %" PRIu64
	       "; 503 %" PRIu64 ", other %" PRIu64 ", cut %" PRIu64 "\n",
	       load.posted, before, full, after, load.status_503,
	       load.status_other, load.failed);
	ck_assert_uint_gt(before, 0);
	ck_assert_uint_gt(load.status_503, 0);
	ck_assert_uint_gt(after, 0);
	ck_assert_uint_eq(load.status_other + load.failed, 0);
	rely_load_dispose(&load);
	fault_teardown(&f);
}
END_TEST

START_TEST(test_locked_database)
{
	static fault_run f;
	const char *extra[] = { "--limits.reportsPerMinute", "0",
				"--storage.busyTimeoutMs", "200", NULL };
	char retry[32] = "";
	sqlite3 *lock = NULL;
	int i;

	fault_setup(&f, TMPFS_OPTS);
	ck_assert_int_eq(beacond_harness_start(&f.h, extra), 0);
	ck_assert_int_eq(post_report(&f, NULL, 0), 202);
	ck_assert_int_eq(sqlite3_open(f.h.db, &lock), SQLITE_OK);
	ck_assert_int_eq(
	    sqlite3_exec(lock, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(post_report(&f, retry, sizeof(retry)), 503);
	ck_assert_str_ne(retry, "");
	for (i = 0; i < 5; i++)
		assert_still_serving(&f);
	ck_assert_int_eq(sqlite3_exec(lock, "ROLLBACK", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(lock);
	assert_recovers(&f);
	ck_assert_int_eq(beacond_harness_stop(&f.h), 0);
	assert_acked_stored(&f);
	printf("storage: locked: 202 %zu, 503 %" PRIu64 ", recovered\n",
	       f.nacked, f.n503);
	fault_teardown(&f);
}
END_TEST

START_TEST(test_read_only_database)
{
	static fault_run f;
	int status;

	fault_setup(&f, TMPFS_OPTS);
	ck_assert_int_eq(beacond_harness_start(&f.h, NULL), 0);
	ck_assert_int_eq(post_report(&f, NULL, 0), 202);
	ck_assert_int_eq(beacond_harness_stop(&f.h), 0);
	ck_assert_int_eq(mount(f.disk, f.disk, NULL, MS_BIND, NULL), 0);
	ck_assert_int_eq(
	    mount(NULL, f.disk, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL),
	    0);
	status = beacond_harness_start(&f.h, NULL);
	if (status == 0) {
		char retry[32] = "";
		assert_still_serving(&f);
		ck_assert_int_eq(post_report(&f, retry, sizeof(retry)), 503);
		ck_assert_str_ne(retry, "");
		printf("storage: read-only: serves checks, reports 503\n");
	} else {
		ck_assert(beacond_harness_log_contains(&f.h, "b.db"));
		ck_assert(beacond_harness_log_contains(
		    &f.h, "Read-only file system"));
		printf("storage: read-only: beacond refuses to start\n");
	}
	f.h.pid = 0;
	umount2(f.disk, MNT_DETACH);
	assert_acked_stored(&f);
	fault_teardown(&f);
}
END_TEST

/* Directory of the read-only case, outside the tmpfs (created and, even
 * after a failed test, unfrozen and removed by the parent process). */
static char ro_dir[1024];
static const char *const ro_suffixes[] = { "", "-wal", "-shm", "-journal",
					   "-probe" };
/* Frozen: the database and its WAL, not the -shm wal-index. SQLite maps the
 * -shm; a write to a mapped page of an immutable file is SIGBUS (seen: exit
 * 135), which no process survives. */
#define RO_FROZEN 2

/* Set (on) or clear FS_IMMUTABLE_FL on path: 0, or the errno. */
static int set_immutable(const char *path, int on)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	int flags = 0;
	int error = 0;

	if (fd < 0)
		return errno;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0) {
		error = errno;
	} else {
		flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
		if (ioctl(fd, FS_IOC_SETFLAGS, &flags) != 0)
			error = errno;
	}
	close(fd);
	return error;
}

/* Freeze (on) or unfreeze db and its WAL (those that exist); 0 or the
 * errno of the first failure other than a missing file. */
static int set_immutable_db(const char *db, int on)
{
	char path[PATH_MAX + 16];
	size_t i;
	int error;

	for (i = 0; i < RO_FROZEN; i++) {
		snprintf(path, sizeof(path), "%s%s", db, ro_suffixes[i]);
		error = set_immutable(path, on);
		if (error != 0 && error != ENOENT)
			return error;
	}
	return 0;
}

/* Whether the immutable flag stops writes through a descriptor opened
 * before it was set (ext4: EPERM; tmpfs lets them through): 0 yes, else
 * the errno that prevented setting it or EEXIST when the write went
 * through. */
static int probe_immutable(const char *db)
{
	char path[PATH_MAX + 16];
	int fd, error;

	snprintf(path, sizeof(path), "%s-probe", db);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	error = set_immutable(path, 1);
	if (error == 0 && write(fd, "x", 1) == 1)
		error = EEXIST;
	close(fd);
	set_immutable(path, 0);
	unlink(path);
	return error;
}

static void ro_setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(ro_dir, sizeof(ro_dir), "%s/beacon-ro-XXXXXX",
		 tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(ro_dir) == NULL)
		ro_dir[0] = '\0';
}

static void ro_teardown(void)
{
	char path[PATH_MAX + 32];
	size_t i;

	if (ro_dir[0] == '\0')
		return;
	for (i = 0; i < sizeof(ro_suffixes) / sizeof(ro_suffixes[0]); i++) {
		snprintf(path, sizeof(path), "%s/b.db%s", ro_dir,
			 ro_suffixes[i]);
		set_immutable(path, 0);
		unlink(path);
	}
	rmdir(ro_dir);
}

/* Value of the counter name in beacond's /metrics, or -1. */
static long long metric(fault_run *f, const char *name)
{
	beacond_response r;
	long long value = -1;
	char needle[128];
	const char *line;

	snprintf(needle, sizeof(needle), "\n%s ", name);
	ck_assert_int_eq(
	    beacond_http(&f->h, "GET", "/metrics", NULL, NULL, 0, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(r.body.ptr);
	line = strstr(r.body.ptr, needle);
	if (line != NULL)
		value = strtoll(line + strlen(needle), NULL, 10);
	beacond_response_dispose(&r);
	return value;
}

/* Post until 202, at most RECOVER_MS; milliseconds it took. */
static long long recover_ms(fault_run *f)
{
	long long start = rely_now_ms();

	assert_recovers(f);
	return rely_now_ms() - start;
}

START_TEST(test_read_only_while_running)
{
	static fault_run f;
	const char *extra[] = { "--limits.reportsPerMinute", "0", NULL };
	const char *rel[] = { "add", "traefik/traefik", "v3.1.3", NULL };
	char retry[32] = "";
	long long failed_before, failed, commits_failed, recovered;
	size_t acked_before;
	long status = 0;
	int i, error;

	ck_assert_msg(ro_dir[0] != '\0', "mkdtemp: no directory");
	memset(&f, 0, sizeof(f));
	f.next = 7000000u;
	ck_assert_int_eq(beacond_harness_init(&f.h), 0);
	snprintf(f.h.db, sizeof(f.h.db), "%s/b.db", ro_dir);
	ck_assert_int_eq(beacond_harness_release(&f.h, rel), 0);
	ck_assert_int_eq(beacond_harness_start(&f.h, extra), 0);
	for (i = 0; i < RO_POSTS; i++)
		ck_assert_int_eq(post_report(&f, NULL, 0), 202);
	acked_before = f.nacked;
	failed_before = metric(&f, "beacond_reports_failed_total");
	ck_assert_int_eq(failed_before, 0);
	error = probe_immutable(f.h.db);
	if (error == 0)
		error = set_immutable_db(f.h.db, 1);
	if (error != 0) {
		set_immutable_db(f.h.db, 0);
		printf("storage: read-only while running: skipped (the "
		       "immutable flag in %s does not stop writes: %s)\n",
		       ro_dir,
		       error == EEXIST ? "open descriptors still write"
				       : strerror(error));
		fault_teardown(&f);
		return;
	}
	for (i = 0; i < FILL_POSTS_MAX && status != 503; i++)
		status = post_report(&f, retry, sizeof(retry));
	printf("storage: read-only while running: first 503 after %d "
	       "reports; Retry-After %s\n",
	       i, retry);
	ck_assert_int_eq(status, 503);
	ck_assert_str_ne(retry, "");
	for (i = 0; i < RO_POSTS; i++) {
		ck_assert_int_eq(post_report(&f, retry, sizeof(retry)), 503);
		ck_assert_str_ne(retry, "");
		assert_still_serving(&f);
	}
	failed = metric(&f, "beacond_reports_failed_total");
	commits_failed = metric(&f, "beacond_commits_failed_total");
	ck_assert_int_ge(failed, RO_POSTS + 1);
	ck_assert_int_gt(commits_failed, 0);
	/* The operator is told: a warning at the next catalog poll (1 s). */
	for (i = 0; i < LOG_WAIT_POLLS && !beacond_harness_log_contains(
					      &f.h, "storage commits failed");
	     i++)
		usleep(LOG_WAIT_STEP_US);
	ck_assert_msg(
	    beacond_harness_log_contains(&f.h, "storage commits failed"),
	    "no warning in beacond's log");
	ck_assert_int_eq(set_immutable_db(f.h.db, 0), 0);
	recovered = recover_ms(&f);
	for (i = 0; i < RO_POSTS; i++)
		ck_assert_int_eq(post_report(&f, NULL, 0), 202);
	assert_still_serving(&f);
	ck_assert_int_eq(beacond_harness_stop(&f.h), 0);
	assert_acked_stored(&f);
	printf("storage: read-only while running: 202 %zu before, %zu after; "
	       "503 %" PRIu64 " (metrics: reports_failed %lld, "
	       "commits_failed %lld); 202 again %lld ms after the flag was "
	       "cleared, no restart\n",
	       acked_before, f.nacked - acked_before, f.n503, failed,
	       commits_failed, recovered);
	fault_teardown(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reliability/storage");
	TCase *tc = tcase_create("faults");

	if (unshare(CLONE_NEWNS) != 0 ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		fprintf(stderr, "storage: no mount namespace (%s): skipped\n",
			strerror(errno));
		return 77;
	}
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_disk_full);
	tcase_add_test(tc, test_disk_full_under_load);
	tcase_add_test(tc, test_locked_database);
	tcase_add_test(tc, test_read_only_database);
	suite_add_tcase(s, tc);
	tc = tcase_create("read-only while running");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, ro_setup, ro_teardown);
	tcase_add_test(tc, test_read_only_while_running);
	suite_add_tcase(s, tc);
	return beacon_test_run(s);
}
