/*
 * clientip.h - the client address of a request: the socket peer, or, when
 * the peer is a trusted proxy, the right-most X-Forwarded-For entry that is
 * not itself a trusted proxy.
 */
#ifndef BEACOND_CLIENTIP_H
#define BEACOND_CLIENTIP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* An IPv4 (family AF_INET, 4 bytes used) or IPv6 address. IPv4-mapped IPv6
 * addresses are stored as IPv4. Plain value type. */
typedef struct beacond_ip {
	int family;
	unsigned char addr[16];
} beacond_ip;

/* An address block "10.0.0.0/8", "fd00::/8"; a bare address is /32, /128. */
typedef struct beacond_cidr {
	beacond_ip net;
	unsigned prefix;
} beacond_cidr;

/* Longest text form of a beacond_ip, with the NUL (INET6_ADDRSTRLEN). */
#define BEACOND_IP_TEXT_MAX 46

/* Parse an address (no port, brackets allowed around IPv6). 0 or
 * BEACON_EINVAL. */
int beacond_ip_parse(beacond_ip *out, const char *s, size_t len);
/* From a socket address; BEACON_EINVAL for other families. */
int beacond_ip_from_sockaddr(beacond_ip *out, const struct sockaddr *sa);
/* Text form into out (at least BEACOND_IP_TEXT_MAX bytes). */
void beacond_ip_format(const beacond_ip *ip, char *out, size_t outlen);

/* Parse "addr/prefix" or "addr". 0 or BEACON_EINVAL. */
int beacond_cidr_parse(beacond_cidr *out, const char *s);
/* true when ip lies in any of the n blocks (borrowed array). */
bool beacond_cidr_contains_any(const beacond_cidr *blocks, size_t n,
			       const beacond_ip *ip);

/*
 * The client address of a request whose socket peer is peer and whose
 * X-Forwarded-For header is xff (NULL when absent). X-Forwarded-For is
 * believed only when peer is inside trusted; then entries are walked from
 * the right, skipping trusted proxies; an unparseable entry stops the walk
 * at the last good address.
 */
void beacond_clientip_resolve(beacond_ip *out, const beacond_ip *peer,
			      const char *xff, const beacond_cidr *trusted,
			      size_t ntrusted);

#endif /* BEACOND_CLIENTIP_H */
