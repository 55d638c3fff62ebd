/*
 * client_peer.h - a scripted HTTP/1.1 peer for the client's integration
 * tests: a real listening socket on 127.0.0.1 port 0, served by one thread,
 * answering the n-th connection with the n-th reply (the last one
 * repeats). For what beacond cannot be made to do on purpose: 500s,
 * garbage, oversized bodies, Retry-After, never answering.
 */
#ifndef BEACON_CLIENT_PEER_H
#define BEACON_CLIENT_PEER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#define PEER_MAX_REPLIES 8
#define PEER_MAX_REQUEST 16384

typedef struct peer_reply {
	int status;
	const char *headers; /* extra header lines, each ending in \r\n */
	const char *body;    /* NULL: body_len bytes of 'x' */
	size_t body_len;     /* with body NULL */
	int no_length;       /* omit Content-Length, close to end the body */
	int hang_ms;         /* wait before answering (stop cuts it short) */
} peer_reply;

typedef struct client_peer {
	int fd;
	int port;
	char url[64]; /* http://127.0.0.1:PORT */
	pthread_t thread;
	atomic_int stop;
	atomic_int requests; /* complete requests read so far */
	pthread_mutex_t lock;
	char last_request[PEER_MAX_REQUEST]; /* head + body of the latest */
	long long request_ms[64];            /* monotonic arrival times */
	peer_reply replies[PEER_MAX_REPLIES];
	int nreplies;
} client_peer;

/* Start serving replies[0..n). 0 or -1. */
int client_peer_start(client_peer *peer, const peer_reply *replies, int n);
void client_peer_stop(client_peer *peer);
/* Copy of the latest request (under the lock). */
void client_peer_last(client_peer *peer, char *out, size_t outlen);
/* Sleep ms milliseconds. */
void client_peer_sleep_ms(long ms);
/* Monotonic milliseconds. */
long long client_peer_now_ms(void);
/* A port on 127.0.0.1 where nothing listens (bound, then closed). */
int client_peer_refused_port(void);

#endif /* BEACON_CLIENT_PEER_H */
