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

/*
 * Versions (beacon/version.h). Longest version string accepted, bytes,
 * excluding the NUL; go-version itself has no limit. A version of that
 * length has at most (MAX_LEN + 1) / 2 numeric segments, so the segment
 * array never limits a string the length check accepts.
 */
#define BEACON_VERSION_MAX_LEN 128
#define BEACON_VERSION_MAX_SEGMENTS ((BEACON_VERSION_MAX_LEN + 1) / 2)
/* Buffer size that holds any canonical version string and its NUL. */
#define BEACON_VERSION_FORMAT_SIZE (BEACON_VERSION_MAX_LEN + 8)

/*
 * Base64 (beacon/base64.h). Longest encoded text either direction accepts
 * or produces, bytes; a multiple of 4. The decoded counterpart follows.
 */
#define BEACON_BASE64_MAX_ENCODED (16u * 1024u * 1024u)
#define BEACON_BASE64_MAX_DECODED (BEACON_BASE64_MAX_ENCODED / 4u * 3u)

/*
 * Usage report body (beacon/payload.h, schema/payload.schema.json, which
 * must state the same numbers: a unit test compares them). Field lengths
 * count characters (Unicode code points), as JSON Schema's maxLength does.
 */
#define BEACON_PAYLOAD_MAX_BODY (512u * 1024u) /* whole body, bytes */
#define BEACON_PAYLOAD_MAX_VERSION 64
#define BEACON_PAYLOAD_MAX_CODENAME 64
#define BEACON_PAYLOAD_MAX_BUILD_DATE 64
/* configuration: base64 characters (about 192 KiB of JSON). */
#define BEACON_PAYLOAD_MAX_CONFIGURATION (256u * 1024u)
/* hash: digits of UINT64_MAX (18446744073709551615). */
#define BEACON_PAYLOAD_MAX_HASH 20
#define BEACON_PAYLOAD_MAX_PRODUCT 128 /* "owner/repo" */
#define BEACON_PAYLOAD_MAX_OS 32
#define BEACON_PAYLOAD_MAX_ARCH 32
/* schemaVersion: an integer from 1 to this. */
#define BEACON_PAYLOAD_MAX_SCHEMA_VERSION 65535
/* Nesting of the body and of the decoded configuration: BEACON_MAX_DEPTH. */

/* ---- configuration documents, anonymizer, hash -------------------------- */

/* ---- server ------------------------------------------------------------- */

/* ---- client ------------------------------------------------------------- */

#endif /* BEACON_LIMITS_H */
