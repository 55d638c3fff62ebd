/*
 * fuzz_clientip - beacond's address parsing and X-Forwarded-For walk
 * (server/src/http/clientip.c, no network). Input lines: peer address,
 * X-Forwarded-For value, then trusted proxy blocks. Properties: a parsed
 * address formats to text that parses back to the same address; the
 * resolved client differs from the peer only when the peer is trusted.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "http/clientip.h"

#define FUZZ_MAX_LINES 10

static int same_ip(const beacond_ip *a, const beacond_ip *b)
{
	size_t n = a->family == b->family && a->family != 0
		       ? (a->family == AF_INET ? 4 : 16)
		       : 0;

	return a->family == b->family && memcmp(a->addr, b->addr, n) == 0;
}

static void check_format(const beacond_ip *ip)
{
	char text[BEACOND_IP_TEXT_MAX];
	beacond_ip back;

	beacond_ip_format(ip, text, sizeof(text));
	FUZZ_CHECK(beacond_ip_parse(&back, text, strlen(text)) == 0);
	FUZZ_CHECK(same_ip(ip, &back));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **lines = NULL;
	size_t n = fuzz_split(&lines, data, size, FUZZ_MAX_LINES);
	beacond_cidr trusted[FUZZ_MAX_LINES];
	size_t ntrusted = 0;
	beacond_ip peer;
	beacond_ip client;
	size_t i;

	for (i = 2; i < n; i++)
		if (beacond_cidr_parse(&trusted[ntrusted], lines[i]) == 0)
			ntrusted++;
	if (n > 0 && beacond_ip_parse(&peer, lines[0], strlen(lines[0])) == 0) {
		check_format(&peer);
		memset(&client, 0, sizeof(client));
		beacond_clientip_resolve(
		    &client, &peer, n > 1 ? lines[1] : NULL, trusted, ntrusted);
		FUZZ_CHECK(client.family == AF_INET ||
			   client.family == AF_INET6);
		check_format(&client);
		if (!same_ip(&client, &peer))
			FUZZ_CHECK(n > 1 && beacond_cidr_contains_any(
						trusted, ntrusted, &peer));
	}
	fuzz_strv_free(lines);
	return 0;
}
