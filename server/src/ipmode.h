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
#ifndef BEACON_SERVER_IPMODE_H
#define BEACON_SERVER_IPMODE_H

#include <stddef.h>

#include "beacon/error.h"
#include "beacon/limits.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum beacon_ipmode {
	BEACON_IPMODE_FULL = 0,
	BEACON_IPMODE_TRUNCATED,
	BEACON_IPMODE_HASHED,
	BEACON_IPMODE_NONE
} beacon_ipmode;

/* Room for any result of beacon_ipmode_apply, NUL included. */
#define BEACON_IPMODE_TEXT_MAX 64

/* "full", "truncated", "hashed", "none" (case-insensitive) -> *out.
 * BEACON_EINVAL for anything else. */
int beacon_ipmode_parse(const char *name, beacon_ipmode *out);

/* Static name of a mode ("full" ...). */
const char *beacon_ipmode_name(beacon_ipmode mode);

/*
 * Transform the textual address ip per mode into out (outlen >=
 * BEACON_IPMODE_TEXT_MAX recommended). secret (borrowed, secret_len bytes)
 * is used by the hashed mode only and must then be non-empty. For the none
 * mode out is set to "" and *stored (if given) to NULL; otherwise *stored
 * is out. Store *stored. BEACON_EINVAL when ip does not parse (inet_pton)
 * or the hashed mode has no secret; BEACON_ELIMIT when outlen is too small.
 */
int beacon_ipmode_apply(beacon_ipmode mode, const unsigned char *secret,
			size_t secret_len, const char *ip, char *out,
			size_t outlen, const char **stored);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_SERVER_IPMODE_H */
