/*
 * fuzz_flags - beacon_doc_from_flags on an argv cut from the input at NULs
 * and newlines. An accepted document has the properties of
 * fuzz_check_doc.
 */
#include "beacon/doc.h"
#include "fuzz_support.h"

/* More arguments than any real command line; keeps runs fast. */
#define FUZZ_MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = NULL;
	char **argv = NULL;
	beacon_error_detail err = { 0 };
	size_t argc = fuzz_split(&argv, data, size, FUZZ_MAX_ARGS);
	int error = beacon_doc_from_flags(&doc, (int)argc,
					  (const char *const *)argv, &err);

	fuzz_check_loaded(error, doc, &err);
	fuzz_strv_free(argv);
	return 0;
}
