/*
 * fuzz_anonymize - the leak property of beacon_anonymize.
 *
 * The input is loaded as a configuration document (format by content:
 * JSON, TOML or YAML). Canaries are then planted, guided by the export
 * schema file itself (schema/traefik-static.export.yaml, walked here
 * independently of the library):
 *   - at every position the schema does not export as a leaf, string
 *     values become "canary-secret-<n>" and a member holding one is added;
 *   - at exported leaves, strings get " 10.66.77.88", " alice@example.org"
 *     or " https://leak.example.net/x" appended (the masking pass must
 *     remove them);
 *   - every object gets a member whose key is one of those three;
 *   - every object that is not a "*" map (where keys are user-chosen and
 *     kept by design) gets a member whose KEY is "canary-secret-key-<n>"
 *     (a plain token masking cannot catch: the schema does not name it,
 *     so the key must go with its value).
 * The document is anonymized with the embedded Traefik schema and dumped
 * compactly; finding any canary in that text (case-insensitively) aborts.
 * Inputs that already contain a canary text are skipped.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "beacon/alloc.h"
#include "beacon/anon.h"
#include "beacon/doc.h"
#include "fuzz_support.h"

/* Plantings per input; bounds the work on large documents. */
#define FUZZ_MAX_PLANTS 256
#define FUZZ_SECRET "canary-secret-"

static const char *const masked_canaries[] = { "10.66.77.88",
					       "alice@example.org",
					       "https://leak.example.net/x" };
#define FUZZ_NMASKED (sizeof(masked_canaries) / sizeof(masked_canaries[0]))

static beacon_export_schema *schema;
static json_t *schema_doc; /* the "export" mapping of the schema file */

typedef struct planter {
	unsigned n;
} planter;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	beacon_error_detail err = { 0 };
	json_t *file = NULL;

	(void)argc;
	(void)argv;
	FUZZ_CHECK(beacon_export_schema_traefik(&schema, &err) == BEACON_OK);
	if (beacon_doc_load_file(
		&file, BEACON_SOURCE_DIR "/schema/traefik-static.export.yaml",
		BEACON_DOC_YAML, &err) != BEACON_OK) {
		fprintf(stderr, "schema file: %s\n", err.text);
		abort();
	}
	schema_doc = json_incref(json_object_get(file, "export"));
	FUZZ_CHECK(json_is_object(schema_doc));
	json_decref(file);
	return 0;
}

/* The schema node for member key of an object described by node, or NULL
 * when the member is not exported. */
static json_t *schema_child(json_t *node, const char *key)
{
	const char *k;
	json_t *v;

	if (!json_is_object(node))
		return NULL;
	json_object_foreach(node, k, v)
	{
		if (strcasecmp(k, key) == 0)
			return v;
	}
	return json_object_get(node, "*");
}

static int is_keep(const json_t *node)
{
	return json_is_string(node) &&
	       strcmp(json_string_value(node), "keep") == 0;
}

static json_t *secret(planter *p)
{
	char text[64];

	snprintf(text, sizeof(text), FUZZ_SECRET "%u", p->n++);
	return json_string(text);
}

static json_t *masked(planter *p, const char *prefix)
{
	const char *canary = masked_canaries[p->n++ % FUZZ_NMASKED];
	size_t len = strlen(prefix) + strlen(canary) + 2;
	char *text = malloc(len);
	json_t *value;

	FUZZ_CHECK(text != NULL);
	snprintf(text, len, "%s%s%s", prefix, *prefix ? " " : "", canary);
	value = json_string(text);
	free(text);
	return value;
}

static void plant(planter *p, json_t *node, json_t *sch, int exported);

/* A secret written as a key where the schema names no such key. */
static void plant_key(planter *p, json_t *obj, json_t *sch, int exported)
{
	char key[64];

	if (exported && json_object_get(sch, "*") != NULL)
		return;
	snprintf(key, sizeof(key), FUZZ_SECRET "key-%u", p->n++);
	json_object_set_new(obj, key, secret(p));
}

/* Replace or extend the string value of a member or element. */
static json_t *planted_string(planter *p, const json_t *value, json_t *sch,
			      int exported)
{
	if (exported && is_keep(sch))
		return masked(p, json_string_value(value));
	return secret(p);
}

static void plant_object(planter *p, json_t *obj, json_t *sch, int exported)
{
	const char *key;
	json_t *value;
	json_t *extra;
	const char *newkey;

	json_object_foreach(obj, key, value)
	{
		json_t *child = exported ? schema_child(sch, key) : NULL;

		if (p->n >= FUZZ_MAX_PLANTS)
			return;
		if (json_is_string(value))
			json_object_set_new(
			    obj, key,
			    planted_string(p, value, child, child != NULL));
		else
			plant(p, value, child, child != NULL);
	}
	plant_key(p, obj, sch, exported);
	newkey = masked_canaries[p->n % FUZZ_NMASKED];
	if (json_object_get(obj, newkey) != NULL)
		return;
	extra = exported && is_keep(schema_child(sch, newkey)) ? masked(p, "")
							       : secret(p);
	json_object_set_new(obj, newkey, extra);
}

static void plant_array(planter *p, json_t *arr, json_t *sch, int exported)
{
	size_t i;
	json_t *value;
	json_t *elem = is_keep(sch) ? sch : json_object_get(sch, "[]");

	exported = exported && elem != NULL;
	json_array_foreach(arr, i, value)
	{
		if (p->n >= FUZZ_MAX_PLANTS)
			return;
		if (json_is_string(value))
			json_array_set_new(
			    arr, i, planted_string(p, value, elem, exported));
		else
			plant(p, value, is_keep(elem) ? NULL : elem,
			      exported && !is_keep(elem));
	}
}

static void plant(planter *p, json_t *node, json_t *sch, int exported)
{
	if (json_is_object(node))
		plant_object(p, node, sch, exported && json_is_object(sch));
	else if (json_is_array(node))
		plant_array(p, node, sch, exported);
}

/* 1 if the len bytes at s contain needle, ASCII case-insensitively. */
static int contains_ci(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	size_t i;
	size_t j;

	for (i = 0; i + n <= len; i++) {
		for (j = 0; j < n; j++)
			if (tolower((unsigned char)s[i + j]) != needle[j])
				break;
		if (j == n)
			return 1;
	}
	return 0;
}

static int has_canary(const char *text, size_t len)
{
	size_t i;

	if (contains_ci(text, len, FUZZ_SECRET) ||
	    contains_ci(text, len, "leak.example"))
		return 1;
	for (i = 0; i < FUZZ_NMASKED; i++)
		if (contains_ci(text, len, masked_canaries[i]))
			return 1;
	return 0;
}

static void check_no_leak(const json_t *doc)
{
	json_t *anon = NULL;
	char *text = NULL;
	size_t len = 0;
	beacon_error_detail err = { 0 };
	int error = beacon_anonymize(&anon, doc, schema, &err);

	if (error == BEACON_ELIMIT)
		return;
	FUZZ_CHECK(error == BEACON_OK);
	error = beacon_anon_dump(&text, &len, anon, BEACON_DUMP_COMPACT, &err);
	if (error != BEACON_ELIMIT) {
		FUZZ_CHECK(error == BEACON_OK);
		if (has_canary(text, len))
			fprintf(stderr, "leak in anonymized output:\n%s\n",
				text);
		FUZZ_CHECK(!has_canary(text, len));
	}
	beacon_free(text);
	json_decref(anon);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = NULL;
	char *input = fuzz_strndup(data, size);
	planter p = { 0 };

	if (!has_canary(input, size) &&
	    beacon_doc_load_buffer(&doc, input, size, BEACON_DOC_AUTO, "fuzz",
				   NULL) == BEACON_OK) {
		plant(&p, doc, schema_doc, 1);
		check_no_leak(doc);
	}
	json_decref(doc);
	free(input);
	return 0;
}
