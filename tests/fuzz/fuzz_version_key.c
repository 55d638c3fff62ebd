/*
 * fuzz_version_key - beacond's SQL sort key of a version
 * (server/src/catalog/version_key.c). Two versions are cut from the input at a
 * newline or NUL. Properties: a version with a key parses; when both have
 * keys and none of the quirks listed in version_key.h and beacon/version.h
 * applies (different segment counts, prefix prereleases, numerically equal
 * identifiers spelled apart, negative numeric identifiers), memcmp of the
 * keys orders them as beacon_version_compare does.
 */
#include <string.h>

#include "beacon/version.h"
#include "catalog/version_key.h"
#include "fuzz_support.h"

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

/* 1 when a prerelease identifier starts with '-' ("rc.-1", "-"). */
static int has_dash_ident(const beacon_version *v)
{
	const char *p = v->prerelease;

	return p[0] == '-' || strstr(p, ".-") != NULL;
}

static int keyed(beacon_version *v, char *key, size_t keylen, const char *text)
{
	if (beacond_version_key(text, key, keylen) != BEACON_OK)
		return 0;
	FUZZ_CHECK(beacon_version_parse(v, text) == BEACON_OK);
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **parts = NULL;
	size_t n = fuzz_split(&parts, data, size, 2);
	char ka[BEACOND_VERSION_KEY_MAX];
	char kb[BEACOND_VERSION_KEY_MAX];
	beacon_version a;
	beacon_version b;

	if (n == 2 && keyed(&a, ka, sizeof(ka), parts[0]) &&
	    keyed(&b, kb, sizeof(kb), parts[1]) &&
	    fuzz_version_orderable(&a, &b) && !has_dash_ident(&a) &&
	    !has_dash_ident(&b))
		FUZZ_CHECK(sign(strcmp(ka, kb)) ==
			   beacon_version_compare(&a, &b));
	fuzz_strv_free(parts);
	return 0;
}
