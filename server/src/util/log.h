/*
 * log.h - beacond's event log: one line per event on stderr, as text
 * ("2026-01-02T03:04:05Z info listening url=http://127.0.0.1:8080") or as
 * one JSON object per line. Thread-safe (one write(2) per line).
 */
#ifndef BEACOND_LOG_H
#define BEACOND_LOG_H

typedef enum beacond_log_level {
	BEACOND_LOG_DEBUG = 0,
	BEACOND_LOG_INFO,
	BEACOND_LOG_WARN,
	BEACOND_LOG_ERROR
} beacond_log_level;

typedef enum beacond_log_format {
	BEACOND_LOG_TEXT = 0,
	BEACOND_LOG_JSON
} beacond_log_format;

/* Process-wide settings; call before any thread logs. */
void beacond_log_setup(beacond_log_format format, beacond_log_level min);

/* Whether events of level are written (to skip building them). */
int beacond_log_enabled(beacond_log_level level);

/*
 * Log the event msg with key/value pairs: a NULL-terminated list of
 * (const char *key, const char *value) borrowed strings. A NULL value is
 * written as "-" (text) or null (JSON).
 */
void beacond_log(beacond_log_level level, const char *msg, ...);

#endif /* BEACOND_LOG_H */
