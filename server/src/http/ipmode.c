/*
 * ipmode.c - the IP privacy modes (see ipmode.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/ipmode.h"

#define IPV4_LEN 4
#define IPV6_LEN 16
#define IPV4_KEEP 3      /* /24 */
#define IPV6_KEEP 6      /* /48 */
#define MAPPED_PREFIX 12 /* ::ffff:0:0/96 */

static const char *const mode_names[] = { "full", "truncated", "hashed",
					  "none" };

int beacond_ipmode_parse(const char *name, beacond_ipmode *out)
{
	size_t i;

	for (i = 0; name && i < sizeof(mode_names) / sizeof(mode_names[0]);
	     i++) {
		if (strcasecmp(name, mode_names[i]) == 0) {
			*out = (beacond_ipmode)i;
			return BEACON_OK;
		}
	}
	return BEACON_EINVAL;
}

const char *beacond_ipmode_name(beacond_ipmode mode)
{
	if ((unsigned)mode >= sizeof(mode_names) / sizeof(mode_names[0]))
		return "unknown";
	return mode_names[mode];
}

/* Parse ip into bytes; an IPv4-mapped IPv6 address becomes IPv4.
 * Returns the family (AF_INET, AF_INET6) or 0. */
static int parse_ip(const char *ip, unsigned char *bytes)
{
	static const unsigned char mapped[MAPPED_PREFIX] = { 0, 0, 0,    0,
							     0, 0, 0,    0,
							     0, 0, 0xff, 0xff };

	if (inet_pton(AF_INET, ip, bytes) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, ip, bytes) != 1)
		return 0;
	if (memcmp(bytes, mapped, MAPPED_PREFIX) == 0) {
		memmove(bytes, bytes + MAPPED_PREFIX, IPV4_LEN);
		return AF_INET;
	}
	return AF_INET6;
}

static int hash_ip(const unsigned char *secret, size_t secret_len,
		   const char *text, char *out, size_t outlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t i;

	if (!secret || secret_len == 0 || secret_len > INT32_MAX)
		return BEACON_EINVAL;
	if (outlen < BEACON_IPMODE_HASH_HEX_LEN + 1)
		return BEACON_ELIMIT;
	if (!HMAC(EVP_sha256(), secret, (int)secret_len,
		  (const unsigned char *)text, strlen(text), md, &mdlen))
		return BEACON_ERROR;
	for (i = 0; i < BEACON_IPMODE_HASH_HEX_LEN / 2 && i < mdlen; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return BEACON_OK;
}

int beacond_ipmode_apply(beacond_ipmode mode, const unsigned char *secret,
			 size_t secret_len, const char *ip, char *out,
			 size_t outlen, const char **stored)
{
	unsigned char bytes[IPV6_LEN] = { 0 };
	char text[INET6_ADDRSTRLEN];
	int family;

	if (stored)
		*stored = NULL;
	if (!ip || !out || outlen == 0)
		return BEACON_EINVAL;
	out[0] = '\0';
	family = parse_ip(ip, bytes);
	if (family == 0)
		return BEACON_EINVAL;
	if (mode == BEACOND_IPMODE_NONE)
		return BEACON_OK;
	if (mode == BEACOND_IPMODE_TRUNCATED) {
		size_t keep = family == AF_INET ? IPV4_KEEP : IPV6_KEEP;
		size_t len = family == AF_INET ? IPV4_LEN : IPV6_LEN;

		memset(bytes + keep, 0, len - keep);
	}
	if (!inet_ntop(family, bytes, text, sizeof(text)))
		return BEACON_EINVAL;
	if (mode == BEACOND_IPMODE_HASHED) {
		int error = hash_ip(secret, secret_len, text, out, outlen);

		if (error < 0)
			return error;
	} else if (mode == BEACOND_IPMODE_FULL ||
		   mode == BEACOND_IPMODE_TRUNCATED) {
		if ((size_t)snprintf(out, outlen, "%s", text) >= outlen)
			return BEACON_ELIMIT;
	} else {
		return BEACON_EINVAL;
	}
	if (stored)
		*stored = out;
	return BEACON_OK;
}
