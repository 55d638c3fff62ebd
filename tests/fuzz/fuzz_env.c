/*
 * fuzz_env - beacon_doc_from_env with prefix "TRAEFIK_" on an environment
 * cut from the input at NULs and newlines. An accepted document has the
 * properties of fuzz_check_doc.
 */
#include "beacon/doc.h"
#include "fuzz_support.h"

#define FUZZ_MAX_ENTRIES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = NULL;
	char **envp = NULL;
	beacon_error_detail err = { 0 };
	int error;

	beacon_error_clear(&err);
	fuzz_split(&envp, data, size, FUZZ_MAX_ENTRIES);
	error = beacon_doc_from_env(&doc, (const char *const *)envp, "TRAEFIK_",
				    &err);
	fuzz_check_loaded(error, doc, &err);
	fuzz_strv_free(envp);
	return 0;
}
