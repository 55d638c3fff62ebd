/* base64.c - strict RFC 4648 base64 (standard alphabet, padded). */
#include "beacon/base64.h"

#include <stdint.h>

#include "beacon/alloc.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Value of an alphabet character, -1 for anything else ('=' included). */
static int sextet(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static void encode_group(char *dst, const unsigned char *src, size_t n)
{
	uint32_t v = (uint32_t)src[0] << 16;

	if (n > 1)
		v |= (uint32_t)src[1] << 8;
	if (n > 2)
		v |= src[2];
	dst[0] = alphabet[(v >> 18) & 63];
	dst[1] = alphabet[(v >> 12) & 63];
	dst[2] = n > 1 ? alphabet[(v >> 6) & 63] : '=';
	dst[3] = n > 2 ? alphabet[v & 63] : '=';
}

int beacon_base64_encode(char **out, size_t *outlen, const void *data,
			 size_t len)
{
	const unsigned char *src = data;
	size_t i, n;
	char *text;

	if (out == NULL)
		return BEACON_EINVAL;
	*out = NULL;
	if (data == NULL && len > 0)
		return BEACON_EINVAL;
	if (len > BEACON_BASE64_MAX_DECODED)
		return BEACON_ELIMIT;
	n = (len + 2) / 3 * 4; /* no overflow: len is bounded above */
	text = beacon_malloc(n + 1);
	if (text == NULL)
		return BEACON_ENOMEM;
	for (i = 0; i < len; i += 3)
		encode_group(text + i / 3 * 4, src + i,
			     len - i < 3 ? len - i : 3);
	text[n] = '\0';
	*out = text;
	if (outlen != NULL)
		*outlen = n;
	return BEACON_OK;
}

/* Number of '=' at the end of s (len a non-zero multiple of 4), or -1 if
 * '=' appears anywhere a canonical encoding does not allow it. */
static int padding(const char *s, size_t len)
{
	int pad = 0;
	size_t i;

	if (len > 0 && s[len - 1] == '=')
		pad = s[len - 2] == '=' ? 2 : 1;
	for (i = 0; i < len - (size_t)pad; i++) {
		if (s[i] == '=')
			return -1;
	}
	return pad;
}

/* Decode one group of 4 characters with pad trailing '='; write 3 - pad
 * bytes. -1 on a character outside the alphabet or non-zero unused bits. */
static int decode_group(unsigned char *dst, const char *src, int pad)
{
	uint32_t v = 0;
	int i, x;

	for (i = 0; i < 4 - pad; i++) {
		x = sextet((unsigned char)src[i]);
		if (x < 0)
			return -1;
		v |= (uint32_t)x << (18 - 6 * i);
	}
	if ((pad == 1 && (v & 0xffu) != 0) || (pad == 2 && (v & 0xffffu) != 0))
		return -1;
	dst[0] = (unsigned char)(v >> 16);
	if (pad < 2)
		dst[1] = (unsigned char)(v >> 8);
	if (pad < 1)
		dst[2] = (unsigned char)v;
	return 0;
}

int beacon_base64_decode(void **out, size_t *outlen, const char *s, size_t len)
{
	unsigned char *bytes = NULL;
	size_t i, n = 0;
	int pad = 0, error = BEACON_OK;

	if (out == NULL || outlen == NULL)
		return BEACON_EINVAL;
	*out = NULL;
	*outlen = 0;
	if (s == NULL && len > 0)
		return BEACON_EINVAL;
	if (len > BEACON_BASE64_MAX_ENCODED)
		return BEACON_ELIMIT;
	if (len % 4 != 0)
		return BEACON_EPARSE;
	if (len > 0)
		pad = padding(s, len);
	if (pad < 0)
		return BEACON_EPARSE;
	n = len / 4 * 3 - (size_t)pad;
	bytes = beacon_malloc(n + 1);
	if (bytes == NULL)
		return BEACON_ENOMEM;
	for (i = 0; i < len && error == BEACON_OK; i += 4) {
		int last = i + 4 == len ? pad : 0;
		if (decode_group(bytes + i / 4 * 3, s + i, last) < 0)
			error = BEACON_EPARSE;
	}
	if (error < 0)
		goto cleanup;
	bytes[n] = '\0';
	*out = bytes;
	*outlen = n;
	bytes = NULL;
cleanup:
	beacon_free(bytes);
	return error;
}
