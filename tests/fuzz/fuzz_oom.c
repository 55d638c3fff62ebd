/*
 * fuzz_oom - out-of-memory paths of the document pipeline. The first two
 * input bytes are an allocation budget (beacon_alloc_fail_after), the rest
 * a configuration document (format by content). Under that budget the
 * document is loaded, anonymized, hashed and dumped. Properties: no crash
 * and no leak (ASan), and every step that reports success under the budget
 * gives exactly the result it gives without one (no silently lost member).
 */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/anon.h"
#include "beacon/doc.h"
#include "beacon/hash.h"
#include "fuzz_support.h"

static void check_anonymize(const json_t *doc, long budget)
{
	json_t *want = NULL;
	json_t *got = NULL;
	char *text = NULL;
	uint64_t h = 0;
	uint64_t h2 = 0;
	int error;

	if (beacon_anonymize(&want, doc, fuzz_traefik_schema(), NULL) !=
		BEACON_OK ||
	    beacon_config_hash(&h, doc, fuzz_traefik_schema(), NULL, NULL) !=
		BEACON_OK)
		goto cleanup;
	beacon_alloc_fail_after(budget);
	error = beacon_anonymize(&got, doc, fuzz_traefik_schema(), NULL);
	beacon_alloc_fail_after(-1);
	FUZZ_CHECK(error == BEACON_OK ? json_equal(got, want) : got == NULL);
	beacon_alloc_fail_after(budget);
	error = beacon_config_hash(&h2, doc, fuzz_traefik_schema(), NULL, NULL);
	beacon_alloc_fail_after(-1);
	FUZZ_CHECK(error != BEACON_OK || h2 == h);
	beacon_alloc_fail_after(budget);
	error = beacon_anon_dump(&text, NULL, want, BEACON_DUMP_COMPACT, NULL);
	beacon_alloc_fail_after(-1);
	FUZZ_CHECK(error == BEACON_OK || text == NULL);
cleanup:
	beacon_free(text);
	json_decref(got);
	json_decref(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *want = NULL;
	json_t *got = NULL;
	long budget;
	int error;

	if (size < 2)
		return 0;
	budget = (long)(data[0] | (data[1] << 8));
	data += 2;
	size -= 2;
	if (beacon_doc_load_buffer(&want, (const char *)data, size,
				   BEACON_DOC_AUTO, "fuzz", NULL) != BEACON_OK)
		return 0;
	beacon_alloc_fail_after(budget);
	error = beacon_doc_load_buffer(&got, (const char *)data, size,
				       BEACON_DOC_AUTO, "fuzz", NULL);
	beacon_alloc_fail_after(-1);
	FUZZ_CHECK(error == BEACON_OK ? json_equal(got, want) : got == NULL);
	check_anonymize(want, budget);
	json_decref(got);
	json_decref(want);
	return 0;
}
