/* buf.c - bounded, growable byte buffer. */
#include "beacon/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "beacon/alloc.h"

#define BUF_MIN_CAP 64

void beacon_buf_init(beacon_buf *buf, size_t max)
{
	buf->ptr = NULL;
	buf->len = 0;
	buf->cap = 0;
	buf->max = max;
}

void beacon_buf_dispose(beacon_buf *buf)
{
	if (buf == NULL)
		return;
	beacon_free(buf->ptr);
	buf->ptr = NULL;
	buf->len = 0;
	buf->cap = 0;
}

void beacon_buf_clear(beacon_buf *buf)
{
	buf->len = 0;
	if (buf->ptr != NULL)
		buf->ptr[0] = '\0';
}

int beacon_buf_reserve(beacon_buf *buf, size_t extra)
{
	size_t need, cap;
	char *grown;

	if (extra > buf->max || buf->len > buf->max - extra)
		return BEACON_ELIMIT;
	need =
	    buf->len + extra + 1; /* + NUL; cannot overflow: max < SIZE_MAX */
	if (need <= buf->cap)
		return BEACON_OK;
	cap = buf->cap < BUF_MIN_CAP ? BUF_MIN_CAP : buf->cap;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > buf->max + 1)
		cap = buf->max + 1;
	if (cap < need)
		cap = need;
	grown = beacon_realloc(buf->ptr, cap);
	if (grown == NULL)
		return BEACON_ENOMEM;
	buf->ptr = grown;
	buf->cap = cap;
	return BEACON_OK;
}

int beacon_buf_append(beacon_buf *buf, const void *data, size_t len)
{
	int error = beacon_buf_reserve(buf, len);

	if (error < 0)
		return error;
	if (len > 0)
		memcpy(buf->ptr + buf->len, data, len);
	buf->len += len;
	buf->ptr[buf->len] = '\0';
	return BEACON_OK;
}

int beacon_buf_puts(beacon_buf *buf, const char *s)
{
	return beacon_buf_append(buf, s, strlen(s));
}

int beacon_buf_putc(beacon_buf *buf, char c)
{
	return beacon_buf_append(buf, &c, 1);
}

int beacon_buf_vprintf(beacon_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	int n, error;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return BEACON_EINVAL;
	error = beacon_buf_reserve(buf, (size_t)n);
	if (error < 0)
		return error;
	vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
	buf->len += (size_t)n;
	return BEACON_OK;
}

int beacon_buf_printf(beacon_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = beacon_buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return error;
}

char *beacon_buf_detach(beacon_buf *buf, size_t *len_out)
{
	char *out = buf->ptr;
	size_t len = buf->len;

	if (out == NULL) {
		out = beacon_strdup("");
		len = 0;
	}
	buf->ptr = NULL;
	buf->len = 0;
	buf->cap = 0;
	if (len_out != NULL)
		*len_out = out != NULL ? len : 0;
	return out;
}
