/*
 * store.h - beacond's storage seam: the only interface the rest of the server
 * uses to reach its database. The SQLite implementation (store_*.c) lives
 * alone behind it (store/sqlite/), reached through the backend table of
 * store/backend.h; a PostgreSQL backend (store/postgres/) joins it by
 * filling the same table. The db string picks the backend: a file path is
 * SQLite (a "postgres://" URL will select PostgreSQL).
 *
 * Threads: one beacond_store may be used from several threads at once. Event
 * writes (beacond_store_record_batch, beacond_store_purge) and catalog edits
 * are serialized on the write connection; catalog reads and
 * beacond_store_catalog_generation use a separate read connection, so a
 * version-check request never waits for a group commit's fsync.
 *
 * Time is Unix seconds (UTC) everywhere. The config hash is stored as the
 * TEXT of its unsigned decimal value (SQLite integers are signed 64-bit; a
 * text column keeps every uint64 exact and readable in SQL).
 */
#ifndef BEACOND_STORE_H
#define BEACOND_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "beacon/error.h"
#include "beacon/limits.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct beacond_store beacond_store;

typedef enum beacond_store_sync {
	BEACOND_STORE_SYNC_FULL = 0, /* PRAGMA synchronous=FULL (default) */
	BEACOND_STORE_SYNC_NORMAL    /* WAL-safe, may lose the last commits */
} beacond_store_sync;

#define BEACOND_STORE_OPTIONS_VERSION 1

typedef struct beacond_store_options {
	unsigned int version; /* BEACOND_STORE_OPTIONS_VERSION */
	const char *path;     /* borrowed during open: the db string; a file
			       * path (SQLite) is created 0600 */
	beacond_store_sync synchronous;
	int busy_timeout_ms; /* PRAGMA busy_timeout of every connection */
} beacond_store_options;

#define BEACOND_STORE_OPTIONS_INIT                                            \
	{                                                                     \
		BEACOND_STORE_OPTIONS_VERSION, NULL, BEACOND_STORE_SYNC_FULL, \
		    BEACON_STORE_BUSY_TIMEOUT_MS                              \
	}

/*
 * Open (creating it, mode 0600) and migrate the database at opts->path:
 * WAL mode, the embedded migrations applied in one transaction, tracked with
 * PRAGMA user_version. A database newer than this binary is refused
 * (BEACON_EINVAL). *out: new, free with beacond_store_close(). err optional.
 */
int beacond_store_open(beacond_store **out, const beacond_store_options *opts,
		       beacon_error_detail *err);

/*
 * Open an existing database for reading by an operator command (`beacond
 * stats`): never created, never migrated, no statements prepared and no
 * background thread; only beacond_store_stats_rows and
 * beacond_store_close may be called on it. opts->busy_timeout_ms applies.
 * A missing or unreadable file is BEACON_EIO (err: the path and the
 * database's message). *out: new, free with beacond_store_close().
 */
int beacond_store_open_existing(beacond_store **out,
				const beacond_store_options *opts,
				beacon_error_detail *err);

/* Checkpoint the WAL (without waiting for other processes) and close; the
 * last connection to close also removes the WAL. Accepts NULL. No call may
 * be running. */
void beacond_store_close(beacond_store *store);

/* Schema version this binary migrates to (the highest embedded migration). */
int beacond_store_schema_version(void);

/* ---- events ----------------------------------------------------------- */

typedef enum beacond_event_kind {
	BEACOND_EVENT_CHECK = 1, /* GET /repos/{owner}/{repo}/releases */
	BEACOND_EVENT_REPORT = 2 /* POST /collect */
} beacond_event_kind;

/*
 * A version check. Strings are borrowed by every call that takes an event.
 * product is "owner/repo"; version and ip may be NULL (ip already
 * transformed by the IP mode); user_agent may be NULL.
 */
/* checks.first_of_day; zero (an event zero-initialized) is unknown. */
typedef enum beacond_check_day {
	BEACOND_DAY_UNKNOWN = 0, /* no Beacon header (go-github): NULL */
	BEACOND_DAY_FIRST,       /* the instance's first check of the day: 1 */
	BEACOND_DAY_REPEAT       /* a later check the same UTC day: 0 */
} beacond_check_day;

typedef struct beacond_check_event {
	const char *product;
	const char *version;
	const char *ip;
	const char *user_agent;
	/* Checks this event stands for (identical checks coalesced); 0 is
	 * taken as 1. */
	uint32_t count;
	beacond_check_day first_of_day;
} beacond_check_event;

/*
 * A usage report. configuration is the anonymized configuration as compact
 * JSON text (the decoded base64 of the payload). Strings borrowed; any but
 * product may be NULL. schema_version 0 means absent.
 */
typedef struct beacond_report_event {
	const char *product;
	const char *version;
	const char *codename;
	const char *build_date;
	uint64_t hash;
	const char *configuration;
	const char *ip;
	const char *os;
	const char *arch;
	int schema_version;
	const char *user_agent;
	const char *instance_id; /* payload instanceId; may be NULL */
	const char *report_id;   /* payload reportId; may be NULL */
} beacond_report_event;

typedef struct beacond_event {
	beacond_event_kind kind;
	int64_t time; /* Unix seconds, UTC */
	union {
		beacond_check_event check;
		beacond_report_event report;
	} u;
} beacond_event;

/*
 * The string members of each event kind, one row a member, with the column
 * that stores it. One table drives the writer's copy of an event and a
 * backend's insert. offset is from the start of ev->u (the kind's struct).
 * Adding a member: a field above, a row in store/store.c, a migration
 * adding the column (schema/sqlite/).
 */
typedef enum beacond_text_use {
	BEACOND_TEXT_COLUMN,  /* stored as text in column */
	BEACOND_TEXT_VERSION, /* column, plus column_key: its sortable key */
	BEACOND_TEXT_CONFIG   /* deduplicated; column refers to its row */
} beacond_text_use;

typedef struct beacond_event_text {
	const char *column; /* static */
	size_t offset;      /* of the const char * member in ev->u */
	beacond_text_use use;
} beacond_event_text;

/* The rows of kind (static), *count of them; NULL for an unknown kind. */
const beacond_event_text *beacond_event_texts(beacond_event_kind kind,
					      size_t *count);

/* The member of ev that row describes (borrowed from ev). */
const char **beacond_event_text_slot(beacond_event *ev,
				     const beacond_event_text *row);

/*
 * Store count events (checks and reports mixed) in ONE transaction: all or
 * nothing. events borrowed. On failure nothing of the batch is stored and
 * the error is returned (BEACON_EIO, BEACON_EBUSY when the database stayed
 * locked past the busy timeout, BEACON_EINVAL for a malformed event).
 */
int beacond_store_record_batch(beacond_store *store,
			       const beacond_event *events, size_t count,
			       beacon_error_detail *err);

/*
 * Delete raw events (checks and reports) whose time is older than
 * older_than (Unix seconds), in transactions of BEACON_STORE_PURGE_CHUNK
 * rows per table so concurrent writes are not held up. *deleted (optional)
 * receives the row count (on failure: the rows deleted before it).
 */
int beacond_store_purge(beacond_store *store, int64_t older_than,
			int64_t *deleted, beacon_error_detail *err);

/* ---- release catalog ---------------------------------------------------- */

/*
 * One release. In beacond_store_release_add the strings are borrowed and id
 * is ignored; product and tag are required, name/body/url/published_at may
 * be NULL (published_at NULL = now; url NULL = the GitHub release page).
 * published_at is RFC 3339 text ("2024-07-01T00:00:00Z").
 */
typedef struct beacond_release {
	int64_t id;
	const char *product; /* "owner/repo", matched case-insensitively */
	const char *tag; /* must parse as a version (beacon_version_parse) */
	const char *name;
	const char *body;
	const char *url; /* html_url */
	const char *published_at;
	int prerelease;
	int draft;
} beacond_release;

/*
 * A catalog listing, newest first: by published_at descending, then id
 * descending (the later insert wins a tie). Every string is non-NULL in a
 * listing (name defaults to the tag, body to "", url to
 * https://github.com/{product}/releases/tag/{tag}). New: free with
 * beacond_release_list_free(); strings live as long as the list.
 */
typedef struct beacond_release_list {
	size_t count;
	beacond_release *items;
} beacond_release_list;

/*
 * Add a release. *id_out (optional) receives its id. A tag already in the
 * catalog for that product (case-insensitive product) is BEACON_EINVAL
 * with a detail text; a tag that does not parse as a version is
 * BEACON_EPARSE.
 */
int beacond_store_release_add(beacond_store *store, const beacond_release *rel,
			      int64_t *id_out, beacon_error_detail *err);

/*
 * Import count releases (borrowed) in ONE transaction: a release whose
 * (product, tag) is already in the catalog is updated to the given fields
 * (keeping its published_at when the import gives none), so importing the
 * same file twice is idempotent. Every release is
 * validated first as beacond_store_release_add does; on any error nothing is
 * changed and err names the index ("releases[3]").
 */
int beacond_store_release_import(beacond_store *store,
				 const beacond_release *rels, size_t count,
				 beacon_error_detail *err);

/* Remove product's release tag; BEACON_ENOTFOUND when absent. */
int beacond_store_release_remove(beacond_store *store, const char *product,
				 const char *tag, beacon_error_detail *err);

/*
 * List the releases of product (case-insensitive), or of every product when
 * product is NULL (then ordered by product, then newest first), drafts
 * included (each carries its draft flag). An unknown product gives an
 * empty list, not an error. *out: new, see beacond_release_list.
 */
int beacond_store_release_list(beacond_store *store, const char *product,
			       beacond_release_list **out,
			       beacon_error_detail *err);

/* Free a listing. Accepts NULL. */
void beacond_release_list_free(beacond_release_list *list);

/*
 * Catalog generation: a number that changes whenever any connection, in
 * this process or another (`beacond release add` beside a running server),
 * commits a change to the releases table. Cheap (one indexed read on the
 * read connection): call it per request or on a short timer and re-render
 * the cached releases answer when it differs from the last value seen.
 */
int beacond_store_catalog_generation(beacond_store *store, int64_t *out);

/* ---- fleet statistics (`beacond stats`) -------------------------------- */

/* What to summarize. product NULL: every product. Times are Unix seconds. */
typedef struct beacond_stats_query {
	int64_t now;
	int64_t since;       /* reports and checks at or after this time */
	const char *product; /* borrowed */
} beacond_stats_query;

/*
 * The read calls of `beacond stats`, one per part of its summary. An
 * instance is a distinct (IP, config hash) with its latest report; every
 * list is limited to BEACON_STATS_ROWS_MAX rows. Row members:
 *   INSTANCES       one row {day, week}: instances reporting in the last
 *                   day / week before now
 *   CHECKERS        one row {day, week}: distinct IPs checking for releases
 *   VERSIONS        {product, version, instances, share}: version adoption
 *                   since `since` (share of the product's instances, 0..1),
 *                   newest version first
 *   CHECK_VERSIONS  {product, version, checks}: checks by version since the
 *                   UTC day of `since`
 *   OUTDATED        {product, ip, hash, version, latest_version, last_seen}:
 *                   instances below the newest stable release, last seen
 *                   (UTC "YYYY-MM-DD HH:MM:SS") since `since`, newest first
 *   PROVIDERS       {product, feature, instances}: top providers
 *   FEATURES        {product, feature, instances}: top other features
 */
typedef enum beacond_stats_part {
	BEACOND_STATS_INSTANCES,
	BEACOND_STATS_CHECKERS,
	BEACOND_STATS_VERSIONS,
	BEACOND_STATS_CHECK_VERSIONS,
	BEACOND_STATS_OUTDATED,
	BEACOND_STATS_PROVIDERS,
	BEACOND_STATS_FEATURES,
	BEACOND_STATS_PART_COUNT
} beacond_stats_part;

/*
 * Append the rows of part (as JSON objects with the members above) to rows
 * (borrowed, a JSON array). Returns BEACON_OK, BEACON_ENOMEM, or BEACON_EIO
 * with err (optional) carrying the database's message.
 */
int beacond_store_stats_rows(beacond_store *store, beacond_stats_part part,
			     const beacond_stats_query *q, json_t *rows,
			     beacon_error_detail *err);

#ifdef __cplusplus
}
#endif

#endif /* BEACOND_STORE_H */
