/*
 * fuzz_version - beacon_version_parsen on up to three versions cut from the
 * input at newlines or NULs. Properties:
 *   - the canonical form (beacon_version_format) parses back to the same
 *     value and formats identically (when it fits BEACON_VERSION_MAX_LEN);
 *   - compare is reflexive and antisymmetric, except for go-version's
 *     documented "01" vs "1" quirk (the left one ranks lower either way);
 *   - compare is transitive on triples where none of go-version's
 *     documented quirks applies (equal segment counts, no prerelease a
 *     prefix of another, no numerically equal identifiers spelled apart).
 */
#include <string.h>

#include "beacon/version.h"
#include "fuzz_support.h"

#define FUZZ_VERSIONS 3

static void check_format_round_trip(const beacon_version *v)
{
	char text[BEACON_VERSION_FORMAT_SIZE];
	char again[BEACON_VERSION_FORMAT_SIZE];
	beacon_version back;

	FUZZ_CHECK(beacon_version_format(v, text, sizeof(text)) == BEACON_OK);
	if (strlen(text) > BEACON_VERSION_MAX_LEN)
		return;
	FUZZ_CHECK(beacon_version_parse(&back, text) == BEACON_OK);
	FUZZ_CHECK(beacon_version_compare(v, &back) == 0);
	FUZZ_CHECK(back.nsegments == v->nsegments);
	FUZZ_CHECK(strcmp(back.prerelease, v->prerelease) == 0);
	FUZZ_CHECK(strcmp(back.metadata, v->metadata) == 0);
	FUZZ_CHECK(beacon_version_format(&back, again, sizeof(again)) ==
		   BEACON_OK);
	FUZZ_CHECK(strcmp(text, again) == 0);
}

static void check_pair(const beacon_version *a, const beacon_version *b)
{
	int ab = beacon_version_compare(a, b);
	int ba = beacon_version_compare(b, a);

	FUZZ_CHECK(ab >= -1 && ab <= 1);
	if (!fuzz_version_quirky(a, b))
		FUZZ_CHECK(ab == -ba);
}

static void check_triple(const beacon_version *a, const beacon_version *b,
			 const beacon_version *c)
{
	if (!fuzz_version_orderable(a, b) || !fuzz_version_orderable(b, c) ||
	    !fuzz_version_orderable(a, c))
		return;
	if (beacon_version_compare(a, b) <= 0 &&
	    beacon_version_compare(b, c) <= 0)
		FUZZ_CHECK(beacon_version_compare(a, c) <= 0);
	if (beacon_version_compare(a, b) == 0 &&
	    beacon_version_compare(b, c) == 0)
		FUZZ_CHECK(beacon_version_compare(a, c) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	beacon_version v[FUZZ_VERSIONS];
	char **parts = NULL;
	size_t nparts = fuzz_split(&parts, data, size, FUZZ_VERSIONS);
	size_t n = 0;
	size_t i;
	size_t j;

	for (i = 0; i < nparts; i++) {
		if (beacon_version_parsen(&v[n], parts[i], strlen(parts[i])) !=
		    BEACON_OK)
			continue;
		FUZZ_CHECK(beacon_version_compare(&v[n], &v[n]) == 0);
		check_format_round_trip(&v[n]);
		n++;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			check_pair(&v[i], &v[j]);
	if (n == FUZZ_VERSIONS) {
		check_triple(&v[0], &v[1], &v[2]);
		check_triple(&v[0], &v[2], &v[1]);
		check_triple(&v[1], &v[0], &v[2]);
		check_triple(&v[1], &v[2], &v[0]);
		check_triple(&v[2], &v[0], &v[1]);
		check_triple(&v[2], &v[1], &v[0]);
	}
	if (beacon_version_parsen(&v[0], (const char *)data, size) == BEACON_OK)
		check_format_round_trip(&v[0]);
	fuzz_strv_free(parts);
	return 0;
}
