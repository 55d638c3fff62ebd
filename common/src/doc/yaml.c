/*
 * doc/yaml.c - YAML loader on libyaml's event parser.
 *
 * The tree is built with an explicit stack of open collections (no
 * recursion on input nesting). Rules are documented in beacon/doc.h.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "beacon/alloc.h"
#include "beacon/limits.h"
#include "doc/internal.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

struct frame {
	json_t *node;   /* object or array being filled (owned) */
	json_t *index;  /* objects: lower-cased key -> line of first use */
	json_t *merges; /* objects: mappings named by "<<", in order */
	char *key;      /* objects: pending key, NULL while expecting one */
	int key_is_merge;
	yaml_mark_t key_mark;
	char *anchor; /* registered when the collection ends */
};

struct yaml_ctx {
	yaml_parser_t parser;
	const char *data;
	size_t len;
	const char *name;
	beacon_error_detail *err;
	struct frame stack[BEACON_MAX_DEPTH];
	int depth;
	json_t *root;
	json_t *anchors; /* anchor name -> node */
	size_t alias_nodes;
	int documents;
};

__attribute__((format(printf, 4, 5))) static int fail(struct yaml_ctx *ctx,
						      int code,
						      const yaml_mark_t *mark,
						      const char *fmt, ...)
{
	char text[BEACON_ERROR_TEXT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return beacon_error_set(ctx->err, code, ctx->name,
				mark ? (int)mark->line + 1 : 0,
				mark ? (int)mark->column + 1 : 0, "%s", text);
}

static int nomem(struct yaml_ctx *ctx, const yaml_mark_t *mark)
{
	return fail(ctx, BEACON_ENOMEM, mark, "out of memory");
}

/* 1-based position of a byte offset, for reader errors without a mark. */
static yaml_mark_t mark_of_offset(const struct yaml_ctx *ctx, size_t off)
{
	yaml_mark_t m = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < off && i < ctx->len; i++) {
		if (ctx->data[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (((unsigned char)ctx->data[i] & 0xC0) != 0x80) {
			m.column++;
		}
	}
	m.index = off;
	return m;
}

static int parser_failed(struct yaml_ctx *ctx)
{
	const yaml_parser_t *p = &ctx->parser;
	yaml_mark_t mark = p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR)
		return nomem(ctx, NULL);
	if (p->error == YAML_READER_ERROR)
		mark = mark_of_offset(ctx, p->problem_offset);
	if (p->context != NULL)
		return fail(ctx, BEACON_EPARSE, &mark, "%s (%s at line %d)",
			    p->problem ? p->problem : "syntax error",
			    p->context, (int)p->context_mark.line + 1);
	return fail(ctx, BEACON_EPARSE, &mark, "%s",
		    p->problem ? p->problem : "syntax error");
}

static char *lower_dup(const char *s)
{
	char *copy = beacon_strdup(s);
	char *c;

	for (c = copy; c != NULL && *c != '\0'; c++)
		*c = (char)tolower((unsigned char)*c);
	return copy;
}

static void frame_dispose(struct frame *f)
{
	json_decref(f->node);
	json_decref(f->index);
	json_decref(f->merges);
	beacon_free(f->key);
	beacon_free(f->anchor);
	memset(f, 0, sizeof(*f));
}

/* Remember node under anchor (a later anchor of the same name wins). */
static int anchor_register(struct yaml_ctx *ctx, const yaml_char_t *anchor,
			   json_t *node, const yaml_mark_t *mark)
{
	if (anchor == NULL)
		return BEACON_OK;
	if (json_object_set(ctx->anchors, (const char *)anchor, node) != 0)
		return nomem(ctx, mark);
	return BEACON_OK;
}

/* Nodes in a subtree, counting stops past limit; *height gets its depth. */
static size_t count_nodes(const json_t *node, size_t limit, int *height)
{
	size_t n = 1;
	int h = 0;
	const char *k;
	json_t *v;
	size_t i;

	*height = 0;
	if (json_is_object(node)) {
		json_object_foreach(beacon_doc_unconst(node), k, v)
		{
			if (n > limit)
				break;
			n += count_nodes(v, limit - n, &h);
			*height = h + 1 > *height ? h + 1 : *height;
		}
		*height = *height ? *height : 1;
	} else if (json_is_array(node)) {
		json_array_foreach(node, i, v)
		{
			if (n > limit)
				break;
			n += count_nodes(v, limit - n, &h);
			*height = h + 1 > *height ? h + 1 : *height;
		}
		*height = *height ? *height : 1;
	}
	return n;
}

/* Add a merge source ("<<: *a" or "<<: [*a, *b]"); value is stolen. */
static int add_merge(struct yaml_ctx *ctx, struct frame *f, json_t *value,
		     const yaml_mark_t *mark)
{
	size_t i;
	json_t *item;
	int error = BEACON_OK;

	if (json_is_object(value)) {
		if (json_array_append(f->merges, value) != 0)
			error = nomem(ctx, mark);
		goto cleanup;
	}
	if (!json_is_array(value)) {
		error = fail(ctx, BEACON_EPARSE, mark,
			     "merge key \"<<\" expects a mapping or a list "
			     "of mappings");
		goto cleanup;
	}
	json_array_foreach(value, i, item)
	{
		if (!json_is_object(item)) {
			error = fail(ctx, BEACON_EPARSE, mark,
				     "merge key \"<<\" list item %zu is not a "
				     "mapping",
				     i + 1);
			goto cleanup;
		}
		if (json_array_append(f->merges, item) != 0) {
			error = nomem(ctx, mark);
			goto cleanup;
		}
	}
cleanup:
	json_decref(value);
	return error;
}

/* Insert key: value into the mapping of f, refusing case-insensitive
 * duplicates. value is stolen. */
static int map_insert(struct yaml_ctx *ctx, struct frame *f, const char *key,
		      json_t *value, const yaml_mark_t *mark, int is_merged)
{
	char *lower = lower_dup(key);
	json_t *seen = lower ? json_object_get(f->index, lower) : NULL;
	int error = BEACON_OK;

	if (lower == NULL) {
		error = nomem(ctx, mark);
	} else if (seen != NULL && !is_merged) {
		error = fail(ctx, BEACON_EPARSE, mark,
			     "duplicate key \"%s\" (first at line %d; keys "
			     "match case-insensitively)",
			     key, (int)json_integer_value(seen));
	} else if (seen == NULL) {
		if (json_object_set_new(
			f->index, lower,
			json_integer((json_int_t)mark->line + 1)) != 0 ||
		    json_object_set(f->node, key, value) != 0)
			error = nomem(ctx, mark);
	}
	beacon_free(lower);
	json_decref(value);
	return error;
}

/* Apply "<<" sources: keys already present win, earlier sources win. */
static int apply_merges(struct yaml_ctx *ctx, struct frame *f,
			const yaml_mark_t *mark)
{
	size_t i;
	json_t *src;
	const char *k;
	json_t *v;
	int error;

	json_array_foreach(f->merges, i, src)
	{
		json_object_foreach(src, k, v)
		{
			error = map_insert(ctx, f, k, json_incref(v), mark, 1);
			if (error < 0)
				return error;
		}
	}
	return BEACON_OK;
}

/* Hand a finished node to the enclosing collection or make it the root.
 * node is stolen. */
static int attach(struct yaml_ctx *ctx, json_t *node, const yaml_mark_t *mark)
{
	struct frame *f;
	int error;

	if (ctx->depth == 0) {
		if (json_is_null(node)) {
			json_decref(node);
			node = json_object();
			if (node == NULL)
				return nomem(ctx, mark);
		}
		if (!json_is_object(node)) {
			json_decref(node);
			return fail(ctx, BEACON_EPARSE, mark,
				    "expected a mapping at the top level");
		}
		ctx->root = node;
		return BEACON_OK;
	}
	f = &ctx->stack[ctx->depth - 1];
	if (json_is_array(f->node)) {
		if (json_array_append_new(f->node, node) != 0)
			return nomem(ctx, mark);
		return BEACON_OK;
	}
	if (f->key_is_merge)
		error = add_merge(ctx, f, node, mark);
	else
		error = map_insert(ctx, f, f->key, node, &f->key_mark, 0);
	beacon_free(f->key);
	f->key = NULL;
	f->key_is_merge = 0;
	return error;
}

/* True if the innermost open collection is a mapping waiting for a key. */
static int expecting_key(const struct yaml_ctx *ctx)
{
	const struct frame *f;

	if (ctx->depth == 0)
		return 0;
	f = &ctx->stack[ctx->depth - 1];
	return json_is_object(f->node) && f->key == NULL && !f->key_is_merge;
}

static int set_key(struct yaml_ctx *ctx, const char *key, size_t len,
		   int is_merge, const yaml_mark_t *mark)
{
	struct frame *f = &ctx->stack[ctx->depth - 1];

	if (memchr(key, '\0', len) != NULL)
		return fail(ctx, BEACON_EPARSE, mark,
			    "mapping key contains a NUL character");
	f->key_mark = *mark;
	f->key_is_merge = is_merge;
	if (is_merge)
		return BEACON_OK;
	f->key = beacon_strndup(key, len);
	return f->key != NULL ? BEACON_OK : nomem(ctx, mark);
}

static int push(struct yaml_ctx *ctx, int is_map, const yaml_char_t *anchor,
		const yaml_mark_t *mark)
{
	struct frame *f;

	if (expecting_key(ctx))
		return fail(ctx, BEACON_EPARSE, mark,
			    "mapping keys must be scalars");
	if (ctx->depth == 0 && !is_map)
		return fail(ctx, BEACON_EPARSE, mark,
			    "expected a mapping at the top level, found a "
			    "sequence");
	if (ctx->depth >= BEACON_MAX_DEPTH)
		return fail(ctx, BEACON_ELIMIT, mark,
			    "nesting deeper than %d levels", BEACON_MAX_DEPTH);
	f = &ctx->stack[ctx->depth++];
	memset(f, 0, sizeof(*f));
	f->node = is_map ? json_object() : json_array();
	if (is_map) {
		f->index = json_object();
		f->merges = json_array();
	}
	if (anchor != NULL)
		f->anchor = beacon_strdup((const char *)anchor);
	if (f->node == NULL || (is_map && (!f->index || !f->merges)) ||
	    (anchor != NULL && f->anchor == NULL))
		return nomem(ctx, mark);
	return BEACON_OK;
}

static int pop(struct yaml_ctx *ctx, const yaml_mark_t *mark)
{
	struct frame *f = &ctx->stack[ctx->depth - 1];
	json_t *node;
	int error = BEACON_OK;

	if (json_is_object(f->node))
		error = apply_merges(ctx, f, mark);
	if (error == BEACON_OK)
		error = anchor_register(ctx, (const yaml_char_t *)f->anchor,
					f->node, mark);
	if (error < 0)
		return error;
	node = json_incref(f->node);
	frame_dispose(f);
	ctx->depth--;
	return attach(ctx, node, mark);
}

/* Node for a scalar value: plain untagged scalars and core-schema tags are
 * typed, everything else (quoted, !!str, other tags) is a string. */
static json_t *scalar_node(const yaml_event_t *ev)
{
	const char *text = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	int typed = ev->data.scalar.plain_implicit;

	if (tag != NULL && strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) == 0) {
		const char *t = tag + strlen(TAG_PREFIX);

		typed = strcmp(t, "int") == 0 || strcmp(t, "float") == 0 ||
			strcmp(t, "bool") == 0 || strcmp(t, "null") == 0;
	}
	if (typed)
		return beacon_doc_scalar_new(text, len, 1);
	return json_stringn(text, len);
}

static int on_scalar(struct yaml_ctx *ctx, const yaml_event_t *ev)
{
	const yaml_mark_t *mark = &ev->start_mark;
	json_t *node;
	int error;

	if (expecting_key(ctx)) {
		const char *key = (const char *)ev->data.scalar.value;
		int merge = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			    strcmp(key, "<<") == 0;

		error = set_key(ctx, key, ev->data.scalar.length, merge, mark);
		if (error < 0 || ev->data.scalar.anchor == NULL)
			return error;
		node = json_stringn(key, ev->data.scalar.length);
		if (node == NULL)
			return nomem(ctx, mark);
		error =
		    anchor_register(ctx, ev->data.scalar.anchor, node, mark);
		json_decref(node);
		return error;
	}
	node = scalar_node(ev);
	if (node == NULL)
		return nomem(ctx, mark);
	error = anchor_register(ctx, ev->data.scalar.anchor, node, mark);
	if (error < 0) {
		json_decref(node);
		return error;
	}
	return attach(ctx, node, mark);
}

static int on_alias(struct yaml_ctx *ctx, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	const yaml_mark_t *mark = &ev->start_mark;
	json_t *target = json_object_get(ctx->anchors, name);
	size_t budget = BEACON_DOC_MAX_ALIAS_NODES - ctx->alias_nodes;
	size_t n;
	int height;
	json_t *copy;

	if (target == NULL)
		return fail(ctx, BEACON_EPARSE, mark, "unknown anchor \"%s\"",
			    name);
	if (expecting_key(ctx)) {
		if (!json_is_string(target))
			return fail(ctx, BEACON_EPARSE, mark,
				    "mapping keys must be scalars");
		return set_key(ctx, json_string_value(target),
			       json_string_length(target), 0, mark);
	}
	n = count_nodes(target, budget, &height);
	if (n > budget)
		return fail(ctx, BEACON_ELIMIT, mark,
			    "aliases expand to more than %u nodes",
			    (unsigned)BEACON_DOC_MAX_ALIAS_NODES);
	if (ctx->depth + height > BEACON_MAX_DEPTH)
		return fail(ctx, BEACON_ELIMIT, mark,
			    "alias \"%s\" nests deeper than %d levels", name,
			    BEACON_MAX_DEPTH);
	ctx->alias_nodes += n;
	copy = json_deep_copy(target);
	if (copy == NULL)
		return nomem(ctx, mark);
	return attach(ctx, copy, mark);
}

static int on_event(struct yaml_ctx *ctx, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++ctx->documents > 1)
			return fail(ctx, BEACON_EPARSE, &ev->start_mark,
				    "a second YAML document; a configuration "
				    "file holds exactly one");
		return BEACON_OK;
	case YAML_MAPPING_START_EVENT:
		return push(ctx, 1, ev->data.mapping_start.anchor,
			    &ev->start_mark);
	case YAML_SEQUENCE_START_EVENT:
		return push(ctx, 0, ev->data.sequence_start.anchor,
			    &ev->start_mark);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		return pop(ctx, &ev->start_mark);
	case YAML_SCALAR_EVENT:
		return on_scalar(ctx, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(ctx, ev);
	default:
		return BEACON_OK;
	}
}

static int run(struct yaml_ctx *ctx)
{
	yaml_event_t ev;
	int done = 0;
	int error = BEACON_OK;

	while (!done && error == BEACON_OK) {
		if (!yaml_parser_parse(&ctx->parser, &ev))
			return parser_failed(ctx);
		done = ev.type == YAML_STREAM_END_EVENT;
		error = on_event(ctx, &ev);
		yaml_event_delete(&ev);
	}
	return error;
}

int beacon_doc_yaml_parse(json_t **out, const char *data, size_t len,
			  const char *name, beacon_error_detail *err)
{
	struct yaml_ctx ctx;
	int error;

	memset(&ctx, 0, sizeof(ctx));
	ctx.data = data;
	ctx.len = len;
	ctx.name = name;
	ctx.err = err;
	ctx.anchors = json_object();
	if (ctx.anchors == NULL || !yaml_parser_initialize(&ctx.parser)) {
		json_decref(ctx.anchors);
		return nomem(&ctx, NULL);
	}
	yaml_parser_set_input_string(&ctx.parser, (const unsigned char *)data,
				     len);
	error = run(&ctx);
	if (error == BEACON_OK && ctx.root == NULL)
		ctx.root = json_object();
	if (error == BEACON_OK && ctx.root == NULL)
		error = nomem(&ctx, NULL);
	if (error == BEACON_OK) {
		*out = ctx.root;
		ctx.root = NULL;
	}
	while (ctx.depth > 0)
		frame_dispose(&ctx.stack[--ctx.depth]);
	json_decref(ctx.root);
	json_decref(ctx.anchors);
	yaml_parser_delete(&ctx.parser);
	return error;
}
