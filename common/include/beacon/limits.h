/*
 * beacon/limits.h - every built-in limit of Beacon, in one place.
 *
 * Values are upper bounds on untrusted input unless stated otherwise. Where a
 * limit is also configurable, the constant here is the default.
 */
#ifndef BEACON_LIMITS_H
#define BEACON_LIMITS_H

/* ---- general ------------------------------------------------------------ */

/* Largest file any loader reads (configuration, schema, catalog), bytes. */
#define BEACON_MAX_FILE_SIZE (4u * 1024u * 1024u)

/* Deepest nesting of objects/arrays accepted in any document. */
#define BEACON_MAX_DEPTH 64

/* ---- payload (wire format of a usage report) ---------------------------- */

/* ---- configuration documents, anonymizer, hash -------------------------- */

/* anonymizer: the masking pass scans strings up to this many bytes; a longer
 * string is replaced whole by the mask. */
#define BEACON_MASK_MAX_INPUT (64u * 1024u)
/* anonymizer: largest JSON text beacon_anon_dump() produces, bytes. */
#define BEACON_ANON_DUMP_MAX BEACON_MAX_FILE_SIZE
/* hash: largest canonical JSON text the config hash is computed over. */
#define BEACON_CANON_MAX_SIZE (4u * BEACON_MAX_FILE_SIZE)

/* ---- server ------------------------------------------------------------- */

/* ---- client ------------------------------------------------------------- */

#endif /* BEACON_LIMITS_H */
