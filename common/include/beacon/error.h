/*
 * beacon/error.h - the one error model of Beacon.
 *
 * Every fallible function returns int: 0 (BEACON_OK) on success, one of the
 * negative codes below on failure. Codes from lower layers are passed up
 * unchanged. Parsers additionally fill an optional beacon_error_detail with
 * the position and a one-line text (in the spirit of jansson's json_error_t).
 */
#ifndef BEACON_ERROR_H
#define BEACON_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef BEACON_EXTERN
#define BEACON_EXTERN __attribute__((visibility("default")))
#endif

typedef enum beacon_error_code {
	BEACON_OK = 0,
	BEACON_ERROR = -1,  /* generic failure, see the detail text */
	BEACON_ENOMEM = -2, /* an allocation failed */
	BEACON_EINVAL = -3, /* invalid argument or invalid input value */
	BEACON_EPARSE = -4, /* input could not be parsed */
	BEACON_ELIMIT = -5, /* input exceeds a configured or built-in limit */
	BEACON_ENOTFOUND = -6, /* no such item */
	BEACON_EIO = -7,       /* file or database I/O failed */
	BEACON_ENET = -8,      /* network transfer failed */
	BEACON_ETIMEOUT = -9,  /* an operation ran out of time */
	BEACON_EBUSY = -10,    /* resource busy or saturated; try again later */
	BEACON_EDISABLED = -11 /* the operation is disabled by configuration */
} beacon_error_code;

/* Length of beacon_error_detail.text and .source, including the NUL. */
#define BEACON_ERROR_TEXT_MAX 256
#define BEACON_ERROR_SOURCE_MAX 128

/*
 * Where and why a parse or validation failed. line and column are 1-based;
 * 0 means unknown. source names the file or the field ("hash", "a.yaml").
 * Plain value type: owned by the caller, typically on the stack.
 */
typedef struct beacon_error_detail {
	int code;
	int line;
	int column;
	char source[BEACON_ERROR_SOURCE_MAX];
	char text[BEACON_ERROR_TEXT_MAX];
} beacon_error_detail;

/* Static, never NULL, never to be freed: a short description of a code. */
BEACON_EXTERN const char *beacon_strerror(int code);

/* Reset a detail to "no error". Accepts NULL. */
BEACON_EXTERN void beacon_error_clear(beacon_error_detail *detail);

/*
 * Fill detail (if not NULL) with code, position and a printf-formatted text,
 * truncated to fit. source may be NULL. Returns code, so callers can write
 * `return beacon_error_set(detail, BEACON_EPARSE, ...);`.
 */
BEACON_EXTERN int beacon_error_set(beacon_error_detail *detail, int code,
				   const char *source, int line, int column,
				   const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/*
 * Format "source:line:column: text" (parts that are unknown omitted) into
 * out, always NUL-terminated. Returns out.
 */
BEACON_EXTERN const char *beacon_error_format(const beacon_error_detail *detail,
					      char *out, size_t outlen);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_ERROR_H */
