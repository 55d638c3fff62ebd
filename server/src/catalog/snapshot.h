/*
 * catalog/snapshot.h - the GitHub releases look-alike, rendered once per
 * catalog generation and served from memory.
 *
 * A catalog snapshot holds, per product, each release rendered as a JSON
 * object, plus the ready-made MHD responses (200 and 304) of the first page
 * at GitHub's default page size, which is what go-github and Beacon's
 * client ask for. Other pages are assembled from the rendered objects.
 * Drafts are never served (GitHub hides them from unauthenticated callers).
 *
 * Concurrency: request threads hold the read lock from lookup until the
 * response is queued; beacond_releases_refresh swaps snapshots under the
 * write lock. MHD keeps a response alive while a connection sends it.
 */
#ifndef BEACOND_RELEASES_H
#define BEACOND_RELEASES_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdint.h>

#include "beacon/error.h"
#include "store/store.h"

typedef struct beacond_catalog beacond_catalog;
typedef struct beacond_product beacond_product;

/* Adds the headers every answer carries (Content-Type, security headers)
 * to resp; supplied by the HTTP front, so the catalog does not know it. */
typedef void (*beacond_headers_fn)(struct MHD_Response *resp,
				   const char *content_type);

typedef struct beacond_releases {
	beacond_headers_fn headers;
	pthread_rwlock_t lock;
	beacond_catalog *current; /* owned; NULL before the first refresh */
	int64_t generation;       /* of current */
} beacond_releases;

/* headers decorates every page response the snapshots build. */
int beacond_releases_init(beacond_releases *r, beacond_headers_fn headers);
/* Free the snapshot and the lock. */
void beacond_releases_dispose(beacond_releases *r);

/*
 * Re-render from the store when its catalog generation differs from the
 * one of the snapshot (always on the first call). *changed (optional) is
 * set to 1 when a new snapshot was installed.
 */
int beacond_releases_refresh(beacond_releases *r, beacond_store *store,
			     int *changed, beacon_error_detail *err);

/* Read lock around beacond_releases_find .. queueing the answer. */
void beacond_releases_read_lock(beacond_releases *r);
void beacond_releases_read_unlock(beacond_releases *r);

/* Borrowed product "owner/repo" (case-insensitive match) or NULL; valid
 * while the read lock is held. */
const beacond_product *beacond_releases_find(beacond_releases *r,
					     const char *product);
/* The product's name as the catalog spells it. */
const char *beacond_product_name(const beacond_product *p);

/*
 * The answer for page (1-based) of per_page releases: status 200, or 304
 * when if_none_match (may be NULL) matches its ETag. *resp is a response
 * to queue; when *owned is 1 the caller destroys it after queueing,
 * otherwise it belongs to the snapshot. NULL on allocation failure.
 */
struct MHD_Response *beacond_product_page(const beacond_product *p,
					  unsigned page, unsigned per_page,
					  const char *if_none_match,
					  unsigned *status, int *owned);

#endif /* BEACOND_RELEASES_H */
