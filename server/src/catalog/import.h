/*
 * catalog/import.h - the catalog file format and the CLI's config lookup.
 *
 * Catalog file (YAML, or JSON/TOML: any format beacon_doc_load_file reads):
 *
 *   product: traefik/traefik        # optional default for the entries
 *   releases:
 *     - product: traefik/traefik    # OWNER/REPO; required unless defaulted
 *       tag: v3.1.0                 # required, a version (quote "3.10")
 *       name: v3.1.0                # optional, default the tag
 *       prerelease: false           # optional, default false
 *       draft: false                # optional, default false
 *       publishedAt: 2024-07-01T00:00:00Z   # optional RFC 3339, default now
 *       body: "release notes"       # optional
 *       url: https://...            # optional html_url, default GitHub's
 *
 * Keys match case-insensitively; an unknown key is an error (a typo must
 * not import a release silently wrong). The whole file is imported in one
 * transaction; entries already in the catalog are updated.
 */
#ifndef BEACOND_RELEASE_IMPORT_H
#define BEACOND_RELEASE_IMPORT_H

#include <jansson.h>
#include <stddef.h>

#include "beacon/error.h"
#include "store/store.h"

/*
 * Import the catalog document doc (borrowed) into store. *count (optional)
 * receives the number of releases imported. err names the entry and key.
 */
int beacond_release_import_doc(beacond_store *store, const json_t *doc,
			       size_t *count, beacon_error_detail *err);

/* Load the file at path and import it as above. */
int beacond_release_import_file(beacond_store *store, const char *path,
				size_t *count, beacon_error_detail *err);

/*
 * Read the database path (key "db", or "database") from the beacond
 * configuration file at path. *out: new (beacond_release_free_string), NULL
 * when the file sets neither key.
 */
int beacond_release_config_db(char **out, const char *path,
			      beacon_error_detail *err);

/* Free a string from this module. Accepts NULL. */
void beacond_release_free_string(char *s);

#endif /* BEACOND_RELEASE_IMPORT_H */
