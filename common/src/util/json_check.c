/*
 * json_check.c - one-pass JSON validation and in-place compaction (see
 * beacon/json_check.h). Recursive descent bounded by max_depth; the only
 * allocation is the index of the keys of the open objects, used to refuse
 * a repeated key as Jansson's JSON_REJECT_DUPLICATES does.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/json_check.h"

/* Digits of the longest int64 (9223372036854775807). */
#define INT64_DIGITS_MAX 19
/* Numbers up to this many characters are converted from a stack buffer. */
#define NUMBER_STACK_MAX 64
#define KEYS_INITIAL 32
#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

typedef struct key_span {
	size_t off; /* of the first byte after the opening quote, in output */
	size_t len; /* raw (escaped) length */
	uint64_t hash; /* of the unescaped code points */
} key_span;

typedef struct checker {
	char *s;
	size_t len;
	size_t rd; /* next byte to read */
	size_t wr; /* next byte to write; wr <= rd */
	unsigned depth;
	unsigned max_depth;
	unsigned deepest; /* the deepest nesting entered */
	key_span *keys;   /* keys of the open objects, innermost last */
	size_t nkeys;
	size_t cap;
	int error;
	const char *why;
	beacon_json_capture *want; /* optional: a top-level member to locate */
	int escaped;               /* the last string held an escape */
} checker;

static int fail(checker *c, int code, const char *why)
{
	if (c->error == BEACON_OK) {
		c->error = code;
		c->why = why;
	}
	return code;
}

static int peek(const checker *c)
{
	return c->rd < c->len ? (unsigned char)c->s[c->rd] : -1;
}

/* Copy the byte at rd to wr. */
static void take(checker *c)
{
	c->s[c->wr++] = c->s[c->rd++];
}

static void skip_ws(checker *c)
{
	int ch;

	while ((ch = peek(c)) == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
		c->rd++;
}

static int hex4(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		int ch = (unsigned char)s[i];

		v <<= 4;
		if (ch >= '0' && ch <= '9')
			v |= (uint32_t)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			v |= (uint32_t)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			v |= (uint32_t)(ch - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * Decode one UTF-8 sequence of s[0..n): its length (1..4) and code point,
 * or 0 when it is not shortest-form UTF-8 of a scalar value.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t need, i;
	uint32_t v;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2, v = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3, v = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4, v = s[0] & 0x07u;
	else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3fu);
	}
	if ((need == 3 && v < 0x800) || (need == 4 && v < 0x10000) ||
	    v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return need;
}

/*
 * Decode the escape at s[0] == '\\' of a validated or to-be-validated
 * string of n bytes: its length, or 0 when invalid; *cp the code point.
 */
static size_t escape_decode(const char *s, size_t n, uint32_t *cp)
{
	static const char plain[] = "\"\\/bfnrt";
	static const char value[] = "\"\\/\b\f\n\r\t";
	const char *p;
	uint32_t lo;

	if (n < 2)
		return 0;
	if (s[1] != 'u') {
		p = s[1] != '\0' ? strchr(plain, s[1]) : NULL;
		if (p == NULL)
			return 0;
		*cp = (unsigned char)value[p - plain];
		return 2;
	}
	if (n < 6 || hex4(s + 2, cp) < 0 || *cp == 0 ||
	    (*cp >= 0xdc00 && *cp <= 0xdfff))
		return 0;
	if (*cp < 0xd800 || *cp > 0xdbff)
		return 6;
	if (n < 12 || s[6] != '\\' || s[7] != 'u' || hex4(s + 8, &lo) < 0 ||
	    lo < 0xdc00 || lo > 0xdfff)
		return 0;
	*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	return 12;
}

/* One character of a string body at s[0..n): its length or 0. */
static size_t char_decode(const char *s, size_t n, uint32_t *cp)
{
	if (s[0] == '\\')
		return escape_decode(s, n, cp);
	if ((unsigned char)s[0] < 0x20)
		return 0;
	return utf8_decode((const unsigned char *)s, n, cp);
}

static uint64_t fnv_cp(uint64_t h, uint32_t cp)
{
	int i;

	for (i = 0; i < 4; i++) {
		h ^= (cp >> (8 * i)) & 0xffu;
		h *= FNV_PRIME;
	}
	return h;
}

/* Printable ASCII other than '"' and '\\': copied as is. */
static int plain(unsigned char ch)
{
	return ch >= 0x20 && ch < 0x80 && ch != '"' && ch != '\\';
}

/* Length of the run of plain bytes at rd, folded into *h when given. */
static size_t plain_run(const checker *c, uint64_t *h)
{
	const unsigned char *p = (const unsigned char *)c->s + c->rd;
	size_t n = 0, max = c->len - c->rd;

	while (n < max && plain(p[n]))
		n++;
	if (h != NULL) {
		size_t i;

		for (i = 0; i < n; i++)
			*h = fnv_cp(*h, p[i]);
	}
	return n;
}

/* A string at rd (the opening quote); *key, when given, describes it. */
static int string(checker *c, key_span *key)
{
	uint64_t h = FNV_OFFSET;
	uint32_t cp;
	size_t n, start;

	take(c);
	start = c->wr;
	c->escaped = 0;
	for (;;) {
		n = plain_run(c, key != NULL ? &h : NULL);
		if (n > 0) {
			if (c->wr != c->rd)
				memmove(c->s + c->wr, c->s + c->rd, n);
			c->wr += n;
			c->rd += n;
		}
		if (c->rd >= c->len)
			return fail(c, BEACON_EINVAL, "unterminated string");
		if (c->s[c->rd] == '"')
			break;
		n = char_decode(c->s + c->rd, c->len - c->rd, &cp);
		if (n == 0)
			return fail(c, BEACON_EINVAL,
				    "invalid character, escape or UTF-8 in "
				    "a string");
		h = fnv_cp(h, cp);
		c->escaped |= c->s[c->rd] == '\\';
		memmove(c->s + c->wr, c->s + c->rd, n);
		c->wr += n;
		c->rd += n;
	}
	if (key != NULL)
		*key = (key_span){ start, c->wr - start, h };
	take(c);
	return BEACON_OK;
}

static size_t digits(checker *c)
{
	size_t n = 0;
	int ch;

	while ((ch = peek(c)) >= '0' && ch <= '9') {
		take(c);
		n++;
	}
	return n;
}

/* Jansson's range rules on the number text s[0..n). */
static int number_in_range(const char *s, size_t n, int integer)
{
	char small[NUMBER_STACK_MAX + 1];
	char *buf = small;
	int ok;

	if (integer && n - (s[0] == '-') > INT64_DIGITS_MAX)
		return 0;
	if (n > NUMBER_STACK_MAX) {
		buf = beacon_malloc(n + 1);
		if (buf == NULL)
			return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	if (integer) {
		(void)strtoll(buf, NULL, 10);
		ok = errno != ERANGE;
	} else {
		double v = strtod(buf, NULL);

		ok = !(errno == ERANGE && isinf(v));
	}
	if (buf != small)
		beacon_free(buf);
	return ok;
}

static int number(checker *c)
{
	size_t start = c->wr;
	int integer = 1, ok;

	if (peek(c) == '-')
		take(c);
	if (peek(c) == '0') {
		take(c);
		if (peek(c) >= '0' && peek(c) <= '9')
			return fail(c, BEACON_EINVAL,
				    "number with a leading zero");
	} else if (digits(c) == 0) {
		return fail(c, BEACON_EINVAL, "invalid number");
	}
	if (peek(c) == '.') {
		integer = 0;
		take(c);
		if (digits(c) == 0)
			return fail(c, BEACON_EINVAL, "invalid number");
	}
	if (peek(c) == 'e' || peek(c) == 'E') {
		integer = 0;
		take(c);
		if (peek(c) == '+' || peek(c) == '-')
			take(c);
		if (digits(c) == 0)
			return fail(c, BEACON_EINVAL, "invalid number");
	}
	ok = number_in_range(c->s + start, c->wr - start, integer);
	if (ok < 0)
		return fail(c, BEACON_ENOMEM, "out of memory");
	return ok ? BEACON_OK : fail(c, BEACON_EINVAL, "number out of range");
}

static int literal(checker *c, const char *word)
{
	size_t n = strlen(word);

	if (c->len - c->rd < n || memcmp(c->s + c->rd, word, n) != 0)
		return fail(c, BEACON_EINVAL, "invalid token");
	memmove(c->s + c->wr, c->s + c->rd, n);
	c->wr += n;
	c->rd += n;
	return BEACON_OK;
}

static int value(checker *c);

static int enter(checker *c)
{
	if (++c->depth > c->max_depth)
		return fail(c, BEACON_ELIMIT, "nested too deep");
	if (c->depth > c->deepest)
		c->deepest = c->depth;
	take(c);
	skip_ws(c);
	return BEACON_OK;
}

static int array(checker *c)
{
	int error = enter(c);

	if (error == BEACON_OK && peek(c) == ']') {
		take(c);
		c->depth--;
		return BEACON_OK;
	}
	while (error == BEACON_OK) {
		error = value(c);
		if (error < 0)
			break;
		skip_ws(c);
		if (peek(c) == ']') {
			take(c);
			c->depth--;
			return BEACON_OK;
		}
		if (peek(c) != ',')
			return fail(c, BEACON_EINVAL, "expected ',' or ']'");
		take(c);
	}
	return error;
}

static int push_key(checker *c, key_span **out)
{
	if (c->nkeys == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : KEYS_INITIAL;
		key_span *k = beacon_realloc(c->keys, cap * sizeof(*k));

		if (k == NULL)
			return fail(c, BEACON_ENOMEM, "out of memory");
		c->keys = k;
		c->cap = cap;
	}
	*out = &c->keys[c->nkeys++];
	return BEACON_OK;
}

static int key_order(const void *a, const void *b)
{
	const key_span *x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* Do two validated raw string bodies unescape to the same text? */
static int same_text(const char *s, const key_span *a, const key_span *b)
{
	size_t i = 0, j = 0;
	uint32_t x, y;

	while (i < a->len && j < b->len) {
		i += char_decode(s + a->off + i, a->len - i, &x);
		j += char_decode(s + b->off + j, b->len - j, &y);
		if (x != y)
			return 0;
	}
	return i == a->len && j == b->len;
}

/* The keys of the object that closes: refuse a repeated one. */
static int close_keys(checker *c, size_t base)
{
	size_t n = c->nkeys - base, i, j;
	key_span *k;

	c->nkeys = base;
	if (n < 2)
		return BEACON_OK;
	k = c->keys + base;
	qsort(k, n, sizeof(*k), key_order);
	for (i = 0; i + 1 < n; i++)
		for (j = i + 1; j < n && k[j].hash == k[i].hash; j++)
			if (same_text(c->s, &k[i], &k[j]))
				return fail(c, BEACON_EINVAL, "duplicate key");
	return BEACON_OK;
}

/* Is the key just read (escape-free) the top-level member to capture? */
static int is_capture(const checker *c, const key_span *key)
{
	size_t n;

	if (c->want == NULL || c->want->key == NULL || c->depth != 1 ||
	    c->escaped)
		return 0;
	n = strlen(c->want->key);
	return key->len == n && memcmp(c->s + key->off, c->want->key, n) == 0;
}

/* Record the string value of the captured member, when escape-free. */
static int capture_value(checker *c)
{
	size_t start = c->wr + 1;
	int error;

	if (peek(c) != '"')
		return value(c);
	error = string(c, NULL);
	if (error == BEACON_OK && !c->escaped) {
		c->want->found = 1;
		c->want->off = start;
		c->want->len = c->wr - 1 - start;
	}
	return error;
}

static int member(checker *c)
{
	key_span *key = NULL;
	int error, capture;

	if (peek(c) != '"')
		return fail(c, BEACON_EINVAL, "expected a string key");
	error = push_key(c, &key);
	if (error == BEACON_OK)
		error = string(c, key);
	if (error < 0)
		return error;
	capture = is_capture(c, key);
	skip_ws(c);
	if (peek(c) != ':')
		return fail(c, BEACON_EINVAL, "expected ':'");
	take(c);
	if (!capture)
		return value(c);
	skip_ws(c);
	return capture_value(c);
}

static int object(checker *c)
{
	size_t base = c->nkeys;
	int error = enter(c);

	if (error == BEACON_OK && peek(c) == '}')
		goto close;
	while (error == BEACON_OK) {
		error = member(c);
		if (error < 0)
			return error;
		skip_ws(c);
		if (peek(c) == '}')
			goto close;
		if (peek(c) != ',')
			return fail(c, BEACON_EINVAL, "expected ',' or '}'");
		take(c);
		skip_ws(c);
	}
	return error;
close:
	take(c);
	c->depth--;
	return close_keys(c, base);
}

static int value(checker *c)
{
	skip_ws(c);
	switch (peek(c)) {
	case '{':
		return object(c);
	case '[':
		return array(c);
	case '"':
		return string(c, NULL);
	case 't':
		return literal(c, "true");
	case 'f':
		return literal(c, "false");
	case 'n':
		return literal(c, "null");
	default:
		break;
	}
	if (peek(c) == '-' || (peek(c) >= '0' && peek(c) <= '9'))
		return number(c);
	return fail(c, BEACON_EINVAL, "invalid token");
}

int beacon_json_compact(char *text, size_t len, unsigned max_depth,
			size_t *out_len, beacon_error_detail *err)
{
	return beacon_json_compact_capture(text, len, max_depth, out_len, NULL,
					   err);
}

int beacon_json_compact_capture(char *text, size_t len, unsigned max_depth,
				size_t *out_len, beacon_json_capture *cap,
				beacon_error_detail *err)
{
	checker c = {
		.s = text, .len = len, .max_depth = max_depth, .want = cap
	};

	beacon_error_clear(err);
	if (cap != NULL)
		cap->found = 0;
	if (text == NULL || out_len == NULL)
		return beacon_error_set(err, BEACON_EINVAL, "json", 0, 0,
					"no text");
	skip_ws(&c);
	if (peek(&c) != '{')
		fail(&c, BEACON_EINVAL, "not a JSON object");
	else if (object(&c) == BEACON_OK) {
		skip_ws(&c);
		if (c.rd != c.len)
			fail(&c, BEACON_EINVAL, "text after the object");
	}
	beacon_free(c.keys);
	if (cap != NULL)
		cap->depth = c.deepest;
	if (c.error < 0)
		return beacon_error_set(
		    err, c.error, "json", 0,
		    (int)(c.rd > INT32_MAX - 1 ? INT32_MAX - 1 : c.rd) + 1,
		    "%s", c.why);
	*out_len = c.wr;
	return BEACON_OK;
}
