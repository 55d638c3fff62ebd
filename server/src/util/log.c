/* log.c - one line per event on stderr, text or JSON. */
#include "util/log.h"

#include <jansson.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"

/* Longest line written; longer values are cut (the line still ends). */
#define BEACOND_LOG_LINE_MAX 4096

static beacond_log_format log_format = BEACOND_LOG_TEXT;
static beacond_log_level log_min = BEACOND_LOG_INFO;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void beacond_log_setup(beacond_log_format format, beacond_log_level min)
{
	log_format = format;
	log_min = min;
}

int beacond_log_enabled(beacond_log_level level)
{
	return level >= log_min;
}

static void log_timestamp(char *out, size_t outlen)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A text value is quoted when it holds a space, a quote or a control. */
static void text_value(beacon_buf *line, const char *v)
{
	const char *p;

	if (v == NULL) {
		beacon_buf_putc(line, '-');
		return;
	}
	if (v[0] != '\0' && strpbrk(v, " \"\t\r\n=") == NULL) {
		beacon_buf_puts(line, v);
		return;
	}
	beacon_buf_putc(line, '"');
	for (p = v; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			beacon_buf_putc(line, '\\');
		beacon_buf_putc(line, (unsigned char)*p < 0x20 ? ' ' : *p);
	}
	beacon_buf_putc(line, '"');
}

static void format_text(beacon_buf *line, const char *ts, const char *level,
			const char *msg, va_list ap)
{
	const char *key;

	beacon_buf_printf(line, "%s %s %s", ts, level, msg);
	for (key = va_arg(ap, const char *); key != NULL;
	     key = va_arg(ap, const char *)) {
		beacon_buf_printf(line, " %s=", key);
		text_value(line, va_arg(ap, const char *));
	}
}

static void format_json(beacon_buf *line, const char *ts, const char *level,
			const char *msg, va_list ap)
{
	json_t *obj = json_object();
	const char *key;
	char *text = NULL;

	if (obj == NULL)
		return;
	json_object_set_new(obj, "time", json_string(ts));
	json_object_set_new(obj, "level", json_string(level));
	json_object_set_new(obj, "msg", json_string(msg));
	for (key = va_arg(ap, const char *); key != NULL;
	     key = va_arg(ap, const char *)) {
		const char *v = va_arg(ap, const char *);
		json_object_set_new(obj, key,
				    v == NULL ? json_null() : json_string(v));
	}
	text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text != NULL)
		beacon_buf_puts(line, text);
	beacon_free(text);
	json_decref(obj);
}

void beacond_log(beacond_log_level level, const char *msg, ...)
{
	beacon_buf line = BEACON_BUF_INIT(BEACOND_LOG_LINE_MAX);
	char ts[32];
	va_list ap;

	if (level < log_min)
		return;
	log_timestamp(ts, sizeof(ts));
	va_start(ap, msg);
	if (log_format == BEACOND_LOG_JSON)
		format_json(&line, ts, level_names[level], msg, ap);
	else
		format_text(&line, ts, level_names[level], msg, ap);
	va_end(ap);
	if (line.ptr != NULL) {
		line.ptr[line.len] = '\n';
		(void)!write(STDERR_FILENO, line.ptr, line.len + 1);
	}
	beacon_buf_dispose(&line);
}
