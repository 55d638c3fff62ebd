/*
 * beacon/beacon.h - libbeacon, the embeddable reporting client of Beacon.
 *
 * A host program (a proxy) creates one beacon_client from options, then
 * either calls the synchronous functions (beacon_client_check,
 * beacon_client_send_report) from a thread of its own, or lets the client
 * run both channels on its own thread (beacon_client_start/stop):
 *
 *   - the version check (opt-out, global.checkNewVersion, default true):
 *     GET {update_url}/repos/{owner}/{repo}/releases;
 *   - the usage report (opt-in, global.sendAnonymousUsage, default false):
 *     POST {collect_url} with the anonymized static configuration.
 *
 * The library never prints, exits or aborts: it returns error codes
 * (beacon/error.h) and logs through the host's callback. Memory the library
 * hands out is released with beacon_free().
 *
 * Consent. Each channel is decided once, in beacon_client_new, by the first
 * source that says something, in this order:
 *   1. BEACON_DISABLE or DO_NOT_TRACK in the environment, set to any
 *      non-empty value other than "0": both channels off;
 *   2. running version "dev": the version check is off (never checks);
 *   3. the host option (check_new_version / send_anonymous_usage >= 0);
 *   4. CLI flags (opts.flags), then environment variables
 *      (opts.env_prefix, e.g. TRAEFIK_GLOBAL_CHECKNEWVERSION), then the
 *      configuration (opts.config, else opts.config_file);
 *   5. the default: check on, report off.
 * beacon_client_start logs exactly one line per channel saying enabled or
 * disabled, why, and for an enabled channel the URL it will call. A
 * disabled channel never opens a connection.
 *
 * Threads. A client's functions may be called from any thread, but
 * beacon_client_start, beacon_client_stop and beacon_client_free must not
 * race with each other, and must not be called from the log or event
 * callbacks (which run on the client's thread: stop joins it).
 *
 * libcurl. A client calls curl_global_init(CURL_GLOBAL_DEFAULT) once, and
 * beacon_client_free the matching curl_global_cleanup. With libcurl >= 7.84
 * (CURL_VERSION_THREADSAFE: both thread-safe) the init waits for the
 * client's first transfer, so that a client that never connects (both
 * channels off, or freed before its first run) never initialises libcurl
 * and OpenSSL; with an older libcurl beacon_client_new does it, and hosts
 * that create clients while other threads use libcurl must call
 * curl_global_init themselves first.
 */
#ifndef BEACON_BEACON_H
#define BEACON_BEACON_H

#include <stddef.h>

#include "beacon/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of libbeacon, also sent in the User-Agent as beacon/{version}. */
#define BEACON_LIB_VERSION "0.1.0"

/*
 * Jansson's value type, declared incomplete so that this header needs no
 * Jansson headers: a host that never touches a configuration document
 * compiles without them. A host that does includes <jansson.h> itself;
 * its json_t is this struct (same tag), so pointers pass unchanged.
 */
struct json_t;

/* Sizes of the text fields of the result structures, including the NUL. */
/* Holds any tag the check accepts (at most 128 bytes) and its canonical
 * form, which pads missing segments ("v3" -> "3.0.0"). */
#define BEACON_RESULT_VERSION_MAX 144
#define BEACON_RESULT_URL_MAX 512
#define BEACON_RESULT_REASON_MAX 256

/* Log levels passed to the log callback. */
typedef enum beacon_log_level {
	BEACON_LOG_ERROR = 0,
	BEACON_LOG_WARN = 1,
	BEACON_LOG_INFO = 2,
	BEACON_LOG_DEBUG = 3
} beacon_log_level;

typedef enum beacon_check_status {
	BEACON_CHECK_UNKNOWN = 0, /* could not tell; see reason */
	BEACON_CHECK_UP_TO_DATE = 1,
	BEACON_CHECK_UPDATE_AVAILABLE = 2
} beacon_check_status;

/* Outcome of one version check. Plain value, owned by the caller. */
typedef struct beacon_check_result {
	beacon_check_status status;
	int error;        /* 0, or the beacon_error_code behind UNKNOWN */
	long http_status; /* 0 when no response arrived */
	long retry_after; /* seconds from Retry-After, -1 when absent */
	/* when UPDATE_AVAILABLE: the newer release's version as Traefik
	 * prints it (go-version's String(): "v3.1.4" -> "3.1.4", "v3.2" ->
	 * "3.2.0"), else "" */
	char latest[BEACON_RESULT_VERSION_MAX];
	char url[BEACON_RESULT_URL_MAX]; /* html_url when UPDATE_AVAILABLE */
	char reason[BEACON_RESULT_REASON_MAX]; /* why, when UNKNOWN */
	char tag[BEACON_RESULT_VERSION_MAX];   /* its raw tag_name ("v3.1.4") */
} beacon_check_result;

/* Outcome of one usage report. Plain value, owned by the caller. */
typedef struct beacon_report_result {
	int error;        /* 0 when the server accepted (2xx) */
	long http_status; /* 0 when no response arrived */
	long retry_after; /* seconds from Retry-After, -1 when absent */
	char reason[BEACON_RESULT_REASON_MAX]; /* why, when error != 0 */
} beacon_report_result;

typedef enum beacon_event_type {
	BEACON_EVENT_CHECK = 1, /* a version check finished: event->check */
	BEACON_EVENT_REPORT = 2 /* a usage report finished: event->report */
} beacon_event_type;

/* Passed to the event callback; borrowed, valid during the call only. */
typedef struct beacon_event {
	beacon_event_type type;
	const beacon_check_result *check;   /* BEACON_EVENT_CHECK, else NULL */
	const beacon_report_result *report; /* BEACON_EVENT_REPORT, else NULL */
	unsigned attempt; /* 1 for a scheduled run, n for the n-th retry */
	long next_ms;     /* delay before the next run of this channel */
} beacon_event;

/*
 * Log callback: line is borrowed (valid during the call), one line without
 * a trailing newline. May be called from the client's thread.
 */
typedef void (*beacon_log_fn)(int level, const char *line, void *payload);
/* Event callback, called from the thread that ran the channel. */
typedef void (*beacon_event_fn)(const beacon_event *event, void *payload);

#define BEACON_CLIENT_OPTIONS_VERSION 1

/*
 * Options of beacon_client_new. Start from BEACON_CLIENT_OPTIONS_INIT; zero
 * or NULL fields take the default in brackets. Every pointer is borrowed
 * for the duration of beacon_client_new only (the client copies what it
 * keeps).
 */
typedef struct beacon_client_options {
	unsigned version; /* BEACON_CLIENT_OPTIONS_VERSION */

	/* Identity of the host program. */
	const char *product; /* "owner/repo", required */
	const char *running; /* running version, required; "dev" never checks */
	const char *codename;   /* [""] */
	const char *build_date; /* [""] */

	/* Where to call. URLs must be http:// or https://. */
	const char *update_url;  /* base of the releases API
				    [https://update.traefik.io] */
	const char *collect_url; /* full URL of the report endpoint
				    [{update_url}/collect] */

	/* The static configuration: config, else config_file, else none. */
	const struct json_t *config; /* borrowed; copied */
	const char *config_file;     /* YAML, TOML or JSON, by extension; TOML
					with libbeacon.so needs the module
					libbeacon-toml.so next to it (loaded on
					first use), else BEACON_EDISABLED */
	const char *const *flags;    /* Traefik-style flags ("--a.b=c") */
	int nflags;
	const char *env_prefix;  /* configuration variables, e.g. "TRAEFIK_";
				    NULL: none */
	const char *const *envp; /* NULL-terminated "NAME=value" list, also
				    read for DO_NOT_TRACK and BEACON_DISABLE
				    [the process environment] */

	/* Host decision; overrides flags, environment and configuration but
	 * not DO_NOT_TRACK / BEACON_DISABLE. -1 [default]: not decided. */
	int check_new_version;
	int send_anonymous_usage;

	/* Anonymization and hash. */
	const char *schema_file; /* export schema [embedded Traefik schema] */
	const char *hash_key;    /* fleet hashKey [none: hash the anonymized
				    configuration with an empty key] */

	/* Transport. */
	long connect_timeout_ms; /* [BEACON_CLIENT_CONNECT_TIMEOUT_MS] */
	long timeout_ms;         /* whole transfer [BEACON_CLIENT_TIMEOUT_MS] */
	const char *proxy;       /* [from the environment, as libcurl does];
				    "" disables any proxy */
	const char *ca_file;     /* [the system CA bundle] */
	const char *user_agent_suffix; /* appended after beacon/{version} */

	/* Schedule of beacon_client_start, milliseconds. */
	long initial_delay_ms; /* 0 = at once; -1 [10 min] */
	long interval_ms;      /* [24 h] */
	long jitter_ms;       /* random 0..jitter added to each delay; 0 = none;
				 -1 [1 min] */
	long backoff_base_ms; /* first retry after a failure [1 min] */
	long backoff_cap_ms;  /* longest retry delay [6 h] */

	/* Callbacks; payload is passed back unchanged. */
	beacon_log_fn log;
	beacon_event_fn event;
	void *payload;
} beacon_client_options;

#define BEACON_CLIENT_OPTIONS_INIT                                             \
	{                                                                      \
		BEACON_CLIENT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL,   \
		    NULL, NULL, NULL, NULL, 0, NULL, NULL, -1, -1, NULL, NULL, \
		    0, 0, NULL, NULL, NULL, -1, 0, -1, 0, 0, NULL, NULL, NULL  \
	}

typedef struct beacon_client beacon_client;

/* Fill opts with the defaults (same as BEACON_CLIENT_OPTIONS_INIT). */
BEACON_EXTERN void beacon_client_options_init(beacon_client_options *opts);

/*
 * Create a client. *out: new, free with beacon_client_free(). Loads and
 * merges the configuration and decides consent; opens no connection.
 * BEACON_EINVAL for bad options (err names the field), loader codes for a
 * bad configuration file. err is optional.
 */
BEACON_EXTERN int beacon_client_new(beacon_client **out,
				    const beacon_client_options *opts,
				    beacon_error_detail *err);

/* Stop the background thread if running and release everything. NULL ok. */
BEACON_EXTERN void beacon_client_free(beacon_client *client);

/* 1 when the channel is enabled after consent, else 0. */
BEACON_EXTERN int beacon_client_check_enabled(const beacon_client *client);
BEACON_EXTERN int beacon_client_report_enabled(const beacon_client *client);

/*
 * Borrowed startup log line of a channel (the one beacon_client_start
 * logs), valid while client lives.
 */
BEACON_EXTERN const char *
beacon_client_check_status_line(const beacon_client *client);
BEACON_EXTERN const char *
beacon_client_report_status_line(const beacon_client *client);

/* Borrowed User-Agent header value, valid while client lives. */
BEACON_EXTERN const char *beacon_client_user_agent(const beacon_client *client);

/*
 * Run one version check now, blocking up to the timeouts. result is always
 * filled; a failed or disabled check is UNKNOWN, never UP_TO_DATE. Returns
 * 0 when the status is known, else result->error (BEACON_EDISABLED when the
 * channel is off: no connection is made).
 */
BEACON_EXTERN int beacon_client_check(beacon_client *client,
				      beacon_check_result *result);

/*
 * The exact bytes of the usage report. *body: new, NUL-terminated, free
 * with beacon_free(); *len excludes the NUL. Works whether or not the
 * report channel is enabled (it sends nothing).
 */
BEACON_EXTERN int beacon_client_build_report(beacon_client *client, char **body,
					     size_t *len);

/*
 * Build and POST the usage report now, blocking up to the timeouts.
 * result (optional) is always filled. BEACON_EDISABLED when the channel is
 * off (no connection is made); BEACON_EBUSY on 429/503.
 */
BEACON_EXTERN int beacon_client_send_report(beacon_client *client,
					    beacon_report_result *result);

/*
 * Log the startup lines and start the client's thread, which runs each
 * enabled channel on the schedule. Returns at once. BEACON_EBUSY when
 * already started. With both channels disabled no thread is created.
 */
BEACON_EXTERN int beacon_client_start(beacon_client *client);

/*
 * Stop the thread: aborts a transfer in progress and joins. Returns within
 * about a second. Safe to call when not started.
 */
BEACON_EXTERN void beacon_client_stop(beacon_client *client);

/*
 * The merged static configuration (file, environment, flags). Borrowed,
 * valid while client lives; NULL when no configuration was given.
 */
BEACON_EXTERN const struct json_t *
beacon_client_config(const beacon_client *client);

/*
 * Tools (the CLI's anonymize and hash commands). Thin wrappers over the
 * common library.
 *
 * beacon_anonymize_document: *out new reference (json_decref), the
 * anonymized copy of config (borrowed) under the export schema schema_file
 * (NULL: embedded Traefik schema).
 */
BEACON_EXTERN int beacon_anonymize_document(struct json_t **out,
					    const struct json_t *config,
					    const char *schema_file,
					    beacon_error_detail *err);

/*
 * Config hash of config (borrowed): with hash_key NULL, over the anonymized
 * configuration with an empty key; else over config itself.
 */
BEACON_EXTERN int beacon_hash_document(unsigned long long *out,
				       const struct json_t *config,
				       const char *schema_file,
				       const char *hash_key,
				       beacon_error_detail *err);

/*
 * Load a configuration: the nfiles files in order, then environment
 * variables with env_prefix (NULL: none) from envp (NULL: process
 * environment), then flags, merged in that order (later wins).
 * *out: new reference (json_decref), an object (empty when nothing given).
 */
BEACON_EXTERN int beacon_load_document(struct json_t **out,
				       const char *const *files, int nfiles,
				       const char *env_prefix,
				       const char *const *envp,
				       const char *const *flags, int nflags,
				       beacon_error_detail *err);

/*
 * The anonymized configuration carried by a report body (body borrowed,
 * len bytes): its "configuration" field, base64-decoded and parsed.
 * *out: new reference (json_decref).
 */
BEACON_EXTERN int beacon_report_configuration(struct json_t **out,
					      const char *body, size_t len,
					      beacon_error_detail *err);

/*
 * YAML text of doc (borrowed). *out: new, free with beacon_free().
 */
BEACON_EXTERN int beacon_document_to_yaml(char **out, const struct json_t *doc);

/* Release memory returned by libbeacon. NULL ok. */
#ifndef BEACON_ALLOC_H
BEACON_EXTERN void beacon_free(void *ptr);
#endif

#ifdef __cplusplus
}
#endif

#endif /* BEACON_BEACON_H */
