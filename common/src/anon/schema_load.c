/*
 * schema_load.c - export schemas from YAML text: a file, or the Traefik
 * schema embedded at build time (common/CMakeLists.txt turns
 * schema/traefik-static.export.yaml into beacon_schema_traefik_yaml[]).
 */
#include "anon/schema_embedded.h"
#include "beacon/anon.h"
#include "beacon/doc.h"

int beacon_export_schema_traefik(beacon_export_schema **out,
				 beacon_error_detail *err)
{
	json_t *doc = NULL;
	int error;

	*out = NULL;
	error = beacon_doc_load_buffer(
	    &doc, (const char *)beacon_schema_traefik_yaml,
	    beacon_schema_traefik_yaml_len, BEACON_DOC_YAML,
	    "traefik-static.export.yaml", err);
	if (error == BEACON_OK)
		error = beacon_export_schema_load_doc(out, doc, err);
	json_decref(doc);
	return error;
}

int beacon_export_schema_load_file(beacon_export_schema **out, const char *path,
				   beacon_error_detail *err)
{
	json_t *doc = NULL;
	int error;

	*out = NULL;
	error = beacon_doc_load_file(&doc, path, BEACON_DOC_AUTO, err);
	if (error == BEACON_OK)
		error = beacon_export_schema_load_doc(out, doc, err);
	json_decref(doc);
	return error;
}
