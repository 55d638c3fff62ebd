/*
 * jsonx.h - internal: read-only iteration over borrowed const Jansson
 * values. Jansson's iterators take json_t * although they do not modify the
 * object; going through uintptr_t states that without -Wcast-qual noise.
 */
#ifndef BEACON_JSONX_H
#define BEACON_JSONX_H

#include <jansson.h>
#include <stdint.h>

static inline json_t *jsonx_mut(const json_t *json)
{
	return (json_t *)(uintptr_t)json;
}

#endif /* BEACON_JSONX_H */
