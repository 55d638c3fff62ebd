/*
 * beacon/doc.h - configuration documents: one model (a Jansson tree) loaded
 * from YAML, TOML, JSON, Traefik-style CLI flags and environment variables.
 *
 * Keys keep the user's spelling; lookups and merges match keys
 * case-insensitively (ASCII), as Traefik's loader (paerser) does. Two keys
 * of one mapping that differ only in case are therefore an error in every
 * format (in Traefik the winner would depend on Go's map order).
 *
 * Precedence when several sources are merged (beacon_doc_merge): file, then
 * environment, then flags, later sources overriding earlier ones. Note that
 * Traefik itself does not merge: it uses the first source that is present
 * (a configuration file, else flags, else the environment); a host that
 * wants exactly that behaviour loads only that source.
 *
 * YAML (libyaml, YAML 1.2 core schema like go-yaml v3 as used by Traefik):
 * - only plain (unquoted), untagged scalars are typed; quoted scalars are
 *   always strings. true/True/TRUE/false/False/FALSE are booleans;
 *   yes/no/on/off (YAML 1.1) stay strings, as in Traefik. null, Null, NULL,
 *   ~ and empty values are JSON null (an empty document is {}).
 * - integers: decimal without leading zeros, 0x hexadecimal, 0o octal.
 *   0777 (ambiguous between YAML 1.1 octal and 1.2 decimal), 1_000, values
 *   out of the int64 range stay strings, keeping the user's spelling.
 * - floats: decimal with '.' or exponent; .inf/.nan stay strings (JSON has
 *   no such numbers). Timestamps stay strings.
 * - tags: !!str forces a string, !!int/!!float/!!bool/!!null type the text
 *   as above, other tags are ignored (the value is a string).
 * - anchors, aliases and merge keys (<<: *a, <<: [*a, *b]) are resolved;
 *   keys written in the mapping win over merged ones, earlier merge sources
 *   over later ones. Aliases copy their subtree; all aliases of a document
 *   together may produce at most BEACON_DOC_MAX_ALIAS_NODES nodes
 *   (BEACON_ELIMIT otherwise).
 * - exactly one document per file: a second document ("---") is an error
 *   (go-yaml would silently ignore it).
 * - the top level must be a mapping; mapping keys must be scalars;
 *   duplicate keys (also case-insensitively) are an error.
 * JSON (Jansson): the top level must be an object; duplicate keys, also
 * case-insensitively, are refused; integers out of the int64 range are an
 * error (Jansson's), unlike YAML where they stay strings.
 * TOML (toml++): tables are objects (members in document order), arrays of
 * tables are arrays of objects, dates and times are strings in TOML's RFC
 * 3339 form, inf/nan floats are the strings "inf"/"-inf"/"nan".
 * All formats: nesting deeper than BEACON_MAX_DEPTH and input larger than
 * BEACON_MAX_FILE_SIZE fail with BEACON_ELIMIT. Errors carry the file name
 * (or the name given), 1-based line and column where known, and the text.
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
 * AUTO: .yaml/.yml, .toml, .json extensions; otherwise by content (a first
 * meaningful character '{' is JSON, "[table]" or "key = value" is TOML,
 * anything else YAML).
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
 * Read a whole file of at most BEACON_MAX_FILE_SIZE bytes. *out: new, with
 * a NUL after the *outlen bytes read (the data may hold NULs of its own),
 * free with beacon_free. BEACON_ENOTFOUND, BEACON_EIO, BEACON_ELIMIT.
 */
BEACON_EXTERN int beacon_doc_read_file(char **out, size_t *outlen,
				       const char *path,
				       beacon_error_detail *err);

/*
 * Build a document from Traefik-style flags. argv holds only flags (pass
 * argc - 1, argv + 1 for a main's arguments); anything else is an error.
 * *out: new reference, an object.
 * - "--a.b.c=v" or "-a.b.c=v"; "--a.b.c v" when the next argument does not
 *   start with '-' (paerser takes the next argument for non-bool flags);
 *   a bare "--a.b" means "true".
 * - names keep their spelling; segments match existing keys
 *   case-insensitively; a later flag replaces an earlier value, except
 *   that a bare "true" (or null gap) under a later flag's path becomes the
 *   section that flag needs ("--a --a.b=1" is {"a": {"b": 1}}); any other
 *   value in the way is an error.
 * - "--x.list[0].main=v" indexes an array (at most BEACON_DOC_MAX_INDEX);
 *   indexes may come in any order, unfilled slots are null.
 * - values: Traefik's pointer-to-struct sections (providers.docker, api,
 *   metrics.prometheus, entryPoints.<name>.http3, ...) given "true" (bare)
 *   become {} = enabled with defaults, and never erase settings made below
 *   them; "false" stays false. Traefik's slices of scalars (trustedIPs,
 *   providers.precedence, ...) are split on commas, as paerser does
 *   ("" is []), elements are strings (numbers for numeric slices). Other
 *   values are typed like plain YAML scalars without null: true/false,
 *   integers, floats, else strings (":80", "42s", "" stay strings).
 *   The section and slice paths come from Traefik's static configuration
 *   (testdata/traefik export lists); unknown paths are typed as above.
 */
BEACON_EXTERN int beacon_doc_from_flags(json_t **out, int argc,
					const char *const argv[],
					beacon_error_detail *err);

/*
 * Build a document from environment entries "NAME=value" whose NAME starts
 * with prefix (e.g. "TRAEFIK_", compared case-insensitively); envp is
 * NULL-terminated (environ works); entries without '=' are skipped.
 * *out: new reference, possibly an empty object.
 * - the rest of NAME is cut at every '_' and lower-cased:
 *   TRAEFIK_ENTRYPOINTS_WEB_ADDRESS=:80 -> entrypoints.web.address. A map
 *   key containing '_' (an entry point "my_web") cannot be written in the
 *   environment (it would be two segments): use the file or flags. "__"
 *   or a trailing '_' is an error.
 * - a numeric segment below a list of sections indexes it
 *   (..._TLS_DOMAINS_0_MAIN), elsewhere it is a key.
 * - values follow the flag rules above.
 */
BEACON_EXTERN int beacon_doc_from_env(json_t **out, const char *const envp[],
				      const char *prefix,
				      beacon_error_detail *err);

/* Merge overlay into base (objects recursively, keys case-insensitively;
 * overlay wins; the base's spelling of a key is kept; arrays and scalars are
 * replaced whole). base is modified; overlay is borrowed (copied). */
BEACON_EXTERN int beacon_doc_merge(json_t *base, const json_t *overlay);

/* Borrowed node at a dotted path ("global.checkNewVersion"), matched
 * case-insensitively; a numeric segment indexes an array ("a.b.0"). Keys
 * containing '.' cannot be reached. NULL when absent. Valid while doc
 * lives. */
BEACON_EXTERN json_t *beacon_doc_get(const json_t *doc, const char *path);

/* 1 if a and b are equal with object keys compared case-insensitively
 * (values, types and array order exactly), else 0. Both borrowed. */
BEACON_EXTERN int beacon_doc_equal(const json_t *a, const json_t *b);

/*
 * The document as block-style YAML for people. *out: new NUL-terminated
 * string, free with beacon_free. Members keep their order; strings that
 * would read back as another type (true, 42, null, yes, "") are quoted, so
 * loading the text gives an equal tree. BEACON_ELIMIT past
 * BEACON_MAX_DEPTH or BEACON_DOC_MAX_DUMP_SIZE bytes.
 */
BEACON_EXTERN int beacon_doc_dump_yaml(char **out, const json_t *doc);

/*
 * Go text/template inputs (Traefik's integration fixtures contain
 * "{{ .PortHTTP }}", "{{range ...}}", "{{end}}"): the loaders do not expand
 * templates. This copies data with every line that holds only actions made
 * empty (so line numbers stay) and every other complete action "{{...}}"
 * (on one line) replaced by BEACON_DOC_TEMPLATE_PLACEHOLDER, which is valid
 * as a bare TOML key, a value, or inside a string. Both branches of an
 * {{if}}/{{else}} are kept. *out: new, NUL-terminated, at most len bytes
 * (+ NUL), free with beacon_free.
 */
#define BEACON_DOC_TEMPLATE_PLACEHOLDER "0"
BEACON_EXTERN int beacon_doc_strip_templates(char **out, size_t *outlen,
					     const char *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_DOC_H */
