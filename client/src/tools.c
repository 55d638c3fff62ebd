/*
 * tools.c - the public wrappers the CLI's anonymize and hash commands use,
 * over beacon/doc.h and beacon/anon.h of the common library.
 */
#include "beacon/anon.h"
#include "beacon/doc.h"
#include "beacon/hash.h"
#include "client_internal.h"

int beacon_schema_open(beacon_export_schema **out, const char *file,
		       beacon_error_detail *err)
{
	if (file != NULL)
		return beacon_export_schema_load_file(out, file, err);
	return beacon_export_schema_traefik(out, err);
}

/* The start of both document calls: check the arguments, open the schema
 * (*schema: new, beacon_export_schema_free). */
static int open_for(beacon_export_schema **schema, const void *out,
		    const json_t *config, const char *schema_file,
		    beacon_error_detail *err)
{
	if (out == NULL || config == NULL)
		return beacon_error_set(err, BEACON_EINVAL, NULL, 0, 0,
					"no document");
	return beacon_schema_open(schema, schema_file, err);
}

BEACON_API int beacon_anonymize_document(json_t **out, const json_t *config,
					 const char *schema_file,
					 beacon_error_detail *err)
{
	beacon_export_schema *schema = NULL;
	int error;

	if (out != NULL)
		*out = NULL;
	error = open_for(&schema, out, config, schema_file, err);
	if (error == 0)
		error = beacon_anonymize(out, config, schema, err);
	beacon_export_schema_free(schema);
	return error;
}

BEACON_API int beacon_hash_document(unsigned long long *out,
				    const json_t *config,
				    const char *schema_file,
				    const char *hash_key,
				    beacon_error_detail *err)
{
	beacon_export_schema *schema = NULL;
	uint64_t hash = 0;
	int error;

	if (out != NULL)
		*out = 0;
	error = open_for(&schema, out, config, schema_file, err);
	if (error == 0)
		error =
		    beacon_config_hash(&hash, config, schema, hash_key, err);
	if (error == 0)
		*out = hash;
	beacon_export_schema_free(schema);
	return error;
}

/* Merge the document of one source into *acc (new object on first use). */
static int merge_into(json_t *acc, json_t *doc)
{
	int error = beacon_doc_merge(acc, doc);

	json_decref(doc);
	return error;
}

BEACON_API int beacon_load_document(json_t **out, const char *const *files,
				    int nfiles, const char *env_prefix,
				    const char *const *envp,
				    const char *const *flags, int nflags,
				    beacon_error_detail *err)
{
	json_t *acc = json_object();
	json_t *doc = NULL;
	int error = acc == NULL ? BEACON_ENOMEM : 0;
	int i;

	for (i = 0; error == 0 && i < nfiles; i++) {
		error =
		    beacon_doc_load_file(&doc, files[i], BEACON_DOC_AUTO, err);
		if (error == 0)
			error = merge_into(acc, doc);
	}
	if (error == 0 && env_prefix != NULL) {
		error = beacon_doc_from_env(
		    &doc, envp != NULL ? envp : beacon_env_process(),
		    env_prefix, err);
		if (error == 0)
			error = merge_into(acc, doc);
	}
	if (error == 0 && nflags > 0) {
		error = beacon_doc_from_flags(&doc, nflags, flags, err);
		if (error == 0)
			error = merge_into(acc, doc);
	}
	if (error < 0) {
		json_decref(acc);
		acc = NULL;
	}
	*out = acc;
	return error;
}

BEACON_API int beacon_document_to_yaml(char **out, const json_t *doc)
{
	if (out == NULL || doc == NULL)
		return BEACON_EINVAL;
	return beacon_doc_dump_yaml(out, doc);
}
