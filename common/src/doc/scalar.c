/* doc/scalar.c - typing of unquoted scalars (YAML 1.2 core schema subset). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "beacon/limits.h"
#include "doc/internal.h"

static int text_is(const char *t, size_t len, const char *const words[])
{
	size_t i;

	for (i = 0; words[i] != NULL; i++) {
		if (strlen(words[i]) == len && memcmp(t, words[i], len) == 0)
			return 1;
	}
	return 0;
}

static int is_digit_in(char c, int base)
{
	if (base == 8)
		return c >= '0' && c <= '7';
	if (base == 16)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		       (c >= 'A' && c <= 'F');
	return c >= '0' && c <= '9';
}

/* Integer syntax: [-+]?(0|[1-9][0-9]*) | 0x[0-9a-fA-F]+ | 0o[0-7]+. Sets
 * *base and *skip (prefix length before the digits, sign excluded). */
static int int_syntax(const char *t, size_t len, int *base, size_t *skip)
{
	size_t i = 0;

	*base = 10;
	*skip = 0;
	if (len > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'o')) {
		*base = t[1] == 'x' ? 16 : 8;
		*skip = 2;
		i = 2;
	} else {
		if (t[0] == '-' || t[0] == '+')
			i = 1;
		if (i >= len || (t[i] == '0' && len - i > 1))
			return 0;
	}
	if (i >= len)
		return 0;
	for (; i < len; i++) {
		if (!is_digit_in(t[i], *base))
			return 0;
	}
	return 1;
}

/* Float syntax: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? with a
 * '.' or an exponent (otherwise it is an integer or a string). */
static int float_syntax(const char *t, size_t len)
{
	size_t i = 0;
	size_t digits = 0;
	int marked = 0;

	if (i < len && (t[i] == '-' || t[i] == '+'))
		i++;
	while (i < len && t[i] >= '0' && t[i] <= '9' && ++digits)
		i++;
	if (i < len && t[i] == '.') {
		marked = 1;
		i++;
		while (i < len && t[i] >= '0' && t[i] <= '9' && ++digits)
			i++;
	}
	if (digits == 0)
		return 0;
	if (i < len && (t[i] == 'e' || t[i] == 'E')) {
		size_t exp_digits = 0;

		marked = 1;
		i++;
		if (i < len && (t[i] == '-' || t[i] == '+'))
			i++;
		while (i < len && t[i] >= '0' && t[i] <= '9' && ++exp_digits)
			i++;
		if (exp_digits == 0)
			return 0;
	}
	return marked && i == len;
}

/* NUL-terminated copy of a short scalar on the stack, or 0 if too long. */
static int small_copy(char *dst, size_t dstlen, const char *t, size_t len)
{
	if (len >= dstlen)
		return 0;
	memcpy(dst, t, len);
	dst[len] = '\0';
	return 1;
}

enum number_kind { NUMBER_NONE, NUMBER_INT, NUMBER_REAL };

/* Classify and convert; out of range values are not numbers (they stay
 * strings, keeping the user's spelling). */
static enum number_kind number_parse(const char *t, size_t len, json_int_t *iv,
				     double *dv)
{
	char buf[BEACON_DOC_MAX_NUMBER_LEN + 1];
	char *end = NULL;
	int base;
	size_t skip;

	if (!small_copy(buf, sizeof(buf), t, len))
		return NUMBER_NONE;
	errno = 0;
	if (int_syntax(t, len, &base, &skip)) {
		long long v = strtoll(buf + skip, &end, base);

		*iv = (json_int_t)v;
		return errno == 0 && *end == '\0' ? NUMBER_INT : NUMBER_NONE;
	}
	if (float_syntax(t, len)) {
		*dv = strtod(buf, &end);
		if (errno == 0 && *end == '\0' && isfinite(*dv))
			return NUMBER_REAL;
	}
	return NUMBER_NONE;
}

json_t *beacon_doc_scalar_new(const char *text, size_t len, int allow_null)
{
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	static const char *const nulls[] = { "null", "Null", "NULL",
					     "~",    "",     NULL };
	json_int_t iv = 0;
	double dv = 0.0;

	if (allow_null && text_is(text, len, nulls))
		return json_null();
	if (text_is(text, len, trues))
		return json_true();
	if (text_is(text, len, falses))
		return json_false();
	switch (len > 0 ? number_parse(text, len, &iv, &dv) : NUMBER_NONE) {
	case NUMBER_INT:
		return json_integer(iv);
	case NUMBER_REAL:
		return json_real(dv);
	case NUMBER_NONE:
		break;
	}
	return json_stringn(text, len);
}
