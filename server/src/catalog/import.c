/*
 * catalog/import.c - catalog files into the store (format: release_import.h).
 */
#include <string.h>
#include <strings.h>

#include "beacon/alloc.h"
#include "beacon/limits.h"
#include "catalog/import.h"

/* Borrowed member of obj whose key equals key case-insensitively. */
static json_t *get_ci(const json_t *obj, const char *key)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)(uintptr_t)obj, k,
			    v) if (strcasecmp(k, key) == 0) return v;
	return NULL;
}

static const char *const entry_keys[] = { "product",    "tag",   "name",
					  "prerelease", "draft", "publishedAt",
					  "body",       "url" };

static int entry_error(beacon_error_detail *err, size_t i, const char *key,
		       const char *text)
{
	char where[BEACON_ERROR_SOURCE_MAX];

	snprintf(where, sizeof(where), "releases[%zu]%s%s", i, key ? "." : "",
		 key ? key : "");
	return beacon_error_set(err, BEACON_EINVAL, where, 0, 0, "%s", text);
}

static int check_keys(const json_t *entry, size_t i, beacon_error_detail *err)
{
	const char *k;
	json_t *v;
	size_t j;

	json_object_foreach((json_t *)(uintptr_t)entry, k, v)
	{
		for (j = 0; j < sizeof(entry_keys) / sizeof(entry_keys[0]); j++)
			if (strcasecmp(k, entry_keys[j]) == 0)
				break;
		if (j == sizeof(entry_keys) / sizeof(entry_keys[0]))
			return entry_error(err, i, k, "unknown key");
	}
	return BEACON_OK;
}

/* A string field: absent -> *out unchanged; not a string -> error. */
static int get_string(const json_t *entry, const char *key, size_t i,
		      const char **out, beacon_error_detail *err)
{
	const json_t *v = get_ci(entry, key);

	if (!v || json_is_null(v))
		return BEACON_OK;
	if (!json_is_string(v))
		return entry_error(err, i, key, "must be a string (quote it)");
	*out = json_string_value(v);
	return BEACON_OK;
}

static int get_bool(const json_t *entry, const char *key, size_t i, int *out,
		    beacon_error_detail *err)
{
	const json_t *v = get_ci(entry, key);

	if (!v || json_is_null(v))
		return BEACON_OK;
	if (!json_is_boolean(v))
		return entry_error(err, i, key, "must be true or false");
	*out = json_is_true(v);
	return BEACON_OK;
}

static int read_entry(const json_t *entry, size_t i, const char *product,
		      beacond_release *rel, beacon_error_detail *err)
{
	int error;

	if (!json_is_object(entry))
		return entry_error(err, i, NULL, "must be a mapping");
	memset(rel, 0, sizeof(*rel));
	rel->product = product;
	error = check_keys(entry, i, err);
	if (!error)
		error = get_string(entry, "product", i, &rel->product, err);
	if (!error)
		error = get_string(entry, "tag", i, &rel->tag, err);
	if (!error)
		error = get_string(entry, "name", i, &rel->name, err);
	if (!error)
		error = get_string(entry, "body", i, &rel->body, err);
	if (!error)
		error = get_string(entry, "url", i, &rel->url, err);
	if (!error)
		error = get_string(entry, "publishedAt", i, &rel->published_at,
				   err);
	if (!error)
		error = get_bool(entry, "prerelease", i, &rel->prerelease, err);
	if (!error)
		error = get_bool(entry, "draft", i, &rel->draft, err);
	if (!error && (!rel->product || !rel->tag))
		error = entry_error(err, i, NULL, "needs a product and a tag");
	return error;
}

int beacond_release_import_doc(beacond_store *store, const json_t *doc,
			       size_t *count, beacon_error_detail *err)
{
	const json_t *list =
	    json_is_object(doc) ? get_ci(doc, "releases") : NULL;
	const char *product = NULL;
	beacond_release *rels = NULL;
	size_t n = json_array_size(list);
	size_t i;
	int error = BEACON_OK;

	if (!json_is_array(list))
		return beacon_error_set(err, BEACON_EINVAL, "releases", 0, 0,
					"the file needs a releases list");
	if (get_ci(doc, "product") && !json_is_string(get_ci(doc, "product")))
		return beacon_error_set(err, BEACON_EINVAL, "product", 0, 0,
					"must be a string");
	product = json_string_value(get_ci(doc, "product"));
	rels = beacon_calloc(n ? n : 1, sizeof(*rels));
	if (!rels)
		return BEACON_ENOMEM;
	for (i = 0; i < n && error == BEACON_OK; i++)
		error = read_entry(json_array_get(list, i), i, product,
				   &rels[i], err);
	if (error == BEACON_OK)
		error = beacond_store_release_import(store, rels, n, err);
	if (error == BEACON_OK && count)
		*count = n;
	beacon_free(rels);
	return error;
}

void beacond_release_free_string(char *s)
{
	beacon_free(s);
}
