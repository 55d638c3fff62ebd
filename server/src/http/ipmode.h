/*
 * ipmode.h - what beacond stores of a client's IP address (privacy mode).
 *
 *   full       the address, normalized (inet_ntop text form)
 *   truncated  IPv4 to its /24, IPv6 to its /48, as an address (10.1.2.0)
 *   hashed     HMAC-SHA-256(secret, normalized address), lower-case hex,
 *              the first BEACON_IPMODE_HASH_HEX_LEN digits
 *   none       nothing (NULL is stored)
 *
 * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are treated as IPv4 in every
 * mode, so one client is one value whichever socket family it came in on.
 */
#ifndef BEACOND_IPMODE_H
#define BEACOND_IPMODE_H

#include <stddef.h>

#include "beacon/error.h"
#include "beacon/limits.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum beacond_ipmode {
	BEACOND_IPMODE_FULL = 0,
	BEACOND_IPMODE_TRUNCATED,
	BEACOND_IPMODE_HASHED,
	BEACOND_IPMODE_NONE
} beacond_ipmode;

/* Room for any result of beacond_ipmode_apply, NUL included. */
#define BEACOND_IPMODE_TEXT_MAX 64

/* "full", "truncated", "hashed", "none" (case-insensitive) -> *out.
 * BEACON_EINVAL for anything else. */
int beacond_ipmode_parse(const char *name, beacond_ipmode *out);

/* Static name of a mode ("full" ...). */
const char *beacond_ipmode_name(beacond_ipmode mode);

/*
 * Transform the textual address ip per mode into out (outlen >=
 * BEACOND_IPMODE_TEXT_MAX recommended). secret (borrowed, secret_len bytes)
 * is used by the hashed mode only and must then be non-empty. For the none
 * mode out is set to "" and *stored (if given) to NULL; otherwise *stored
 * is out. Store *stored. BEACON_EINVAL when ip does not parse (inet_pton)
 * or the hashed mode has no secret; BEACON_ELIMIT when outlen is too small.
 */
int beacond_ipmode_apply(beacond_ipmode mode, const unsigned char *secret,
			 size_t secret_len, const char *ip, char *out,
			 size_t outlen, const char **stored);

#ifdef __cplusplus
}
#endif

#endif /* BEACOND_IPMODE_H */
