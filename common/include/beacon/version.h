/*
 * beacon/version.h - version strings parsed and ordered as hashicorp/
 * go-version's NewVersion and Compare do (what Traefik's update check uses).
 *
 * Accepted syntax (go-version's VersionRegexpRaw, anchored):
 *
 *   v?  N(.N)*  ( -P | P' )?  ( +M )?
 *
 * - N: decimal digits, leading zeros allowed ("1.02.3" is 1.2.3); each
 *   value at most INT64_MAX (go-version parses segments with ParseInt).
 *   Fewer than 3 segments are padded with zeros ("v3.1" is 3.1.0); more are
 *   kept ("1.2.3.4").
 * - P: prerelease, dot-separated non-empty identifiers of [0-9A-Za-z~-];
 *   P' is the same without the dash, starting with a letter, '~' or '-'
 *   ("1.2.3beta" has prerelease "beta"). As in go-version, a lone trailing
 *   dash is itself a prerelease ("1.2.3-" has prerelease "-").
 * - M: build metadata, dot-separated identifiers of [0-9A-Za-z~-].
 * - no surrounding space, no other character, at most BEACON_VERSION_MAX_LEN
 *   bytes; "dev" is not a version.
 *
 * Ordering (go-version's Compare, including its quirks):
 * - numeric segments compare numerically, missing ones count as zero;
 * - only when both versions have the same number of segments and equal
 *   values does the prerelease decide: a release ranks above its
 *   prereleases ("1.2.3" > "1.2.3-rc.1"). With different segment counts
 *   and equal values, the versions compare equal whatever their
 *   prereleases ("1.2.3.0-rc" == "1.2.3");
 * - prerelease identifiers compare left to right: numeric ones (go's
 *   ParseInt: optional '-', digits, int64 range) numerically and below
 *   alphanumeric ones; alphanumeric ones by bytes. Numerically equal but
 *   differently spelled numbers ("01" vs "1") rank the left one lower,
 *   whichever is left. When one list runs out, a missing identifier ranks
 *   below a numeric one and above an alphanumeric one ("rc" < "rc.1" but
 *   "rc" > "rc.beta");
 * - build metadata never matters.
 * The canonical form (beacon_version_format) is go-version's String():
 * segments without leading zeros, padded to 3, "-" prerelease when present,
 * "+" metadata when present (kept, although it does not order).
 */
#ifndef BEACON_VERSION_H
#define BEACON_VERSION_H

#include <stddef.h>
#include <stdint.h>

#include "beacon/error.h"
#include "beacon/limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A parsed version: a plain value, no heap, copyable with '='. Fields are
 * read-only for callers; fill it only with beacon_version_parse().
 */
typedef struct beacon_version {
	uint64_t segments[BEACON_VERSION_MAX_SEGMENTS]; /* each <= INT64_MAX */
	size_t nsegments;                               /* >= 3 */
	char prerelease[BEACON_VERSION_MAX_LEN + 1];    /* "" when none */
	char metadata[BEACON_VERSION_MAX_LEN + 1];      /* "" when none */
} beacon_version;

/*
 * Parse the NUL-terminated string s into *out (borrowed, overwritten).
 * BEACON_EPARSE when s is not a version (see above), BEACON_EINVAL when out
 * or s is NULL. On error *out is zeroed.
 */
BEACON_EXTERN int beacon_version_parse(beacon_version *out, const char *s);

/* Same for len bytes of s, which need not be NUL-terminated; an embedded
 * NUL byte is a parse error. */
BEACON_EXTERN int beacon_version_parsen(beacon_version *out, const char *s,
					size_t len);

/* -1, 0 or 1 as a ranks below, equal to or above b (go-version Compare). */
BEACON_EXTERN int beacon_version_compare(const beacon_version *a,
					 const beacon_version *b);

/* 1 if v has a prerelease part, else 0. */
BEACON_EXTERN int beacon_version_is_prerelease(const beacon_version *v);

/*
 * Write the canonical string of v into out (outlen bytes, always
 * NUL-terminated when outlen > 0). BEACON_VERSION_FORMAT_SIZE bytes always
 * suffice. BEACON_ELIMIT if out is too small (out is then "").
 */
BEACON_EXTERN int beacon_version_format(const beacon_version *v, char *out,
					size_t outlen);

/*
 * The release selection of the version check (Traefik's checkNewVersion):
 * walk tags (borrowed, ntags entries, newest first as the releases API
 * lists them) in order; skip prerelease tags unless running is itself a
 * prerelease; *index_out = index of the first tag greater than running.
 * Returns BEACON_OK with *index_out set; BEACON_ENOTFOUND when no tag is
 * greater (up to date); BEACON_EDISABLED when running is "dev" (never
 * checks); BEACON_EPARSE when running does not parse, or when a tag met
 * before the match does not parse (NULL included: Traefik aborts on any
 * unparseable tag); BEACON_EINVAL for NULL index_out/running, or NULL tags
 * with ntags > 0.
 */
BEACON_EXTERN int beacon_version_select(size_t *index_out, const char *running,
					const char *const *tags, size_t ntags);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_VERSION_H */
