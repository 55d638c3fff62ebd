/*
 * client_internal.h - the beacon_client structure and the internal
 * interfaces between libbeacon's modules. Not installed.
 */
#ifndef BEACON_CLIENT_INTERNAL_H
#define BEACON_CLIENT_INTERNAL_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>

#include "beacon/alloc.h"
#include "beacon/beacon.h"
#include "beacon/buf.h"
#include "beacon/limits.h"

/* Marks the functions the shared library exports (see libbeacon.map). */
#define BEACON_API __attribute__((visibility("default")))

/* A channel's consent: decided once in beacon_client_new. */
typedef struct beacon_consent {
	int enabled;
	char line[BEACON_CLIENT_MAX_LOG_LINE]; /* the startup log line */
} beacon_consent;

/* Everything consent looks at; all borrowed. */
typedef struct beacon_consent_input {
	const char *running;
	int host_check;          /* -1, 0 or 1 */
	int host_report;         /* -1, 0 or 1 */
	const json_t *flags_doc; /* may be NULL */
	const json_t *env_doc;   /* may be NULL */
	const json_t *file_doc;  /* may be NULL */
	const char *file_name;   /* NULL when file_doc came from the host */
	const char *env_prefix;  /* NULL when env_doc is NULL */
	const char *const *envp; /* never NULL */
	const char *check_url;
	const char *report_url;
} beacon_consent_input;

/* Transport settings, owned by the client. */
typedef struct beacon_transport {
	const char *user_agent;
	const char *proxy;   /* NULL: libcurl's default (environment) */
	const char *ca_file; /* NULL: system bundle */
	long connect_timeout_ms;
	long timeout_ms;
	atomic_int *abort_flag; /* non-zero: abort the transfer now */
	pthread_mutex_t *lock;  /* borrowed (the client's): guards curl_ready */
	int curl_ready;         /* curl_global_init done: a cleanup is owed */
} beacon_transport;

typedef struct beacon_http_request {
	const char *method; /* "GET" or "POST" */
	const char *url;
	const char *accept;       /* Accept header or NULL */
	const char *content_type; /* with a body */
	const char *body;
	size_t body_len;
} beacon_http_request;

typedef struct beacon_http_response {
	long status;      /* 0: no response */
	long retry_after; /* seconds, -1 when absent */
	beacon_buf body;  /* capped at BEACON_CLIENT_MAX_RESPONSE */
	char reason[BEACON_RESULT_REASON_MAX]; /* transport failure text */
} beacon_http_response;

typedef struct beacon_schedule {
	long initial_delay_ms;
	long interval_ms;
	long jitter_ms;
	long backoff_base_ms;
	long backoff_cap_ms;
} beacon_schedule;

struct beacon_client {
	char *product;    /* owner/repo */
	const char *repo; /* points into product */
	/* repo with its first letter upper-cased ("Traefik"), as the host's
	 * own update message names the product */
	char display[BEACON_PAYLOAD_MAX_PRODUCT + 1];
	char *running;
	char *codename;
	char *build_date;
	char *update_url;
	char *collect_url;
	char *releases_url;
	char *schema_file;
	char *hash_key;
	char *proxy;
	char *ca_file;
	char *user_agent;
	json_t *config; /* merged configuration; NULL when none given */
	beacon_transport transport;
	beacon_schedule schedule;
	beacon_consent check;
	beacon_consent report;
	beacon_log_fn log;
	beacon_event_fn event;
	void *payload;

	/* background thread (scheduler.c) */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int sync_ready; /* lock and wake initialised */
	int started;    /* between beacon_client_start and _stop */
	int thread_running;
	atomic_int stopping;
	unsigned long long rng;
};

/* log.c: format and pass one line to the host's callback, if any. */
void beacon_client_log(const beacon_client *client, int level, const char *fmt,
		       ...) __attribute__((format(printf, 3, 4)));

/* env.c: value of name in envp (borrowed) or NULL. */
const char *beacon_env_get(const char *const *envp, const char *name);
/* env.c: the process environment as a NULL-terminated list (borrowed). */
const char *const *beacon_env_process(void);
/* env.c: 1 when an opt-out variable's value means "set": non-empty and
 * not "0". */
int beacon_env_truthy(const char *value);

/* consent.c: decide both channels and write their startup lines. */
int beacon_consent_decide(beacon_consent *check, beacon_consent *report,
			  const beacon_consent_input *in,
			  beacon_error_detail *err);

/* consent.c: the line without its "beacon: " prefix (borrowed). */
const char *beacon_consent_reason(const beacon_consent *consent);

/* useragent.c: *out new: "{repo}/{version} ({os}; {arch}) beacon/{lib}"
 * plus " suffix" when suffix is non-empty. */
int beacon_user_agent_new(char **out, const char *product, const char *running,
			  const char *suffix);
const char *beacon_platform_os(void);
const char *beacon_platform_arch(void);

/* options.c: validate opts and copy them into client. */
int beacon_options_apply(beacon_client *client,
			 const beacon_client_options *opts,
			 beacon_error_detail *err);

/*
 * transport.c: libcurl's global init, owned by the transport. Call
 * beacon_transport_init before any thread of the client runs: it does the
 * init at once when libcurl's init is not thread-safe, else the first
 * transfer does it. 0 or BEACON_ERROR. transport->lock must be set.
 */
int beacon_transport_init(beacon_transport *transport);
/* transport.c: the curl_global_cleanup matching a done init. */
void beacon_transport_cleanup(beacon_transport *transport);

/* transport.c: one HTTP exchange (after libcurl's global init, done here
 * if still owed). resp is initialised here and must be disposed with
 * beacon_http_response_dispose whatever the result. */
int beacon_transport_perform(beacon_transport *transport,
			     const beacon_http_request *req,
			     beacon_http_response *resp);
void beacon_http_response_dispose(beacon_http_response *resp);

/* check.c: interpret a releases list for the running version. */
int beacon_check_parse(beacon_check_result *result, const char *running,
		       const char *body, size_t len);

/* scheduler.c: the delay before the next run, ms. attempt 0 = success. */
long beacon_schedule_next(const beacon_schedule *schedule, unsigned attempt,
			  long retry_after_s, unsigned long long *rng);

/* scheduler.c: set up / tear down the lock, condition and random state. */
int beacon_scheduler_init(beacon_client *client);
void beacon_scheduler_destroy(beacon_client *client);

/* tools.c: the export schema file, or the embedded Traefik one. *out new
 * (beacon_export_schema_free). */
struct beacon_export_schema;
int beacon_schema_open(struct beacon_export_schema **out, const char *file,
		       beacon_error_detail *err);

/* report_body.c: the report body; *body new (beacon_free). */
int beacon_report_build(beacon_client *client, char **body, size_t *len,
			beacon_error_detail *err);

/* client.c: load and merge the configuration, decide consent. */
int beacon_client_configure(beacon_client *client,
			    const beacon_client_options *opts,
			    beacon_error_detail *err);

#endif /* BEACON_CLIENT_INTERNAL_H */
