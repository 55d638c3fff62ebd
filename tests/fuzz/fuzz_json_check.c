/*
 * fuzz_json_check - beacon_json_compact against Jansson on every input.
 * Properties: it accepts exactly when json_loadb(JSON_REJECT_DUPLICATES)
 * gives an object nested at most BEACON_MAX_DEPTH deep; an accepted text
 * compacts to a text Jansson parses to an equal object, with no byte of
 * insignificant whitespace left (it equals Jansson's own compact dump in
 * length when no string holds an escape Jansson would write otherwise, so
 * only the tree is compared) and no longer than the input; compacting the
 * result again changes nothing.
 * One quirk of Jansson 2.14 is excluded: it skips a NUL byte that follows
 * a number or a literal ({"n":1<NUL>} loads), which the checker refuses,
 * so for inputs with a NUL byte only "checker accepts => Jansson accepts"
 * is asserted.
 */
#include <stdlib.h>
#include <string.h>

#include "beacon/json_check.h"
#include "beacon/limits.h"
#include "fuzz_support.h"

static int depth_of(json_t *json)
{
	int max = 0, d;
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_object(json)) {
		json_object_foreach(json, key, v)
		{
			d = depth_of(v);
			max = d > max ? d : max;
		}
		return max + 1;
	}
	if (json_is_array(json)) {
		json_array_foreach(json, i, v)
		{
			d = depth_of(v);
			max = d > max ? d : max;
		}
		return max + 1;
	}
	return 0;
}

/* Jansson's verdict: 1 when the checker must accept the text. */
static int jansson_accepts(const uint8_t *data, size_t size, json_t **out)
{
	json_error_t jerr;

	*out =
	    json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	return *out != NULL && json_is_object(*out) &&
	       depth_of(*out) <= BEACON_MAX_DEPTH;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	json_t *want = NULL, *got = NULL;
	size_t len = 0, again = 0;
	int error, expect;

	FUZZ_CHECK(text != NULL);
	memcpy(text, data, size);
	expect = jansson_accepts(data, size, &want);
	error = beacon_json_compact(text, size, BEACON_MAX_DEPTH, &len, NULL);
	if (memchr(data, '\0', size) == NULL)
		FUZZ_CHECK((error == BEACON_OK) == expect);
	else
		FUZZ_CHECK(error != BEACON_OK || expect);
	if (error == BEACON_OK) {
		FUZZ_CHECK(len <= size);
		got = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
		FUZZ_CHECK(got != NULL && json_equal(got, want));
		FUZZ_CHECK(beacon_json_compact(text, len, BEACON_MAX_DEPTH,
					       &again, NULL) == BEACON_OK);
		FUZZ_CHECK(again == len);
	} else {
		FUZZ_CHECK(error == BEACON_EINVAL || error == BEACON_ELIMIT ||
			   error == BEACON_ENOMEM);
	}
	json_decref(got);
	json_decref(want);
	free(text);
	return 0;
}
