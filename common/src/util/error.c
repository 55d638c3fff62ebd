/* error.c - error codes, messages and parser error details. */
#include "beacon/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *beacon_strerror(int code)
{
	switch ((beacon_error_code)code) {
	case BEACON_OK:
		return "success";
	case BEACON_ERROR:
		return "error";
	case BEACON_ENOMEM:
		return "out of memory";
	case BEACON_EINVAL:
		return "invalid argument";
	case BEACON_EPARSE:
		return "parse error";
	case BEACON_ELIMIT:
		return "limit exceeded";
	case BEACON_ENOTFOUND:
		return "not found";
	case BEACON_EIO:
		return "I/O error";
	case BEACON_ENET:
		return "network error";
	case BEACON_ETIMEOUT:
		return "timed out";
	case BEACON_EBUSY:
		return "busy, try again later";
	case BEACON_EDISABLED:
		return "disabled by configuration";
	}
	return "unknown error code";
}

void beacon_error_clear(beacon_error_detail *detail)
{
	if (detail == NULL)
		return;
	memset(detail, 0, sizeof(*detail));
}

static void copy_bounded(char *dst, size_t dstlen, const char *src)
{
	size_t n = strlen(src);

	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int beacon_error_set(beacon_error_detail *detail, int code, const char *source,
		     int line, int column, const char *fmt, ...)
{
	va_list ap;

	if (detail == NULL)
		return code;
	detail->code = code;
	detail->line = line;
	detail->column = column;
	copy_bounded(detail->source, sizeof(detail->source),
		     source != NULL ? source : "");
	va_start(ap, fmt);
	vsnprintf(detail->text, sizeof(detail->text), fmt, ap);
	va_end(ap);
	return code;
}

const char *beacon_error_format(const beacon_error_detail *detail, char *out,
				size_t outlen)
{
	size_t used = 0;
	int n;

	if (out == NULL || outlen == 0)
		return out;
	out[0] = '\0';
	if (detail == NULL)
		return out;
	if (detail->source[0] != '\0') {
		n = snprintf(out, outlen, "%s:", detail->source);
		used = n > 0 ? (size_t)n : 0;
	}
	if (detail->line > 0 && used < outlen) {
		n = detail->column > 0
			? snprintf(out + used, outlen - used,
				   "%d:%d:", detail->line, detail->column)
			: snprintf(out + used, outlen - used,
				   "%d:", detail->line);
		used += n > 0 ? (size_t)n : 0;
	}
	if (used < outlen) {
		const char *text = detail->text[0] != '\0'
				       ? detail->text
				       : beacon_strerror(detail->code);
		snprintf(out + used, outlen - used, "%s%s", used ? " " : "",
			 text);
	}
	return out;
}
