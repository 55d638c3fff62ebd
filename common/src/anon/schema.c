/*
 * schema.c - export schemas: validation of the document form and the rule
 * lookups the anonymizer uses. Loading from YAML text is in schema_load.c.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "anon/schema_rules.h"
#include "beacon/alloc.h"
#include "beacon/anon.h"
#include "beacon/limits.h"
#include "util/jsonx.h"

#define SCHEMA_FORMAT "beacon-export-schema/1"
#define SCHEMA_ANY_KEY "*"
#define SCHEMA_ELEMENT_KEY "[]"
#define SCHEMA_PATH_MAX 160

struct beacon_export_schema {
	json_t *rules; /* owned copy of the "export" tree */
};

static schema_rule_kind kind_of_word(const char *word)
{
	if (strcmp(word, "keep") == 0)
		return SCHEMA_RULE_KEEP;
	if (strcmp(word, "redact") == 0)
		return SCHEMA_RULE_REDACT;
	if (strcmp(word, "drop") == 0)
		return SCHEMA_RULE_DROP;
	return SCHEMA_RULE_NONE;
}

static int check_rules(const json_t *rule, char *path, size_t path_len,
		       int depth, beacon_error_detail *err)
{
	const char *key;
	size_t key_len, used = strlen(path);
	json_t *child;
	int error = BEACON_OK;

	if (depth > BEACON_MAX_DEPTH)
		return beacon_error_set(err, BEACON_ELIMIT, "schema", 0, 0,
					"export.%s: nested too deeply", path);
	json_object_keylen_foreach(jsonx_mut(rule), key, key_len, child)
	{
		snprintf(path + used, path_len - used, "%s%.*s",
			 used ? "." : "", (int)key_len, key);
		if (json_is_object(child))
			error =
			    check_rules(child, path, path_len, depth + 1, err);
		else if (!json_is_string(child) ||
			 kind_of_word(json_string_value(child)) ==
			     SCHEMA_RULE_NONE)
			error =
			    beacon_error_set(err, BEACON_EINVAL, "schema", 0, 0,
					     "export.%s: expected a mapping, "
					     "keep, redact or drop",
					     path);
		path[used] = '\0';
		if (error != BEACON_OK)
			break;
	}
	return error;
}

static int check_doc(const json_t *doc, beacon_error_detail *err)
{
	const char *format = json_string_value(json_object_get(doc, "format"));
	char path[SCHEMA_PATH_MAX] = "";

	if (!json_is_object(doc))
		return beacon_error_set(err, BEACON_EINVAL, "schema", 0, 0,
					"a schema is a mapping");
	if (format == NULL || strcmp(format, SCHEMA_FORMAT) != 0)
		return beacon_error_set(err, BEACON_EINVAL, "schema", 0, 0,
					"format: expected \"%s\"",
					SCHEMA_FORMAT);
	if (!json_is_object(json_object_get(doc, "export")))
		return beacon_error_set(err, BEACON_EINVAL, "schema", 0, 0,
					"export: expected a mapping");
	return check_rules(json_object_get(doc, "export"), path, sizeof(path),
			   1, err);
}

int beacon_export_schema_load_doc(beacon_export_schema **out, const json_t *doc,
				  beacon_error_detail *err)
{
	beacon_export_schema *schema = NULL;
	int error;

	*out = NULL;
	error = check_doc(doc, err);
	if (error < 0)
		goto cleanup;
	schema = beacon_calloc(1, sizeof(*schema));
	if (schema != NULL)
		schema->rules = json_deep_copy(json_object_get(doc, "export"));
	if (schema == NULL || schema->rules == NULL) {
		error = beacon_error_set(err, BEACON_ENOMEM, "schema", 0, 0,
					 "out of memory");
		goto cleanup;
	}
	*out = schema;
	schema = NULL;
cleanup:
	beacon_export_schema_free(schema);
	return error;
}

void beacon_export_schema_free(beacon_export_schema *schema)
{
	if (schema == NULL)
		return;
	json_decref(schema->rules);
	beacon_free(schema);
}

const json_t *schema_rule_root(const beacon_export_schema *schema)
{
	return schema->rules;
}

schema_rule_kind schema_rule_kind_of(const json_t *rule)
{
	if (rule == NULL)
		return SCHEMA_RULE_NONE;
	if (json_is_object(rule))
		return SCHEMA_RULE_OBJECT;
	return kind_of_word(json_string_value(rule));
}

const json_t *schema_rule_member(const json_t *rule, const char *key,
				 size_t key_len)
{
	const char *name;
	size_t name_len;
	json_t *child;

	if (!json_is_object(rule))
		return NULL;
	json_object_keylen_foreach(jsonx_mut(rule), name, name_len, child)
	{
		if (name_len == key_len &&
		    strncasecmp(name, key, key_len) == 0 &&
		    strcmp(name, SCHEMA_ANY_KEY) != 0 &&
		    strcmp(name, SCHEMA_ELEMENT_KEY) != 0)
			return child;
	}
	return json_object_get(rule, SCHEMA_ANY_KEY);
}

const json_t *schema_rule_element(const json_t *rule)
{
	return json_object_get(rule, SCHEMA_ELEMENT_KEY);
}
