/* payload/encode.c - the usage report body as the client sends it, and the
 * configuration member built from a JSON object. */
#include <stdint.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/base64.h"
#include "beacon/buf.h"
#include "beacon/payload.h"
#include "payload/check.h"
#include "payload/fields.h"

/* Largest compact JSON whose base64 fits the configuration limit. */
#define CONFIG_JSON_MAX (BEACON_PAYLOAD_MAX_CONFIGURATION / 4u * 3u)

/* json_dump_callback sink into a bounded buffer; keeps the first error. */
struct sink {
	beacon_buf buf;
	int error;
};

static int sink_write(const char *data, size_t size, void *payload)
{
	struct sink *sink = payload;

	sink->error = beacon_buf_append(&sink->buf, data, size);
	return sink->error < 0 ? -1 : 0;
}

/* Compact JSON of json into a new string (free with beacon_free). */
static int dump_compact(char **out, size_t *len, const json_t *json, size_t max)
{
	struct sink sink;
	int error = BEACON_OK;

	beacon_buf_init(&sink.buf, max);
	sink.error = BEACON_OK;
	if (json_dump_callback(json, sink_write, &sink, JSON_COMPACT) != 0)
		error = sink.error < 0 ? sink.error : BEACON_ENOMEM;
	if (error == BEACON_OK) {
		*out = beacon_buf_detach(&sink.buf, len);
		if (*out == NULL)
			error = BEACON_ENOMEM;
	}
	beacon_buf_dispose(&sink.buf);
	return error;
}

int beacon_payload_set_config(beacon_payload *p, const json_t *config)
{
	char *text = NULL, *b64 = NULL;
	size_t len = 0;
	int error;

	if (p == NULL || !json_is_object(config))
		return BEACON_EINVAL;
	if (beacon_payload_too_deep(config, 1))
		return BEACON_ELIMIT;
	error = dump_compact(&text, &len, config, CONFIG_JSON_MAX);
	if (error < 0)
		goto cleanup;
	error = beacon_base64_encode(&b64, NULL, text, len);
	if (error < 0)
		goto cleanup;
	beacon_free(p->configuration);
	p->configuration = b64;
	beacon_free(p->config_text); /* no longer the decoded configuration */
	p->config_text = NULL;
	p->config_len = 0;
cleanup:
	beacon_free(text);
	return error;
}

/* Add a string member unless value is NULL; -1 on allocation failure. */
static int add_string(json_t *obj, const char *name, const char *value)
{
	if (value == NULL)
		return 0;
	return json_object_set_new(obj, name, json_string(value));
}

/* Add member f of p to obj (absent optional members are left out); -1 on
 * allocation failure. */
static int add_field(json_t *obj, const beacon_payload *p,
		     const beacon_payload_field *f)
{
	char hash[BEACON_PAYLOAD_MAX_HASH + 1];

	if (f->kind == BEACON_FIELD_HASH) {
		beacon_payload_format_hash(hash, p->hash);
		return add_string(obj, f->name, hash);
	}
	if (f->kind == BEACON_FIELD_SCHEMA_VERSION)
		return p->schema_version == 0
			   ? 0
			   : json_object_set_new(
				 obj, f->name, json_integer(p->schema_version));
	/* Read only: the cast shares the offset arithmetic. */
	return add_string(
	    obj, f->name,
	    *beacon_payload_field_string((beacon_payload *)(uintptr_t)p, f));
}

/* The body object, members in wire order; NULL on allocation failure. */
static json_t *body_object(const beacon_payload *p)
{
	json_t *obj = json_object();
	int rc = obj == NULL ? -1 : 0;
	size_t i;

	for (i = 0; rc == 0 && i < beacon_payload_field_count; i++)
		rc = add_field(obj, p, &beacon_payload_fields[i]);
	if (rc != 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

int beacon_payload_encode(char **out, size_t *len, const beacon_payload *p)
{
	json_t *obj = NULL;
	size_t n = 0;
	int error;

	if (out == NULL)
		return BEACON_EINVAL;
	*out = NULL;
	error = beacon_payload_validate(p, NULL);
	if (error < 0)
		goto cleanup;
	obj = body_object(p);
	if (obj == NULL) {
		error = BEACON_ENOMEM;
		goto cleanup;
	}
	error = dump_compact(out, &n, obj, BEACON_PAYLOAD_MAX_BODY);
	if (error == BEACON_OK && len != NULL)
		*len = n;
cleanup:
	json_decref(obj);
	return error;
}
