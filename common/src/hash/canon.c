/*
 * canon.c - canonical JSON, the byte string the config hash covers.
 * The exact form is specified in beacon/hash.h; tests/HASH_VECTORS.md
 * shows it on examples.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "beacon/hash.h"
#include "beacon/limits.h"
#include "util/jsonx.h"

#define REAL_MAX_PRECISION 17
#define REAL_TEXT_SIZE 40

typedef struct member {
	const char *key;
	size_t key_len;
	const json_t *value;
} member;

static int emit_value(beacon_buf *out, const json_t *value, int depth);

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Lower-cased bytes first, then the original bytes (ties of "A"/"a"). */
static int compare_members(const void *pa, const void *pb)
{
	const member *a = pa, *b = pb;
	size_t n = a->key_len < b->key_len ? a->key_len : b->key_len, i;
	int diff;

	for (i = 0; i < n; i++) {
		diff = lower((unsigned char)a->key[i]) -
		       lower((unsigned char)b->key[i]);
		if (diff != 0)
			return diff;
	}
	if (a->key_len != b->key_len)
		return a->key_len < b->key_len ? -1 : 1;
	return memcmp(a->key, b->key, n);
}

static int emit_string(beacon_buf *out, const char *s, size_t len, int fold)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c;
	size_t i;
	int error = beacon_buf_putc(out, '"');

	for (i = 0; i < len && error == BEACON_OK; i++) {
		c = fold ? lower((unsigned char)s[i]) : (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			error = beacon_buf_putc(out, '\\');
			if (error == BEACON_OK)
				error = beacon_buf_putc(out, (char)c);
		} else if (c < 0x20) {
			const char *named = strchr("\bb\ff\nn\rr\tt", c);
			char esc[7] = { '\\',        'u',          '0', '0',
					hex[c >> 4], hex[c & 0xf], '\0' };

			if (named != NULL && c != 0) {
				esc[1] = named[1];
				esc[2] = '\0';
			}
			error = beacon_buf_puts(out, esc);
		} else {
			error = beacon_buf_putc(out, (char)c);
		}
	}
	return error == BEACON_OK ? beacon_buf_putc(out, '"') : error;
}

static int same_double(double a, double b)
{
	return !(a < b) && !(a > b);
}

/* Shortest %.Ng that reads back as the same double. */
static int emit_real(beacon_buf *out, double v)
{
	char text[REAL_TEXT_SIZE];
	char *comma;
	int prec;

	if (same_double(v, 0.0))
		return beacon_buf_putc(out, '0');
	for (prec = 1; prec <= REAL_MAX_PRECISION; prec++) {
		snprintf(text, sizeof(text), "%.*g", prec, v);
		if (same_double(strtod(text, NULL), v))
			break;
	}
	/* A host's LC_NUMERIC may print a decimal comma. */
	comma = strchr(text, ',');
	if (comma != NULL)
		*comma = '.';
	return beacon_buf_puts(out, text);
}

static int emit_object(beacon_buf *out, const json_t *obj, int depth)
{
	size_t n = json_object_size(obj), i = 0;
	member *members = beacon_calloc(n ? n : 1, sizeof(*members));
	const char *key;
	size_t key_len;
	json_t *value;
	int error = BEACON_OK;

	if (members == NULL)
		return BEACON_ENOMEM;
	json_object_keylen_foreach(jsonx_mut(obj), key, key_len, value)
	{
		members[i].key = key;
		members[i].key_len = key_len;
		members[i++].value = value;
	}
	qsort(members, n, sizeof(*members), compare_members);
	error = beacon_buf_putc(out, '{');
	for (i = 0; i < n && error == BEACON_OK; i++) {
		if (i > 0)
			error = beacon_buf_putc(out, ',');
		if (error == BEACON_OK)
			error = emit_string(out, members[i].key,
					    members[i].key_len, 1);
		if (error == BEACON_OK)
			error = beacon_buf_putc(out, ':');
		if (error == BEACON_OK)
			error = emit_value(out, members[i].value, depth + 1);
	}
	if (error == BEACON_OK)
		error = beacon_buf_putc(out, '}');
	beacon_free(members);
	return error;
}

static int emit_array(beacon_buf *out, const json_t *array, int depth)
{
	size_t i;
	int error = beacon_buf_putc(out, '[');

	for (i = 0; i < json_array_size(array) && error == BEACON_OK; i++) {
		if (i > 0)
			error = beacon_buf_putc(out, ',');
		if (error == BEACON_OK)
			error = emit_value(out, json_array_get(array, i),
					   depth + 1);
	}
	return error == BEACON_OK ? beacon_buf_putc(out, ']') : error;
}

static int emit_value(beacon_buf *out, const json_t *value, int depth)
{
	if (depth > BEACON_MAX_DEPTH)
		return BEACON_ELIMIT;
	switch (json_typeof(value)) {
	case JSON_OBJECT:
		return emit_object(out, value, depth);
	case JSON_ARRAY:
		return emit_array(out, value, depth);
	case JSON_STRING:
		return emit_string(out, json_string_value(value),
				   json_string_length(value), 0);
	case JSON_INTEGER:
		return beacon_buf_printf(out, "%" JSON_INTEGER_FORMAT,
					 json_integer_value(value));
	case JSON_REAL:
		return emit_real(out, json_real_value(value));
	case JSON_TRUE:
		return beacon_buf_puts(out, "true");
	case JSON_FALSE:
		return beacon_buf_puts(out, "false");
	case JSON_NULL:
	default:
		return beacon_buf_puts(out, "null");
	}
}

int beacon_canonical_json(char **out, size_t *len, const json_t *doc,
			  beacon_error_detail *err)
{
	beacon_buf buf = BEACON_BUF_INIT(BEACON_CANON_MAX_SIZE);
	int error;

	*out = NULL;
	if (doc == NULL)
		return beacon_error_set(err, BEACON_EINVAL, "canonical", 0, 0,
					"no document");
	error = emit_value(&buf, doc, 1);
	if (error == BEACON_OK) {
		*out = beacon_buf_detach(&buf, len);
		if (*out == NULL)
			error = BEACON_ENOMEM;
	}
	if (error == BEACON_ELIMIT)
		beacon_error_set(err, error, "canonical", 0, 0,
				 "document over %u bytes or %d levels",
				 (unsigned)BEACON_CANON_MAX_SIZE,
				 BEACON_MAX_DEPTH);
	else if (error != BEACON_OK)
		beacon_error_set(err, error, "canonical", 0, 0,
				 "out of memory");
	beacon_buf_dispose(&buf);
	return error;
}
