/*
 * fuzz_http - beacond's HTTP request handling, through the real server:
 * libmicrohttpd's parser, the dispatch in http/dispatch.c, the routes
 * (releases, collect, healthz, metrics), X-Forwarded-For and the writer.
 *
 * Once per process: a store on a temporary SQLite file with three
 * traefik/traefik releases, the server as `beacond serve` sets it up
 * (beacond_serve_open) with trustedProxies 10.0.0.0/8 and ::1, and one
 * daemon without a listening socket (beacond_server.no_listen).
 *
 * Input: byte 0 picks the peer address (low two bits: 10.1.2.3 and ::1 are
 * trusted proxies, 192.0.2.7 and 2001:db8::5 are not); the rest is written
 * as is to one end of a socketpair whose other end is handed to the daemon
 * (beacond_http_add_connection); once the server has read it all, the
 * write side is shut, and the answers are read until the server closes.
 *
 * BEACON_FUZZ_HTTP_DUMP=1 in the environment prints every answer and
 * turns beacond's log (libmicrohttpd's warnings too) to debug.
 *
 * Properties: the server closes within a bound; every answer is
 * "HTTP/1.1 NNN " with NNN from the documented set and a complete head;
 * a JSON error body parses and has an "error" string ("message" for the
 * GitHub-shaped 404 of the releases route); as many reports are
 * stored as 202 were answered (202 only after the commit).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "beacon/alloc.h"
#include "cli/serve.h"
#include "fuzz_support.h"
#include "http/http.h"
#include "util/log.h"

/* Longest wait for the server to answer and close, ms. */
#define FUZZ_HTTP_DEADLINE_MS 8000
/* Poll period while the server works, ms. */
#define FUZZ_HTTP_POLL_MS 1
/* When the write side is shut: see maybe_shut, ms. */
#define FUZZ_HTTP_SETTLE_MS 1
#define FUZZ_HTTP_GRACE_MS 5
/* Largest answer kept; more is read and counted only. */
#define FUZZ_HTTP_ANSWER_MAX (256u * 1024u)

static beacond_config cfg;
static beacond_server srv;
static char dir[] = "/tmp/beacon-fuzz-http-XXXXXX";
static char db_path[sizeof(dir) + 8];

static const char *const settings[][2] = {
	{ "trustedProxies", "10.0.0.0/8" },
	{ "trustedProxies", "::1/128" },
	{ "threads", "1" },
	{ "logLevel", "error" },
	{ "limits.bodyBytes", "8192" },
	{ "limits.connectionTimeout", "2" },
	{ "limits.reportsPerMinute", "600000" },
	{ "limits.reportBurst", "4" },
	{ "storage.synchronous", "normal" },
	{ "storage.batchMs", "1" },
	{ "retentionDays", "0" },
};

static const char *const tags[] = { "v2.11.0", "v3.0.0-rc1", "v3.1.2" };

static void add_catalog(void)
{
	beacond_store_options so = BEACOND_STORE_OPTIONS_INIT;
	beacond_store *store = NULL;
	beacond_release rel;
	size_t i;

	so.path = db_path;
	so.synchronous = BEACOND_STORE_SYNC_NORMAL;
	FUZZ_CHECK(beacond_store_open(&store, &so, NULL) == 0);
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		memset(&rel, 0, sizeof(rel));
		rel.product = "traefik/traefik";
		rel.tag = tags[i];
		rel.body = "notes";
		rel.published_at = i == 0 ? "2024-07-01T00:00:00Z" : NULL;
		rel.prerelease = strchr(tags[i], '-') != NULL;
		FUZZ_CHECK(beacond_store_release_add(store, &rel, NULL, NULL) ==
			   0);
	}
	beacond_store_close(store);
}

static void remove_dir(void)
{
	static const char *const files[] = { "/b.db", "/b.db-wal",
					     "/b.db-shm" };
	char path[sizeof(dir) + 16];
	size_t i;

	beacond_serve_close(&srv);
	beacond_config_dispose(&cfg);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	beacon_alloc_install_jansson();
	signal(SIGPIPE, SIG_IGN);
	FUZZ_CHECK(mkdtemp(dir) != NULL);
	snprintf(db_path, sizeof(db_path), "%s/b.db", dir);
	add_catalog();
	FUZZ_CHECK(beacond_config_defaults(&cfg) == 0);
	FUZZ_CHECK(beacond_config_set(&cfg, "db", db_path, BEACOND_SOURCE_FLAGS,
				      NULL) == 0);
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		FUZZ_CHECK(beacond_config_set(&cfg, settings[i][0],
					      settings[i][1],
					      BEACOND_SOURCE_FLAGS, NULL) == 0);
	beacond_log_setup(cfg.log_format,
			  getenv("BEACON_FUZZ_HTTP_DUMP") != NULL
			      ? BEACOND_LOG_DEBUG
			      : cfg.log_level);
	FUZZ_CHECK(beacond_serve_open(&srv, &cfg, NULL) == 0);
	srv.no_listen = 1;
	FUZZ_CHECK(beacond_http_start(&srv, NULL) == 0);
	atexit(remove_dir);
	return 0;
}

/* ---- driving one connection ---------------------------------------------- */

static socklen_t peer_address(uint8_t pick, struct sockaddr_storage *ss)
{
	static const char *const peers[] = { "10.1.2.3", "192.0.2.7", "::1",
					     "2001:db8::5" };
	const char *text = peers[pick & 3u];
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (strchr(text, ':') == NULL) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(40000);
		FUZZ_CHECK(inet_pton(AF_INET, text, &v4->sin_addr) == 1);
		return sizeof(*v4);
	}
	v6->sin6_family = AF_INET6;
	v6->sin6_port = htons(40000);
	FUZZ_CHECK(inet_pton(AF_INET6, text, &v6->sin6_addr) == 1);
	return sizeof(*v6);
}

typedef struct exchange {
	const uint8_t *out;
	size_t out_len, sent;
	char *in;
	size_t in_len;
	long quiet_since; /* ms; 0: the server is still reading or storing */
	int shut;         /* write side shut */
	int eof;
} exchange;

static void pump_out(exchange *x, int fd)
{
	ssize_t n =
	    send(fd, x->out + x->sent, x->out_len - x->sent, MSG_NOSIGNAL);

	if (n > 0)
		x->sent += (size_t)n;
	else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
		x->sent = x->out_len; /* the server closed: stop sending */
}

static void pump_in(exchange *x, int fd)
{
	char chunk[16384];
	ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
	size_t keep;

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
		x->eof = 1;
		return;
	}
	if (n < 0)
		return;
	keep = FUZZ_HTTP_ANSWER_MAX - x->in_len;
	if ((size_t)n < keep)
		keep = (size_t)n;
	memcpy(x->in + x->in_len, chunk, keep);
	x->in_len += keep;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * Shut the write side once the server has read every byte sent (TIOCOUTQ
 * of an AF_UNIX socket: bytes not yet consumed by the peer), no report
 * waits for the writer, and FUZZ_HTTP_SETTLE_MS passed since either (or
 * FUZZ_HTTP_GRACE_MS while a report request is open: it may wait for a
 * body that never comes). libmicrohttpd 0.9.75 closes without an answer
 * when the end of input arrives while a body sits unprocessed in its
 * buffer or a report is suspended (or just resumed).
 */
static void maybe_shut(exchange *x, int fd)
{
	int queued = 1;
	long quiet;

	if (x->shut || x->sent < x->out_len)
		return;
	FUZZ_CHECK(ioctl(fd, TIOCOUTQ, &queued) == 0);
	if (queued != 0 || atomic_load(&srv.collects_waiting) > 0) {
		x->quiet_since = 0;
		return;
	}
	if (x->quiet_since == 0)
		x->quiet_since = now_ms();
	quiet = now_ms() - x->quiet_since;
	if (quiet < FUZZ_HTTP_SETTLE_MS ||
	    (atomic_load(&srv.collects_alive) > 0 &&
	     quiet < FUZZ_HTTP_GRACE_MS))
		return;
	shutdown(fd, SHUT_WR);
	x->shut = 1;
}

/* Send x->out on fd while reading the answer, until the server closes. */
static void converse(exchange *x, int fd)
{
	struct pollfd p;
	int waited = 0, r;

	while (!x->eof) {
		maybe_shut(x, fd);
		p.fd = fd;
		p.events = POLLIN | (x->sent < x->out_len ? POLLOUT : 0);
		p.revents = 0;
		r = poll(&p, 1, FUZZ_HTTP_POLL_MS);
		if (r == 0) {
			waited += FUZZ_HTTP_POLL_MS;
			FUZZ_CHECK(waited < FUZZ_HTTP_DEADLINE_MS);
			continue;
		}
		FUZZ_CHECK(r > 0 || errno == EINTR);
		if (p.revents & POLLOUT)
			pump_out(x, fd);
		if (p.revents & (POLLIN | POLLHUP | POLLERR))
			pump_in(x, fd);
	}
}

/* ---- checking the answers ------------------------------------------------ */

static int status_documented(unsigned status)
{
	/* The routes: 200 202 304 400 404 405 413 415 429 503; libmicrohttpd
	 * itself: 400 (malformed), 413 (upload), 414 (URI), 417 (Expect),
	 * 431 (head too large), 500 (no answer queued), 501, 505. */
	static const unsigned known[] = { 200, 202, 304, 400, 404, 405,
					  413, 414, 415, 417, 429, 431,
					  500, 501, 503, 505 };
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i] == status)
			return 1;
	return 0;
}

/* Value of header name in head[0..len) (a copy in out), or NULL. */
static const char *header(const char *head, size_t len, const char *name,
			  char *out, size_t outlen)
{
	size_t nlen = strlen(name), i = 0, j;

	while (i < len) {
		const char *line = head + i;
		const char *eol = memchr(line, '\n', len - i);
		size_t llen = eol != NULL ? (size_t)(eol - line) : len - i;
		if (llen > nlen && line[nlen] == ':' &&
		    strncasecmp(line, name, nlen) == 0) {
			j = nlen + 1;
			while (j < llen && line[j] == ' ')
				j++;
			snprintf(out, outlen, "%.*s",
				 (int)(llen - j - (line[llen - 1] == '\r')),
				 line + j);
			return out;
		}
		i += llen + 1;
	}
	return NULL;
}

static void check_error_body(const char *body, size_t len)
{
	json_t *doc = json_loadb(body, len, 0, NULL);

	FUZZ_CHECK(doc != NULL);
	/* beacond's {"error": ...}, or GitHub's {"message": ...} (releases) */
	FUZZ_CHECK(json_is_string(json_object_get(doc, "error")) ||
		   json_is_string(json_object_get(doc, "message")));
	json_decref(doc);
}

/*
 * libmicrohttpd 0.9.75 sends the head of its own error answer twice when a
 * request's Content-Length does not parse (400) or is too large for it
 * (413; seen over TCP with beacond too; tests/RELIABILITY.md). 1 when
 * a[0..head_len) is such a first copy: a 400 or 413 closing the
 * connection, followed by another head with the same status.
 */
static int repeated_error_head(const char *a, size_t head_len, size_t len,
			       unsigned status)
{
	char again[16];
	char value[32];
	int n;

	if (status != 400 && status != 413)
		return 0;
	n = snprintf(again, sizeof(again), "HTTP/1.1 %u ", status);
	return n > 0 && len - head_len >= (size_t)n &&
	       memcmp(a + head_len, again, (size_t)n) == 0 &&
	       header(a, head_len, "Connection", value, sizeof(value)) &&
	       strcasecmp(value, "close") == 0;
}

/*
 * Check the answer at a[0..len); returns its length (head + body), 0 when
 * what is left cannot be split further (a HEAD answer has no body).
 */
static size_t check_answer(const char *a, size_t len, int with_body,
			   unsigned *status)
{
	const char *end = NULL;
	char value[128];
	size_t head_len, body_len = 0;
	size_t i;

	FUZZ_CHECK(len >= 13 && memcmp(a, "HTTP/1.1 ", 9) == 0);
	for (i = 9; i < 12; i++)
		FUZZ_CHECK(a[i] >= '0' && a[i] <= '9');
	FUZZ_CHECK(a[12] == ' ');
	*status = (unsigned)strtoul(a + 9, NULL, 10);
	FUZZ_CHECK(status_documented(*status));
	for (i = 0; i + 4 <= len && end == NULL; i++)
		if (memcmp(a + i, "\r\n\r\n", 4) == 0)
			end = a + i + 4;
	FUZZ_CHECK(end != NULL);
	head_len = (size_t)(end - a);
	if (repeated_error_head(a, head_len, len, *status))
		return head_len;
	if (header(a, head_len, "Content-Length", value, sizeof(value)))
		body_len = strtoul(value, NULL, 10);
	if (!with_body)
		return 0;
	FUZZ_CHECK(head_len + body_len <= len);
	if (*status >= 400 &&
	    header(a, head_len, "Content-Type", value, sizeof(value)) &&
	    strncmp(value, "application/json", 16) == 0)
		check_error_body(end, body_len);
	return head_len + body_len;
}

static int contains(const uint8_t *s, size_t len, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(s + i, word, n) == 0)
			return 1;
	return 0;
}

static void check_answers(const exchange *x, unsigned long long stored_before)
{
	/* With a HEAD request anywhere, answers cannot be split by length:
	 * only the first is checked. */
	int has_head = contains(x->out, x->out_len, "HEAD");
	size_t off = 0, used;
	unsigned status;
	unsigned long long accepted = 0;

	if (x->in_len == FUZZ_HTTP_ANSWER_MAX)
		return;
	while (off < x->in_len) {
		used = check_answer(x->in + off, x->in_len - off, !has_head,
				    &status);
		accepted += status == 202;
		if (used == 0)
			break;
		off += used;
	}
	if (!has_head)
		FUZZ_CHECK(accepted <=
			   atomic_load(&srv.metrics.reports_stored) -
			       stored_before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	exchange x;
	unsigned long long stored_before;
	int sv[2];

	if (size < 1)
		return 0;
	memset(&x, 0, sizeof(x));
	x.out = data + 1;
	x.out_len = size - 1;
	x.in = malloc(FUZZ_HTTP_ANSWER_MAX);
	FUZZ_CHECK(x.in != NULL);
	sslen = peer_address(data[0], &ss);
	FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	FUZZ_CHECK(fcntl(sv[0], F_SETFL, O_NONBLOCK) == 0);
	stored_before = atomic_load(&srv.metrics.reports_stored);
	FUZZ_CHECK(beacond_http_add_connection(
		       &srv, sv[1], (struct sockaddr *)&ss, sslen) == 0);
	converse(&x, sv[0]);
	close(sv[0]);
	if (getenv("BEACON_FUZZ_HTTP_DUMP") != NULL)
		fprintf(stderr, "---- %zu bytes answered:\n%.*s\n", x.in_len,
			(int)x.in_len, x.in);
	check_answers(&x, stored_before);
	free(x.in);
	return 0;
}
