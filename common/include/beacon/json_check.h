/*
 * beacon/json_check.h - validate and compact a JSON text without building
 * a tree.
 *
 * beacond receives the anonymized configuration as JSON text and stores it
 * as text; parsing it into a Jansson tree and dumping it again was most of
 * the CPU of a report. This checker reads the text once, accepts exactly
 * what Jansson's json_loadb(JSON_REJECT_DUPLICATES) accepts (RFC 8259;
 * UTF-8 only; no U+0000 in strings; no lone surrogate escape; integers
 * within int64; reals that do not overflow a double; no repeated key in
 * an object, compared after unescaping), requires an object at the top and
 * bounds the nesting, and removes the insignificant whitespace in place.
 * One difference: Jansson skips a NUL byte right after a number or a
 * literal ({"n":1<NUL>} loads); a NUL byte outside a string is refused
 * here, as RFC 8259 wants.
 * tests/fuzz/fuzz_json_check.c holds it to Jansson on every input.
 */
#ifndef BEACON_JSON_CHECK_H
#define BEACON_JSON_CHECK_H

#include <stddef.h>

#include "beacon/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Check text[0..len) (borrowed, modified in place): one JSON object,
 * nesting at most max_depth containers (the top object is depth 1),
 * optionally surrounded by whitespace. On success the object without
 * insignificant whitespace is at text[0..*out_len) (not NUL-terminated;
 * *out_len <= len) and BEACON_OK is returned. Otherwise text is left in
 * an unspecified state and the result is
 *   BEACON_EINVAL  not JSON, or not an object (err->column: byte offset + 1)
 *   BEACON_ELIMIT  nested deeper than max_depth
 *   BEACON_ENOMEM  an allocation failed (the key index of an object)
 * err (may be NULL) gets source "json" and a one-line text.
 */
BEACON_EXTERN int beacon_json_compact(char *text, size_t len,
				      unsigned max_depth, size_t *out_len,
				      beacon_error_detail *err);

/* A top-level member to locate while checking (beacon_json_compact_capture). */
typedef struct beacon_json_capture {
	const char *key; /* borrowed: the member's name, as written (no
			  * escape); NULL: locate none, only report depth */
	int found;  /* out: 1 when its value is a string without any escape */
	size_t off; /* out: offset of that string's content in the output */
	size_t len; /* out: length of the content (between the quotes) */
	unsigned depth; /* out: the deepest nesting read (top object: 1) */
} beacon_json_capture;

/*
 * beacon_json_compact, also locating the top-level member cap->key (cap
 * may be NULL): when its value is a string holding no escape, cap->found
 * is 1 and text[cap->off..cap->off + cap->len) is that string's content,
 * which is then exactly its value. beacon_payload_decode uses this to hand
 * Jansson the small envelope of a report without its large base64 member.
 * cap->depth receives the deepest nesting read (on success: the text's
 * nesting), so a caller with a lower limit than max_depth needs no second
 * scan.
 */
BEACON_EXTERN int beacon_json_compact_capture(char *text, size_t len,
					      unsigned max_depth,
					      size_t *out_len,
					      beacon_json_capture *cap,
					      beacon_error_detail *err);

#ifdef __cplusplus
}
#endif

#endif
