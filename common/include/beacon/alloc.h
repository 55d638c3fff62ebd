/*
 * beacon/alloc.h - the allocator every Beacon module allocates through.
 *
 * All heap memory of Beacon, and Jansson's once beacon_alloc_install_jansson()
 * has run, goes through these wrappers so that tests can make allocations
 * fail on purpose: beacon_alloc_fail_after(n) lets n allocations succeed and
 * fails every one after that, until beacon_alloc_fail_after(-1).
 * Memory from beacon_malloc/calloc/realloc/strdup is released with
 * beacon_free (which accepts NULL).
 */
#ifndef BEACON_ALLOC_H
#define BEACON_ALLOC_H

#include <stddef.h>

#include "beacon/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* New: free with beacon_free(). NULL on failure or size 0. */
BEACON_EXTERN void *beacon_malloc(size_t size);
/* New, zeroed: free with beacon_free(). NULL on failure or overflow. */
BEACON_EXTERN void *beacon_calloc(size_t count, size_t size);
/* Like realloc(3); on failure ptr is untouched and NULL is returned. */
BEACON_EXTERN void *beacon_realloc(void *ptr, size_t size);
/* New copy of s (NULL if s is NULL or on failure): free with beacon_free(). */
BEACON_EXTERN char *beacon_strdup(const char *s);
/* New copy of the first n bytes of s plus a NUL: free with beacon_free(). */
BEACON_EXTERN char *beacon_strndup(const char *s, size_t n);
/* Release memory from the functions above. Accepts NULL. */
BEACON_EXTERN void beacon_free(void *ptr);

/*
 * Test hook. n >= 0: the next n allocations succeed, every later one fails.
 * n < 0: never fail (the default). Thread-safe (atomic counter).
 */
BEACON_EXTERN void beacon_alloc_fail_after(long n);
/* Number of allocations refused since the hook was last armed. */
BEACON_EXTERN long beacon_alloc_failures(void);

/*
 * Allocations that returned NULL in the calling thread so far (injected or
 * real). Compare two readings to learn whether a call in between ran out
 * of memory: Jansson reports some allocation failures as syntax errors.
 */
BEACON_EXTERN unsigned long beacon_alloc_thread_failures(void);

/* Route Jansson's allocations through the wrappers above. Idempotent. */
BEACON_EXTERN void beacon_alloc_install_jansson(void);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_ALLOC_H */
