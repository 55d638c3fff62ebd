/*
 * beacon/buf.h - a growable byte buffer with a mandatory maximum.
 *
 * Every buffer has a hard cap chosen by its creator; appends that would pass
 * it fail with BEACON_ELIMIT and leave the buffer unchanged. Growth is
 * overflow-checked. The content is always NUL-terminated (the NUL is not
 * counted in len and does not count against max).
 */
#ifndef BEACON_BUF_H
#define BEACON_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "beacon/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct beacon_buf {
	char *ptr;  /* owned; NULL until the first append */
	size_t len; /* bytes used, excluding the terminating NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* hard limit on len */
} beacon_buf;

#define BEACON_BUF_INIT(maximum)      \
	{                             \
		NULL, 0, 0, (maximum) \
	}

/* Set up an empty buffer limited to max bytes. Allocates nothing. */
BEACON_EXTERN void beacon_buf_init(beacon_buf *buf, size_t max);
/* Release the content; the buffer is empty and reusable afterwards. */
BEACON_EXTERN void beacon_buf_dispose(beacon_buf *buf);
/* Forget the content but keep the allocation. */
BEACON_EXTERN void beacon_buf_clear(beacon_buf *buf);
/* Make room for at least extra more bytes. BEACON_ELIMIT past max. */
BEACON_EXTERN int beacon_buf_reserve(beacon_buf *buf, size_t extra);
/* Append len bytes of data. BEACON_ELIMIT past max, BEACON_ENOMEM. */
BEACON_EXTERN int beacon_buf_append(beacon_buf *buf, const void *data,
				    size_t len);
/* Append a NUL-terminated string. */
BEACON_EXTERN int beacon_buf_puts(beacon_buf *buf, const char *s);
/* Append one byte. */
BEACON_EXTERN int beacon_buf_putc(beacon_buf *buf, char c);
/* Append printf-formatted text. */
BEACON_EXTERN int beacon_buf_printf(beacon_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
BEACON_EXTERN int beacon_buf_vprintf(beacon_buf *buf, const char *fmt,
				     va_list ap)
    __attribute__((format(printf, 2, 0)));
/*
 * Hand the content over: returns a new NUL-terminated string (free with
 * beacon_free) and leaves the buffer empty. Returns a new empty string if
 * nothing was appended; NULL only if that allocation fails.
 */
BEACON_EXTERN char *beacon_buf_detach(beacon_buf *buf, size_t *len_out);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_BUF_H */
