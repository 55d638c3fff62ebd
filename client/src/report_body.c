/*
 * report_body.c - the exact bytes of a usage report: the configuration
 * anonymized with the export schema, its config hash, and the identity of
 * the host, encoded by beacon/payload.h.
 */
#include "beacon/anon.h"
#include "beacon/hash.h"
#include "beacon/payload.h"
#include "client_internal.h"

/* Set one owned string member of p to a copy of value. */
static int set_member(char **member, const char *value)
{
	beacon_free(*member);
	*member = beacon_strdup(value);
	return *member == NULL ? BEACON_ENOMEM : 0;
}

static int fill_identity(beacon_payload *p, const beacon_client *c)
{
	int error = set_member(&p->version, c->running);

	if (error == 0)
		error = set_member(&p->codename, c->codename);
	if (error == 0)
		error = set_member(&p->build_date, c->build_date);
	if (error == 0)
		error = set_member(&p->product, c->product);
	if (error == 0)
		error = set_member(&p->os, beacon_platform_os());
	if (error == 0)
		error = set_member(&p->arch, beacon_platform_arch());
	p->schema_version = BEACON_PAYLOAD_SCHEMA_VERSION;
	return error;
}

/* Anonymized configuration and hash of config into p. */
static int fill_config(beacon_payload *p, const beacon_client *c,
		       const json_t *config, beacon_error_detail *err)
{
	beacon_export_schema *schema = NULL;
	json_t *anon = NULL;
	int error;

	error = beacon_schema_open(&schema, c->schema_file, err);
	if (error == 0)
		error = beacon_anonymize(&anon, config, schema, err);
	if (error == 0)
		error = beacon_payload_set_config(p, anon);
	if (error == 0)
		error = beacon_config_hash(&p->hash, config, schema,
					   c->hash_key, err);
	json_decref(anon);
	beacon_export_schema_free(schema);
	return error;
}

int beacon_report_build(beacon_client *c, char **body, size_t *len,
			beacon_error_detail *err)
{
	beacon_payload p = BEACON_PAYLOAD_INIT;
	json_t *empty = NULL;
	const json_t *config = c->config;
	int error;

	*body = NULL;
	if (config == NULL) {
		empty = json_object();
		config = empty;
	}
	error = config == NULL ? BEACON_ENOMEM : fill_identity(&p, c);
	if (error == 0)
		error = fill_config(&p, c, config, err);
	if (error == 0)
		error = beacon_payload_encode(body, len, &p);
	if (error < 0 && err != NULL && err->code == 0)
		beacon_error_set(err, error, "report", 0, 0, "%s",
				 beacon_strerror(error));
	beacon_payload_dispose(&p);
	json_decref(empty);
	return error;
}

BEACON_API int beacon_report_configuration(json_t **out, const char *body,
					   size_t len, beacon_error_detail *err)
{
	beacon_payload p = BEACON_PAYLOAD_INIT;
	int error;

	if (out == NULL || body == NULL)
		return BEACON_EINVAL;
	*out = NULL;
	error = beacon_payload_decode(&p, body, len, err);
	if (error == 0)
		error = beacon_payload_config(out, &p, err);
	beacon_payload_dispose(&p);
	return error;
}
