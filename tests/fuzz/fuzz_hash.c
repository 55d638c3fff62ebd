/*
 * fuzz_hash - the config hash is a function of the document, not of its
 * spelling. The input is loaded as a configuration document (format by
 * content); the document is written out again as compact JSON, indented
 * JSON and YAML, each text is loaded back, and all three hashes (plain
 * canonical, anonymized with the Traefik schema, keyed with a fleet key)
 * must equal the original's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/anon.h"
#include "beacon/doc.h"
#include "beacon/hash.h"
#include "fuzz_support.h"

typedef struct hashes {
	uint64_t canonical;
	uint64_t anonymized;
	uint64_t keyed;
} hashes;

/* 0, or BEACON_ELIMIT when a size limit stops one of the hashes. */
static int hash_all(hashes *h, const json_t *doc)
{
	int error = beacon_hash_canonical(&h->canonical, doc, "", 0, NULL);

	if (error == BEACON_OK)
		error = beacon_config_hash(&h->anonymized, doc,
					   fuzz_traefik_schema(), NULL, NULL);
	if (error == BEACON_OK)
		error =
		    beacon_config_hash(&h->keyed, doc, NULL, "fleet-key", NULL);
	FUZZ_CHECK(error == BEACON_OK || error == BEACON_ELIMIT);
	return error;
}

static void check_reloaded(const hashes *want, const char *text,
			   beacon_doc_format format)
{
	json_t *back = NULL;
	beacon_error_detail err = { 0 };
	hashes got;
	int error = beacon_doc_load_buffer(&back, text, strlen(text), format,
					   "reserialized", &err);

	if (error != BEACON_OK)
		fprintf(stderr, "reload failed: %s\n%s\n", err.text, text);
	FUZZ_CHECK(error == BEACON_OK);
	if (hash_all(&got, back) == BEACON_OK) {
		FUZZ_CHECK(got.canonical == want->canonical);
		FUZZ_CHECK(got.anonymized == want->anonymized);
		FUZZ_CHECK(got.keyed == want->keyed);
	}
	json_decref(back);
}

static void check_json_text(const hashes *want, const json_t *doc, size_t flags)
{
	char *text = json_dumps(doc, flags);

	if (text == NULL)
		return; /* a string holding NUL: JSON text cannot carry it */
	check_reloaded(want, text, BEACON_DOC_JSON);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = NULL;
	char *yaml = NULL;
	hashes h;

	if (beacon_doc_load_buffer(&doc, (const char *)data, size,
				   BEACON_DOC_AUTO, "fuzz", NULL) != BEACON_OK)
		return 0;
	if (hash_all(&h, doc) == BEACON_OK) {
		check_json_text(&h, doc, JSON_COMPACT);
		check_json_text(&h, doc, JSON_INDENT(2));
		if (beacon_doc_dump_yaml(&yaml, doc) == BEACON_OK)
			check_reloaded(&h, yaml, BEACON_DOC_YAML);
	}
	beacon_free(yaml);
	json_decref(doc);
	return 0;
}
