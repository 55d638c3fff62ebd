/*
 * server_test.c - see server_test.h.
 */
#include <check.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server_test.h"
#include "test_support.h"

void server_test_dir_make(server_test_dir *t)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(t->dir, sizeof(t->dir), "%s/beacon-store-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(t->dir));
	server_test_path(t, "beacon.db", t->db, sizeof(t->db));
}

void server_test_dir_remove(server_test_dir *t)
{
	char path[SERVER_TEST_PATH_MAX * 2];
	DIR *d = opendir(t->dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", t->dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(t->dir);
}

void server_test_path(const server_test_dir *t, const char *name, char *out,
		      size_t outlen)
{
	int n = snprintf(out, outlen, "%s/%s", t->dir, name);

	ck_assert_int_lt(n, (int)outlen);
}

beacond_store *server_test_open(const server_test_dir *t)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacon_error_detail err;
	beacond_store *store = NULL;

	beacon_error_clear(&err);
	opts.path = t->db;
	ck_assert_beacon_ok(beacond_store_open(&store, &opts, &err), &err);
	ck_assert_ptr_nonnull(store);
	return store;
}

static sqlite3 *probe_open(const char *path)
{
	sqlite3 *db = NULL;

	ck_assert_int_eq(
	    sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

int64_t server_test_int(const char *path, const char *sql)
{
	sqlite3 *db = probe_open(path);
	sqlite3_stmt *stmt = NULL;
	int64_t v = 0;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK,
		      "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

void server_test_text(const char *path, const char *sql, char *out,
		      size_t outlen)
{
	sqlite3 *db = probe_open(path);
	sqlite3_stmt *stmt = NULL;
	const unsigned char *t;

	out[0] = '\0';
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK,
		      "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		t = sqlite3_column_text(stmt, 0);
		snprintf(out, outlen, "%s", t ? (const char *)t : "");
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

void server_test_exec(const char *path, const char *sql)
{
	sqlite3 *db = probe_open(path);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(db);
}
