/* payload/check.h - private: the member rules of the usage report, shared by
 * the decoder and the encoder (payload.c). Every check fills err (optional)
 * with the member name as source and a one-line reason. */
#ifndef BEACON_PAYLOAD_CHECK_H
#define BEACON_PAYLOAD_CHECK_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "beacon/error.h"
#include "beacon/limits.h"

/* Text member: valid UTF-8, min..max code points, no control characters. */
int beacon_payload_check_text(const char *name, const char *s, size_t len,
			      size_t min, size_t max, beacon_error_detail *err);

/* "owner/repo" with GitHub's characters, at most the product limit. */
int beacon_payload_check_product(const char *s, size_t len,
				 beacon_error_detail *err);

/* instanceId / reportId: exactly BEACON_PAYLOAD_ID_LEN lower-case hex
 * digits. */
int beacon_payload_check_id(const char *name, const char *s, size_t len,
			    beacon_error_detail *err);

/* Canonical unsigned 64-bit decimal string into *out. */
int beacon_payload_parse_hash(uint64_t *out, const char *s, size_t len,
			      beacon_error_detail *err);

/* Format a hash as the wire's decimal string; buf holds 21 bytes. */
void beacon_payload_format_hash(char buf[BEACON_PAYLOAD_MAX_HASH + 1],
				uint64_t hash);

/* base64 text -> *out, a new reference to a JSON object within the depth
 * limit. */
int beacon_payload_decode_config(json_t **out, const char *b64, size_t len,
				 beacon_error_detail *err);

/* base64 text -> *text (new, *textlen bytes plus a NUL): the
 * configuration checked by beacon_json_compact (a JSON object within
 * BEACON_MAX_DEPTH, no duplicate key) without its whitespace; *depth
 * (optional) receives its nesting (the object itself: 1). */
int beacon_payload_decode_config_text(char **text, size_t *textlen,
				      unsigned *depth, const char *b64,
				      size_t len, beacon_error_detail *err);

/* Checked configuration text -> *out, a new JSON object. */
int beacon_payload_parse_config(json_t **out, const char *text, size_t len,
				beacon_error_detail *err);

/* True if a failed json_load* failed for memory. Jansson reports some
 * allocation failures as syntax errors, so this also asks the allocator
 * (failures_before: beacon_alloc_thread_failures() before the call). */
int beacon_payload_jansson_oom(const json_error_t *jerr,
			       unsigned long failures_before);

/* True if json nests deeper than BEACON_MAX_DEPTH, counting json's own
 * level as depth (1 for a document root). */
int beacon_payload_too_deep(const json_t *json, int depth);

/* Deepest nesting of arrays and objects in JSON text s[0..len) (strings
 * skipped), valid JSON or not: a bound that holds before any parse. */
unsigned beacon_payload_text_depth(const char *s, size_t len);

/*
 * Name of the top-level member of the JSON text body whose key or value
 * contains byte offset pos (a parser's error position), copied into name
 * (size bytes); "body" when there is none or it is not plain printable
 * ASCII without escapes.
 */
void beacon_payload_locate(char *name, size_t size, const char *body,
			   size_t len, size_t pos);

#endif /* BEACON_PAYLOAD_CHECK_H */
