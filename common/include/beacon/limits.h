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

/* ---- server ------------------------------------------------------------- */

/* Defaults of beacond's configurable limits (config keys in parentheses). */
/* Largest usage report body, bytes (limits.bodyBytes). */
#define BEACON_SERVER_BODY_MAX (64u * 1024u)
/* Deepest JSON nesting in a report body or its configuration
 * (limits.jsonDepth); never above BEACON_MAX_DEPTH. */
#define BEACON_SERVER_JSON_DEPTH 32
/* Idle connection timeout, seconds (limits.connectionTimeout). */
#define BEACON_SERVER_CONN_TIMEOUT_S 30
/* Open connections over all threads (limits.maxConnections). */
#define BEACON_SERVER_MAX_CONNECTIONS 1024
/* Reports per client address: refill per minute and burst
 * (limits.reportsPerMinute, limits.reportBurst). */
#define BEACON_SERVER_REPORTS_PER_MINUTE 60
#define BEACON_SERVER_REPORT_BURST 20
/* Worker threads of the HTTP daemon (threads) and the most accepted. */
#define BEACON_SERVER_THREADS 2
#define BEACON_SERVER_THREADS_MAX 64

/* Built-in bounds. */
/* Rate limiter table: sets x ways buckets (fixed memory). */
#define BEACON_SERVER_RATELIMIT_SETS 4096
#define BEACON_SERVER_RATELIMIT_WAYS 4
/* Entries of list settings: listen, collectPaths, trustedProxies. */
#define BEACON_SERVER_LIST_MAX 32
/* GitHub's pagination: default and largest per_page. */
#define BEACON_SERVER_PER_PAGE_DEFAULT 30
#define BEACON_SERVER_PER_PAGE_MAX 100
/* Stored User-Agent, bytes (longer ones are cut). */
#define BEACON_SERVER_USER_AGENT_MAX 512
/* Retry-After, seconds, when the writer queue is full or a commit failed. */
#define BEACON_SERVER_RETRY_AFTER_BUSY_S 5
/* How often the catalog generation is polled, milliseconds. */
#define BEACON_SERVER_CATALOG_POLL_MS 1000
/* How often the retention purge runs, seconds. */
#define BEACON_SERVER_PURGE_INTERVAL_S 3600
/* Graceful shutdown: longest wait for in-flight reports, seconds. */
#define BEACON_SERVER_SHUTDOWN_GRACE_S 10

/* ---- client ------------------------------------------------------------- */

#endif /* BEACON_LIMITS_H */
