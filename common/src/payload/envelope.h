/*
 * payload/envelope.h - the fast path of beacon_payload_decode (internal).
 *
 * A report is a small JSON envelope around one large member, the base64
 * "configuration". Jansson lexes a string one character at a time through
 * its UTF-8 checks and buffer appends, which made that member most of the
 * cost of decoding a report. The fast path checks the whole body with
 * beacon_json_compact_capture (accepting only what Jansson accepts, with
 * the same depth bound), hands Jansson the envelope with that member's
 * content cut out, and takes the configuration from the checked text.
 * Any body it does not take (not valid, configuration not a plain string
 * without escapes, ...) goes through the full Jansson path, which also
 * gives the error messages.
 */
#ifndef BEACON_PAYLOAD_ENVELOPE_H
#define BEACON_PAYLOAD_ENVELOPE_H

#include <jansson.h>
#include <stddef.h>

typedef struct beacon_envelope {
	json_t *root;       /* owned: the parsed body (or envelope) */
	char *text;         /* owned: the checked, compacted body (fast path) */
	const char *config; /* into text: the configuration's value, or NULL */
	size_t config_len;
	unsigned depth; /* the body's nesting (the top object: 1) */
} beacon_envelope;

#define BEACON_ENVELOPE_INIT           \
	{                              \
		NULL, NULL, NULL, 0, 0 \
	}

/* 1 (the default): beacon_payload_decode tries the fast path. A test seam:
 * fuzz_payload decodes every input both ways and compares the results. */
extern int beacon_payload_fast_path;

/* Fast path over body[0..len): BEACON_OK with env filled, or an error
 * code (env left empty) when the body needs the full path. */
int beacon_envelope_load(beacon_envelope *env, const char *body, size_t len);

/* Release what env owns; it is empty afterwards. */
void beacon_envelope_dispose(beacon_envelope *env);

#endif
