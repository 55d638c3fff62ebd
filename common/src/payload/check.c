/* payload/check.c - member rules of the usage report (see beacon/payload.h).
 */
#include "payload/check.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/base64.h"
#include "beacon/json_check.h"
#include "beacon/limits.h"

/* Length of the valid UTF-8 sequence at s (at most len bytes), 0 if the
 * bytes there are not one (overlong forms and surrogates included). */
static size_t utf8_sequence(const unsigned char *s, size_t len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	}
	return n;
}

static int is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

int beacon_payload_check_text(const char *name, const char *s, size_t len,
			      size_t min, size_t max, beacon_error_detail *err)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, chars = 0, n;

	while (i < len) {
		n = utf8_sequence(u + i, len - i);
		if (n == 0)
			return beacon_error_set(err, BEACON_EINVAL, name, 0, 0,
						"%s must be valid UTF-8", name);
		if (n == 1 && is_control(u[i]))
			return beacon_error_set(
			    err, BEACON_EINVAL, name, 0, 0,
			    "%s must not contain control characters", name);
		i += n;
		chars++;
	}
	if (chars > max)
		return beacon_error_set(err, BEACON_ELIMIT, name, 0, 0,
					"%s must be at most %zu characters",
					name, max);
	if (chars < min)
		return beacon_error_set(err, BEACON_EINVAL, name, 0, 0,
					"%s must not be empty", name);
	return BEACON_OK;
}

static int is_owner_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

static int is_repo_char(char c)
{
	return is_owner_char(c) || c == '.' || c == '_';
}

int beacon_payload_check_product(const char *s, size_t len,
				 beacon_error_detail *err)
{
	size_t i = 0, owner;

	if (len > BEACON_PAYLOAD_MAX_PRODUCT)
		return beacon_error_set(err, BEACON_ELIMIT, "product", 0, 0,
					"product must be at most %d characters",
					BEACON_PAYLOAD_MAX_PRODUCT);
	while (i < len && is_owner_char(s[i]))
		i++;
	owner = i;
	if (owner == 0 || i == len || s[i] != '/')
		goto bad;
	for (i++; i < len && is_repo_char(s[i]); i++)
		;
	if (i == owner + 1 || i != len)
		goto bad;
	return BEACON_OK;
bad:
	return beacon_error_set(err, BEACON_EINVAL, "product", 0, 0,
				"product must be owner/repo");
}

int beacon_payload_check_id(const char *name, const char *s, size_t len,
			    beacon_error_detail *err)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			break;
	if (len == BEACON_PAYLOAD_ID_LEN && i == len)
		return BEACON_OK;
	return beacon_error_set(err, BEACON_EINVAL, name, 0, 0,
				"%s must be %d lower-case hex digits", name,
				BEACON_PAYLOAD_ID_LEN);
}

int beacon_payload_parse_hash(uint64_t *out, const char *s, size_t len,
			      beacon_error_detail *err)
{
	uint64_t value = 0, d;
	size_t i;

	if (len == 0 || len > BEACON_PAYLOAD_MAX_HASH ||
	    (s[0] == '0' && len > 1))
		goto bad;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto bad;
		d = (uint64_t)(s[i] - '0');
		if (value > (UINT64_MAX - d) / 10)
			goto bad;
		value = value * 10 + d;
	}
	*out = value;
	return BEACON_OK;
bad:
	return beacon_error_set(err, BEACON_EINVAL, "hash", 0, 0,
				"hash must be an unsigned 64-bit decimal "
				"string");
}

void beacon_payload_format_hash(char buf[BEACON_PAYLOAD_MAX_HASH + 1],
				uint64_t hash)
{
	snprintf(buf, BEACON_PAYLOAD_MAX_HASH + 1, "%" PRIu64, hash);
}

int beacon_payload_too_deep(const json_t *json, int depth)
{
	/* The iterator API wants a non-const object; nothing is changed. */
	json_t *node = (json_t *)(uintptr_t)json;
	void *it;
	size_t i;

	if (!json_is_object(json) && !json_is_array(json))
		return 0;
	if (depth > BEACON_MAX_DEPTH)
		return 1;
	for (it = json_object_iter(node); it != NULL;
	     it = json_object_iter_next(node, it)) {
		if (beacon_payload_too_deep(json_object_iter_value(it),
					    depth + 1))
			return 1;
	}
	for (i = 0; i < json_array_size(json); i++) {
		if (beacon_payload_too_deep(json_array_get(json, i), depth + 1))
			return 1;
	}
	return 0;
}

int beacon_payload_jansson_oom(const json_error_t *jerr,
			       unsigned long failures_before)
{
	return json_error_code(jerr) == json_error_out_of_memory ||
	       beacon_alloc_thread_failures() != failures_before;
}

/* The decoded text of a configuration: check and compact it in place;
 * *depth (optional) its nesting. */
static int config_check(char *text, size_t *len, unsigned *depth,
			beacon_error_detail *err)
{
	beacon_json_capture cap = { NULL, 0, 0, 0, 0 };
	int error = beacon_json_compact_capture(text, *len, BEACON_MAX_DEPTH,
						len, &cap, NULL);

	if (depth != NULL)
		*depth = cap.depth;
	if (error == BEACON_ENOMEM)
		return beacon_error_set(err, BEACON_ENOMEM, "configuration", 0,
					0, "out of memory");
	if (error == BEACON_ELIMIT)
		return beacon_error_set(err, BEACON_ELIMIT, "configuration", 0,
					0, "configuration nests deeper than %d",
					BEACON_MAX_DEPTH);
	if (error < 0)
		return beacon_error_set(err, BEACON_EINVAL, "configuration", 0,
					0,
					"configuration must be base64 of a "
					"JSON object");
	return BEACON_OK;
}

int beacon_payload_parse_config(json_t **out, const char *text, size_t len,
				beacon_error_detail *err)
{
	unsigned long failures = beacon_alloc_thread_failures();
	json_error_t jerr;

	/* Jansson leaves the code byte unset on some early failures. */
	memset(&jerr, 0, sizeof(jerr));
	*out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (*out != NULL && json_is_object(*out))
		return BEACON_OK;
	json_decref(*out);
	*out = NULL;
	if (beacon_payload_jansson_oom(&jerr, failures))
		return beacon_error_set(err, BEACON_ENOMEM, "configuration", 0,
					0, "out of memory");
	return beacon_error_set(err, BEACON_EINVAL, "configuration", 0, 0,
				"configuration must be base64 of a JSON "
				"object");
}

int beacon_payload_decode_config_text(char **text, size_t *textlen,
				      unsigned *depth, const char *b64,
				      size_t len, beacon_error_detail *err)
{
	void *raw = NULL;
	size_t rawlen = 0;
	int error;

	*text = NULL;
	*textlen = 0;
	if (len > BEACON_PAYLOAD_MAX_CONFIGURATION)
		return beacon_error_set(err, BEACON_ELIMIT, "configuration", 0,
					0,
					"configuration must be at most %u "
					"characters",
					BEACON_PAYLOAD_MAX_CONFIGURATION);
	error = beacon_base64_decode(&raw, &rawlen, b64, len);
	if (error == BEACON_ENOMEM)
		return beacon_error_set(err, error, "configuration", 0, 0,
					"out of memory");
	if (error < 0)
		return beacon_error_set(err, BEACON_EINVAL, "configuration", 0,
					0,
					"configuration must be standard "
					"padded base64");
	error = config_check(raw, &rawlen, depth, err);
	if (error < 0) {
		beacon_free(raw);
		return error;
	}
	((char *)raw)[rawlen] =
	    '\0'; /* compacted: never past the decoded NUL */
	*text = raw;
	*textlen = rawlen;
	return BEACON_OK;
}

int beacon_payload_decode_config(json_t **out, const char *b64, size_t len,
				 beacon_error_detail *err)
{
	char *text = NULL;
	size_t textlen = 0;
	int error;

	*out = NULL;
	error = beacon_payload_decode_config_text(&text, &textlen, NULL, b64,
						  len, err);
	if (error == BEACON_OK)
		error = beacon_payload_parse_config(out, text, textlen, err);
	beacon_free(text);
	return error;
}

unsigned beacon_payload_text_depth(const char *s, size_t len)
{
	unsigned depth = 0, max = 0;
	int in_string = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > max)
				max = depth;
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return max;
}

/* Copy the key span into name if it is plain printable ASCII that fits. */
static int copy_key(char *name, size_t size, const char *key, size_t len)
{
	size_t i;

	if (len == 0 || len >= size)
		return 0;
	for (i = 0; i < len; i++) {
		if (key[i] < 0x20 || key[i] > 0x7e || key[i] == '\\')
			return 0;
	}
	memcpy(name, key, len);
	name[len] = '\0';
	return 1;
}

void beacon_payload_locate(char *name, size_t size, const char *body,
			   size_t len, size_t pos)
{
	size_t i, depth = 0, start = 0, key = 0, keylen = 0;
	int in_string = 0, is_key = 0, have_key = 0;
	char prev = 0; /* last of '{' ',' ':' seen at depth 1 */

	for (i = 0; i < pos && i < len; i++) {
		char c = body[i];
		if (in_string && c == '\\') {
			i++;
		} else if (in_string && c == '"') {
			in_string = 0;
			if (is_key) {
				key = start;
				keylen = i - start;
				have_key = 1;
			}
		} else if (in_string) {
			continue;
		} else if (c == '"') {
			in_string = 1;
			is_key = depth == 1 && (prev == '{' || prev == ',');
			start = i + 1;
		} else if (c == '{' || c == '[') {
			if (++depth == 1)
				prev = '{';
		} else if (c == '}' || c == ']') {
			depth = depth > 0 ? depth - 1 : 0;
		} else if (depth == 1 && (c == ',' || c == ':')) {
			prev = c;
		}
	}
	if (depth == 0 || (in_string && is_key) || !have_key ||
	    !copy_key(name, size, body + key, keylen))
		snprintf(name, size, "%s", "body");
}
