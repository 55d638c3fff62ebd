/*
 * hostile_peer.c - the misbehaving update server (see hostile_peer.h).
 *
 * Modes (first path segment):
 *   huge      Content-Length 1 GiB, spaces until the client hangs up
 *   chunked   a chunked body that never ends
 *   drip      a valid head, then one byte of body every DRIP_MS
 *   redirect  302 to the same URL, forever
 *   nested    200 with an array nested NESTED_DEPTH deep
 *   invalid   200 with truncated, invalid JSON
 *   badtags   200 with a release list whose newest tag does not parse
 *   bighead   a header line of BIG_HEADER bytes
 *   silent    reads the request and never answers
 */
#define _POSIX_C_SOURCE 200809L
#include "hostile_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define POLL_MS 50
#define HEAD_MAX 16384
#define DRIP_MS 100
#define NESTED_DEPTH 100000
#define BIG_HEADER (1024 * 1024)
/* Most bytes one connection sends before giving up on the client. */
#define SEND_CAP (256LL * 1024 * 1024)

typedef struct conn {
	hostile_peer *peer;
	int fd;
} conn;

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Send all of buf; -1 when the client is gone or the peer stops. */
static int send_all(conn *c, const char *buf, size_t len)
{
	while (len > 0 && !atomic_load(&c->peer->stop)) {
		struct pollfd p = { c->fd, POLLOUT, 0 };
		ssize_t n;
		if (poll(&p, 1, POLL_MS) <= 0)
			continue;
		n = send(c->fd, buf, len, MSG_NOSIGNAL);
		if (n <= 0)
			return -1;
		atomic_fetch_add(&c->peer->bytes_out, n);
		buf += n;
		len -= (size_t)n;
	}
	return len == 0 ? 0 : -1;
}

static int send_str(conn *c, const char *s)
{
	return send_all(c, s, strlen(s));
}

/* Read the request head into head; 1 when it starts a TLS handshake. */
static int read_head(conn *c, char *head, size_t max)
{
	size_t len = 0;

	head[0] = '\0';
	while (len + 1 < max && !atomic_load(&c->peer->stop)) {
		struct pollfd p = { c->fd, POLLIN, 0 };
		ssize_t n;
		if (poll(&p, 1, POLL_MS) <= 0)
			continue;
		n = recv(c->fd, head + len, max - 1 - len, 0);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		head[len] = '\0';
		if ((unsigned char)head[0] == 0x16)
			return 1;
		if (strstr(head, "\r\n\r\n") != NULL)
			return 0;
	}
	return -1;
}

/* Repeat chunk until the client hangs up, the peer stops or SEND_CAP. */
static void flood(conn *c, const char *chunk, size_t len, long pause_ms)
{
	long long sent = 0;

	while (sent < SEND_CAP && send_all(c, chunk, len) == 0) {
		sent += (long long)len;
		if (pause_ms > 0)
			sleep_ms(pause_ms);
	}
}

static void serve_nested(conn *c)
{
	char head[128];
	char *body = malloc(2 * NESTED_DEPTH);

	if (body == NULL)
		return;
	memset(body, '[', NESTED_DEPTH);
	memset(body + NESTED_DEPTH, ']', NESTED_DEPTH);
	snprintf(head, sizeof(head),
		 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		 "Content-Length: %d\r\n\r\n",
		 2 * NESTED_DEPTH);
	if (send_str(c, head) == 0)
		send_all(c, body, 2 * NESTED_DEPTH);
	free(body);
}

static void serve_body(conn *c, const char *body)
{
	char head[128];

	snprintf(head, sizeof(head),
		 "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		 "Content-Length: %zu\r\nConnection: close\r\n\r\n",
		 strlen(body));
	if (send_str(c, head) == 0)
		send_str(c, body);
}

static void serve_bighead(conn *c)
{
	static char filler[65536];
	long long i;

	memset(filler, 'a', sizeof(filler));
	if (send_str(c, "HTTP/1.1 200 OK\r\nX-Big: ") != 0)
		return;
	for (i = 0; i < BIG_HEADER / (long long)sizeof(filler); i++)
		if (send_all(c, filler, sizeof(filler)) != 0)
			return;
	send_str(c, "\r\nContent-Length: 2\r\n\r\n[]");
}

static void serve_redirect(conn *c, const char *head)
{
	const char *path = strchr(head, ' ');
	const char *end = path != NULL ? strchr(path + 1, ' ') : NULL;
	char reply[1024];

	if (end == NULL)
		return;
	snprintf(reply, sizeof(reply),
		 "HTTP/1.1 302 Found\r\nLocation: %.*s\r\n"
		 "Content-Length: 0\r\nConnection: close\r\n\r\n",
		 (int)(end - path - 1), path + 1);
	send_str(c, reply);
}

static void serve_silent(conn *c)
{
	char sink[4096];

	while (!atomic_load(&c->peer->stop)) {
		struct pollfd p = { c->fd, POLLIN, 0 };
		if (poll(&p, 1, POLL_MS) == 1 &&
		    recv(c->fd, sink, sizeof(sink), 0) <= 0)
			return;
	}
}

static int mode_is(const char *head, const char *mode)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "GET /%s/", mode);
	return strncmp(head, prefix, strlen(prefix)) == 0;
}

static void serve_head(conn *c, const char *head)
{
	static char spaces[65536];

	memset(spaces, ' ', sizeof(spaces));
	if (mode_is(head, "huge")) {
		if (send_str(c, "HTTP/1.1 200 OK\r\nContent-Length: "
				"1073741824\r\n\r\n[") == 0)
			flood(c, spaces, sizeof(spaces), 0);
	} else if (mode_is(head, "chunked")) {
		if (send_str(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: "
				"chunked\r\n\r\n1\r\n[\r\n") == 0)
			flood(c, "8\r\n        \r\n", 13, 0);
	} else if (mode_is(head, "drip")) {
		if (send_str(c, "HTTP/1.1 200 OK\r\nContent-Length: "
				"100000\r\n\r\n[") == 0)
			flood(c, " ", 1, DRIP_MS);
	} else if (mode_is(head, "redirect")) {
		serve_redirect(c, head);
	} else if (mode_is(head, "nested")) {
		serve_nested(c);
	} else if (mode_is(head, "invalid")) {
		serve_body(c, "[{\"tag_name\":\"v9.0.0\",");
	} else if (mode_is(head, "badtags")) {
		serve_body(c, "[{\"tag_name\":\"not a version!\"},"
			      "{\"tag_name\":\"v9.0.0\"}]");
	} else if (mode_is(head, "bighead")) {
		serve_bighead(c);
	} else {
		serve_silent(c);
	}
}

static void *conn_main(void *arg)
{
	conn *c = arg;
	char *head = malloc(HEAD_MAX);
	int kind = head != NULL ? read_head(c, head, HEAD_MAX) : -1;

	if (kind == 1)
		send_str(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0"
			    "\r\n\r\n");
	else if (kind == 0)
		serve_head(c, head);
	free(head);
	close(c->fd);
	atomic_fetch_sub(&c->peer->live, 1);
	free(c);
	return NULL;
}

static void spawn_conn(hostile_peer *peer, int fd)
{
	conn *c = malloc(sizeof(*c));
	pthread_t t;

	if (c == NULL) {
		close(fd);
		return;
	}
	c->peer = peer;
	c->fd = fd;
	atomic_fetch_add(&peer->live, 1);
	atomic_fetch_add(&peer->connections, 1);
	if (pthread_create(&t, NULL, conn_main, c) != 0) {
		atomic_fetch_sub(&peer->live, 1);
		close(fd);
		free(c);
		return;
	}
	pthread_detach(t);
}

static void *accept_main(void *arg)
{
	hostile_peer *peer = arg;

	while (!atomic_load(&peer->stop)) {
		struct pollfd p = { peer->fd, POLLIN, 0 };
		int fd;
		if (poll(&p, 1, POLL_MS) != 1)
			continue;
		fd = accept(peer->fd, NULL, NULL);
		if (fd >= 0)
			spawn_conn(peer, fd);
	}
	return NULL;
}

int hostile_peer_start(hostile_peer *peer)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	memset(peer, 0, sizeof(*peer));
	peer->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (peer->fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(peer->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(peer->fd, 64) != 0 ||
	    getsockname(peer->fd, (struct sockaddr *)&sa, &len) != 0 ||
	    pthread_create(&peer->thread, NULL, accept_main, peer) != 0) {
		close(peer->fd);
		return -1;
	}
	peer->port = ntohs(sa.sin_port);
	return 0;
}

void hostile_peer_stop(hostile_peer *peer)
{
	atomic_store(&peer->stop, 1);
	pthread_join(peer->thread, NULL);
	close(peer->fd);
	while (atomic_load(&peer->live) > 0)
		sleep_ms(POLL_MS / 2);
}
