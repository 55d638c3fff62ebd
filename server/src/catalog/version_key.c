/*
 * version_key.c - sortable keys for go-version ordering (see version_key.h),
 * over beacon_version_parse.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "beacon/version.h"
#include "catalog/version_key.h"

/* Decimal digits of UINT64_MAX, plus the NUL. */
#define KEY_NUMBER_MAX 21

typedef struct key_out {
	char *p;
	size_t len;
	size_t cap;
	int overflow;
} key_out;

static void put(key_out *k, const char *s, size_t n)
{
	if (k->overflow || n >= k->cap - k->len) {
		k->overflow = 1;
		return;
	}
	memcpy(k->p + k->len, s, n);
	k->len += n;
	k->p[k->len] = '\0';
}

/* A length letter ('a' = 1 digit) then the digits of v. */
static void put_number(key_out *k, uint64_t v)
{
	char digits[KEY_NUMBER_MAX];
	int n = snprintf(digits, sizeof(digits), "%" PRIu64, v);
	char len = (char)('a' + n - 1);

	put(k, &len, 1);
	put(k, digits, (size_t)n);
}

/* An all-digit identifier whose value fits an int64 is numeric, as go's
 * strconv.ParseInt decides: leading zeros allowed, whatever the length
 * ("000000000000000000011" is 11; "9223372036854775808" is text). */
static int numeric_ident(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	uint64_t d;
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		d = (uint64_t)(s[i] - '0');
		if (v > ((uint64_t)INT64_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

static void put_prerelease(key_out *k, const char *s)
{
	uint64_t num;

	put(k, "-", 1);
	while (*s) {
		size_t n = strcspn(s, ".");

		if (numeric_ident(s, n, &num)) {
			put(k, "1", 1);
			put_number(k, num);
		} else {
			put(k, "3", 1);
			put(k, s, n);
			put(k, "!", 1);
		}
		s += n;
		if (*s == '.')
			s++;
	}
	put(k, "0", 1);
}

int beacond_version_key(const char *version, char *out, size_t outlen)
{
	key_out k = { out, 0, outlen, 0 };
	beacon_version v;
	size_t i;
	int error;

	if (!version || !out || outlen == 0)
		return BEACON_EINVAL;
	out[0] = '\0';
	error = beacon_version_parse(&v, version);
	if (error < 0)
		return BEACON_EPARSE;
	for (i = BEACOND_VERSION_KEY_SEGMENTS; i < v.nsegments; i++)
		if (v.segments[i] != 0)
			return BEACON_ELIMIT;
	for (i = 0; i < BEACOND_VERSION_KEY_SEGMENTS; i++)
		put_number(&k, i < v.nsegments ? v.segments[i] : 0);
	if (v.prerelease[0])
		put_prerelease(&k, v.prerelease);
	else
		put(&k, "~", 1);
	if (k.overflow) {
		out[0] = '\0';
		return BEACON_ELIMIT;
	}
	return BEACON_OK;
}
