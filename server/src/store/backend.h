/*
 * store/backend.h - what a storage backend implements (libgit2's
 * git_odb_backend pattern): a table of function pointers, one table per
 * backend, and a handle whose first member points at it. store/store.c
 * dispatches every call of store.h through the table; nothing outside
 * store/ includes this header.
 *
 * Adding a backend (store/postgres/, for instance): write its open
 * function (filling a struct that embeds beacond_store as its first
 * member, backend pointing at its static table), implement every entry
 * below with the contract of the store.h call of the same name, and give
 * beacond_store_open and beacond_store_open_existing (store/store.c) the
 * db-string prefix that selects it. The store.h calls have already checked
 * that store is non-NULL when an entry is reached.
 */
#ifndef BEACOND_STORE_BACKEND_H
#define BEACOND_STORE_BACKEND_H

#include "store/store.h"

typedef struct beacond_store_backend {
	const char *name; /* "sqlite", ... for messages */
	/* Release everything the handle owns, the handle included. */
	void (*close)(beacond_store *store);
	int (*record_batch)(beacond_store *store, const beacond_event *events,
			    size_t count, beacon_error_detail *err);
	int (*purge)(beacond_store *store, int64_t older_than, int64_t *deleted,
		     beacon_error_detail *err);
	int (*release_add)(beacond_store *store, const beacond_release *rel,
			   int64_t *id_out, beacon_error_detail *err);
	int (*release_import)(beacond_store *store, const beacond_release *rels,
			      size_t count, beacon_error_detail *err);
	int (*release_remove)(beacond_store *store, const char *product,
			      const char *tag, beacon_error_detail *err);
	int (*release_list)(beacond_store *store, const char *product,
			    beacond_release_list **out,
			    beacon_error_detail *err);
	int (*catalog_generation)(beacond_store *store, int64_t *out);
	int (*stats_rows)(beacond_store *store, beacond_stats_part part,
			  const beacond_stats_query *q, json_t *rows,
			  beacon_error_detail *err);
} beacond_store_backend;

/* The common head of every backend's handle. */
struct beacond_store {
	const beacond_store_backend *backend; /* static, never NULL */
};

#endif /* BEACOND_STORE_BACKEND_H */
