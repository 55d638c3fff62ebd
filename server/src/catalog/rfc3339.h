/*
 * rfc3339.h - RFC 3339 timestamps <-> Unix seconds, for the catalog.
 */
#ifndef BEACOND_RFC3339_H
#define BEACOND_RFC3339_H

#include <stddef.h>
#include <stdint.h>

/* "2024-07-01T00:00:00Z" plus the NUL. */
#define BEACOND_RFC3339_LEN 21

/*
 * Parse "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" ('T' and 'Z' in
 * either case; the fraction is dropped) into Unix seconds. BEACON_EPARSE
 * on anything else, including out-of-range fields.
 */
int beacond_rfc3339_parse(const char *text, int64_t *out);

/* Format t as "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out (>= BEACOND_RFC3339_LEN
 * bytes). Years outside 0..9999 give BEACON_EINVAL. */
int beacond_rfc3339_format(int64_t t, char *out, size_t outlen);

#endif /* BEACOND_RFC3339_H */
