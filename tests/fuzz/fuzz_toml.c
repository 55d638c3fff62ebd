/*
 * fuzz_toml - beacon_doc_load_buffer with BEACON_DOC_TOML on arbitrary text.
 * An accepted document must be an object whose YAML dump loads back to an
 * equal tree and whose canonical JSON is a fixed point (fuzz_check_doc);
 * a refused one must leave *out NULL and a NUL-terminated error text.
 */
#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_load_buffer(data, size, BEACON_DOC_TOML, "fuzz.toml");
	return 0;
}
