/*
 * doc/internal.h - shared helpers of the configuration document loaders.
 * Not installed; only common/src includes it.
 */
#ifndef BEACON_DOC_INTERNAL_H
#define BEACON_DOC_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

#include "beacon/doc.h"
#include "beacon/error.h"
#include "beacon/limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Jansson's iteration API takes non-const trees even to read them. */
static inline json_t *beacon_doc_unconst(const json_t *node)
{
	union {
		const json_t *c;
		json_t *m;
	} u;

	u.c = node;
	return u.m;
}

/* Per-format parsers: data need not be NUL-terminated. *out: new object. */
int beacon_doc_yaml_parse(json_t **out, const char *data, size_t len,
			  const char *name, beacon_error_detail *err);
int beacon_doc_json_parse(json_t **out, const char *data, size_t len,
			  const char *name, beacon_error_detail *err);
int beacon_doc_toml_parse(json_t **out, const char *data, size_t len,
			  const char *name, beacon_error_detail *err);

/* Borrowed member of obj whose key equals key ignoring ASCII case (an exact
 * match is preferred); NULL when absent. *found_key (optional) is borrowed. */
json_t *beacon_doc_object_find(const json_t *obj, const char *key,
			       const char **found_key);

/*
 * Type a scalar written without quotes: booleans true/false (also True,
 * TRUE, ...), decimal integers without leading zeros, 0x/0o integers,
 * decimal floats; everything else is a string. With allow_null, null, Null,
 * NULL, ~ and the empty string are JSON null. New reference or NULL (ENOMEM).
 */
json_t *beacon_doc_scalar_new(const char *text, size_t len, int allow_null);

/* What a Traefik static configuration path holds, as far as flags and the
 * environment need to know (segments matched case-insensitively, map keys
 * and array indexes as wildcards). See doc_paths.c. */
typedef enum beacon_doc_path_kind {
	BEACON_DOC_PATH_OTHER = 0,
	BEACON_DOC_PATH_SECTION, /* pointer to struct: "true" enables it */
	BEACON_DOC_PATH_SLICE,   /* slice of strings: "a,b" splits */
	BEACON_DOC_PATH_NUMBERS, /* slice of numbers: "1,2.5" splits */
	BEACON_DOC_PATH_LIST     /* slice of structs: indexed members */
} beacon_doc_path_kind;

beacon_doc_path_kind beacon_doc_path_kind_of(const char *const segs[],
					     size_t nsegs);

/* A dotted name cut into at most BEACON_DOC_MAX_SEGMENTS segments. */
typedef struct beacon_doc_path {
	char *buf; /* owned storage the segments point into */
	const char *segs[BEACON_DOC_MAX_SEGMENTS];
	int is_index[BEACON_DOC_MAX_SEGMENTS]; /* segment is an array index */
	size_t nsegs;
} beacon_doc_path;

void beacon_doc_path_dispose(beacon_doc_path *path);

/* Append seg (borrowed; must live in path->buf) to path. BEACON_ELIMIT past
 * BEACON_DOC_MAX_SEGMENTS, BEACON_EINVAL if seg is empty. */
int beacon_doc_path_add(beacon_doc_path *path, const char *seg, int is_index);

/*
 * Store the raw text of a flag or environment value at path in doc:
 * sections given "true" become {}, known slices are split on commas, other
 * values are typed by beacon_doc_scalar_new (no null). Objects are created
 * on the way; existing keys match case-insensitively (the first spelling
 * stays); a later value replaces an earlier one. *why (optional) gets a
 * static text on failure. BEACON_EINVAL, BEACON_ELIMIT, BEACON_ENOMEM.
 */
int beacon_doc_store(json_t *doc, const beacon_doc_path *path, const char *text,
		     const char **why);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_DOC_INTERNAL_H */
