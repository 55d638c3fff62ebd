/* alloc.c - allocation wrappers with a failure-injection hook for tests. */
#include "beacon/alloc.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Allocations still allowed; negative means unlimited. */
static atomic_long allowance = -1;
static atomic_long refused = 0;
/* Allocations that returned NULL in this thread (for callers of Jansson). */
static _Thread_local unsigned long thread_failures = 0;

void beacon_alloc_fail_after(long n)
{
	atomic_store(&refused, 0);
	atomic_store(&allowance, n < 0 ? -1 : n);
}

long beacon_alloc_failures(void)
{
	return atomic_load(&refused);
}

unsigned long beacon_alloc_thread_failures(void)
{
	return thread_failures;
}

/* Count a failed allocation of this thread; returns NULL for tail calls. */
static void *failed(void)
{
	thread_failures++;
	return NULL;
}

/* True if this allocation may proceed; consumes one unit of allowance. */
static int alloc_permitted(void)
{
	long cur = atomic_load(&allowance);

	while (cur >= 0) {
		if (cur == 0) {
			atomic_fetch_add(&refused, 1);
			return 0;
		}
		if (atomic_compare_exchange_weak(&allowance, &cur, cur - 1))
			return 1;
	}
	return 1;
}

void *beacon_malloc(size_t size)
{
	void *p;

	if (size == 0)
		return NULL;
	p = alloc_permitted() ? malloc(size) : NULL;
	return p != NULL ? p : failed();
}

void *beacon_calloc(size_t count, size_t size)
{
	void *p;

	if (count == 0 || size == 0)
		return NULL;
	if (count > SIZE_MAX / size)
		return failed();
	p = alloc_permitted() ? calloc(count, size) : NULL;
	return p != NULL ? p : failed();
}

void *beacon_realloc(void *ptr, size_t size)
{
	void *p;

	if (size == 0)
		return NULL;
	p = alloc_permitted() ? realloc(ptr, size) : NULL;
	return p != NULL ? p : failed();
}

char *beacon_strndup(const char *s, size_t n)
{
	char *copy;

	if (s == NULL || n == SIZE_MAX)
		return NULL;
	copy = beacon_malloc(n + 1);
	if (copy == NULL)
		return NULL;
	memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}

char *beacon_strdup(const char *s)
{
	if (s == NULL)
		return NULL;
	return beacon_strndup(s, strlen(s));
}

void beacon_free(void *ptr)
{
	free(ptr);
}

void beacon_alloc_install_jansson(void)
{
	json_set_alloc_funcs(beacon_malloc, beacon_free);
}
