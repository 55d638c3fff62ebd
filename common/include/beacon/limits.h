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

/* Nodes that YAML aliases may produce in one document, in total (each alias
 * counts the size of the subtree it copies): stops "billion laughs". */
#define BEACON_DOC_MAX_ALIAS_NODES 100000u

/* Longest path segment beacon_doc_get matches, bytes. */
#define BEACON_DOC_MAX_KEY_LEN 256

/* Longest unquoted scalar still considered as a number, bytes. */
#define BEACON_DOC_MAX_NUMBER_LEN 64

/* Largest array index a flag or environment name may set ("[N]"). */
#define BEACON_DOC_MAX_INDEX 1023

/* Largest YAML text beacon_doc_dump_yaml produces, bytes. */
#define BEACON_DOC_MAX_DUMP_SIZE (4u * BEACON_MAX_FILE_SIZE)

/* ---- server ------------------------------------------------------------- */

/* ---- client ------------------------------------------------------------- */

#endif /* BEACON_LIMITS_H */
