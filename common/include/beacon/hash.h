/*
 * beacon/hash.h - canonical JSON and the config hash.
 *
 * Canonical JSON (the bytes the hash is taken over), no whitespace at all:
 *   - object keys lower-cased (ASCII A-Z only) and sorted by their bytes
 *     (memcmp, a shorter prefix first). Keys that are equal once lower-cased
 *     ("A" and "a" in one object) are all kept, ordered by their original
 *     bytes: the result is deterministic and such a configuration still has
 *     a hash (a duplicate key is what Traefik's case-insensitive loader sees
 *     there too);
 *   - arrays keep their order;
 *   - strings: UTF-8 bytes as they are; '"' and '\\' escaped; control bytes
 *     below 0x20 as \b \f \n \r \t or \u00xx (lower-case hex); nothing else
 *     escaped (not '/', not non-ASCII, not 0x7f);
 *   - integers in decimal ("-42"); reals in the shortest "%.{1..17}g" form
 *     that reads back to the same double ("0.1", "1.5", "1e+100", "1e-07");
 *     a real with an integral value prints like an integer ("1" for 1.0);
 *     -0.0 prints "0";
 *   - true, false, null.
 * Config hash: HMAC-SHA-256(key, canonical JSON); the first 8 bytes of the
 * MAC read as a big-endian uint64, sent as an unsigned decimal string.
 * Published vectors: tests/data/hash/vectors.json, tests/HASH_VECTORS.md.
 */
#ifndef BEACON_HASH_H
#define BEACON_HASH_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "beacon/anon.h"
#include "beacon/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Room for a uint64 in decimal plus the NUL. */
#define BEACON_HASH_DECIMAL_SIZE 21

/*
 * Canonical JSON of doc (borrowed; any JSON value). *out: new NUL-terminated
 * string (free with beacon_free), *len (may be NULL) its length.
 * BEACON_ELIMIT past BEACON_CANON_MAX_SIZE bytes or BEACON_MAX_DEPTH.
 */
BEACON_EXTERN int beacon_canonical_json(char **out, size_t *len,
					const json_t *doc,
					beacon_error_detail *err);

/*
 * HMAC-SHA-256 over the canonical JSON of doc (borrowed) with keylen bytes
 * of key (key may be NULL when keylen is 0: the empty key). *out: the first
 * 8 bytes of the MAC, big-endian.
 */
BEACON_EXTERN int beacon_hash_canonical(uint64_t *out, const json_t *doc,
					const void *key, size_t keylen,
					beacon_error_detail *err);

/*
 * The config hash of a usage report. full_config and schema are borrowed.
 * hash_key NULL or "": no fleet key; the hash is taken over the anonymized
 * configuration (beacon_anonymize with schema) with the empty key, so it
 * reveals nothing the payload does not. Otherwise: over full_config itself,
 * keyed with the bytes of hash_key, so a private fleet sees any drift,
 * secrets included; schema is then unused and may be NULL.
 */
BEACON_EXTERN int beacon_config_hash(uint64_t *out, const json_t *full_config,
				     const beacon_export_schema *schema,
				     const char *hash_key,
				     beacon_error_detail *err);

/* Write value in decimal into out (always NUL-terminated). Returns out. */
BEACON_EXTERN const char *
beacon_hash_decimal(uint64_t value, char out[BEACON_HASH_DECIMAL_SIZE]);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_HASH_H */
