/*
 * hostile_peer.h - an update server that misbehaves on purpose, for the
 * client's reliability tests. One accept thread on 127.0.0.1 port 0 and one
 * thread per connection, no framework. The behaviour is chosen by the first
 * path segment of the request, so one peer serves every case:
 * base URL "http://127.0.0.1:PORT/<mode>" (see hostile_peer.c for the
 * modes). A TLS ClientHello (an https:// URL) is answered with plain HTTP
 * bytes. Stop cuts every connection short.
 */
#ifndef BEACON_RELY_HOSTILE_PEER_H
#define BEACON_RELY_HOSTILE_PEER_H

#include <pthread.h>
#include <stdatomic.h>

typedef struct hostile_peer {
	int fd;
	int port;
	pthread_t thread;
	atomic_int stop;
	atomic_int live;        /* connection threads running */
	atomic_llong bytes_out; /* bytes sent over all connections */
	atomic_int connections;
} hostile_peer;

/* 0 or -1. */
int hostile_peer_start(hostile_peer *peer);
/* Stop accepting, end every connection, wait for their threads. */
void hostile_peer_stop(hostile_peer *peer);

#endif /* BEACON_RELY_HOSTILE_PEER_H */
