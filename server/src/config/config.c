/* config.c - the table of beacond's settings and how one is set. */
#include "config/config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "beacon/alloc.h"
#include "util/log.h"

typedef enum key_kind { KEY_STR, KEY_UINT, KEY_ENUM, KEY_LIST } key_kind;

typedef struct config_key {
	const char *name;
	key_kind kind;
	size_t offset;
	unsigned min, max;        /* KEY_UINT bounds */
	const char *const *names; /* KEY_ENUM values, NULL-terminated */
	const char *help;
} config_key;

static const char *const ip_modes[] = { "full", "truncated", "hashed", "none",
					NULL };
static const char *const log_formats[] = { "text", "json", NULL };
static const char *const log_levels[] = { "debug", "info", "warn", "error",
					  NULL };
static const char *const poll_modes[] = { "poll", "epoll", NULL };
static const char *const sync_modes[] = { "normal", "full", NULL };

#define OFF(field) offsetof(beacond_config, field)
#define STR(n, f, h)                              \
	{                                         \
		n, KEY_STR, OFF(f), 0, 0, NULL, h \
	}
#define UINT(n, f, lo, hi, h)                        \
	{                                            \
		n, KEY_UINT, OFF(f), lo, hi, NULL, h \
	}
#define ENUM(n, f, v, h)                        \
	{                                       \
		n, KEY_ENUM, OFF(f), 0, 0, v, h \
	}
#define LIST(n, f, h)                              \
	{                                          \
		n, KEY_LIST, OFF(f), 0, 0, NULL, h \
	}

static const config_key keys[] = {
	LIST("listen", listen,
	     "ADDR:PORT to listen on (repeatable; port 0 picks one)"),
	STR("db", db, "SQLite database file"),
	LIST("collectPaths", collect_paths, "paths accepting usage reports"),
	STR("defaultProduct", default_product,
	    "product of reports naming none"),
	ENUM("ipMode", ip_mode, ip_modes,
	     "IP storage: full|truncated|hashed|none"),
	STR("ipHashSecret", ip_hash_secret, "secret of ipMode hashed"),
	UINT("retentionDays", retention_days, 0, 36500,
	     "keep raw events N days (0: forever)"),
	UINT("purgeInterval", purge_interval_s, 1, 86400 * 7,
	     "seconds between purges"),
	LIST("trustedProxies", trusted_proxies,
	     "CIDRs whose X-Forwarded-For is believed"),
	ENUM("logFormat", log_format, log_formats, "text|json"),
	ENUM("logLevel", log_level, log_levels, "debug|info|warn|error"),
	STR("tlsCert", tls_cert,
	    "PEM certificate file (enables TLS with tlsKey)"),
	STR("tlsKey", tls_key, "PEM private key file"),
	UINT("threads", threads, 1, BEACON_SERVER_THREADS_MAX,
	     "HTTP worker threads"),
	ENUM("pollMode", poll_mode, poll_modes, "poll|epoll (see http.c)"),
	UINT("catalogPollMs", catalog_poll_ms, 10, 600000,
	     "catalog change check period, ms"),
	UINT("limits.bodyBytes", body_bytes, 256, 16u * 1024u * 1024u,
	     "largest report body"),
	UINT("limits.jsonDepth", json_depth, 2, BEACON_MAX_DEPTH,
	     "deepest JSON nesting"),
	UINT("limits.connectionTimeout", connection_timeout_s, 1, 3600,
	     "idle connection timeout, s"),
	UINT("limits.maxConnections", max_connections, 4, 1000000,
	     "open connections"),
	UINT("limits.connectionMemory", connection_memory,
	     BEACON_SERVER_CONN_POOL_MIN, BEACON_SERVER_CONN_POOL_MAX,
	     "memory per connection, bytes (request head ~half)"),
	UINT("limits.reportsPerMinute", reports_per_minute, 0, 1000000,
	     "per-IP report rate (0: off)"),
	UINT("limits.reportBurst", report_burst, 1, 1000000,
	     "per-IP report burst"),
	ENUM("storage.synchronous", synchronous_full, sync_modes,
	     "SQLite synchronous: full|normal"),
	UINT("storage.busyTimeoutMs", busy_timeout_ms, 0, 600000,
	     "SQLite busy timeout, ms"),
	UINT("storage.queueCapacity", queue_capacity, 16, 16u * 1024u * 1024u,
	     "writer queue events"),
	UINT("storage.batchMax", batch_max, 1, 1000000,
	     "events per commit at most"),
	UINT("storage.batchMs", batch_ms, 0, 10000,
	     "longest wait to fill a batch, ms (0: none)"),
};

static void *field(beacond_config *cfg, const config_key *k)
{
	return (char *)cfg + k->offset;
}

static int set_str(char **slot, const char *value)
{
	char *copy = beacon_strdup(value);

	if (copy == NULL)
		return BEACON_ENOMEM;
	beacon_free(*slot);
	*slot = copy;
	return 0;
}

static void list_clear(beacond_strlist *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		beacon_free(list->items[i]);
	list->count = 0;
}

/* A list set from a later source (file over defaults, flags over file)
 * replaces the earlier one; value NULL only empties it. */
static int set_list(beacond_strlist *list, const char *value, int source,
		    const config_key *k, beacon_error_detail *err)
{
	if (source > list->source) {
		list_clear(list);
		list->source = source;
	}
	if (value == NULL)
		return 0;
	if (list->count == BEACON_SERVER_LIST_MAX)
		return beacon_error_set(err, BEACON_ELIMIT, k->name, 0, 0,
					"more than %d entries",
					BEACON_SERVER_LIST_MAX);
	list->items[list->count] = beacon_strdup(value);
	if (list->items[list->count] == NULL)
		return BEACON_ENOMEM;
	list->count++;
	return 0;
}

static int set_uint(unsigned *slot, const char *value, const config_key *k,
		    beacon_error_detail *err)
{
	char *end = NULL;
	unsigned long long v;

	errno = 0;
	v = strtoull(value, &end, 10);
	if (value[0] < '0' || value[0] > '9' || errno != 0 || *end != '\0' ||
	    v < k->min || v > k->max)
		return beacon_error_set(err, BEACON_EINVAL, k->name, 0, 0,
					"%s must be an integer from %u to %u, "
					"not \"%s\"",
					k->name, k->min, k->max, value);
	*slot = (unsigned)v;
	return 0;
}

static int set_enum(int *slot, const char *value, const config_key *k,
		    beacon_error_detail *err)
{
	int i;

	for (i = 0; k->names[i] != NULL; i++) {
		if (strcasecmp(k->names[i], value) == 0) {
			*slot = i;
			return 0;
		}
	}
	return beacon_error_set(err, BEACON_EINVAL, k->name, 0, 0,
				"%s: unknown value \"%s\"", k->name, value);
}

int beacond_config_set(beacond_config *cfg, const char *key, const char *value,
		       int source, beacon_error_detail *err)
{
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const config_key *k = &keys[i];
		if (strcasecmp(k->name, key) != 0)
			continue;
		if (value == NULL && k->kind != KEY_LIST)
			return 0;
		switch (k->kind) {
		case KEY_STR:
			return set_str(field(cfg, k), value);
		case KEY_UINT:
			return set_uint(field(cfg, k), value, k, err);
		case KEY_ENUM:
			return set_enum(field(cfg, k), value, k, err);
		case KEY_LIST:
			return set_list(field(cfg, k), value, source, k, err);
		}
	}
	return beacon_error_set(err, BEACON_EINVAL, key, 0, 0,
				"unknown setting \"%s\"", key);
}

static int defaults_strings(beacond_config *cfg)
{
	int error;

	error =
	    set_list(&cfg->listen, BEACOND_DEFAULT_LISTEN, 0, &keys[0], NULL);
	if (error == 0)
		error =
		    set_list(&cfg->collect_paths, BEACOND_DEFAULT_COLLECT_PATH,
			     0, &keys[2], NULL);
	if (error == 0)
		error =
		    set_list(&cfg->collect_paths, BEACOND_TRAEFIK_COLLECT_PATH,
			     0, &keys[2], NULL);
	if (error == 0)
		error = set_str(&cfg->db, BEACOND_DEFAULT_DB);
	if (error == 0)
		error = set_str(&cfg->default_product, BEACOND_DEFAULT_PRODUCT);
	return error;
}

int beacond_config_defaults(beacond_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->retention_days = BEACOND_DEFAULT_RETENTION_DAYS;
	cfg->purge_interval_s = BEACON_SERVER_PURGE_INTERVAL_S;
	cfg->log_format = BEACOND_LOG_TEXT;
	cfg->log_level = BEACOND_LOG_INFO;
	cfg->threads = BEACON_SERVER_THREADS;
	cfg->poll_mode = BEACOND_POLL_POLL;
	cfg->catalog_poll_ms = BEACON_SERVER_CATALOG_POLL_MS;
	cfg->body_bytes = BEACON_SERVER_BODY_MAX;
	cfg->json_depth = BEACON_SERVER_JSON_DEPTH;
	cfg->connection_timeout_s = BEACON_SERVER_CONN_TIMEOUT_S;
	cfg->max_connections = BEACON_SERVER_MAX_CONNECTIONS;
	cfg->connection_memory = BEACON_SERVER_CONN_POOL_BYTES;
	cfg->reports_per_minute = BEACON_SERVER_REPORTS_PER_MINUTE;
	cfg->report_burst = BEACON_SERVER_REPORT_BURST;
	cfg->synchronous_full = 1;
	cfg->busy_timeout_ms = BEACON_STORE_BUSY_TIMEOUT_MS;
	cfg->queue_capacity = BEACON_WRITER_QUEUE_CAPACITY;
	cfg->batch_max = BEACON_WRITER_BATCH_MAX;
	cfg->batch_ms = BEACON_WRITER_BATCH_DELAY_MS;
	return defaults_strings(cfg);
}

void beacond_config_dispose(beacond_config *cfg)
{
	list_clear(&cfg->listen);
	list_clear(&cfg->collect_paths);
	list_clear(&cfg->trusted_proxies);
	beacon_free(cfg->config_path);
	beacon_free(cfg->db);
	beacon_free(cfg->default_product);
	beacon_free(cfg->ip_hash_secret);
	beacon_free(cfg->tls_cert);
	beacon_free(cfg->tls_key);
	memset(cfg, 0, sizeof(*cfg));
}

const char *beacond_config_ip_mode_name(const beacond_config *cfg)
{
	return ip_modes[cfg->ip_mode];
}

void beacond_config_usage(FILE *out)
{
	size_t i;

	fputs("usage: beacond [serve] [--config FILE] [--KEY VALUE]...\n"
	      "       beacond release add|remove|list|import ...\n"
	      "       beacond stats [--db PATH | --config FILE] ...\n"
	      "       beacond --help | --version\n\n"
	      "serve flags (each also a key of the YAML config file):\n"
	      "  --config FILE                  YAML configuration file\n",
	      out);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		fprintf(out, "  --%-28s %s\n", keys[i].name, keys[i].help);
}
