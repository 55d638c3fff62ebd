/* doc/json.c - JSON loader on Jansson, with Beacon's depth and key rules. */
#include <ctype.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/limits.h"
#include "doc/internal.h"

/*
 * Find where nesting first passes BEACON_MAX_DEPTH, before Jansson (which
 * recurses up to its own, larger limit) sees the text. Returns 1 and sets
 * the line and column (1-based) if it does.
 */
static int too_deep(const char *data, size_t len, int *line, int *column)
{
	int depth = 0;
	int in_string = 0;
	int l = 1;
	int c = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char ch = data[i];

		c++;
		if (ch == '\n') {
			l++;
			c = 0;
		} else if (in_string) {
			if (ch == '\\')
				i++, c++;
			else if (ch == '"')
				in_string = 0;
		} else if (ch == '"') {
			in_string = 1;
		} else if (ch == '{' || ch == '[') {
			if (++depth > BEACON_MAX_DEPTH) {
				*line = l;
				*column = c;
				return 1;
			}
		} else if (ch == '}' || ch == ']') {
			depth--;
		}
	}
	return 0;
}

static int check_keys(const json_t *node, const char *name,
		      beacon_error_detail *err);

/* Keys of obj that differ only in case collide (the loader matches keys
 * case-insensitively): refuse them, using an index of lower-cased keys. */
static int check_object(const json_t *obj, const char *name,
			beacon_error_detail *err)
{
	json_t *index = json_object();
	const char *k;
	json_t *v;
	int error = index != NULL ? BEACON_OK : BEACON_ENOMEM;

	json_object_foreach(beacon_doc_unconst(obj), k, v)
	{
		char *lower = beacon_strdup(k);
		char *c;

		if (error < 0 || lower == NULL) {
			beacon_free(lower);
			error = error < 0 ? error : BEACON_ENOMEM;
			break;
		}
		for (c = lower; *c != '\0'; c++)
			*c = (char)tolower((unsigned char)*c);
		if (json_object_get(index, lower) != NULL)
			error =
			    beacon_error_set(err, BEACON_EPARSE, name, 0, 0,
					     "duplicate key \"%s\" (keys match "
					     "case-insensitively)",
					     k);
		else if (json_object_set_new(index, lower, json_null()) != 0)
			error = BEACON_ENOMEM;
		beacon_free(lower);
		if (error == BEACON_OK)
			error = check_keys(v, name, err);
	}
	json_decref(index);
	if (error == BEACON_ENOMEM)
		beacon_error_set(err, error, name, 0, 0, "out of memory");
	return error;
}

static int check_keys(const json_t *node, const char *name,
		      beacon_error_detail *err)
{
	json_t *v;
	size_t i;
	int error;

	if (json_is_object(node))
		return check_object(node, name, err);
	json_array_foreach(node, i, v)
	{
		error = check_keys(v, name, err);
		if (error < 0)
			return error;
	}
	return BEACON_OK;
}

int beacon_doc_json_parse(json_t **out, const char *data, size_t len,
			  const char *name, beacon_error_detail *err)
{
	json_error_t jerr;
	json_t *root = NULL;
	int line = 0;
	int column = 0;
	int error = BEACON_OK;

	if (too_deep(data, len, &line, &column)) {
		error = beacon_error_set(err, BEACON_ELIMIT, name, line, column,
					 "nesting deeper than %d levels",
					 BEACON_MAX_DEPTH);
		goto cleanup;
	}
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		int code = json_error_code(&jerr) == json_error_out_of_memory
			       ? BEACON_ENOMEM
			       : BEACON_EPARSE;

		/* Jansson says -1 where it knows no position; Beacon says 0. */
		error = beacon_error_set(
		    err, code, name, jerr.line > 0 ? jerr.line : 0,
		    jerr.column > 0 ? jerr.column : 0, "%s", jerr.text);
		goto cleanup;
	}
	if (!json_is_object(root)) {
		error = beacon_error_set(err, BEACON_EPARSE, name, 1, 1,
					 "expected an object at the top level");
		goto cleanup;
	}
	error = check_keys(root, name, err);
	if (error < 0)
		goto cleanup;
	*out = root;
	root = NULL;
cleanup:
	json_decref(root);
	return error;
}
