/*
 * config.h - beacond's settings: defaults, then the YAML file (--config),
 * then command-line flags. Every key of the file is also a flag
 * (--limits.bodyBytes=65536 or --limits.bodyBytes 65536); keys match
 * case-insensitively; an unknown key is an error naming it.
 * deploy/beacond.example.yaml lists every key with its default.
 */
#ifndef BEACOND_CONFIG_H
#define BEACOND_CONFIG_H

#include <stdio.h>

#include "beacon/error.h"
#include "beacon/limits.h"

/* Defaults that are not limits (limits are in beacon/limits.h). */
#define BEACOND_DEFAULT_LISTEN "127.0.0.1:8080"
#define BEACOND_DEFAULT_DB "beacon.db"
#define BEACOND_DEFAULT_COLLECT_PATH "/collect"
#define BEACOND_TRAEFIK_COLLECT_PATH "/yYaUej3P42cziRVzv6T5w2aYy9po2Mrn"
#define BEACOND_DEFAULT_PRODUCT "traefik/traefik"
#define BEACOND_DEFAULT_RETENTION_DAYS 90

typedef enum beacond_poll_mode {
	BEACOND_POLL_POLL = 0,
	BEACOND_POLL_EPOLL
} beacond_poll_mode;

/* A list setting: borrowed strings owned by the config. */
typedef struct beacond_strlist {
	char *items[BEACON_SERVER_LIST_MAX];
	size_t count;
	int source; /* beacond_config_source that set it last */
} beacond_strlist;

/* Where a setting comes from; a later source overrides an earlier one. */
typedef enum beacond_config_source {
	BEACOND_SOURCE_DEFAULT = 0,
	BEACOND_SOURCE_FILE,
	BEACOND_SOURCE_FLAGS
} beacond_config_source;

typedef struct beacond_config {
	char *config_path; /* NULL: no file */
	beacond_strlist listen;
	char *db;
	beacond_strlist collect_paths;
	char *default_product;
	int ip_mode; /* index into "full", "truncated", "hashed", "none" */
	char *ip_hash_secret;
	unsigned retention_days; /* 0: keep raw events forever */
	unsigned purge_interval_s;
	beacond_strlist trusted_proxies;
	int log_format; /* beacond_log_format */
	int log_level;  /* beacond_log_level */
	char *tls_cert; /* PEM file paths; both or neither */
	char *tls_key;
	unsigned threads;
	int poll_mode; /* beacond_poll_mode */
	unsigned catalog_poll_ms;
	unsigned body_bytes;
	unsigned json_depth;
	unsigned connection_timeout_s;
	unsigned max_connections;
	unsigned connection_memory; /* libmicrohttpd pool per connection */
	unsigned reports_per_minute;
	unsigned report_burst;
	int synchronous_full; /* 1: synchronous=FULL, 0: NORMAL */
	unsigned busy_timeout_ms;
	unsigned queue_capacity;
	unsigned batch_max;
	unsigned batch_ms;
} beacond_config;

/* Fill cfg with the defaults. Allocates (free with beacond_config_dispose). */
int beacond_config_defaults(beacond_config *cfg);
/* Release what cfg owns. Accepts a zeroed struct. */
void beacond_config_dispose(beacond_config *cfg);

/*
 * Build the configuration of `beacond serve` from argv (argv[0] is the
 * first option, not the program): defaults, the --config file, the flags.
 * On error err names the key, flag or file position. *help_out is set when
 * --help was given (cfg is then left at its defaults).
 */
int beacond_config_load(beacond_config *cfg, int argc, char **argv,
			int *help_out, beacon_error_detail *err);

/*
 * Set one key from its text value. source is a beacond_config_source: a
 * list key set from a later source than its current value starts over.
 * value NULL leaves a scalar as it is and empties a list.
 */
int beacond_config_set(beacond_config *cfg, const char *key, const char *value,
		       int source, beacon_error_detail *err);

/* The name of cfg->ip_mode ("full", ...). Static string. */
const char *beacond_config_ip_mode_name(const beacond_config *cfg);

/* Print the flags and their defaults (for --help). */
void beacond_config_usage(FILE *out);

#endif /* BEACOND_CONFIG_H */
