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
/* instanceId and reportId: 128 bits as lower-case hex. */
#define BEACON_PAYLOAD_ID_LEN 32
/* schemaVersion: an integer from 1 to this. */
#define BEACON_PAYLOAD_MAX_SCHEMA_VERSION 65535
/* Nesting of the body and of the decoded configuration: BEACON_MAX_DEPTH. */

/* ---- configuration documents, anonymizer, hash -------------------------- */

/* anonymizer: the masking pass scans strings up to this many bytes; a longer
 * string is replaced whole by the mask. */
#define BEACON_MASK_MAX_INPUT (64u * 1024u)
/* anonymizer: largest JSON text beacon_anon_dump() produces, bytes. */
#define BEACON_ANON_DUMP_MAX BEACON_MAX_FILE_SIZE
/* hash: largest canonical JSON text the config hash is computed over. */
#define BEACON_CANON_MAX_SIZE (4u * BEACON_MAX_FILE_SIZE)

/* Nodes that YAML aliases may produce in one document, in total (each alias
 * counts the size of the subtree it copies): stops "billion laughs". */
#define BEACON_DOC_MAX_ALIAS_NODES 100000u

/* Longest path segment beacon_doc_get matches, bytes. */
#define BEACON_DOC_MAX_KEY_LEN 256

/* Longest unquoted scalar still considered as a number, bytes. */
#define BEACON_DOC_MAX_NUMBER_LEN 64

/* Largest array index a flag or environment name may set ("[N]"). */
#define BEACON_DOC_MAX_INDEX 1023

/* Most dotted segments in one flag or environment name. */
#define BEACON_DOC_MAX_SEGMENTS 32

/* Largest YAML text beacon_doc_dump_yaml produces, bytes. */
#define BEACON_DOC_MAX_DUMP_SIZE (4u * BEACON_MAX_FILE_SIZE)

/* ---- server ------------------------------------------------------------- */

/* Defaults of beacond's configurable limits (config keys in parentheses). */
/* Largest usage report body, bytes (limits.bodyBytes). */
#define BEACON_SERVER_BODY_MAX (64u * 1024u)
/* Deepest JSON nesting in a report body or its configuration
 * (limits.jsonDepth); never above BEACON_MAX_DEPTH. */
#define BEACON_SERVER_JSON_DEPTH 32
/* Idle connection timeout, seconds (limits.connectionTimeout). */
#define BEACON_SERVER_CONN_TIMEOUT_S 30
/*
 * libmicrohttpd memory pool per connection, bytes (limits.connectionMemory):
 * the request head must fit in about half of it (431 above), the answer's
 * headers in the rest. libmicrohttpd 0.9.75 zeroes the whole pool after
 * every request, so every connection that has served one keeps the pool
 * resident: 10,000 keep-alive connections cost 10,000 x this (36 KiB gave
 * 368 MB, 8 KiB 104 MB in tests/bench). A Traefik request head is ~200
 * bytes; bodies are streamed through it in pieces.
 */
#define BEACON_SERVER_CONN_POOL_BYTES (4u * 1024u)
/* GnuTLS priorities of beacond's own TLS (tlsCert/tlsKey): the system's
 * NORMAL set (Debian 12: modern AEAD suites, ECDHE/DHE, certificate
 * checks as configured) restricted to TLS 1.3 and 1.2. */
#define BEACON_SERVER_TLS_PRIORITIES \
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
/* Bounds of limits.connectionMemory. */
#define BEACON_SERVER_CONN_POOL_MIN 2048u
#define BEACON_SERVER_CONN_POOL_MAX (1024u * 1024u)
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
/* Body bytes read and dropped past limits.bodyBytes when the request has
 * no Content-Length, before the connection is closed instead of answered
 * 413 (libmicrohttpd 0.9.75 answers only once the upload ended). */
#define BEACON_SERVER_DISCARD_MAX (1024u * 1024u)
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

/* -- server: storage, writer, privacy (server/src/store/store.h, writer.h) --
 */

/* Default PRAGMA busy_timeout of every store connection, milliseconds. */
#define BEACON_STORE_BUSY_TIMEOUT_MS 5000

/* Rows of each event table deleted per purge transaction (a large purge
 * runs in chunks so group commits interleave with it). */
#define BEACON_STORE_PURGE_CHUNK 5000

/* beacond's WAL checkpoints run on their own thread at most every this
 * many ms while the writer commits (server/src/store/sqlite/checkpoint.c) ...
 */
#define BEACON_STORE_CHECKPOINT_MS 20
/* ... and the writer's own autocheckpoint stays at SQLite's default: under
 * continuous load only the writer can restart the log (a PASSIVE
 * checkpoint elsewhere never catches up with a writer that keeps
 * appending), and by then the thread has copied almost every page. */
#define BEACON_STORE_WAL_SAFETY_PAGES 1000

/* Default capacity of the writer's queue, events (then submit -> EBUSY). */
#define BEACON_WRITER_QUEUE_CAPACITY 16384

/* Default group commit: at most this many events per transaction ... */
#define BEACON_WRITER_BATCH_MAX 512

/* ... and waits at most this many milliseconds after the first event for
 * more. 0 (the default): no wait; the writer commits what is queued at once
 * and the next group gathers while that commit runs (a busy server gets
 * large batches, an idle one answers a lone report after one commit). A
 * fixed window only delayed every report: 64 clients waiting for their
 * commit reached ~6.7k reports/s with a 5 ms window (tests/bench). */
#define BEACON_WRITER_BATCH_DELAY_MS 0

/* Hex digits kept of the HMAC-SHA-256 of an IP in the hashed IP mode
 * (128 bits: collisions negligible, the full digest is not needed). */
#define BEACON_IPMODE_HASH_HEX_LEN 32

/* Longest release tag, product ("owner/repo"), name and body accepted in
 * the catalog, bytes. */
#define BEACON_RELEASE_TAG_MAX 128
#define BEACON_RELEASE_PRODUCT_MAX 256
#define BEACON_RELEASE_NAME_MAX 1024
#define BEACON_RELEASE_BODY_MAX (256u * 1024u)

/* -- end of server: storage -- */

/* ---- client ------------------------------------------------------------- */

/* Largest response body the client accepts (releases list, report reply);
 * the transfer is aborted past it. Bytes. */
#define BEACON_CLIENT_MAX_RESPONSE (1024u * 1024u)
/* Largest report body the client builds. Bytes. */
#define BEACON_CLIENT_MAX_REPORT (1024u * 1024u)
/* Redirects followed by the client. */
#define BEACON_CLIENT_MAX_REDIRECTS 3L
/* Deepest JSON nesting accepted in a releases list. */
#define BEACON_CLIENT_MAX_JSON_DEPTH 16
/* Most releases considered from one list. */
#define BEACON_CLIENT_MAX_RELEASES 1000u
/* Longest URL, product or version option. Bytes. */
#define BEACON_CLIENT_MAX_OPTION 2048u
/* Longest log line the client formats. Bytes, including the NUL. */
#define BEACON_CLIENT_MAX_LOG_LINE 1024u
/* Transport defaults, milliseconds. */
#define BEACON_CLIENT_CONNECT_TIMEOUT_MS 5000L
#define BEACON_CLIENT_TIMEOUT_MS 15000L
/* Schedule defaults, milliseconds (Traefik: 10 min, then every 24 h). */
#define BEACON_CLIENT_INITIAL_DELAY_MS (10L * 60L * 1000L)
#define BEACON_CLIENT_INTERVAL_MS (24L * 3600L * 1000L)
#define BEACON_CLIENT_JITTER_MS (60L * 1000L)
#define BEACON_CLIENT_BACKOFF_BASE_MS (60L * 1000L)
#define BEACON_CLIENT_BACKOFF_CAP_MS (6L * 3600L * 1000L)
/* Longest Retry-After the client honours; longer values are cut. Seconds. */
#define BEACON_CLIENT_MAX_RETRY_AFTER_S (24L * 3600L)

/* ---- stats (beacond stats) ---------------------------------------------- */

/* Rows shown per table of `beacond stats` (versions, outdated, features). */
#define BEACON_STATS_ROWS_MAX 50
/* Width of the version-share bar, characters. */
#define BEACON_STATS_BAR_WIDTH 30
/* Default --since window of `beacond stats`, seconds (7 days). */
#define BEACON_STATS_SINCE_DEFAULT_S (7L * 86400L)

#endif /* BEACON_LIMITS_H */
