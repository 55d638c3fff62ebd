/*
 * doc_internal.h - shared helpers of the configuration document loaders.
 * Not installed; only common/src includes it.
 */
#ifndef BEACON_DOC_INTERNAL_H
#define BEACON_DOC_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

#include "beacon/doc.h"
#include "beacon/error.h"

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

/* The section/slice kind of a Traefik static configuration path (segments
 * matched case-insensitively, map keys as wildcards). */
typedef enum beacon_doc_path_kind {
	BEACON_DOC_PATH_OTHER = 0,
	BEACON_DOC_PATH_SECTION, /* pointer to struct: "true" enables it */
	BEACON_DOC_PATH_SLICE    /* slice of scalars: "a,b" splits on commas */
} beacon_doc_path_kind;

beacon_doc_path_kind beacon_doc_path_kind_of(const char *const segs[],
					     size_t nsegs);

/*
 * Set the value at segs[0..nsegs) in doc, creating objects on the way and
 * matching existing keys case-insensitively. A segment "[N]" (or a numeric
 * segment below a known slice) indexes an array. value is stolen, also on
 * failure. Errors: BEACON_EINVAL (a scalar in the way), ELIMIT, ENOMEM.
 */
int beacon_doc_set_path(json_t *doc, const char *const segs[], size_t nsegs,
			json_t *value, const char **why);

/* Turn the raw text of a flag or environment value into the node to store
 * at segs: sections "true" -> {}, known slices split on commas, else
 * beacon_doc_scalar_new without null. New reference or NULL. */
json_t *beacon_doc_value_for_path(const char *const segs[], size_t nsegs,
				  const char *text);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_DOC_INTERNAL_H */
