/*
 * payload/fields.h - the members of a report, one row each (internal).
 * The table (payload.c) drives decoding, validation, encoding and
 * disposal; beacon/payload.h says how to add a member.
 */
#ifndef BEACON_PAYLOAD_FIELDS_H
#define BEACON_PAYLOAD_FIELDS_H

#include <stddef.h>

#include "beacon/payload.h"

typedef enum beacon_payload_kind {
	BEACON_FIELD_TEXT,          /* char *: min..max characters */
	BEACON_FIELD_CONFIGURATION, /* char *: base64 of a JSON object */
	BEACON_FIELD_PRODUCT,       /* char *: "owner/repo" */
	BEACON_FIELD_ID,            /* char *: BEACON_PAYLOAD_ID_LEN hex */
	BEACON_FIELD_HASH,          /* uint64_t: decimal string on the wire */
	BEACON_FIELD_SCHEMA_VERSION /* int: 0 when absent */
} beacon_payload_kind;

typedef struct beacon_payload_field {
	const char *name; /* the member on the wire */
	size_t offset;    /* in beacon_payload, of the kind's type */
	beacon_payload_kind kind;
	int required;
	size_t min, max; /* characters, for BEACON_FIELD_TEXT */
} beacon_payload_field;

/* The members in wire order (static): the order of encoding, and of
 * decoding, so the first bad member is the one reported. */
extern const beacon_payload_field beacon_payload_fields[];
extern const size_t beacon_payload_field_count;

/* 1 for the kinds held as a char * in the struct. */
int beacon_payload_field_is_string(const beacon_payload_field *f);

/* The char * member f (a string kind) of p (borrowed). */
char **beacon_payload_field_string(beacon_payload *p,
				   const beacon_payload_field *f);

#endif
