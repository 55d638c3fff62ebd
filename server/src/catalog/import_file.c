/*
 * catalog/import_file.c - the file entry points of release_import.h, over
 * the configuration document loader (beacon/doc.h).
 */
#include "beacon/alloc.h"
#include "beacon/doc.h"
#include "catalog/import.h"

int beacond_release_import_file(beacond_store *store, const char *path,
				size_t *count, beacon_error_detail *err)
{
	json_t *doc = NULL;
	int error = beacon_doc_load_file(&doc, path, BEACON_DOC_AUTO, err);

	if (error == BEACON_OK)
		error = beacond_release_import_doc(store, doc, count, err);
	json_decref(doc);
	return error;
}

int beacond_release_config_db(char **out, const char *path,
			      beacon_error_detail *err)
{
	json_t *doc = NULL;
	const json_t *db;
	int error = beacon_doc_load_file(&doc, path, BEACON_DOC_AUTO, err);

	*out = NULL;
	if (error < 0)
		goto cleanup;
	db = beacon_doc_get(doc, "db");
	if (!db)
		db = beacon_doc_get(doc, "database");
	if (db && !json_is_string(db)) {
		error = beacon_error_set(err, BEACON_EINVAL, path, 0, 0,
					 "db must be a string");
		goto cleanup;
	}
	if (db) {
		*out = beacon_strdup(json_string_value(db));
		if (!*out)
			error = BEACON_ENOMEM;
	}

cleanup:
	json_decref(doc);
	return error;
}
