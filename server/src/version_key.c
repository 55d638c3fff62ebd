/*
 * version_key.c - sortable keys for go-version ordering (see version_key.h).
 */
#include <string.h>

#include "beacon/limits.h"
#include "version_key.h"

/* Longest digit run that fits go-version's int64 segments. */
#define KEY_DIGITS_MAX 19

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

static int is_ident_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-' || c == '~';
}

static size_t digit_run(const char *s)
{
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

/* Put a length letter and the digits of s[0..n) without leading zeros. */
static int put_number(key_out *k, const char *s, size_t n)
{
	char len;

	while (n > 1 && *s == '0') {
		s++;
		n--;
	}
	if (n == 0 || n > KEY_DIGITS_MAX)
		return BEACON_EPARSE;
	len = (char)('a' + (int)n - 1);
	put(k, &len, 1);
	put(k, s, n);
	return BEACON_OK;
}

/* Numeric segments "1.2.3"; *pos advances past them. */
static int put_segments(key_out *k, const char *v, size_t *pos)
{
	size_t count = 0;
	size_t n;
	int error;

	for (;;) {
		n = digit_run(v + *pos);
		if (n == 0)
			return BEACON_EPARSE;
		if (count < BEACON_VERSION_KEY_SEGMENTS) {
			error = put_number(k, v + *pos, n);
			if (error < 0)
				return error;
		} else if (digit_run(v + *pos) != strspn(v + *pos, "0")) {
			return BEACON_ELIMIT; /* a non-zero segment past the key */
		}
		count++;
		*pos += n;
		if (v[*pos] != '.')
			break;
		(*pos)++;
	}
	for (; count < BEACON_VERSION_KEY_SEGMENTS; count++)
		put(k, "a0", 2);
	return BEACON_OK;
}

/* One dot-separated identifier list of [0-9A-Za-z~-]; returns its length
 * or 0 when malformed (an empty identifier). */
static size_t ident_list(const char *s)
{
	size_t n = 0;

	for (;;) {
		size_t start = n;

		while (is_ident_char(s[n]))
			n++;
		if (n == start)
			return 0;
		if (s[n] != '.')
			return n;
		n++;
	}
}

static int put_prerelease(key_out *k, const char *s, size_t len)
{
	size_t i = 0;
	int error;

	put(k, "-", 1);
	while (i < len) {
		size_t n = strcspn(s + i, ".");

		if (n > len - i)
			n = len - i;
		if (digit_run(s + i) >= n) {
			put(k, "1", 1);
			error = put_number(k, s + i, n);
			if (error < 0)
				return error;
		} else {
			put(k, "3", 1);
			put(k, s + i, n);
			put(k, "!", 1);
		}
		i += n + 1;
	}
	put(k, "2", 1);
	return BEACON_OK;
}

/* After the segments: [-]prerelease? (+metadata)? end. */
static int put_suffix(key_out *k, const char *v)
{
	size_t pre = 0;
	const char *start = v;

	if (*v == '-')
		start = v + 1;
	else if (*v != '\0' && *v != '+' && !(*v >= '0' && *v <= '9'))
		start = v; /* "1.2.3beta": a letter may start a prerelease */
	if (*v != '\0' && *v != '+') {
		pre = ident_list(start);
		if (pre == 0)
			return BEACON_EPARSE;
	}
	v = start + pre;
	if (*v == '+' && (ident_list(v + 1) == 0 || v[1 + ident_list(v + 1)]))
		return BEACON_EPARSE;
	if (*v != '+' && *v != '\0')
		return BEACON_EPARSE;
	if (pre == 0) {
		put(k, "~", 1);
		return BEACON_OK;
	}
	return put_prerelease(k, start, pre);
}

int beacon_version_key(const char *version, char *out, size_t outlen)
{
	key_out k = {out, 0, outlen, 0};
	size_t pos = 0;
	int error;

	if (!version || !out || outlen == 0)
		return BEACON_EINVAL;
	out[0] = '\0';
	if (strlen(version) > BEACON_RELEASE_TAG_MAX)
		return BEACON_ELIMIT;
	if (version[0] == 'v')
		pos = 1;
	error = put_segments(&k, version, &pos);
	if (error == BEACON_OK)
		error = put_suffix(&k, version + pos);
	if (error == BEACON_OK && k.overflow)
		error = BEACON_ELIMIT;
	if (error < 0)
		out[0] = '\0';
	return error;
}
