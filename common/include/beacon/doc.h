/*
 * beacon/doc.h - configuration documents: one model (a Jansson tree) loaded
 * from YAML, TOML, JSON, Traefik-style CLI flags and environment variables.
 *
 * INTERFACE CONTRACT (implemented by the configuration issue). Keys keep the
 * user's spelling; lookups and merges match keys case-insensitively, as
 * Traefik's loader does. Precedence when several sources are given: file,
 * then environment, then flags (later sources override earlier ones).
 */
#ifndef BEACON_DOC_H
#define BEACON_DOC_H

#include <jansson.h>
#include <stddef.h>

#include "beacon/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum beacon_doc_format {
	BEACON_DOC_AUTO = 0, /* from the file extension, else by content */
	BEACON_DOC_YAML,
	BEACON_DOC_TOML,
	BEACON_DOC_JSON
} beacon_doc_format;

/*
 * Load a configuration file. *out: new reference (json_decref), an object.
 * On error *out is NULL and err (optional) has file, line, column, text.
 */
BEACON_EXTERN int beacon_doc_load_file(json_t **out, const char *path,
				       beacon_doc_format format,
				       beacon_error_detail *err);

/* Same from memory; name is used in error messages (may be NULL). */
BEACON_EXTERN int beacon_doc_load_buffer(json_t **out, const char *data,
					 size_t len, beacon_doc_format format,
					 const char *name,
					 beacon_error_detail *err);

/*
 * Build a document from Traefik-style flags ("--a.b.c=v", bare "--a.b" is
 * true or an empty enabled section). Arguments that are not configuration
 * flags are an error. *out: new reference.
 */
BEACON_EXTERN int beacon_doc_from_flags(json_t **out, int argc,
					const char *const argv[],
					beacon_error_detail *err);

/*
 * Build a document from environment entries "NAME=value" whose NAME starts
 * with prefix (e.g. "TRAEFIK_"); envp is NULL-terminated (environ works).
 * *out: new reference, possibly an empty object.
 */
BEACON_EXTERN int beacon_doc_from_env(json_t **out, const char *const envp[],
				      const char *prefix,
				      beacon_error_detail *err);

/* Merge overlay into base (objects recursively, keys case-insensitively;
 * overlay wins). base is modified; overlay is borrowed. */
BEACON_EXTERN int beacon_doc_merge(json_t *base, const json_t *overlay);

/* Borrowed node at a dotted path ("global.checkNewVersion"), matched
 * case-insensitively; NULL when absent. Valid while doc lives. */
BEACON_EXTERN json_t *beacon_doc_get(const json_t *doc, const char *path);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_DOC_H */
