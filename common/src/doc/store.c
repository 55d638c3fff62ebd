/* doc/store.c - store flag and environment values into a document tree. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "beacon/alloc.h"
#include "beacon/limits.h"
#include "doc/internal.h"

void beacon_doc_path_dispose(beacon_doc_path *path)
{
	beacon_free(path->buf);
	memset(path, 0, sizeof(*path));
}

int beacon_doc_path_add(beacon_doc_path *path, const char *seg, int is_index)
{
	if (seg[0] == '\0')
		return BEACON_EINVAL;
	if (path->nsegs == BEACON_DOC_MAX_SEGMENTS)
		return BEACON_ELIMIT;
	path->is_index[path->nsegs] = is_index;
	path->segs[path->nsegs++] = seg;
	return BEACON_OK;
}

/* "a,b,c" as an array of strings (typed: of typed scalars); "" is []. */
static json_t *split_list(const char *text, int typed)
{
	json_t *arr = json_array();
	const char *p = text;

	while (arr != NULL && *text != '\0') {
		size_t n = strcspn(p, ",");
		json_t *item =
		    typed ? beacon_doc_scalar_new(p, n, 0) : json_stringn(p, n);

		if (json_array_append_new(arr, item) != 0) {
			json_decref(arr);
			return NULL;
		}
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	return arr;
}

static json_t *value_for(const beacon_doc_path *path, const char *text)
{
	switch (beacon_doc_path_kind_of(path->segs, path->nsegs)) {
	case BEACON_DOC_PATH_SECTION:
		if (strcasecmp(text, "true") == 0)
			return json_object();
		break;
	case BEACON_DOC_PATH_SLICE:
		return split_list(text, 0);
	case BEACON_DOC_PATH_NUMBERS:
		return split_list(text, 1);
	case BEACON_DOC_PATH_LIST:
	case BEACON_DOC_PATH_OTHER:
		break;
	}
	return beacon_doc_scalar_new(text, strlen(text), 0);
}

/* Child of parent named by segment i (borrowed); *key gets the spelling
 * to store under (an existing key's, else the segment). */
static json_t *child_at(json_t *parent, const beacon_doc_path *path, size_t i,
			const char **key)
{
	*key = path->segs[i];
	if (json_is_array(parent))
		return json_array_get(parent, strtoul(path->segs[i], NULL, 10));
	return beacon_doc_object_find(parent, path->segs[i], key);
}

/* Put value (stolen) in parent at segment i. An enabled section ({}) does
 * not erase settings already made below it. */
static int put(json_t *parent, const beacon_doc_path *path, size_t i,
	       json_t *value, const char **why)
{
	const char *key;
	json_t *cur = child_at(parent, path, i, &key);
	unsigned long idx;

	if (json_is_object(cur) && json_is_object(value) &&
	    json_object_size(value) == 0) {
		json_decref(value);
		return BEACON_OK;
	}
	if (json_is_object(parent))
		return json_object_set_new(parent, key, value) == 0
			   ? BEACON_OK
			   : BEACON_ENOMEM;
	idx = strtoul(path->segs[i], NULL, 10);
	if (idx > BEACON_DOC_MAX_INDEX) {
		json_decref(value);
		*why = "array index too large";
		return BEACON_ELIMIT;
	}
	/* Indexes may come in any order: gaps are null until filled. */
	while (json_array_size(parent) < idx) {
		if (json_array_append_new(parent, json_null()) != 0) {
			json_decref(value);
			return BEACON_ENOMEM;
		}
	}
	if (idx < json_array_size(parent))
		return json_array_set_new(parent, idx, value) == 0
			   ? BEACON_OK
			   : BEACON_ENOMEM;
	return json_array_append_new(parent, value) == 0 ? BEACON_OK
							 : BEACON_ENOMEM;
}

/* Container for segment i (created if absent or a placeholder such as
 * true or null); NULL with *error set otherwise. */
static json_t *descend(json_t *parent, const beacon_doc_path *path, size_t i,
		       const char **why, int *error)
{
	int want_array = path->is_index[i + 1];
	const char *key;
	json_t *cur = child_at(parent, path, i, &key);
	json_t *made;

	if (want_array ? json_is_array(cur) : json_is_object(cur))
		return cur;
	if (cur != NULL && !json_is_true(cur) && !json_is_null(cur)) {
		*why = want_array ? "a value is already set where a list is "
				    "needed"
				  : "a value is already set where a section "
				    "is needed";
		*error = BEACON_EINVAL;
		return NULL;
	}
	made = want_array ? json_array() : json_object();
	*error = made != NULL ? put(parent, path, i, json_incref(made), why)
			      : BEACON_ENOMEM;
	json_decref(made);
	return *error == BEACON_OK ? made : NULL;
}

int beacon_doc_store(json_t *doc, const beacon_doc_path *path, const char *text,
		     const char **why)
{
	const char *unused = NULL;
	json_t *node = doc;
	json_t *value;
	size_t i;
	int error = BEACON_OK;

	if (why == NULL)
		why = &unused;
	*why = "out of memory";
	if (path->nsegs == 0 || path->is_index[0]) {
		*why = "a name must start with a key";
		return BEACON_EINVAL;
	}
	for (i = 0; i + 1 < path->nsegs && node != NULL; i++)
		node = descend(node, path, i, why, &error);
	if (node == NULL)
		return error;
	value = value_for(path, text);
	if (value == NULL)
		return BEACON_ENOMEM;
	return put(node, path, path->nsegs - 1, value, why);
}
