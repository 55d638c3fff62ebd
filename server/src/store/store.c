/*
 * store/store.c - the store.h calls: pick the backend from the db string
 * at open, then dispatch every call through the handle's backend table
 * (store/backend.h). Backend-independent helpers live here too.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "beacon/alloc.h"
#include "store/backend.h"
#include "store/sqlite/sqlite.h"

/* The db string of a PostgreSQL backend (not built yet). */
#define POSTGRES_PREFIX "postgres://"

#define CHECK_TEXT(member, use)                                     \
	{                                                           \
#member, offsetof(beacond_check_event, member), use \
	}
#define REPORT_TEXT(member, use)                                     \
	{                                                            \
#member, offsetof(beacond_report_event, member), use \
	}

static const beacond_event_text check_texts[] = {
	CHECK_TEXT(product, BEACOND_TEXT_COLUMN),
	CHECK_TEXT(version, BEACOND_TEXT_VERSION),
	CHECK_TEXT(ip, BEACOND_TEXT_COLUMN),
	CHECK_TEXT(user_agent, BEACOND_TEXT_COLUMN),
};

/* configuration is stored as the configurations row it names. */
static const beacond_event_text report_texts[] = {
	REPORT_TEXT(product, BEACOND_TEXT_COLUMN),
	REPORT_TEXT(version, BEACOND_TEXT_VERSION),
	REPORT_TEXT(codename, BEACOND_TEXT_COLUMN),
	REPORT_TEXT(build_date, BEACOND_TEXT_COLUMN),
	{ "config_id", offsetof(beacond_report_event, configuration),
	  BEACOND_TEXT_CONFIG },
	REPORT_TEXT(ip, BEACOND_TEXT_COLUMN),
	REPORT_TEXT(os, BEACOND_TEXT_COLUMN),
	REPORT_TEXT(arch, BEACOND_TEXT_COLUMN),
	REPORT_TEXT(user_agent, BEACOND_TEXT_COLUMN),
	REPORT_TEXT(instance_id, BEACOND_TEXT_COLUMN),
	REPORT_TEXT(report_id, BEACOND_TEXT_COLUMN),
};

const beacond_event_text *beacond_event_texts(beacond_event_kind kind,
					      size_t *count)
{
	if (kind == BEACOND_EVENT_CHECK) {
		*count = sizeof(check_texts) / sizeof(check_texts[0]);
		return check_texts;
	}
	if (kind == BEACOND_EVENT_REPORT) {
		*count = sizeof(report_texts) / sizeof(report_texts[0]);
		return report_texts;
	}
	*count = 0;
	return NULL;
}

const char **beacond_event_text_slot(beacond_event *ev,
				     const beacond_event_text *row)
{
	return (const char **)(void *)((char *)&ev->u + row->offset);
}

/* Open with the backend that opts->path selects: a URL scheme picks one,
 * anything else is an SQLite file path. existing: open_existing. */
static int open_with(beacond_store **out, const beacond_store_options *opts,
		     int existing, beacon_error_detail *err)
{
	if (!out || !opts || !opts->path ||
	    opts->version != BEACOND_STORE_OPTIONS_VERSION)
		return beacon_error_set(err, BEACON_EINVAL, "store", 0, 0,
					"invalid store options");
	if (strncmp(opts->path, POSTGRES_PREFIX, strlen(POSTGRES_PREFIX)) == 0)
		/* store/postgres/ goes here. */
		return beacon_error_set(err, BEACON_EINVAL, "store", 0, 0,
					"no PostgreSQL backend in this build");
	return beacond_sqlite_open(out, opts, existing, err);
}

int beacond_store_open(beacond_store **out, const beacond_store_options *opts,
		       beacon_error_detail *err)
{
	return open_with(out, opts, 0, err);
}

int beacond_store_open_existing(beacond_store **out,
				const beacond_store_options *opts,
				beacon_error_detail *err)
{
	return open_with(out, opts, 1, err);
}

void beacond_store_close(beacond_store *store)
{
	if (store)
		store->backend->close(store);
}

int beacond_store_schema_version(void)
{
	return beacond_sqlite_schema_version();
}

int beacond_store_record_batch(beacond_store *store,
			       const beacond_event *events, size_t count,
			       beacon_error_detail *err)
{
	if (!store)
		return beacon_error_set(err, BEACON_EINVAL, "store", 0, 0,
					"invalid batch");
	return store->backend->record_batch(store, events, count, err);
}

int beacond_store_purge(beacond_store *store, int64_t older_than,
			int64_t *deleted, beacon_error_detail *err)
{
	if (!store)
		return BEACON_EINVAL;
	return store->backend->purge(store, older_than, deleted, err);
}

int beacond_store_release_add(beacond_store *store, const beacond_release *rel,
			      int64_t *id_out, beacon_error_detail *err)
{
	if (!store)
		return BEACON_EINVAL;
	return store->backend->release_add(store, rel, id_out, err);
}

int beacond_store_release_import(beacond_store *store,
				 const beacond_release *rels, size_t count,
				 beacon_error_detail *err)
{
	if (!store)
		return BEACON_EINVAL;
	return store->backend->release_import(store, rels, count, err);
}

int beacond_store_release_remove(beacond_store *store, const char *product,
				 const char *tag, beacon_error_detail *err)
{
	if (!store)
		return BEACON_EINVAL;
	return store->backend->release_remove(store, product, tag, err);
}

int beacond_store_release_list(beacond_store *store, const char *product,
			       beacond_release_list **out,
			       beacon_error_detail *err)
{
	if (!store)
		return BEACON_EINVAL;
	return store->backend->release_list(store, product, out, err);
}

int beacond_store_catalog_generation(beacond_store *store, int64_t *out)
{
	if (!store)
		return BEACON_EINVAL;
	return store->backend->catalog_generation(store, out);
}

/* Every backend allocates the strings of an item in one block anchored at
 * product (see store/sqlite/catalog.c copy_row). */
void beacond_release_list_free(beacond_release_list *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->count; i++) {
		/* Each item's strings share one block, anchored at product. */
		beacon_free((void *)(uintptr_t)list->items[i].product);
	}
	beacon_free(list->items);
	beacon_free(list);
}

int beacond_store_stats_rows(beacond_store *store, beacond_stats_part part,
			     const beacond_stats_query *q, json_t *rows,
			     beacon_error_detail *err)
{
	if (!store || !q || !rows || part < 0 ||
	    part >= BEACOND_STATS_PART_COUNT)
		return BEACON_EINVAL;
	return store->backend->stats_rows(store, part, q, rows, err);
}
