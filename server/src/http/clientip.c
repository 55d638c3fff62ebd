/* clientip.c - client address, CIDR blocks, X-Forwarded-For. */
#include "http/clientip.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "beacon/error.h"

static const unsigned char v4_mapped_prefix[12] = { 0, 0, 0, 0, 0,    0,
						    0, 0, 0, 0, 0xff, 0xff };

static void ip_set_v6(beacond_ip *out, const unsigned char bytes[16])
{
	memset(out, 0, sizeof(*out));
	if (memcmp(bytes, v4_mapped_prefix, sizeof(v4_mapped_prefix)) == 0) {
		out->family = AF_INET;
		memcpy(out->addr, bytes + 12, 4);
		return;
	}
	out->family = AF_INET6;
	memcpy(out->addr, bytes, 16);
}

int beacond_ip_parse(beacond_ip *out, const char *s, size_t len)
{
	char tmp[BEACOND_IP_TEXT_MAX];
	unsigned char bytes[16];

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(tmp))
		return BEACON_EINVAL;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, tmp, out->addr) == 1) {
		out->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, tmp, bytes) == 1) {
		ip_set_v6(out, bytes);
		return 0;
	}
	return BEACON_EINVAL;
}

int beacond_ip_from_sockaddr(beacond_ip *out, const struct sockaddr *sa)
{
	memset(out, 0, sizeof(*out));
	if (sa == NULL)
		return BEACON_EINVAL;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;
		out->family = AF_INET;
		memcpy(out->addr, &in->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;
		ip_set_v6(out, in6->sin6_addr.s6_addr);
		return 0;
	}
	return BEACON_EINVAL;
}

void beacond_ip_format(const beacond_ip *ip, char *out, size_t outlen)
{
	if (inet_ntop(ip->family, ip->addr, out, (socklen_t)outlen) == NULL &&
	    outlen > 0)
		out[0] = '\0';
}

int beacond_cidr_parse(beacond_cidr *out, const char *s)
{
	const char *slash = strchr(s, '/');
	size_t len = slash != NULL ? (size_t)(slash - s) : strlen(s);
	unsigned max;
	char *end = NULL;
	long prefix;

	if (beacond_ip_parse(&out->net, s, len) != 0)
		return BEACON_EINVAL;
	max = out->net.family == AF_INET ? 32 : 128;
	out->prefix = max;
	if (slash == NULL)
		return 0;
	errno = 0;
	prefix = strtol(slash + 1, &end, 10);
	if (errno != 0 || end == slash + 1 || *end != '\0' || prefix < 0 ||
	    prefix > (long)max)
		return BEACON_EINVAL;
	out->prefix = (unsigned)prefix;
	return 0;
}

static bool cidr_contains(const beacond_cidr *block, const beacond_ip *ip)
{
	unsigned full = block->prefix / 8, rest = block->prefix % 8;
	unsigned char mask;

	if (block->net.family != ip->family)
		return false;
	if (memcmp(block->net.addr, ip->addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (unsigned char)(0xffu << (8 - rest));
	return (block->net.addr[full] & mask) == (ip->addr[full] & mask);
}

bool beacond_cidr_contains_any(const beacond_cidr *blocks, size_t n,
			       const beacond_ip *ip)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cidr_contains(&blocks[i], ip))
			return true;
	return false;
}

/* Bounds of the entry ending just before *end (exclusive), trimmed. */
static const char *xff_prev_entry(const char *xff, const char **end,
				  size_t *len)
{
	const char *stop = *end, *start = stop;

	while (start > xff && start[-1] != ',')
		start--;
	*end = start > xff ? start - 1 : NULL;
	while (start < stop && (*start == ' ' || *start == '\t'))
		start++;
	while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t'))
		stop--;
	*len = (size_t)(stop - start);
	return start;
}

void beacond_clientip_resolve(beacond_ip *out, const beacond_ip *peer,
			      const char *xff, const beacond_cidr *trusted,
			      size_t ntrusted)
{
	const char *end;

	*out = *peer;
	if (xff == NULL || !beacond_cidr_contains_any(trusted, ntrusted, peer))
		return;
	end = xff + strlen(xff);
	while (end != NULL) {
		size_t len;
		const char *entry = xff_prev_entry(xff, &end, &len);
		beacond_ip ip;

		if (beacond_ip_parse(&ip, entry, len) != 0)
			return;
		*out = ip;
		if (!beacond_cidr_contains_any(trusted, ntrusted, &ip))
			return;
	}
}
