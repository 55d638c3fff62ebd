/*
 * beacon/base64.h - RFC 4648 base64, standard alphabet, padded.
 *
 * The decoder is strict and accepts only the canonical encoding: length a
 * multiple of 4, only alphabet characters, '=' only as the last one or two
 * characters, zero bits in the unused low bits of the last character, no
 * whitespace or line breaks. So every byte string has exactly one accepted
 * text, and decode(encode(x)) == x.
 */
#ifndef BEACON_BASE64_H
#define BEACON_BASE64_H

#include <stddef.h>

#include "beacon/error.h"
#include "beacon/limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Encode len bytes of data (borrowed; may be NULL when len is 0).
 * *out: new NUL-terminated string, free with beacon_free(); *outlen
 * (optional, may be NULL) its length without the NUL. BEACON_ELIMIT when
 * len > BEACON_BASE64_MAX_DECODED, BEACON_ENOMEM, BEACON_EINVAL for NULL
 * arguments. On error *out is NULL.
 */
BEACON_EXTERN int beacon_base64_encode(char **out, size_t *outlen,
				       const void *data, size_t len);

/*
 * Decode len characters of s (borrowed, need not be NUL-terminated).
 * *out: new buffer of *outlen bytes followed by a NUL byte that *outlen
 * does not count (so decoded text can be used as a C string), free with
 * beacon_free(). BEACON_EPARSE for anything but the canonical encoding
 * (see above), BEACON_ELIMIT when len > BEACON_BASE64_MAX_ENCODED,
 * BEACON_ENOMEM, BEACON_EINVAL for NULL arguments. On error *out is NULL
 * and *outlen 0.
 */
BEACON_EXTERN int beacon_base64_decode(void **out, size_t *outlen,
				       const char *s, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_BASE64_H */
