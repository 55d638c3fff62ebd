/*
 * fuzz_rfc3339 - beacond's catalog timestamps (server/src/catalog/rfc3339.c).
 * Properties: an accepted timestamp formats (when its year is in
 * 0..9999) to text that parses back to the same second, and that text is
 * a fixed point of parse and format.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/rfc3339.h"
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	char out[BEACOND_RFC3339_LEN + 1];
	char again[BEACOND_RFC3339_LEN + 1];
	int64_t t = 0;
	int64_t back = 0;

	if (beacond_rfc3339_parse(text, &t) == BEACON_OK &&
	    beacond_rfc3339_format(t, out, sizeof(out)) == BEACON_OK) {
		FUZZ_CHECK(beacond_rfc3339_parse(out, &back) == BEACON_OK);
		FUZZ_CHECK(back == t);
		FUZZ_CHECK(beacond_rfc3339_format(back, again, sizeof(again)) ==
			   BEACON_OK);
		FUZZ_CHECK(strcmp(out, again) == 0);
	}
	free(text);
	return 0;
}
