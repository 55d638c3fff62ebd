/*
 * file_modes.c - suite reliability/access: the files beacond creates hold
 * usage data and client IPs, so they are private to its user whatever the
 * umask: the database, its WAL and its shared-memory index are mode 0600
 * (no group or other bits) even when beacond starts with umask 0.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "beacon/alloc.h"
#include "beacond_harness.h"
#include "load.h"
#include "test_support.h"

static void assert_private(const char *path)
{
	struct stat st;

	ck_assert_msg(stat(path, &st) == 0, "%s is missing", path);
	printf("access: %s mode %04o\n", strrchr(path, '/') + 1,
	       (unsigned)(st.st_mode & 07777));
	ck_assert_msg((st.st_mode & 077) == 0, "%s has mode %04o", path,
		      (unsigned)(st.st_mode & 07777));
}

START_TEST(test_database_files_private)
{
	static const char *const headers[] = { "Content-Type: application/json",
					       NULL };
	char *body = rely_report_body(42);
	char path[PATH_MAX + 8];
	beacond_harness h;
	beacond_response r;

	umask(0); /* beacond inherits it: the modes must not depend on it */
	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, NULL), 0);
	ck_assert_int_eq(beacond_http(&h, "POST", "/collect", headers, body,
				      strlen(body), &r),
			 0);
	ck_assert_int_eq(r.status, 202);
	beacond_response_dispose(&r);
	assert_private(h.db);
	snprintf(path, sizeof(path), "%s-wal", h.db);
	assert_private(path);
	snprintf(path, sizeof(path), "%s-shm", h.db);
	assert_private(path);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	assert_private(h.db);
	beacond_harness_cleanup(&h);
	beacon_free(body);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reliability/access");
	TCase *tc = tcase_create("modes");

	tcase_add_test(tc, test_database_files_private);
	suite_add_tcase(s, tc);
	return beacon_test_run(s);
}
