/*
 * doc/env.c - documents from environment variables
 * ("TRAEFIK_GLOBAL_CHECKNEWVERSION=true"). Rules are in beacon/doc.h.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "beacon/alloc.h"
#include "beacon/limits.h"
#include "doc/internal.h"

/* Cut "ENTRYPOINTS_WEB_ADDRESS" (lower-cased copy in path->buf) at every
 * '_'. A numeric segment below a known list of sections is an index. */
static int parse_name(beacon_doc_path *path, const char *name, size_t len)
{
	char *p;
	size_t i;
	int error = BEACON_OK;

	path->buf = beacon_strndup(name, len);
	if (path->buf == NULL)
		return BEACON_ENOMEM;
	for (i = 0; i < len; i++)
		path->buf[i] = (char)tolower((unsigned char)path->buf[i]);
	p = path->buf;
	while (error == BEACON_OK) {
		size_t n = strcspn(p, "_");
		char end = p[n];
		int index;

		p[n] = '\0';
		index = n > 0 && strspn(p, "0123456789") == n &&
			beacon_doc_path_kind_of(path->segs, path->nsegs) ==
			    BEACON_DOC_PATH_LIST;
		error = beacon_doc_path_add(path, p, index);
		if (end == '\0')
			break;
		p += n + 1;
	}
	return error;
}

static int one_var(json_t *doc, const char *entry, size_t prefix_len,
		   beacon_error_detail *err)
{
	const char *eq = strchr(entry, '=');
	const char *why = NULL;
	beacon_doc_path path;
	int error;

	memset(&path, 0, sizeof(path));
	error = parse_name(&path, entry + prefix_len,
			   (size_t)(eq - entry) - prefix_len);
	if (error == BEACON_OK)
		error = beacon_doc_store(doc, &path, eq + 1, &why);
	if (error == BEACON_EINVAL && why == NULL)
		why = "empty name segment (\"__\" or a trailing \"_\")";
	if (error < 0)
		beacon_error_set(err, error, "environment", 0, 0, "%.*s: %s",
				 (int)(eq - entry), entry,
				 why != NULL ? why : beacon_strerror(error));
	beacon_doc_path_dispose(&path);
	return error;
}

int beacon_doc_from_env(json_t **out, const char *const envp[],
			const char *prefix, beacon_error_detail *err)
{
	json_t *doc = NULL;
	size_t plen = prefix != NULL ? strlen(prefix) : 0;
	int error = BEACON_OK;
	size_t i;

	beacon_error_clear(err);
	if (out == NULL || envp == NULL || plen == 0)
		return beacon_error_set(err, BEACON_EINVAL, "environment", 0, 0,
					"invalid argument");
	*out = NULL;
	doc = json_object();
	if (doc == NULL)
		return beacon_error_set(err, BEACON_ENOMEM, "environment", 0, 0,
					"out of memory");
	for (i = 0; envp[i] != NULL && error == BEACON_OK; i++) {
		const char *eq = strchr(envp[i], '=');

		if (eq == NULL || (size_t)(eq - envp[i]) <= plen ||
		    strncasecmp(envp[i], prefix, plen) != 0)
			continue;
		error = one_var(doc, envp[i], plen, err);
	}
	if (error == BEACON_OK) {
		*out = doc;
		doc = NULL;
	}
	json_decref(doc);
	return error;
}
