/* doc/tree.c - case-insensitive lookup, merge and comparison of documents. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "beacon/doc.h"
#include "beacon/limits.h"
#include "doc/internal.h"

json_t *beacon_doc_object_find(const json_t *obj, const char *key,
			       const char **found_key)
{
	const char *k;
	json_t *v;
	json_t *hit;

	if (!json_is_object(obj) || key == NULL)
		return NULL;
	hit = json_object_get(obj, key);
	if (hit != NULL) {
		if (found_key != NULL)
			*found_key = key;
		return hit;
	}
	json_object_foreach(beacon_doc_unconst(obj), k, v)
	{
		if (strcasecmp(k, key) == 0) {
			if (found_key != NULL)
				*found_key = k;
			return v;
		}
	}
	return NULL;
}

/* Array element named by seg (decimal, no sign), or NULL. */
static json_t *array_at(const json_t *arr, const char *seg)
{
	char *end = NULL;
	unsigned long idx;

	if (seg[0] < '0' || seg[0] > '9')
		return NULL;
	idx = strtoul(seg, &end, 10);
	if (end == NULL || *end != '\0')
		return NULL;
	return json_array_get(arr, idx);
}

json_t *beacon_doc_get(const json_t *doc, const char *path)
{
	char seg[BEACON_DOC_MAX_KEY_LEN + 1];
	const json_t *node = doc;
	const char *p = path;

	if (doc == NULL || path == NULL)
		return NULL;
	while (node != NULL && *p != '\0') {
		size_t n = strcspn(p, ".");

		if (n > BEACON_DOC_MAX_KEY_LEN)
			return NULL;
		memcpy(seg, p, n);
		seg[n] = '\0';
		if (json_is_array(node))
			node = array_at(node, seg);
		else
			node = beacon_doc_object_find(node, seg, NULL);
		p += n;
		if (*p == '.')
			p++;
	}
	return beacon_doc_unconst(node);
}

/* Merge overlay into base at nesting depth; see beacon_doc_merge. */
static int merge_at(json_t *base, const json_t *overlay, int depth)
{
	const char *key;
	json_t *value;

	if (depth > BEACON_MAX_DEPTH)
		return BEACON_ELIMIT;
	json_object_foreach(beacon_doc_unconst(overlay), key, value)
	{
		const char *base_key = NULL;
		json_t *cur = beacon_doc_object_find(base, key, &base_key);
		json_t *copy;
		int error;

		if (json_is_object(cur) && json_is_object(value)) {
			error = merge_at(cur, value, depth + 1);
			if (error < 0)
				return error;
			continue;
		}
		copy = json_deep_copy(value);
		if (copy == NULL)
			return BEACON_ENOMEM;
		/* The first spelling stays: base_key names the slot. */
		if (json_object_set_new(base, cur != NULL ? base_key : key,
					copy) != 0)
			return BEACON_ENOMEM;
	}
	return BEACON_OK;
}

int beacon_doc_merge(json_t *base, const json_t *overlay)
{
	if (!json_is_object(base) || !json_is_object(overlay))
		return BEACON_EINVAL;
	return merge_at(base, overlay, 1);
}

static int equal_at(const json_t *a, const json_t *b, int depth);

static int objects_equal(const json_t *a, const json_t *b, int depth)
{
	const char *key;
	json_t *value;

	if (json_object_size(a) != json_object_size(b))
		return 0;
	json_object_foreach(beacon_doc_unconst(a), key, value)
	{
		if (!equal_at(value, beacon_doc_object_find(b, key, NULL),
			      depth + 1))
			return 0;
	}
	return 1;
}

static int arrays_equal(const json_t *a, const json_t *b, int depth)
{
	size_t i;

	if (json_array_size(a) != json_array_size(b))
		return 0;
	for (i = 0; i < json_array_size(a); i++) {
		if (!equal_at(json_array_get(a, i), json_array_get(b, i),
			      depth + 1))
			return 0;
	}
	return 1;
}

static int equal_at(const json_t *a, const json_t *b, int depth)
{
	if (a == NULL || b == NULL || depth > BEACON_MAX_DEPTH)
		return 0;
	if (json_is_object(a) && json_is_object(b))
		return objects_equal(a, b, depth);
	if (json_is_array(a) && json_is_array(b))
		return arrays_equal(a, b, depth);
	return json_equal(a, b);
}

int beacon_doc_equal(const json_t *a, const json_t *b)
{
	return equal_at(a, b, 0);
}
