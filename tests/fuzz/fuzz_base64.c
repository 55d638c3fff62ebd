/*
 * fuzz_base64 - beacon_base64_decode on arbitrary text. Properties: an
 * accepted text is the canonical encoding of what it decodes to
 * (encode(decode(s)) == s), and decode(encode(x)) == x for the raw input.
 */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/base64.h"
#include "fuzz_support.h"

static void check_decode(const uint8_t *data, size_t size)
{
	void *bytes = NULL;
	size_t nbytes = 0;
	char *text = NULL;
	size_t ntext = 0;
	int error =
	    beacon_base64_decode(&bytes, &nbytes, (const char *)data, size);

	if (error != BEACON_OK) {
		FUZZ_CHECK(bytes == NULL && nbytes == 0);
		return;
	}
	FUZZ_CHECK(((const char *)bytes)[nbytes] == '\0');
	FUZZ_CHECK(beacon_base64_encode(&text, &ntext, bytes, nbytes) ==
		   BEACON_OK);
	FUZZ_CHECK(ntext == size && memcmp(text, data, size) == 0);
	beacon_free(text);
	beacon_free(bytes);
}

static void check_encode(const uint8_t *data, size_t size)
{
	char *text = NULL;
	size_t ntext = 0;
	void *bytes = NULL;
	size_t nbytes = 0;

	FUZZ_CHECK(beacon_base64_encode(&text, &ntext, data, size) ==
		   BEACON_OK);
	FUZZ_CHECK(ntext == strlen(text) && ntext % 4 == 0);
	FUZZ_CHECK(beacon_base64_decode(&bytes, &nbytes, text, ntext) ==
		   BEACON_OK);
	FUZZ_CHECK(nbytes == size);
	FUZZ_CHECK(size == 0 || memcmp(bytes, data, size) == 0);
	beacon_free(bytes);
	beacon_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_decode(data, size);
	check_encode(data, size);
	return 0;
}
