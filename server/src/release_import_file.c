/*
 * release_import_file.c - file entry points of release_import.h.
 * TEMPORARY: the configuration loader (beacon_doc_load_file, beacon/doc.h)
 * is not on main yet; until it lands these report BEACON_EDISABLED.
 */
#include "release_import.h"

int beacon_release_import_file(beacon_store *store, const char *path,
			       size_t *count, beacon_error_detail *err)
{
	(void)store;
	(void)count;
	return beacon_error_set(err, BEACON_EDISABLED, path, 0, 0,
				"import needs the configuration loader, "
				"which this build lacks");
}

int beacon_release_config_db(char **out, const char *path,
			     beacon_error_detail *err)
{
	*out = NULL;
	return beacon_error_set(err, BEACON_EDISABLED, path, 0, 0,
				"--config needs the configuration loader, "
				"which this build lacks; use --db");
}
