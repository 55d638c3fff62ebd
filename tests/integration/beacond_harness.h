/*
 * beacond_harness.h - run a real beacond in integration tests.
 *
 * Reusable by any integration test (client tests included):
 *
 *     beacond_harness h;
 *     ck_assert_int_eq(beacond_harness_init(&h), 0);      // mkdtemp dir
 *     const char *rel[] = {"add", "traefik/traefik", "v3.1.0", NULL};
 *     ck_assert_int_eq(beacond_harness_release(&h, rel), 0);
 *     ck_assert_int_eq(beacond_harness_start(&h, NULL), 0);
 *     ... h.base_url is "http://127.0.0.1:PORT" ...
 *     ck_assert_int_eq(beacond_harness_stop(&h), 0);      // exit status
 *     beacond_harness_cleanup(&h);                        // rm -r dir
 *
 * start spawns BEACON_BINARY_DIR/server/beacond with
 * `serve --listen 127.0.0.1:0 --db DIR/b.db` plus the extra arguments,
 * its stderr in DIR/beacond-N.log, and reads the real port from the
 * "listening ... port=N" log line (port 0: never a fixed port; base_url is
 * https:// when that line's url is). stop sends
 * SIGTERM to that PID only and waits for it with a timeout (then SIGKILL).
 * Every function returns 0 on success, -1 on failure unless stated.
 */
#ifndef BEACOND_HARNESS_H
#define BEACOND_HARNESS_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include "beacon/buf.h"

/* Longest wait for the "listening" line and for the exit, milliseconds. */
#define BEACOND_HARNESS_START_TIMEOUT_MS 15000
#define BEACOND_HARNESS_STOP_TIMEOUT_MS 20000
/* Largest HTTP answer a test reads, bytes. */
#define BEACOND_HARNESS_BODY_MAX (8u * 1024u * 1024u)

typedef struct beacond_harness {
	char dir[1024];     /* temporary directory of this test */
	char db[PATH_MAX];  /* DIR/b.db */
	char log[PATH_MAX]; /* stderr of the current (or last) run */
	char base_url[64];  /* "http://127.0.0.1:PORT" */
	unsigned port;
	pid_t pid; /* 0 when not running */
	int runs;
	/* TLS: set before beacond_http to verify the server certificate
	 * against this PEM file (beacond started with --tlsCert). */
	const char *ca_file;
} beacond_harness;

/* Path of the beacond binary under test. */
const char *beacond_harness_binary(void);

int beacond_harness_init(beacond_harness *h);
/* extra: NULL-terminated extra arguments of serve, or NULL. */
int beacond_harness_start(beacond_harness *h, const char *const *extra);
/* SIGTERM and wait: returns beacond's exit status, or -1 (timeout: it is
 * killed). */
int beacond_harness_stop(beacond_harness *h);
/* Stop if running, then remove the directory and everything in it. */
void beacond_harness_cleanup(beacond_harness *h);
/* Run `beacond release ARGS --db DIR/b.db`; returns its exit status. */
int beacond_harness_release(beacond_harness *h, const char *const *args);
/* Run beacond with exactly argv (NULL-terminated, without the program);
 * its stderr goes to DIR/cmd.log. Returns its exit status. */
int beacond_harness_run(beacond_harness *h, const char *const *argv);
/* 1 when the current log file contains needle. */
int beacond_harness_log_contains(const beacond_harness *h, const char *needle);

typedef struct beacond_response {
	long status;
	beacon_buf headers; /* raw header lines of the final answer */
	beacon_buf body;
} beacond_response;

/*
 * One HTTP request with libcurl to h->base_url + path. headers: NULL or a
 * NULL-terminated list of "Name: value". body (may be NULL) is sent with
 * its length. out: dispose with beacond_response_dispose.
 */
int beacond_http(const beacond_harness *h, const char *method, const char *path,
		 const char *const *headers, const char *body, size_t len,
		 beacond_response *out);
/* Value of header name (case-insensitive) into out; NULL when absent. */
const char *beacond_response_header(const beacond_response *r, const char *name,
				    char *out, size_t outlen);
void beacond_response_dispose(beacond_response *r);

/*
 * Send bytes as they are on a new TCP connection and read one answer
 * (headers, then Content-Length bytes, or until the server closes) into
 * out (reset first). Returns the status code, or -1.
 */
long beacond_http_raw(const beacond_harness *h, const char *bytes, size_t len,
		      beacon_buf *out);

/* First column of the first row of sql over the database, as an integer;
 * -1 on error or no row. */
long long beacond_sql_int(const beacond_harness *h, const char *sql);
/* Same as text into out: 0 found, 1 SQL NULL, -1 error or no row. */
int beacond_sql_text(const beacond_harness *h, const char *sql, char *out,
		     size_t outlen);
/* The same with arg (NULL: none) bound to the parameter ?1 of sql. */
long long beacond_sql_int_arg(const beacond_harness *h, const char *sql,
			      const char *arg);
int beacond_sql_text_arg(const beacond_harness *h, const char *sql,
			 const char *arg, char *out, size_t outlen);
/* Execute statements (no result). */
int beacond_sql_exec(const beacond_harness *h, const char *sql);

#endif /* BEACOND_HARNESS_H */
