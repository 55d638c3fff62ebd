/*
 * fuzz_releases - the client's handling of a releases answer
 * (beacon_check_parse, no network). The first line of the input is the
 * running version, the rest the response body. Properties: the status is
 * one of the three, UNKNOWN carries an error and a reason, and an update
 * answer names a tag that parses and ranks above the running version, and
 * latest is that tag's canonical form.
 */
#include <stdlib.h>
#include <string.h>

#include "beacon/version.h"
#include "client_internal.h"
#include "fuzz_support.h"

static void check_update(const beacon_check_result *r, const char *running)
{
	beacon_version have;
	beacon_version latest;
	beacon_version tag;
	char canonical[BEACON_VERSION_FORMAT_SIZE];

	FUZZ_CHECK(memchr(r->latest, '\0', sizeof(r->latest)) != NULL);
	FUZZ_CHECK(memchr(r->url, '\0', sizeof(r->url)) != NULL);
	if (strlen(r->latest) + 1 >= sizeof(r->latest))
		return; /* cut to the result's buffer */
	FUZZ_CHECK(beacon_version_parse(&have, running) == BEACON_OK);
	FUZZ_CHECK(memchr(r->tag, '\0', sizeof(r->tag)) != NULL);
	FUZZ_CHECK(beacon_version_parse(&tag, r->tag) == BEACON_OK);
	FUZZ_CHECK(beacon_version_compare(&tag, &have) > 0);
	/* The canonical form adds up to ".0.0" and "-": a tag near the length
	 * limit can have one longer than the parser takes ("3nEEE...E.1" ->
	 * "3.0.0-nEEE...E.1"). Within the limit it parses to the same. */
	if (strlen(r->latest) <= BEACON_VERSION_MAX_LEN) {
		FUZZ_CHECK(beacon_version_parse(&latest, r->latest) ==
			   BEACON_OK);
		FUZZ_CHECK(beacon_version_compare(&latest, &tag) == 0);
	}
	/* latest is the tag's canonical form (go-version's String()) */
	FUZZ_CHECK(beacon_version_format(&tag, canonical, sizeof(canonical)) ==
		   BEACON_OK);
	FUZZ_CHECK(strcmp(canonical, r->latest) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t cut = nl != NULL ? (size_t)(nl - data) : size;
	char *running = fuzz_strndup(data, cut);
	const char *body = (const char *)data + (cut < size ? cut + 1 : size);
	beacon_check_result r;
	int error;

	memset(&r, 0, sizeof(r));
	error = beacon_check_parse(&r, running, body,
				   size - (size_t)(body - (const char *)data));
	FUZZ_CHECK(r.status == BEACON_CHECK_UNKNOWN ||
		   r.status == BEACON_CHECK_UP_TO_DATE ||
		   r.status == BEACON_CHECK_UPDATE_AVAILABLE);
	if (error != 0) {
		FUZZ_CHECK(r.status == BEACON_CHECK_UNKNOWN && r.error != 0);
		FUZZ_CHECK(memchr(r.reason, '\0', sizeof(r.reason)) != NULL);
	} else if (r.status == BEACON_CHECK_UPDATE_AVAILABLE) {
		check_update(&r, running);
	}
	free(running);
	return 0;
}
