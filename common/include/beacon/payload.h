/*
 * beacon/payload.h - the usage report body (POST /collect), both ways.
 *
 * Wire format, one JSON object (schema/payload.schema.json says the same):
 *   "version"       string, 1..64 characters          required
 *   "codename"      string, 0..64 characters          required
 *   "buildDate"     string, 0..64 characters          required
 *   "configuration" standard padded base64 of the compact JSON of the
 *                   anonymized static configuration; must decode to a
 *                   JSON object; at most 256 KiB of base64  required
 *   "hash"          unsigned 64-bit decimal string: digits only, no sign,
 *                   no leading zero except "0", <= 18446744073709551615
 *                                                     required
 *   "product"       "owner/repo", [A-Za-z0-9-]+ "/" [A-Za-z0-9._-]+,
 *                   at most 128 characters             optional
 *   "os", "arch"    string, 1..32 characters           optional
 *   "schemaVersion" integer 1..65535                   optional
 *   "instanceId"    32 lower-case hex digits (128 random bits), the
 *                   client's anonymous instance, kept in its state
 *                   directory                          optional
 *   "reportId"      32 lower-case hex digits, random per report and the
 *                   same in every retry of it: the server stores a report
 *                   once per reportId                  optional
 * Unknown members are ignored. Short text fields (all but configuration
 * and hash) must not contain control characters (U+0000..U+001F, U+007F).
 * Limits are the BEACON_PAYLOAD_* constants of beacon/limits.h.
 *
 * Error codes of beacon_payload_decode, with err->source the member name
 * ("body" when the problem is not one member's) and err->text one line
 * meant for the client ({"error": text}), e.g. source "hash", text "hash
 * must be an unsigned 64-bit decimal string":
 *   BEACON_EPARSE  the body is not JSON: syntax, invalid UTF-8, duplicate
 *                  key (source: the top-level member where it happened,
 *                  else "body"; line and column set)
 *   BEACON_EINVAL  not an object; a member missing, of the wrong type or
 *                  with an invalid value (bad base64, configuration not a
 *                  JSON object, bad hash, control characters, ...)
 *   BEACON_ELIMIT  body over BEACON_PAYLOAD_MAX_BODY bytes, a member over
 *                  its length, nesting deeper than BEACON_MAX_DEPTH (in
 *                  the body or in the decoded configuration)
 *   BEACON_ENOMEM  an allocation failed
 *
 * Adding a field:
 *   1. a member of beacon_payload below (and BEACON_PAYLOAD_INIT), its
 *      limit in beacon/limits.h, and a row in beacon_payload_fields
 *      (common/src/payload/payload.c): that row alone drives decoding,
 *      validation, encoding and disposal;
 *   2. the wire format above and schema/payload.schema.json;
 *   3. to store it: a member of beacond_report_event (server store.h) with
 *      a row in its text table (server/src/store/store.c), a migration in
 *      schema/sqlite/ adding the column, the :name in the report insert
 *      (server/src/store/sqlite/open.c), and routes/collect.c copying it.
 */
#ifndef BEACON_PAYLOAD_H
#define BEACON_PAYLOAD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "beacon/error.h"
#include "beacon/limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/* schemaVersion of the format described above. */
#define BEACON_PAYLOAD_SCHEMA_VERSION 1

/*
 * A usage report. Every string member is owned by the struct (new, from
 * beacon_malloc/beacon_strdup) and released by beacon_payload_dispose();
 * to set one, free the old value with beacon_free() and store a new copy.
 */
typedef struct beacon_payload {
	char *version;       /* required */
	char *codename;      /* required, may be "" */
	char *build_date;    /* required, "buildDate" on the wire, may be "" */
	char *configuration; /* required, the base64 text as on the wire */
	uint64_t hash;       /* required, decimal string on the wire */
	char *product;       /* optional "owner/repo"; NULL when absent */
	char *os;            /* optional; NULL when absent */
	char *arch;          /* optional; NULL when absent */
	int schema_version;  /* optional; 0 when absent */
	char *instance_id;   /* optional "instanceId"; NULL when absent */
	char *report_id;     /* optional "reportId"; NULL when absent */
	/* The decoded configuration as checked compact JSON text
	 * (config_len bytes, NUL-terminated), kept by beacon_payload_decode so
	 * that a reader need not decode it again; owned, released by
	 * beacon_payload_dispose(); NULL when not decoded. */
	char *config_text;
	size_t config_len;
} beacon_payload;

#define BEACON_PAYLOAD_INIT                                                 \
	{                                                                   \
		NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, \
		    NULL, 0                                                 \
	}

/* *out: new, all members empty; free with beacon_payload_free(). */
BEACON_EXTERN int beacon_payload_new(beacon_payload **out);

/* Release the members of p (accepts NULL) and reset it to empty; the
 * struct itself stays the caller's (for one on the stack). */
BEACON_EXTERN void beacon_payload_dispose(beacon_payload *p);

/* Dispose of p and free it; for beacon_payload_new(). Accepts NULL. */
BEACON_EXTERN void beacon_payload_free(beacon_payload *p);

/*
 * Parse and validate a report body of len bytes (borrowed, need not be
 * NUL-terminated; trailing whitespace such as Go's final newline is
 * accepted). *out (borrowed; overwritten, not disposed first) receives new
 * members on success and is empty on failure. err is optional (see the
 * codes above). Decoding also checks the configuration (base64, JSON
 * object, depth), so beacon_payload_config() on the result succeeds but
 * for memory.
 */
BEACON_EXTERN int beacon_payload_decode(beacon_payload *out, const char *body,
					size_t len, beacon_error_detail *err);

#define BEACON_PAYLOAD_DECODE_OPTIONS_VERSION 1

/* Limits of a decoder below the format's own (beacond's limits.*). */
typedef struct beacon_payload_decode_options {
	unsigned int version; /* BEACON_PAYLOAD_DECODE_OPTIONS_VERSION */
	/* Deepest nesting of arrays and objects accepted, the body's top
	 * object being 1, in the body and in the decoded configuration
	 * alike; 0: BEACON_MAX_DEPTH only. */
	unsigned max_depth;
} beacon_payload_decode_options;

#define BEACON_PAYLOAD_DECODE_OPTIONS_INIT               \
	{                                                \
		BEACON_PAYLOAD_DECODE_OPTIONS_VERSION, 0 \
	}

/*
 * beacon_payload_decode with opts (borrowed; NULL: the defaults). A body
 * nested deeper than opts->max_depth is BEACON_ELIMIT with an empty
 * err->source and the text "JSON nesting exceeds the depth limit", found
 * before any other problem of the body (even its syntax); a configuration
 * nested deeper is BEACON_ELIMIT with source "configuration" and the text
 * "configuration nesting exceeds the depth limit", reported once every
 * other member checked out. The nesting is measured while the body is
 * checked, not by another scan of an accepted body.
 */
BEACON_EXTERN int
beacon_payload_decode_opts(beacon_payload *out, const char *body, size_t len,
			   const beacon_payload_decode_options *opts,
			   beacon_error_detail *err);

/* 1 when code and err (optional) from beacon_payload_decode_opts are its
 * opts->max_depth refusal (body or configuration), else 0. */
BEACON_EXTERN int beacon_payload_error_is_depth(int code,
						const beacon_error_detail *err);

/*
 * The decoded configuration of p (borrowed): *out is a new JSON object
 * (json_decref). When p came from beacon_payload_decode it is parsed from
 * the text checked there (p->config_text); otherwise p->configuration is
 * decoded now, with the decoder's checks and codes and err->source
 * "configuration".
 */
BEACON_EXTERN int beacon_payload_config(json_t **out, const beacon_payload *p,
					beacon_error_detail *err);

/*
 * The decoded configuration of a payload from beacon_payload_decode as
 * compact JSON text (borrowed from p, valid until it is disposed;
 * NUL-terminated): its length in *len. NULL when p holds none. This is
 * what beacond stores: no JSON tree is built on that path.
 */
BEACON_EXTERN const char *beacon_payload_config_text(const beacon_payload *p,
						     size_t *len);

/*
 * Set p->configuration (replacing and freeing the old value) to the
 * standard padded base64 of the compact JSON of config (borrowed, a JSON
 * object): no whitespace, members in the object's order. BEACON_EINVAL
 * when config is not an object, BEACON_ELIMIT past the configuration or
 * depth limit, BEACON_ENOMEM. On failure p is unchanged.
 */
BEACON_EXTERN int beacon_payload_set_config(beacon_payload *p,
					    const json_t *config);

/*
 * Check p (borrowed) with the decoder's rules: required members set, every
 * member valid and within its limit, the configuration decoding to an
 * object. Same codes and err (optional) sources as beacon_payload_decode.
 */
BEACON_EXTERN int beacon_payload_validate(const beacon_payload *p,
					  beacon_error_detail *err);

/*
 * The exact body the client sends: compact JSON, members in the order
 * version, codename, buildDate, configuration, hash, then product, os,
 * arch, schemaVersion when set; no trailing newline. p (borrowed) is
 * validated first (beacon_payload_validate, whose codes this returns), so
 * an encoded body always decodes. *out: new NUL-terminated string, free
 * with beacon_free(); *len (optional, may be NULL) its length.
 */
BEACON_EXTERN int beacon_payload_encode(char **out, size_t *len,
					const beacon_payload *p);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_PAYLOAD_H */
