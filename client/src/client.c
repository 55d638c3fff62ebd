/*
 * client.c - lifetime of a beacon_client: options, configuration sources,
 * consent (libcurl's global state is the transport's); and the read-only
 * accessors.
 */
#include <string.h>

#include "beacon/doc.h"
#include "client_internal.h"

/* The configuration sources, kept apart so consent can say which one
 * decided. All new references (or NULL). */
typedef struct config_sources {
	json_t *file;
	json_t *env;
	json_t *flags;
} config_sources;

static int load_sources(config_sources *s, const beacon_client_options *o,
			const char *const *envp, beacon_error_detail *err)
{
	int error = 0;

	if (o->config != NULL) {
		s->file = json_deep_copy(o->config);
		if (s->file == NULL)
			return BEACON_ENOMEM;
	} else if (o->config_file != NULL) {
		error = beacon_doc_load_file(&s->file, o->config_file,
					     BEACON_DOC_AUTO, err);
	}
	if (error == 0 && o->env_prefix != NULL)
		error = beacon_doc_from_env(&s->env, envp, o->env_prefix, err);
	if (error == 0 && o->nflags > 0)
		error =
		    beacon_doc_from_flags(&s->flags, o->nflags, o->flags, err);
	return error;
}

/* file, then env, then flags; NULL when no source was given. */
static int merge_sources(json_t **out, const config_sources *s)
{
	json_t *merged = NULL;
	int error = 0;

	*out = NULL;
	if (s->file == NULL && s->env == NULL && s->flags == NULL)
		return 0;
	merged = s->file != NULL ? json_deep_copy(s->file) : json_object();
	if (merged == NULL)
		return BEACON_ENOMEM;
	if (s->env != NULL)
		error = beacon_doc_merge(merged, s->env);
	if (error == 0 && s->flags != NULL)
		error = beacon_doc_merge(merged, s->flags);
	if (error < 0)
		json_decref(merged);
	else
		*out = merged;
	return error;
}

int beacon_client_configure(beacon_client *c, const beacon_client_options *o,
			    beacon_error_detail *err)
{
	config_sources s = { NULL, NULL, NULL };
	const char *const *envp =
	    o->envp != NULL ? o->envp : beacon_env_process();
	beacon_consent_input in;
	int error;

	error = load_sources(&s, o, envp, err);
	if (error == 0)
		error = merge_sources(&c->config, &s);
	if (error < 0)
		goto cleanup;
	memset(&in, 0, sizeof(in));
	in.running = c->running;
	in.host_check = o->check_new_version;
	in.host_report = o->send_anonymous_usage;
	in.flags_doc = s.flags;
	in.env_doc = s.env;
	in.file_doc = s.file;
	in.file_name = o->config != NULL ? NULL : o->config_file;
	in.env_prefix = o->env_prefix;
	in.envp = envp;
	in.check_url = c->releases_url;
	in.report_url = c->collect_url;
	error = beacon_consent_decide(&c->check, &c->report, &in, err);
cleanup:
	json_decref(s.file);
	json_decref(s.env);
	json_decref(s.flags);
	return error;
}

BEACON_API void beacon_client_options_init(beacon_client_options *opts)
{
	const beacon_client_options init = BEACON_CLIENT_OPTIONS_INIT;

	if (opts != NULL)
		*opts = init;
}

BEACON_API int beacon_client_new(beacon_client **out,
				 const beacon_client_options *opts,
				 beacon_error_detail *err)
{
	beacon_client *c = NULL;
	int error = BEACON_ENOMEM;

	beacon_error_clear(err);
	if (out == NULL)
		return BEACON_EINVAL;
	*out = NULL;
	c = beacon_calloc(1, sizeof(*c));
	if (c == NULL)
		goto cleanup;
	atomic_init(&c->stopping, 0);
	c->transport.abort_flag = &c->stopping;
	c->transport.lock = &c->lock;
	error = beacon_scheduler_init(c);
	if (error == 0 && beacon_transport_init(&c->transport) < 0)
		error = beacon_error_set(err, BEACON_ERROR, "libcurl", 0, 0,
					 "curl_global_init failed");
	if (error < 0)
		goto cleanup;
	error = beacon_options_apply(c, opts, err);
	if (error == 0)
		error = beacon_client_configure(c, opts, err);
cleanup:
	if (error < 0)
		beacon_client_free(c);
	else
		*out = c;
	return error;
}

BEACON_API void beacon_client_free(beacon_client *c)
{
	if (c == NULL)
		return;
	beacon_client_stop(c);
	beacon_free(c->product);
	beacon_free(c->running);
	beacon_free(c->codename);
	beacon_free(c->build_date);
	beacon_free(c->update_url);
	beacon_free(c->collect_url);
	beacon_free(c->releases_url);
	beacon_free(c->schema_file);
	beacon_free(c->hash_key);
	beacon_free(c->proxy);
	beacon_free(c->ca_file);
	beacon_free(c->user_agent);
	json_decref(c->config);
	beacon_transport_cleanup(&c->transport);
	beacon_scheduler_destroy(c);
	beacon_free(c);
}

BEACON_API int beacon_client_check_enabled(const beacon_client *c)
{
	return c != NULL && c->check.enabled;
}

BEACON_API int beacon_client_report_enabled(const beacon_client *c)
{
	return c != NULL && c->report.enabled;
}

BEACON_API const char *beacon_client_check_status_line(const beacon_client *c)
{
	return c != NULL ? c->check.line : "";
}

BEACON_API const char *beacon_client_report_status_line(const beacon_client *c)
{
	return c != NULL ? c->report.line : "";
}

BEACON_API const char *beacon_client_user_agent(const beacon_client *c)
{
	return c != NULL ? c->user_agent : "";
}

BEACON_API const json_t *beacon_client_config(const beacon_client *c)
{
	return c != NULL ? c->config : NULL;
}
