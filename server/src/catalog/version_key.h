/*
 * version_key.h - a text key per version whose byte order (SQLite's BINARY
 * collation, memcmp) is go-version's order, so SQL compares versions with <.
 *
 * Layout: BEACOND_VERSION_KEY_SEGMENTS numeric segments, each a length letter
 * ('a' = 1 digit ... 's' = 19) and the digits without leading zeros; then
 * '~' for a release, or '-' and the prerelease identifiers for a
 * prerelease: a numeric identifier is '1', a length letter and its digits,
 * an alphanumeric one '3', its text and '!', and the list ends with '0'.
 * That ranks a release above its prereleases and, identifier by
 * identifier, end of list < numeric < alphanumeric. Build metadata is
 * ignored. "v3.1.0" -> "a3a1a0a0a0a0~".
 *
 * go-version's order is not transitive at one point, so no key can follow
 * it everywhere: it ranks a missing identifier below a numeric one ("rc" <
 * "rc.1", kept here) but above an alphanumeric one ("rc" > "rc.beta"; here
 * "rc" < "rc.beta", as in SemVer). Also: a negative numeric identifier
 * ("rc.-1") sorts as text, and "1.2.3.0-rc" sorts below "1.2.3" (go-version
 * calls them equal).
 */
#ifndef BEACOND_VERSION_KEY_H
#define BEACOND_VERSION_KEY_H

#include <stddef.h>

#include "beacon/error.h"

/* Segments kept in a key; a version with more non-zero segments has none. */
#define BEACOND_VERSION_KEY_SEGMENTS 6
/* Room for the key of any version of up to BEACON_RELEASE_TAG_MAX bytes. */
#define BEACOND_VERSION_KEY_MAX 512

/*
 * Write the key of version into out (outlen bytes, NUL-terminated).
 * BEACON_EPARSE when version is not a go-version version (e.g. "dev"),
 * BEACON_ELIMIT when it is too long or has too many segments.
 */
int beacond_version_key(const char *version, char *out, size_t outlen);

#endif /* BEACOND_VERSION_KEY_H */
