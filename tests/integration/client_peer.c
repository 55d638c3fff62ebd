/* client_peer.c - see client_peer.h. */
#include "client_peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

long long client_peer_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000LL + ts.tv_nsec / 1000000L;
}

void client_peer_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int listen_loopback(int *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

int client_peer_refused_port(void)
{
	int port = 0;
	int fd = listen_loopback(&port);

	if (fd < 0)
		return -1;
	close(fd);
	return port;
}

/* Wait up to ms for fd to be readable, stopping early on peer->stop. */
static int wait_readable(client_peer *peer, int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	int waited = 0;

	while (!atomic_load(&peer->stop) && waited < ms) {
		if (poll(&p, 1, 20) > 0)
			return 1;
		waited += 20;
	}
	return 0;
}

/* Read head and Content-Length body into buf; length read or -1. */
static long read_request(client_peer *peer, int fd, char *buf, size_t max)
{
	size_t got = 0;
	long need = -1;
	const char *end;
	const char *cl;
	ssize_t n;

	while (got + 1 < max && wait_readable(peer, fd, 5000)) {
		n = read(fd, buf + got, max - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		buf[got] = '\0';
		end = strstr(buf, "\r\n\r\n");
		if (end != NULL && need < 0) {
			cl = strstr(buf, "\r\nContent-Length:");
			need =
			    (long)(end - buf) + 4 +
			    (cl != NULL && cl < end ? strtol(cl + 17, NULL, 10)
						    : 0);
		}
		if (need >= 0 && (long)got >= need)
			return (long)got;
	}
	return -1;
}

static void write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void answer(client_peer *peer, int fd, const peer_reply *r)
{
	char head[1024];
	char chunk[4096];
	size_t len = r->body != NULL ? strlen(r->body) : r->body_len;
	size_t n;

	if (r->hang_ms > 0 && wait_readable(peer, fd, r->hang_ms))
		return; /* the client gave up and closed */
	if (atomic_load(&peer->stop))
		return;
	if (r->no_length)
		snprintf(head, sizeof(head),
			 "HTTP/1.1 %d X\r\n%sConnection: "
			 "close\r\n\r\n",
			 r->status, r->headers ? r->headers : "");
	else
		snprintf(head, sizeof(head),
			 "HTTP/1.1 %d X\r\n%sContent-Length: "
			 "%zu\r\nConnection: close\r\n\r\n",
			 r->status, r->headers ? r->headers : "", len);
	write_all(fd, head, strlen(head));
	if (r->body != NULL) {
		write_all(fd, r->body, len);
		return;
	}
	memset(chunk, 'x', sizeof(chunk));
	for (; len > 0; len -= n) {
		n = len < sizeof(chunk) ? len : sizeof(chunk);
		write_all(fd, chunk, n);
	}
}

static void serve_one(client_peer *peer, int fd)
{
	static char buf[PEER_MAX_REQUEST];
	long got = read_request(peer, fd, buf, sizeof(buf));
	int idx;

	if (got < 0)
		return;
	pthread_mutex_lock(&peer->lock);
	memcpy(peer->last_request, buf, (size_t)got + 1);
	idx = atomic_load(&peer->requests);
	if (idx < 64)
		peer->request_ms[idx] = client_peer_now_ms();
	atomic_fetch_add(&peer->requests, 1);
	pthread_mutex_unlock(&peer->lock);
	if (idx >= peer->nreplies)
		idx = peer->nreplies - 1;
	answer(peer, fd, &peer->replies[idx]);
}

static void *peer_main(void *arg)
{
	client_peer *peer = arg;
	int fd;

	while (!atomic_load(&peer->stop)) {
		if (!wait_readable(peer, peer->fd, 100))
			continue;
		fd = accept(peer->fd, NULL, NULL);
		if (fd < 0)
			continue;
		serve_one(peer, fd);
		close(fd);
	}
	return NULL;
}

int client_peer_start(client_peer *peer, const peer_reply *replies, int n)
{
	memset(peer, 0, sizeof(*peer));
	if (n < 1 || n > PEER_MAX_REPLIES)
		return -1;
	memcpy(peer->replies, replies, (size_t)n * sizeof(*replies));
	peer->nreplies = n;
	pthread_mutex_init(&peer->lock, NULL);
	peer->fd = listen_loopback(&peer->port);
	if (peer->fd < 0)
		return -1;
	snprintf(peer->url, sizeof(peer->url), "http://127.0.0.1:%d",
		 peer->port);
	if (pthread_create(&peer->thread, NULL, peer_main, peer) != 0) {
		close(peer->fd);
		return -1;
	}
	return 0;
}

void client_peer_stop(client_peer *peer)
{
	atomic_store(&peer->stop, 1);
	pthread_join(peer->thread, NULL);
	close(peer->fd);
	pthread_mutex_destroy(&peer->lock);
}

void client_peer_last(client_peer *peer, char *out, size_t outlen)
{
	pthread_mutex_lock(&peer->lock);
	snprintf(out, outlen, "%s", peer->last_request);
	pthread_mutex_unlock(&peer->lock);
}
