/* version.c - go-version compatible parsing, ordering and release selection.
 *
 * The parser is a hand-written equivalent of go-version's anchored
 * VersionRegexpRaw with Go's leftmost-first submatch rules; the comparison
 * follows Version.Compare, comparePrereleases and comparePart line by line
 * in meaning (see beacon/version.h for the rules and their quirks).
 */
#include "beacon/version.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* A span of the input: [p, p + len). */
typedef struct span {
	const char *p;
	size_t len;
} span;

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* [0-9A-Za-z~-]: the identifier charset of prerelease and metadata. */
static int is_ident_char(char c)
{
	return is_digit(c) || is_alpha(c) || c == '-' || c == '~';
}

/* True if s is one or more non-empty dot-separated identifiers. */
static int is_dotted(span s)
{
	size_t i, part = 0;

	for (i = 0; i < s.len; i++) {
		if (s.p[i] == '.') {
			if (part == 0)
				return 0;
			part = 0;
		} else if (is_ident_char(s.p[i])) {
			part++;
		} else {
			return 0;
		}
	}
	return part > 0;
}

/* Parse the numeric segments at *pos; advance *pos past them. */
static int parse_segments(beacon_version *out, span s, size_t *pos)
{
	size_t i = *pos;

	for (;;) {
		uint64_t value = 0;

		if (i >= s.len || !is_digit(s.p[i]))
			return BEACON_EPARSE;
		if (out->nsegments == BEACON_VERSION_MAX_SEGMENTS)
			return BEACON_EPARSE;
		for (; i < s.len && is_digit(s.p[i]); i++) {
			uint64_t d = (uint64_t)(s.p[i] - '0');
			if (value > (INT64_MAX - d) / 10)
				return BEACON_EPARSE;
			value = value * 10 + d;
		}
		out->segments[out->nsegments++] = value;
		if (i >= s.len || s.p[i] != '.')
			break;
		i++; /* a dot must be followed by another segment */
	}
	*pos = i;
	return BEACON_OK;
}

static void copy_span(char *dst, span s)
{
	memcpy(dst, s.p, s.len);
	dst[s.len] = '\0';
}

/*
 * The prerelease span pre (between the segments and '+' or the end), by
 * the regex's alternatives in order: "-" + body starting with a digit;
 * "-" + body starting with [A-Za-z~-]; body starting with [A-Za-z~-]
 * without a dash (which also takes a lone "-" or "-.x" whole).
 */
static int parse_prerelease(beacon_version *out, span pre)
{
	span body = { pre.p + 1, pre.len - 1 };

	if (pre.len == 0)
		return BEACON_OK;
	if (pre.p[0] == '-' && is_dotted(body)) {
		copy_span(out->prerelease, body);
		return BEACON_OK;
	}
	if (pre.p[0] != '-' && !is_alpha(pre.p[0]) && pre.p[0] != '~')
		return BEACON_EPARSE;
	if (!is_dotted(pre))
		return BEACON_EPARSE;
	copy_span(out->prerelease, pre);
	return BEACON_OK;
}

static int parse_span(beacon_version *out, span s)
{
	size_t pos = 0, end;
	span pre, meta = { NULL, 0 };
	int error;

	if (s.len > 0 && s.p[0] == 'v')
		pos = 1;
	error = parse_segments(out, s, &pos);
	if (error < 0)
		return error;
	for (end = pos; end < s.len && s.p[end] != '+'; end++)
		;
	pre.p = s.p + pos;
	pre.len = end - pos;
	if (end < s.len) {
		meta.p = s.p + end + 1;
		meta.len = s.len - end - 1;
		if (!is_dotted(meta))
			return BEACON_EPARSE;
		copy_span(out->metadata, meta);
	}
	error = parse_prerelease(out, pre);
	if (error < 0)
		return error;
	while (out->nsegments < 3)
		out->segments[out->nsegments++] = 0;
	return BEACON_OK;
}

int beacon_version_parsen(beacon_version *out, const char *s, size_t len)
{
	span whole = { s, len };
	int error;

	if (out == NULL)
		return BEACON_EINVAL;
	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return BEACON_EINVAL;
	if (len > BEACON_VERSION_MAX_LEN)
		return BEACON_EPARSE;
	error = parse_span(out, whole);
	if (error < 0)
		memset(out, 0, sizeof(*out));
	return error;
}

int beacon_version_parse(beacon_version *out, const char *s)
{
	size_t len;

	if (s == NULL)
		return beacon_version_parsen(out, NULL, 0);
	/* One byte past the limit is enough to know it is too long. */
	len = strnlen(s, BEACON_VERSION_MAX_LEN + 1);
	return beacon_version_parsen(out, s, len);
}

/* Go's strconv.ParseInt(s, 10, 64) succeeds: [+-]?digits in int64 range
 * ('+' cannot occur in an identifier). */
static int parse_int64(span s, int64_t *value)
{
	size_t i = 0;
	int neg = 0;
	uint64_t mag = 0, limit = (uint64_t)INT64_MAX;

	if (s.len > 0 && s.p[0] == '-') {
		neg = 1;
		i = 1;
		limit += 1; /* |INT64_MIN| */
	}
	if (i == s.len)
		return 0;
	for (; i < s.len; i++) {
		uint64_t d;
		if (!is_digit(s.p[i]))
			return 0;
		d = (uint64_t)(s.p[i] - '0');
		if (mag > (limit - d) / 10)
			return 0;
		mag = mag * 10 + d;
	}
	if (neg)
		*value = mag == 0 ? 0 : -(int64_t)(mag - 1) - 1;
	else
		*value = (int64_t)mag;
	return 1;
}

/* Go's string comparison a > b, bytewise. */
static int span_greater(span a, span b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int c = memcmp(a.p, b.p, n);

	return c > 0 || (c == 0 && a.len > b.len);
}

static int span_equal(span a, span b)
{
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

/* go-version's comparePart; an absent identifier is an empty span. */
static int compare_part(span a, span b)
{
	int64_t ia = 0, ib = 0;
	int na, nb;

	if (span_equal(a, b))
		return 0;
	na = parse_int64(a, &ia);
	nb = parse_int64(b, &ib);
	if (a.len == 0)
		return nb ? -1 : 1;
	if (b.len == 0)
		return na ? 1 : -1;
	if (na != nb)
		return na ? -1 : 1;
	if (!na)
		return span_greater(a, b) ? 1 : -1;
	return ia > ib ? 1 : -1;
}

/* Next dot-separated identifier of s at *pos (empty once exhausted). */
static span next_part(const char *s, size_t *pos)
{
	span part = { s + *pos, 0 };

	while (s[*pos] != '\0' && s[*pos] != '.') {
		part.len++;
		(*pos)++;
	}
	if (s[*pos] == '.')
		(*pos)++;
	return part;
}

/* go-version's comparePrereleases for two non-empty prereleases. */
static int compare_prereleases(const char *a, const char *b)
{
	size_t pa = 0, pb = 0;
	int c;

	if (strcmp(a, b) == 0)
		return 0;
	while (a[pa] != '\0' || b[pb] != '\0') {
		span x = next_part(a, &pa);
		span y = next_part(b, &pb);
		c = compare_part(x, y);
		if (c != 0)
			return c;
	}
	return 0;
}

static int segments_equal(const beacon_version *a, const beacon_version *b)
{
	size_t i;

	if (a->nsegments != b->nsegments)
		return 0;
	for (i = 0; i < a->nsegments; i++) {
		if (a->segments[i] != b->segments[i])
			return 0;
	}
	return 1;
}

/* Segments compared with the shorter list extended by zeros. */
static int compare_segments(const beacon_version *a, const beacon_version *b)
{
	size_t i, n = a->nsegments > b->nsegments ? a->nsegments : b->nsegments;

	for (i = 0; i < n; i++) {
		uint64_t x = i < a->nsegments ? a->segments[i] : 0;
		uint64_t y = i < b->nsegments ? b->segments[i] : 0;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

int beacon_version_compare(const beacon_version *a, const beacon_version *b)
{
	int pa, pb;

	if (!segments_equal(a, b))
		return compare_segments(a, b);
	pa = a->prerelease[0] != '\0';
	pb = b->prerelease[0] != '\0';
	if (!pa && !pb)
		return 0;
	if (pa != pb)
		return pa ? -1 : 1;
	return compare_prereleases(a->prerelease, b->prerelease);
}

int beacon_version_is_prerelease(const beacon_version *v)
{
	return v != NULL && v->prerelease[0] != '\0';
}

int beacon_version_format(const beacon_version *v, char *out, size_t outlen)
{
	size_t i, used = 0;
	int n;

	if (v == NULL || out == NULL || outlen == 0)
		return BEACON_EINVAL;
	for (i = 0; i < v->nsegments && used < outlen; i++) {
		n = snprintf(out + used, outlen - used, "%s%" PRIu64,
			     i > 0 ? "." : "", v->segments[i]);
		used += (size_t)n;
	}
	if (used < outlen && v->prerelease[0] != '\0')
		used += (size_t)snprintf(out + used, outlen - used, "-%s",
					 v->prerelease);
	if (used < outlen && v->metadata[0] != '\0')
		used += (size_t)snprintf(out + used, outlen - used, "+%s",
					 v->metadata);
	if (used >= outlen) {
		out[0] = '\0';
		return BEACON_ELIMIT;
	}
	return BEACON_OK;
}

int beacon_version_select(size_t *index_out, const char *running,
			  const char *const *tags, size_t ntags)
{
	beacon_version cur, tag;
	size_t i;
	int error, stable;

	if (index_out == NULL || running == NULL || (tags == NULL && ntags > 0))
		return BEACON_EINVAL;
	if (strcmp(running, "dev") == 0)
		return BEACON_EDISABLED;
	error = beacon_version_parse(&cur, running);
	if (error < 0)
		return error;
	stable = !beacon_version_is_prerelease(&cur);
	for (i = 0; i < ntags; i++) {
		error = beacon_version_parse(&tag, tags[i]);
		if (error < 0)
			return BEACON_EPARSE;
		if (stable && beacon_version_is_prerelease(&tag))
			continue;
		if (beacon_version_compare(&tag, &cur) > 0) {
			*index_out = i;
			return BEACON_OK;
		}
	}
	return BEACON_ENOTFOUND;
}
