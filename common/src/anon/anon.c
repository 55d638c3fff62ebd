/*
 * anon.c - the schema-driven anonymizer (rules: beacon/anon.h). The masking
 * pass runs inline: every string and every key that is kept goes through
 * beacon_mask_string() as it is copied into the output tree.
 */
#include "beacon/anon.h"

#include "anon/schema_rules.h"
#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "beacon/limits.h"
#include "beacon/mask.h"
#include "util/jsonx.h"

typedef struct walk {
	beacon_error_detail *err;
} walk;

static int walk_value(json_t **out, const json_t *value, const json_t *rule,
		      const walk *w, int depth);
static int walk_array(json_t **out, const json_t *value, const json_t *rule,
		      const walk *w, int depth);

static int no_memory(const walk *w)
{
	return beacon_error_set(w->err, BEACON_ENOMEM, "anonymize", 0, 0,
				"out of memory");
}

/* On failure release the partial result. Returns error. */
static int drop_on_error(json_t **out, int error)
{
	if (error != BEACON_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return error;
}

static int is_scalar(const json_t *value)
{
	return !json_is_object(value) && !json_is_array(value);
}

static int all_elements(const json_t *array, int (*pred)(const json_t *))
{
	size_t i;

	for (i = 0; i < json_array_size(array); i++)
		if (!pred(json_array_get(array, i)))
			return 0;
	return 1;
}

static int is_string(const json_t *value)
{
	return json_is_string(value);
}

/* The non-exported rule. *out stays NULL when the value is dropped. */
static int redact(json_t **out, const json_t *value, const walk *w)
{
	size_t i, n = json_array_size(value);
	int error = BEACON_OK;

	*out = NULL;
	if (json_is_string(value) && json_string_length(value) > 0) {
		*out = json_string(BEACON_ANON_REDACTED);
		return *out == NULL ? no_memory(w) : BEACON_OK;
	}
	if (!json_is_array(value) || n == 0 || !all_elements(value, is_string))
		return BEACON_OK;
	*out = json_array();
	if (*out == NULL)
		return no_memory(w);
	for (i = 0; i < n && error == BEACON_OK; i++)
		if (json_array_append_new(
			*out, json_string(BEACON_ANON_REDACTED)) < 0)
			error = no_memory(w);
	return drop_on_error(out, error);
}

static int masked_string(json_t **out, const char *s, size_t len, const walk *w)
{
	char *masked = NULL;
	size_t masked_len = 0;

	*out = NULL;
	if (beacon_mask_string(&masked, &masked_len, s, len, NULL) == BEACON_OK)
		*out = json_stringn_nocheck(masked, masked_len);
	beacon_free(masked);
	return *out == NULL ? no_memory(w) : BEACON_OK;
}

/* An exported scalar: strings masked, numbers/booleans/null copied. */
static int keep_scalar(json_t **out, const json_t *value, const walk *w)
{
	if (json_is_string(value))
		return masked_string(out, json_string_value(value),
				     json_string_length(value), w);
	*out = json_copy(jsonx_mut(value));
	return *out == NULL ? no_memory(w) : BEACON_OK;
}

/* A scalar, or an array of scalars walked element by element with the
 * same "keep" rule; anything deeper is not exported. */
static int keep_leaf(json_t **out, const json_t *value, const json_t *rule,
		     const walk *w, int depth)
{
	if (is_scalar(value))
		return keep_scalar(out, value, w);
	if (json_is_array(value) && all_elements(value, is_scalar))
		return walk_array(out, value, rule, w, depth);
	return redact(out, value, w);
}

/* Add one member under its masked key; a masked duplicate is dropped.
 * Steals value, also on failure (as json_object_set_new does). */
static int put_member(json_t *obj, const char *key, size_t key_len,
		      json_t *value, const walk *w)
{
	char *masked = NULL;
	size_t masked_len = 0;
	int error = BEACON_OK;

	if (beacon_mask_string(&masked, &masked_len, key, key_len, NULL) < 0) {
		json_decref(value);
		error = no_memory(w);
	} else if (json_object_getn(obj, masked, masked_len) != NULL) {
		json_decref(value);
	} else if (json_object_setn_new_nocheck(obj, masked, masked_len,
						value) < 0) {
		error = no_memory(w); /* Jansson released value */
	}
	beacon_free(masked);
	return error;
}

/* A member is kept only when the schema names its key at this position
 * (or a "*" there matches it) and does not say "drop": an unknown key goes
 * with its value, so a secret written as a key never leaves the host. */
static int key_is_kept(const json_t *child)
{
	schema_rule_kind kind = schema_rule_kind_of(child);

	return kind != SCHEMA_RULE_NONE && kind != SCHEMA_RULE_DROP;
}

static int walk_object(json_t **out, const json_t *value, const json_t *rule,
		       const walk *w, int depth)
{
	const char *key;
	size_t key_len;
	json_t *member, *kept = NULL;
	const json_t *child;
	int error = BEACON_OK;

	*out = json_object();
	if (*out == NULL)
		return no_memory(w);
	json_object_keylen_foreach(jsonx_mut(value), key, key_len, member)
	{
		child = schema_rule_member(rule, key, key_len);
		if (!key_is_kept(child))
			continue;
		error = walk_value(&kept, member, child, w, depth + 1);
		if (error == BEACON_OK && kept != NULL)
			error = put_member(*out, key, key_len, kept, w);
		if (error != BEACON_OK)
			break;
	}
	return drop_on_error(out, error);
}

static int walk_array(json_t **out, const json_t *value, const json_t *rule,
		      const walk *w, int depth)
{
	json_t *kept = NULL;
	size_t i;
	int error = BEACON_OK;

	*out = json_array();
	if (*out == NULL)
		return no_memory(w);
	for (i = 0; i < json_array_size(value) && error == BEACON_OK; i++) {
		error = walk_value(&kept, json_array_get(value, i), rule, w,
				   depth + 1);
		if (error == BEACON_OK && kept != NULL &&
		    json_array_append_new(*out, kept) < 0)
			error = no_memory(w);
	}
	return drop_on_error(out, error);
}

/* An exported object rule: objects walked, arrays walked with "[]", null
 * kept (an enabled empty section), anything else anonymized. */
static int walk_container(json_t **out, const json_t *value, const json_t *rule,
			  const walk *w, int depth)
{
	if (json_is_object(value))
		return walk_object(out, value, rule, w, depth);
	if (json_is_array(value) && schema_rule_element(rule) != NULL)
		return walk_array(out, value, schema_rule_element(rule), w,
				  depth);
	if (json_is_null(value)) {
		*out = json_null();
		return BEACON_OK;
	}
	return redact(out, value, w);
}

static int walk_value(json_t **out, const json_t *value, const json_t *rule,
		      const walk *w, int depth)
{
	*out = NULL;
	if (depth > BEACON_MAX_DEPTH)
		return beacon_error_set(
		    w->err, BEACON_ELIMIT, "anonymize", 0, 0,
		    "configuration nested deeper than %d", BEACON_MAX_DEPTH);
	switch (schema_rule_kind_of(rule)) {
	case SCHEMA_RULE_OBJECT:
		return walk_container(out, value, rule, w, depth);
	case SCHEMA_RULE_KEEP:
		return keep_leaf(out, value, rule, w, depth);
	case SCHEMA_RULE_DROP:
		return BEACON_OK;
	case SCHEMA_RULE_REDACT:
	case SCHEMA_RULE_NONE:
	default:
		return redact(out, value, w);
	}
}

int beacon_anonymize(json_t **out, const json_t *config,
		     const beacon_export_schema *schema,
		     beacon_error_detail *err)
{
	walk w = { err };

	*out = NULL;
	if (!json_is_object(config) || schema == NULL)
		return beacon_error_set(err, BEACON_EINVAL, "anonymize", 0, 0,
					"a configuration is an object");
	return walk_object(out, config, schema_rule_root(schema), &w, 1);
}

static int dump_to_buf(const char *text, size_t size, void *data)
{
	return beacon_buf_append(data, text, size) == BEACON_OK ? 0 : -1;
}

int beacon_anon_dump(char **out, size_t *len, const json_t *doc,
		     beacon_dump_style style, beacon_error_detail *err)
{
	beacon_buf buf = BEACON_BUF_INIT(BEACON_ANON_DUMP_MAX);
	size_t flags =
	    style == BEACON_DUMP_PRETTY ? JSON_INDENT(2) : JSON_COMPACT;

	int error = BEACON_OK;

	*out = NULL;
	if (json_dump_callback(doc, dump_to_buf, &buf,
			       flags | JSON_ENCODE_ANY) < 0)
		error = beacon_error_set(err, BEACON_ELIMIT, "dump", 0, 0,
					 "JSON text over %u bytes or no memory",
					 (unsigned)BEACON_ANON_DUMP_MAX);
	else if (style == BEACON_DUMP_PRETTY)
		error = beacon_buf_putc(&buf, '\n');
	if (error == BEACON_OK) {
		*out = beacon_buf_detach(&buf, len);
		if (*out == NULL)
			error = beacon_error_set(err, BEACON_ENOMEM, "dump", 0,
						 0, "out of memory");
	}
	beacon_buf_dispose(&buf);
	return error;
}
