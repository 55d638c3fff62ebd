/* beacond_harness.c - spawn beacond, talk HTTP to it, read its database. */
#define _GNU_SOURCE 1 /* strcasestr, nftw */
#include "beacond_harness.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef BEACON_BINARY_DIR
#define BEACON_BINARY_DIR "."
#endif

/* Arguments of one beacond command line, including the terminator. */
#define ARGV_MAX 64
#define POLL_MS 20

const char *beacond_harness_binary(void)
{
	const char *env = getenv("BEACOND_BINARY");

	return env != NULL && env[0] != '\0' ? env
					     : BEACON_BINARY_DIR
		   "/server/beacond";
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

int beacond_harness_init(beacond_harness *h)
{
	const char *tmp = getenv("TMPDIR");

	memset(h, 0, sizeof(*h));
	snprintf(h->dir, sizeof(h->dir), "%s/beacond-test-XXXXXX",
		 tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(h->dir) == NULL)
		return -1;
	snprintf(h->db, sizeof(h->db), "%s/b.db", h->dir);
	return 0;
}

/* fork + exec beacond with argv; stderr (and stdout) to log. */
static pid_t spawn(const char *const *argv, const char *log)
{
	pid_t pid = fork();
	int fd;

	if (pid != 0)
		return pid;
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		dup2(fd, STDERR_FILENO);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	execv(beacond_harness_binary(), (char *const *)(uintptr_t)argv);
	_exit(127);
}

static int wait_exit(pid_t pid, long timeout_ms)
{
	long waited = 0;
	int status = 0;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (r < 0 || waited >= timeout_ms)
			break;
		sleep_ms(POLL_MS);
		waited += POLL_MS;
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static int read_file(const char *path, char *out, size_t outlen)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return -1;
	n = fread(out, 1, outlen - 1, f);
	out[n] = '\0';
	fclose(f);
	return 0;
}

/* The port of the "listening" line of the log, 0 while absent. */
static unsigned logged_port(const char *log)
{
	static char text[65536];
	const char *line, *port;

	if (read_file(log, text, sizeof(text)) != 0)
		return 0;
	/* text: "... info listening ... port=N", JSON: "msg":"listening",
	 * ..."port":"N" */
	line = strstr(text, "listening");
	if (line == NULL)
		return 0;
	port = strstr(line, "port=");
	if (port != NULL)
		return (unsigned)strtoul(port + 5, NULL, 10);
	port = strstr(line, "\"port\":\"");
	return port != NULL ? (unsigned)strtoul(port + 8, NULL, 10) : 0;
}

static size_t build_argv(const char **argv, const char *const *base,
			 const char *const *extra)
{
	size_t n = 0, i;

	argv[n++] = beacond_harness_binary();
	for (i = 0; base != NULL && base[i] != NULL && n < ARGV_MAX - 1; i++)
		argv[n++] = base[i];
	for (i = 0; extra != NULL && extra[i] != NULL && n < ARGV_MAX - 1; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	return n;
}

int beacond_harness_start(beacond_harness *h, const char *const *extra)
{
	const char *base[] = { "serve", "--listen", "127.0.0.1:0",
			       "--db",  h->db,      NULL };
	const char *argv[ARGV_MAX];
	long waited = 0;

	if (h->pid != 0)
		return -1;
	build_argv(argv, base, extra);
	snprintf(h->log, sizeof(h->log), "%s/beacond-%d.log", h->dir,
		 ++h->runs);
	h->pid = spawn(argv, h->log);
	if (h->pid < 0) {
		h->pid = 0;
		return -1;
	}
	while (waited < BEACOND_HARNESS_START_TIMEOUT_MS) {
		h->port = logged_port(h->log);
		if (h->port != 0 &&
		    beacond_harness_log_contains(h, "started")) {
			snprintf(h->base_url, sizeof(h->base_url),
				 "%s://127.0.0.1:%u",
				 beacond_harness_log_contains(h, "https://")
				     ? "https"
				     : "http",
				 h->port);
			return 0;
		}
		if (waitpid(h->pid, NULL, WNOHANG) == h->pid) {
			h->pid = 0;
			return -1;
		}
		sleep_ms(POLL_MS);
		waited += POLL_MS;
	}
	beacond_harness_stop(h);
	return -1;
}

int beacond_harness_stop(beacond_harness *h)
{
	int status;

	if (h->pid == 0)
		return -1;
	kill(h->pid, SIGTERM);
	status = wait_exit(h->pid, BEACOND_HARNESS_STOP_TIMEOUT_MS);
	h->pid = 0;
	return status;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void beacond_harness_cleanup(beacond_harness *h)
{
	if (h->pid != 0)
		beacond_harness_stop(h);
	if (h->dir[0] != '\0' && getenv("BEACOND_KEEP_TEST_DIR") == NULL)
		nftw(h->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int beacond_harness_run(beacond_harness *h, const char *const *args)
{
	const char *argv[ARGV_MAX];
	char log[PATH_MAX];
	pid_t pid;

	build_argv(argv, args, NULL);
	snprintf(log, sizeof(log), "%s/cmd.log", h->dir);
	pid = spawn(argv, log);
	if (pid < 0)
		return -1;
	return wait_exit(pid, BEACOND_HARNESS_STOP_TIMEOUT_MS);
}

int beacond_harness_release(beacond_harness *h, const char *const *args)
{
	const char *argv[ARGV_MAX];
	size_t n = 0, i;

	argv[n++] = "release";
	for (i = 0; args[i] != NULL && n < ARGV_MAX - 3; i++)
		argv[n++] = args[i];
	argv[n++] = "--db";
	argv[n++] = h->db;
	argv[n] = NULL;
	return beacond_harness_run(h, argv);
}

int beacond_harness_log_contains(const beacond_harness *h, const char *needle)
{
	static char text[262144];

	if (read_file(h->log, text, sizeof(text)) != 0)
		return 0;
	return strstr(text, needle) != NULL;
}

/* ---- HTTP ------------------------------------------------------------------
 */

static size_t on_body(char *data, size_t size, size_t n, void *cls)
{
	beacon_buf *buf = cls;
	return beacon_buf_append(buf, data, size * n) == 0 ? size * n : 0;
}

static size_t on_header(char *data, size_t size, size_t n, void *cls)
{
	beacon_buf *buf = cls;

	/* A new status line (after 100 Continue) starts the final set. */
	if (size * n >= 5 && strncmp(data, "HTTP/", 5) == 0)
		beacon_buf_clear(buf);
	return beacon_buf_append(buf, data, size * n) == 0 ? size * n : 0;
}

static void set_method(CURL *c, const char *method, const char *body,
		       size_t len)
{
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)len);
	}
}

int beacond_http(const beacond_harness *h, const char *method, const char *path,
		 const char *const *headers, const char *body, size_t len,
		 beacond_response *out)
{
	struct curl_slist *list = curl_slist_append(NULL, "Expect:");
	char url[512];
	CURL *c = curl_easy_init();
	CURLcode rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	beacon_buf_init(&out->headers, BEACOND_HARNESS_BODY_MAX);
	beacon_buf_init(&out->body, BEACOND_HARNESS_BODY_MAX);
	if (c == NULL)
		return -1;
	for (i = 0; headers != NULL && headers[i] != NULL; i++)
		list = curl_slist_append(list, headers[i]);
	snprintf(url, sizeof(url), "%s%s", h->base_url, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &out->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (h->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
	set_method(c, method, body, len);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(list);
	return rc == CURLE_OK ? 0 : -1;
}

const char *beacond_response_header(const beacond_response *r, const char *name,
				    char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = r->headers.ptr;

	while (p != NULL && *p != '\0') {
		const char *eol = strstr(p, "\r\n");
		size_t linelen = eol != NULL ? (size_t)(eol - p) : strlen(p);
		if (linelen > nlen && strncasecmp(p, name, nlen) == 0 &&
		    p[nlen] == ':') {
			const char *v = p + nlen + 1;
			size_t vlen = linelen - nlen - 1;
			while (vlen > 0 && *v == ' ') {
				v++;
				vlen--;
			}
			snprintf(out, outlen, "%.*s", (int)vlen, v);
			return out;
		}
		p = eol != NULL ? eol + 2 : NULL;
	}
	return NULL;
}

void beacond_response_dispose(beacond_response *r)
{
	beacon_buf_dispose(&r->headers);
	beacon_buf_dispose(&r->body);
}

static int raw_connect(unsigned port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether out holds a complete answer (headers + Content-Length bytes). */
static int raw_complete(const beacon_buf *out)
{
	const char *end, *cl;

	if (out->ptr == NULL)
		return 0;
	end = strstr(out->ptr, "\r\n\r\n");
	if (end == NULL)
		return 0;
	cl = strcasestr(out->ptr, "\r\nContent-Length:");
	if (cl == NULL || cl > end)
		return 0;
	return out->len >=
	       (size_t)(end + 4 - out->ptr) + strtoul(cl + 17, NULL, 10);
}

long beacond_http_raw(const beacond_harness *h, const char *bytes, size_t len,
		      beacon_buf *out)
{
	int fd = raw_connect(h->port);
	struct pollfd pfd;
	char chunk[4096];
	long status = -1;

	beacon_buf_clear(out);
	if (fd < 0)
		return -1;
	if (write(fd, bytes, len) == (ssize_t)len) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		while (!raw_complete(out) && poll(&pfd, 1, 10000) == 1) {
			ssize_t n = read(fd, chunk, sizeof(chunk));
			if (n <= 0 || beacon_buf_append(out, chunk, (size_t)n))
				break;
		}
	}
	close(fd);
	if (out->ptr != NULL && strncmp(out->ptr, "HTTP/1.", 7) == 0)
		status = strtol(out->ptr + 9, NULL, 10);
	return status;
}

/* ---- SQL -------------------------------------------------------------------
 */

static int sql_first(const beacond_harness *h, const char *sql, const char *arg,
		     sqlite3 **db, sqlite3_stmt **st)
{
	*db = NULL;
	*st = NULL;
	if (sqlite3_open_v2(h->db, db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(*db, 5000);
	if (sqlite3_prepare_v2(*db, sql, -1, st, NULL) != SQLITE_OK)
		return -1;
	if (arg != NULL &&
	    sqlite3_bind_text(*st, 1, arg, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return -1;
	return sqlite3_step(*st) == SQLITE_ROW ? 0 : -1;
}

long long beacond_sql_int(const beacond_harness *h, const char *sql)
{
	return beacond_sql_int_arg(h, sql, NULL);
}

long long beacond_sql_int_arg(const beacond_harness *h, const char *sql,
			      const char *arg)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	if (sql_first(h, sql, arg, &db, &st) == 0)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

int beacond_sql_text(const beacond_harness *h, const char *sql, char *out,
		     size_t outlen)
{
	return beacond_sql_text_arg(h, sql, NULL, out, outlen);
}

int beacond_sql_text_arg(const beacond_harness *h, const char *sql,
			 const char *arg, char *out, size_t outlen)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc = -1;

	out[0] = '\0';
	if (sql_first(h, sql, arg, &db, &st) == 0) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		rc = t == NULL ? 1 : 0;
		if (t != NULL)
			snprintf(out, outlen, "%s", (const char *)t);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

int beacond_sql_exec(const beacond_harness *h, const char *sql)
{
	sqlite3 *db = NULL;
	int rc = -1;

	if (sqlite3_open_v2(h->db, &db, SQLITE_OPEN_READWRITE, NULL) ==
	    SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0
									  : -1;
	}
	sqlite3_close(db);
	return rc;
}
