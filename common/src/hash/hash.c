/*
 * hash.c - the config hash: HMAC-SHA-256 over canonical JSON, first 8 bytes
 * big-endian (rules in beacon/hash.h and DESIGN.md "Config hash").
 */
#include "beacon/hash.h"

#include <limits.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

#include "beacon/alloc.h"

#define HASH_PREFIX_BYTES 8

int beacon_hash_canonical(uint64_t *out, const json_t *doc, const void *key,
			  size_t keylen, beacon_error_detail *err)
{
	static const unsigned char empty_key[1] = { 0 };
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0, i;
	char *canon = NULL;
	size_t canon_len = 0;
	int error;

	*out = 0;
	if (keylen > INT_MAX)
		return beacon_error_set(err, BEACON_EINVAL, "hash", 0, 0,
					"hash key too long");
	error = beacon_canonical_json(&canon, &canon_len, doc, err);
	if (error < 0)
		goto cleanup;
	if (HMAC(EVP_sha256(), keylen ? key : empty_key, (int)keylen,
		 (const unsigned char *)canon, canon_len, mac,
		 &mac_len) == NULL ||
	    mac_len < HASH_PREFIX_BYTES) {
		error = beacon_error_set(err, BEACON_ERROR, "hash", 0, 0,
					 "HMAC-SHA-256 failed");
		goto cleanup;
	}
	for (i = 0; i < HASH_PREFIX_BYTES; i++)
		*out = (*out << 8) | mac[i];
cleanup:
	beacon_free(canon);
	return error;
}

int beacon_config_hash(uint64_t *out, const json_t *full_config,
		       const beacon_export_schema *schema, const char *hash_key,
		       beacon_error_detail *err)
{
	json_t *anon = NULL;
	int error;

	*out = 0;
	if (hash_key != NULL && hash_key[0] != '\0')
		return beacon_hash_canonical(out, full_config, hash_key,
					     strlen(hash_key), err);
	error = beacon_anonymize(&anon, full_config, schema, err);
	if (error == BEACON_OK)
		error = beacon_hash_canonical(out, anon, NULL, 0, err);
	json_decref(anon);
	return error;
}

const char *beacon_hash_decimal(uint64_t value,
				char out[BEACON_HASH_DECIMAL_SIZE])
{
	char digits[BEACON_HASH_DECIMAL_SIZE];
	size_t n = 0, i;

	do {
		digits[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	for (i = 0; i < n; i++)
		out[i] = digits[n - 1 - i];
	out[n] = '\0';
	return out;
}
