/*
 * server_test.h - helpers of the server storage tests: a temporary
 * directory per test, a store opened in it, SQL probes on the file.
 */
#ifndef BEACON_SERVER_TEST_H
#define BEACON_SERVER_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Room for any path the helpers build. */
#define SERVER_TEST_PATH_MAX 512

typedef struct server_test_dir {
	char dir[SERVER_TEST_PATH_MAX]; /* mkdtemp result */
	char db[SERVER_TEST_PATH_MAX];  /* dir + "/beacon.db" */
} server_test_dir;

/* Create a fresh temporary directory (fails the test on error). */
void server_test_dir_make(server_test_dir *t);

/* Remove the directory and everything directly in it. */
void server_test_dir_remove(server_test_dir *t);

/* Path of name inside the directory, in out. */
void server_test_path(const server_test_dir *t, const char *name, char *out,
		      size_t outlen);

/* Open the store at t->db with the defaults (fails the test on error). */
beacond_store *server_test_open(const server_test_dir *t);

/* Run sql (one statement) on its own connection to path and return the
 * first column of the first row as an integer (0 when no row). */
int64_t server_test_int(const char *path, const char *sql);

/* Same, the first column as text into out ("" when no row or NULL). */
void server_test_text(const char *path, const char *sql, char *out,
		      size_t outlen);

/* Execute sql (any statements) on its own connection to path. */
void server_test_exec(const char *path, const char *sql);

#endif /* BEACON_SERVER_TEST_H */
