/* payload/payload.c - the usage report body: the member table
 * (payload/fields.h), decode + validate. The member rules themselves live
 * in check.c, encoding in encode.c. */
#include "beacon/payload.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "beacon/alloc.h"
#include "payload/check.h"
#include "payload/envelope.h"
#include "payload/fields.h"

#define STRING_FIELD(wire, member, kind, required, min, max)                 \
	{                                                                    \
		wire, offsetof(beacon_payload, member), kind, required, min, \
		    max                                                      \
	}

const beacon_payload_field beacon_payload_fields[] = {
	STRING_FIELD("version", version, BEACON_FIELD_TEXT, 1, 1,
		     BEACON_PAYLOAD_MAX_VERSION),
	STRING_FIELD("codename", codename, BEACON_FIELD_TEXT, 1, 0,
		     BEACON_PAYLOAD_MAX_CODENAME),
	STRING_FIELD("buildDate", build_date, BEACON_FIELD_TEXT, 1, 0,
		     BEACON_PAYLOAD_MAX_BUILD_DATE),
	STRING_FIELD("configuration", configuration, BEACON_FIELD_CONFIGURATION,
		     1, 0, 0),
	{ "hash", offsetof(beacon_payload, hash), BEACON_FIELD_HASH, 1, 0, 0 },
	STRING_FIELD("product", product, BEACON_FIELD_PRODUCT, 0, 0, 0),
	STRING_FIELD("os", os, BEACON_FIELD_TEXT, 0, 1, BEACON_PAYLOAD_MAX_OS),
	STRING_FIELD("arch", arch, BEACON_FIELD_TEXT, 0, 1,
		     BEACON_PAYLOAD_MAX_ARCH),
	{ "schemaVersion", offsetof(beacon_payload, schema_version),
	  BEACON_FIELD_SCHEMA_VERSION, 0, 0, 0 },
	STRING_FIELD("instanceId", instance_id, BEACON_FIELD_ID, 0, 0, 0),
	STRING_FIELD("reportId", report_id, BEACON_FIELD_ID, 0, 0, 0),
};

const size_t beacon_payload_field_count =
    sizeof(beacon_payload_fields) / sizeof(beacon_payload_fields[0]);

int beacon_payload_field_is_string(const beacon_payload_field *f)
{
	return f->kind == BEACON_FIELD_TEXT ||
	       f->kind == BEACON_FIELD_CONFIGURATION ||
	       f->kind == BEACON_FIELD_PRODUCT || f->kind == BEACON_FIELD_ID;
}

char **beacon_payload_field_string(beacon_payload *p,
				   const beacon_payload_field *f)
{
	return (char **)(void *)((char *)p + f->offset);
}

/* The string member f of p, read only. */
static const char *field_value(const beacon_payload *p,
			       const beacon_payload_field *f)
{
	/* Does not modify p; the cast only shares the offset arithmetic. */
	return *beacon_payload_field_string((beacon_payload *)(uintptr_t)p, f);
}

int beacon_payload_new(beacon_payload **out)
{
	if (out == NULL)
		return BEACON_EINVAL;
	*out = beacon_calloc(1, sizeof(**out));
	return *out == NULL ? BEACON_ENOMEM : BEACON_OK;
}

void beacon_payload_dispose(beacon_payload *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < beacon_payload_field_count; i++)
		if (beacon_payload_field_is_string(&beacon_payload_fields[i]))
			beacon_free(*beacon_payload_field_string(
			    p, &beacon_payload_fields[i]));
	beacon_free(p->config_text);
	memset(p, 0, sizeof(*p));
}

void beacon_payload_free(beacon_payload *p)
{
	beacon_payload_dispose(p);
	beacon_free(p);
}

/*
 * One string member's value s (len bytes) against its rule. The decoded
 * configuration is handed to p (config_text, config_len) when p is given.
 */
static int check_member(const beacon_payload_field *r, const char *s,
			size_t len, beacon_payload *p, unsigned *depth,
			beacon_error_detail *err)
{
	char *text = NULL;
	size_t textlen = 0;
	int error;

	switch (r->kind) {
	case BEACON_FIELD_CONFIGURATION:
		error = beacon_payload_decode_config_text(&text, &textlen,
							  depth, s, len, err);
		if (error == BEACON_OK && p != NULL) {
			beacon_free(p->config_text);
			p->config_text = text;
			p->config_len = textlen;
			text = NULL;
		}
		beacon_free(text);
		return error;
	case BEACON_FIELD_PRODUCT:
		return beacon_payload_check_product(s, len, err);
	case BEACON_FIELD_ID:
		return beacon_payload_check_id(r->name, s, len, err);
	default: /* BEACON_FIELD_TEXT; callers pass string kinds only */
		break;
	}
	return beacon_payload_check_text(r->name, s, len, r->min, r->max, err);
}

static int check_schema_version(json_int_t v, beacon_error_detail *err)
{
	if (v >= 1 && v <= BEACON_PAYLOAD_MAX_SCHEMA_VERSION)
		return BEACON_OK;
	return beacon_error_set(err, BEACON_EINVAL, "schemaVersion", 0, 0,
				"schemaVersion must be an integer from 1 to %d",
				BEACON_PAYLOAD_MAX_SCHEMA_VERSION);
}

static int missing(const char *name, beacon_error_detail *err)
{
	return beacon_error_set(err, BEACON_EINVAL, name, 0, 0,
				"%s is required", name);
}

static int not_a_string(const char *name, beacon_error_detail *err)
{
	return beacon_error_set(err, BEACON_EINVAL, name, 0, 0,
				"%s must be a string", name);
}

/* One member of p against its row, as the decoder would check it. */
static int validate_field(const beacon_payload *p,
			  const beacon_payload_field *f,
			  beacon_error_detail *err)
{
	const char *s;

	if (f->kind == BEACON_FIELD_HASH)
		return BEACON_OK; /* every uint64_t is a valid hash */
	if (f->kind == BEACON_FIELD_SCHEMA_VERSION)
		return p->schema_version != 0
			   ? check_schema_version(p->schema_version, err)
			   : BEACON_OK;
	s = field_value(p, f);
	if (s == NULL)
		return f->required ? missing(f->name, err) : BEACON_OK;
	/* Bounded: a longer string fails its limit either way. */
	/* Validation only: no payload to fill, no depth to report. */
	return check_member(f, s, strnlen(s, BEACON_PAYLOAD_MAX_BODY + 1), NULL,
			    NULL, err);
}

int beacon_payload_validate(const beacon_payload *p, beacon_error_detail *err)
{
	size_t i;
	int error = BEACON_OK;

	beacon_error_clear(err);
	if (p == NULL)
		return beacon_error_set(err, BEACON_EINVAL, "body", 0, 0,
					"no payload");
	for (i = 0; i < beacon_payload_field_count && error == BEACON_OK; i++)
		error = validate_field(p, &beacon_payload_fields[i], err);
	return error;
}

/* Sanitize a parser message for a one-line, ASCII error text. */
static void printable(char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
	}
}

static int parse_error(const json_error_t *jerr, unsigned long failures,
		       const char *body, size_t len, beacon_error_detail *err)
{
	enum json_error_code code = json_error_code(jerr);
	char name[BEACON_ERROR_SOURCE_MAX], text[JSON_ERROR_TEXT_LENGTH];
	int rc = BEACON_EPARSE;

	if (beacon_payload_jansson_oom(jerr, failures))
		return beacon_error_set(err, BEACON_ENOMEM, "body", 0, 0,
					"out of memory");
	if (code == json_error_stack_overflow)
		rc = BEACON_ELIMIT;
	snprintf(text, sizeof(text), "%s", jerr->text);
	printable(text);
	beacon_payload_locate(name, sizeof(name), body, len,
			      jerr->position > 0 ? (size_t)jerr->position : 0);
	if (strcmp(name, "body") == 0)
		return beacon_error_set(err, rc, name, jerr->line, jerr->column,
					"body is not valid JSON: %s", text);
	return beacon_error_set(err, rc, name, jerr->line, jerr->column,
				"invalid JSON in %s: %s", name, text);
}

/* Parse the body into a JSON object within the depth limit. */
static int load_body(json_t **out, const char *body, size_t len,
		     beacon_error_detail *err)
{
	unsigned long failures = beacon_alloc_thread_failures();
	json_error_t jerr;
	json_t *root;
	const char *key;
	void *it;

	/* Jansson leaves the code byte unset on some early failures. */
	memset(&jerr, 0, sizeof(jerr));
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return parse_error(&jerr, failures, body, len, err);
	*out = root;
	if (!json_is_object(root))
		return beacon_error_set(err, BEACON_EINVAL, "body", 0, 0,
					"body must be a JSON object");
	for (it = json_object_iter(root); it != NULL;
	     it = json_object_iter_next(root, it)) {
		key = json_object_iter_key(it);
		if (beacon_payload_too_deep(json_object_iter_value(it), 2))
			return beacon_error_set(err, BEACON_ELIMIT, key, 0, 0,
						"%s nests deeper than %d", key,
						BEACON_MAX_DEPTH);
	}
	return BEACON_OK;
}

/* Copy string member m of the envelope into out after checking it. */
static int take_member(beacon_payload *out, const beacon_envelope *env,
		       const beacon_payload_field *f, unsigned *depth,
		       beacon_error_detail *err)
{
	const char *name = f->name;
	char **slot = beacon_payload_field_string(out, f);
	json_t *value = NULL;
	const char *s = env->config;
	size_t len = env->config_len;
	int error;

	if (f->kind != BEACON_FIELD_CONFIGURATION || s == NULL) {
		value = json_object_get(env->root, name);
		if (value == NULL)
			return f->required ? missing(name, err) : BEACON_OK;
		if (!json_is_string(value))
			return not_a_string(name, err);
		s = json_string_value(value);
		len = json_string_length(value);
	}
	error = check_member(f, s, len, out, depth, err);
	if (error < 0)
		return error;
	*slot = beacon_strndup(s, len);
	if (*slot == NULL)
		return beacon_error_set(err, BEACON_ENOMEM, name, 0, 0,
					"out of memory");
	return BEACON_OK;
}

static int take_hash(beacon_payload *out, const json_t *root,
		     beacon_error_detail *err)
{
	json_t *value = json_object_get(root, "hash");

	if (value == NULL)
		return missing("hash", err);
	if (!json_is_string(value))
		return not_a_string("hash", err);
	return beacon_payload_parse_hash(&out->hash, json_string_value(value),
					 json_string_length(value), err);
}

static int take_schema_version(beacon_payload *out, const json_t *root,
			       beacon_error_detail *err)
{
	json_t *value = json_object_get(root, "schemaVersion");
	int error;

	if (value == NULL)
		return BEACON_OK;
	if (!json_is_integer(value))
		return check_schema_version(0, err);
	error = check_schema_version(json_integer_value(value), err);
	if (error == BEACON_OK)
		out->schema_version = (int)json_integer_value(value);
	return error;
}

/* The members in wire order, so the first bad one is the one reported. */
static int take_members(beacon_payload *out, const beacon_envelope *env,
			unsigned *config_depth, beacon_error_detail *err)
{
	const beacon_payload_field *f;
	size_t i;
	int error = BEACON_OK;

	for (i = 0; i < beacon_payload_field_count && error == BEACON_OK; i++) {
		f = &beacon_payload_fields[i];
		if (f->kind == BEACON_FIELD_HASH)
			error = take_hash(out, env->root, err);
		else if (f->kind == BEACON_FIELD_SCHEMA_VERSION)
			error = take_schema_version(out, env->root, err);
		else
			error = take_member(out, env, f, config_depth, err);
	}
	return error;
}

/* The texts of the opts->max_depth refusals (see payload.h). */
#define DEPTH_TEXT_BODY "JSON nesting exceeds the depth limit"
#define DEPTH_TEXT_CONFIG "configuration nesting exceeds the depth limit"

static int too_deep_body(beacon_error_detail *err)
{
	return beacon_error_set(err, BEACON_ELIMIT, NULL, 0, 0,
				DEPTH_TEXT_BODY);
}

int beacon_payload_error_is_depth(int code, const beacon_error_detail *err)
{
	return code == BEACON_ELIMIT && err != NULL &&
	       (strcmp(err->text, DEPTH_TEXT_BODY) == 0 ||
		strcmp(err->text, DEPTH_TEXT_CONFIG) == 0);
}

/* The body's nesting against max (0: none) where no check measured it. */
static int scan_depth(const char *body, size_t len, unsigned max,
		      beacon_error_detail *err)
{
	if (max != 0 && beacon_payload_text_depth(body, len) > max)
		return too_deep_body(err);
	return BEACON_OK;
}

/* The envelope of body: the fast path, else a scan for max and Jansson. */
static int load_envelope(beacon_envelope *env, const char *body, size_t len,
			 unsigned max, beacon_error_detail *err)
{
	int error;

	if (beacon_envelope_load(env, body, len) == BEACON_OK)
		return max != 0 && env->depth > max ? too_deep_body(err)
						    : BEACON_OK;
	error = scan_depth(body, len, max, err);
	if (error == BEACON_OK)
		error = load_body(&env->root, body, len, err);
	return error;
}

static int decode_body(beacon_payload *out, const char *body, size_t len,
		       unsigned max, beacon_error_detail *err)
{
	beacon_envelope env = BEACON_ENVELOPE_INIT;
	unsigned config_depth = 0;
	int error;

	if (len > BEACON_PAYLOAD_MAX_BODY) {
		error = scan_depth(body, len, max, err);
		return error < 0
			   ? error
			   : beacon_error_set(err, BEACON_ELIMIT, "body", 0, 0,
					      "body must be at most %u bytes",
					      BEACON_PAYLOAD_MAX_BODY);
	}
	error = load_envelope(&env, body, len, max, err);
	if (error == BEACON_OK)
		error = take_members(out, &env, &config_depth, err);
	if (error == BEACON_OK && max != 0 && config_depth > max)
		error = beacon_error_set(err, BEACON_ELIMIT, "configuration", 0,
					 0, DEPTH_TEXT_CONFIG);
	beacon_envelope_dispose(&env);
	return error;
}

int beacon_payload_decode_opts(beacon_payload *out, const char *body,
			       size_t len,
			       const beacon_payload_decode_options *opts,
			       beacon_error_detail *err)
{
	int error;

	beacon_error_clear(err);
	if (out == NULL || (body == NULL && len > 0) ||
	    (opts != NULL &&
	     opts->version != BEACON_PAYLOAD_DECODE_OPTIONS_VERSION))
		return beacon_error_set(err, BEACON_EINVAL, "body", 0, 0,
					"no body");
	memset(out, 0, sizeof(*out));
	error = decode_body(out, body == NULL ? "" : body, len,
			    opts != NULL ? opts->max_depth : 0, err);
	if (error < 0)
		beacon_payload_dispose(out);
	return error;
}

int beacon_payload_decode(beacon_payload *out, const char *body, size_t len,
			  beacon_error_detail *err)
{
	return beacon_payload_decode_opts(out, body, len, NULL, err);
}

int beacon_payload_config(json_t **out, const beacon_payload *p,
			  beacon_error_detail *err)
{
	if (out != NULL)
		*out = NULL;
	if (out == NULL || p == NULL || p->configuration == NULL)
		return beacon_error_set(err, BEACON_EINVAL, "configuration", 0,
					0, "configuration is required");
	if (p->config_text != NULL)
		return beacon_payload_parse_config(out, p->config_text,
						   p->config_len, err);
	return beacon_payload_decode_config(
	    out, p->configuration,
	    strnlen(p->configuration, BEACON_PAYLOAD_MAX_CONFIGURATION + 1),
	    err);
}

const char *beacon_payload_config_text(const beacon_payload *p, size_t *len)
{
	if (p == NULL || p->config_text == NULL)
		return NULL;
	if (len != NULL)
		*len = p->config_len;
	return p->config_text;
}
