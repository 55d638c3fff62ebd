/*
 * beacon/anon.h - the export schema and the schema-driven anonymizer.
 *
 * An export schema says which parts of a product's static configuration may
 * leave the host (format: comment header of
 * schema/traefik-static.export.yaml). beacon_anonymize() walks a
 * configuration document (a Jansson tree, e.g. from beacon/doc.h) with it:
 *   - key matching is case-insensitive; the output keeps the user's spelling
 *     and the document's key order;
 *   - a key is kept only when the schema names it at that position (any
 *     rule but "drop"), or when it is a user-chosen key of a "*" map (entry
 *     point, resolver, plugin, header names; the masking pass applies to
 *     it). Any other key is unknown there and is dropped together with its
 *     value, whatever the value: the product's loader decodes into typed
 *     fields, so such a key is never part of the configuration it reports,
 *     and a secret written as a key must not leave the host. The Traefik
 *     schema names the known non-exported fields as "redact" for this;
 *   - exported leaf ("keep"): a scalar or an array of scalars is kept;
 *     exported object: walked; "*" in the schema matches any other key (map
 *     keys such as entry point names are kept), "[]" the array elements;
 *     an empty mapping {} keeps the object, none of its members;
 *   - named but not exported ("redact", or a value whose shape contradicts
 *     the schema): the key stays, a non-empty string becomes "xxxx", a
 *     non-empty array of strings keeps its length with every element
 *     "xxxx", anything else is dropped; nothing below it survives;
 *   - "drop": removed (Traefik's dynamic sections http, tcp, udp, tls);
 *   - then every kept string and every key goes through the masking pass
 *     (beacon/mask.h). Two keys of one object that mask to the same text:
 *     the first is kept, the later ones are dropped.
 */
#ifndef BEACON_ANON_H
#define BEACON_ANON_H

#include <jansson.h>
#include <stddef.h>

#include "beacon/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a non-exported string becomes. */
#define BEACON_ANON_REDACTED "xxxx"

/* An export schema. Opaque, immutable once loaded: may be shared by threads. */
typedef struct beacon_export_schema beacon_export_schema;

/*
 * The Traefik static-configuration schema embedded in the library at build
 * time (schema/traefik-static.export.yaml). *out: new, free with
 * beacon_export_schema_free(). Needs no file on disk.
 */
BEACON_EXTERN int beacon_export_schema_traefik(beacon_export_schema **out,
					       beacon_error_detail *err);

/*
 * Load a schema file (YAML, or JSON/TOML by extension, through beacon/doc.h).
 * *out: new, free with beacon_export_schema_free(); NULL on error, when err
 * (optional) says where and why (BEACON_EPARSE, BEACON_EINVAL, BEACON_EIO).
 */
BEACON_EXTERN int beacon_export_schema_load_file(beacon_export_schema **out,
						 const char *path,
						 beacon_error_detail *err);

/*
 * Build a schema from an already loaded document {"format", "export", ...};
 * doc is borrowed (copied; may be released afterwards). *out: new.
 */
BEACON_EXTERN int beacon_export_schema_load_doc(beacon_export_schema **out,
						const json_t *doc,
						beacon_error_detail *err);

/* Release a schema. Accepts NULL. */
BEACON_EXTERN void beacon_export_schema_free(beacon_export_schema *schema);

/*
 * Anonymize config (borrowed, not modified; normally an object) with schema
 * (borrowed). *out: new reference (json_decref), an object; NULL on error
 * (BEACON_ENOMEM, BEACON_ELIMIT past BEACON_MAX_DEPTH, BEACON_EINVAL when
 * config is not an object).
 */
BEACON_EXTERN int beacon_anonymize(json_t **out, const json_t *config,
				   const beacon_export_schema *schema,
				   beacon_error_detail *err);

typedef enum beacon_dump_style {
	BEACON_DUMP_COMPACT =
	    0,                 /* what is sent: no whitespace, key order kept */
	BEACON_DUMP_PRETTY = 1 /* 2-space indentation, trailing newline */
} beacon_dump_style;

/*
 * Serialize doc (borrowed) as JSON text. *out: new NUL-terminated string
 * (free with beacon_free), *len (may be NULL) its length. BEACON_ELIMIT past
 * BEACON_ANON_DUMP_MAX bytes. (YAML output: beacon_doc_dump_yaml.)
 */
BEACON_EXTERN int beacon_anon_dump(char **out, size_t *len, const json_t *doc,
				   beacon_dump_style style,
				   beacon_error_detail *err);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_ANON_H */
