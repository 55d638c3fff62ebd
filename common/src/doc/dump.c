/*
 * doc/dump.c - a document as YAML for people (libyaml's emitter). Strings
 * that a YAML reader would take for another type are quoted, so the text
 * loads back to the same tree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "beacon/limits.h"
#include "doc/internal.h"

struct dump_ctx {
	yaml_emitter_t emitter;
	beacon_buf buf;
	int write_error; /* code of the first failed append */
};

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	struct dump_ctx *ctx = data;
	int error = beacon_buf_append(&ctx->buf, buffer, size);

	if (error < 0 && ctx->write_error == 0)
		ctx->write_error = error;
	return error == BEACON_OK;
}

/* Emit an initialised event (always consumed by libyaml). */
static int emit(struct dump_ctx *ctx, yaml_event_t *ev, int initialised)
{
	if (!initialised)
		return BEACON_ENOMEM;
	if (!yaml_emitter_emit(&ctx->emitter, ev)) {
		if (ctx->write_error < 0)
			return ctx->write_error;
		return ctx->emitter.error == YAML_MEMORY_ERROR ? BEACON_ENOMEM
							       : BEACON_ERROR;
	}
	return BEACON_OK;
}

/* True if text, written plain, would load as something else than this
 * string (a number, bool, null, the merge key), or would in YAML 1.1
 * (yes/no/on/off, 0777 octal, 1:20 sexagesimal): digit-and-punctuation strings
 * are quoted too, so any reader sees a string. */
static int needs_quotes(const char *text, size_t len)
{
	static const char *const yaml11[] = { "y",  "n",   "yes", "no",
					      "on", "off", NULL };
	json_t *typed = beacon_doc_scalar_new(text, len, 1);
	int quote = typed == NULL || !json_is_string(typed);
	size_t i;

	if (len > 0 && strspn(text, "0123456789+-._:") == len)
		quote = 1;
	/* A plain "<<" key is a merge key (fuzz_json found {"<<": 1}). */
	if (len == 2 && memcmp(text, "<<", 2) == 0)
		quote = 1;

	json_decref(typed);
	for (i = 0; !quote && yaml11[i] != NULL; i++)
		quote = strlen(yaml11[i]) == len &&
			strncasecmp(text, yaml11[i], len) == 0;
	return quote;
}

/* A scalar; typed (numbers, true, null) go out plain, strings plain when
 * that reads back as the same string, else single-quoted. */
static int emit_text(struct dump_ctx *ctx, const char *text, size_t len,
		     int typed)
{
	yaml_event_t ev;
	int plain = typed || !needs_quotes(text, len);

	return emit(ctx, &ev,
		    yaml_scalar_event_initialize(
			&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)text,
			(int)len, plain, !typed,
			plain ? YAML_ANY_SCALAR_STYLE
			      : YAML_SINGLE_QUOTED_SCALAR_STYLE));
}

/* Shortest text that reads back as d, always with '.' or an exponent. */
static void real_text(char *out, size_t outlen, double d)
{
	int prec;

	for (prec = 1; prec <= 17; prec++) {
		double back;

		snprintf(out, outlen, "%.*g", prec, d);
		back = strtod(out, NULL);
		if (!(back < d) && !(back > d))
			break;
	}
	if (strpbrk(out, ".eE") == NULL && strlen(out) + 3 <= outlen)
		memcpy(out + strlen(out), ".0", 3);
}

static int emit_scalar(struct dump_ctx *ctx, const json_t *node)
{
	char num[64];

	switch (json_typeof(node)) {
	case JSON_STRING:
		return emit_text(ctx, json_string_value(node),
				 json_string_length(node), 0);
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(node));
		return emit_text(ctx, num, strlen(num), 1);
	case JSON_REAL:
		real_text(num, sizeof(num), json_real_value(node));
		return emit_text(ctx, num, strlen(num), 1);
	case JSON_TRUE:
		return emit_text(ctx, "true", 4, 1);
	case JSON_FALSE:
		return emit_text(ctx, "false", 5, 1);
	default:
		return emit_text(ctx, "null", 4, 1);
	}
}

static int emit_node(struct dump_ctx *ctx, const json_t *node, int depth);

static int emit_object(struct dump_ctx *ctx, const json_t *node, int depth)
{
	yaml_event_t ev;
	const char *key;
	json_t *value;
	int error;

	error = emit(ctx, &ev,
		     yaml_mapping_start_event_initialize(
			 &ev, NULL, NULL, 1,
			 json_object_size(node) ? YAML_BLOCK_MAPPING_STYLE
						: YAML_FLOW_MAPPING_STYLE));
	json_object_foreach(beacon_doc_unconst(node), key, value)
	{
		if (error == BEACON_OK)
			error = emit_text(ctx, key, strlen(key), 0);
		if (error == BEACON_OK)
			error = emit_node(ctx, value, depth + 1);
	}
	if (error == BEACON_OK)
		error = emit(ctx, &ev, yaml_mapping_end_event_initialize(&ev));
	return error;
}

static int emit_array(struct dump_ctx *ctx, const json_t *node, int depth)
{
	yaml_event_t ev;
	json_t *value;
	size_t i;
	int error;

	error = emit(ctx, &ev,
		     yaml_sequence_start_event_initialize(
			 &ev, NULL, NULL, 1,
			 json_array_size(node) ? YAML_BLOCK_SEQUENCE_STYLE
					       : YAML_FLOW_SEQUENCE_STYLE));
	json_array_foreach(node, i, value)
	{
		if (error == BEACON_OK)
			error = emit_node(ctx, value, depth + 1);
	}
	if (error == BEACON_OK)
		error = emit(ctx, &ev, yaml_sequence_end_event_initialize(&ev));
	return error;
}

static int emit_node(struct dump_ctx *ctx, const json_t *node, int depth)
{
	if (depth > BEACON_MAX_DEPTH)
		return BEACON_ELIMIT;
	if (json_is_object(node))
		return emit_object(ctx, node, depth);
	if (json_is_array(node))
		return emit_array(ctx, node, depth);
	return emit_scalar(ctx, node);
}

static int emit_document(struct dump_ctx *ctx, const json_t *doc)
{
	yaml_event_t ev;
	int error;

	error =
	    emit(ctx, &ev,
		 yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	if (error == BEACON_OK)
		error = emit(ctx, &ev,
			     yaml_document_start_event_initialize(
				 &ev, NULL, NULL, NULL, 1));
	if (error == BEACON_OK)
		error = emit_node(ctx, doc, 1);
	if (error == BEACON_OK)
		error =
		    emit(ctx, &ev, yaml_document_end_event_initialize(&ev, 1));
	if (error == BEACON_OK)
		error = emit(ctx, &ev, yaml_stream_end_event_initialize(&ev));
	return error;
}

int beacon_doc_dump_yaml(char **out, const json_t *doc)
{
	struct dump_ctx ctx;
	int error;

	if (out == NULL || doc == NULL)
		return BEACON_EINVAL;
	*out = NULL;
	memset(&ctx, 0, sizeof(ctx));
	beacon_buf_init(&ctx.buf, BEACON_DOC_MAX_DUMP_SIZE);
	if (!yaml_emitter_initialize(&ctx.emitter))
		return BEACON_ENOMEM;
	yaml_emitter_set_output(&ctx.emitter, write_handler, &ctx);
	yaml_emitter_set_unicode(&ctx.emitter, 1);
	yaml_emitter_set_width(&ctx.emitter, -1);
	yaml_emitter_set_indent(&ctx.emitter, 2);
	error = emit_document(&ctx, doc);
	if (error == BEACON_OK) {
		*out = beacon_buf_detach(&ctx.buf, NULL);
		if (*out == NULL)
			error = BEACON_ENOMEM;
	}
	yaml_emitter_delete(&ctx.emitter);
	beacon_buf_dispose(&ctx.buf);
	return error;
}
