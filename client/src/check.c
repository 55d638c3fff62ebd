/*
 * check.c - the version check: GET the releases list, read tag_name (and
 * html_url) of each release, pick the answer with beacon_version_select.
 * A check that fails in any way is UNKNOWN, never UP_TO_DATE.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "beacon/version.h"
#include "client_internal.h"

#define GITHUB_ACCEPT "application/vnd.github.v3+json"

static int unknown(beacon_check_result *r, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int unknown(beacon_check_result *r, int error, const char *fmt, ...)
{
	va_list ap;

	r->status = BEACON_CHECK_UNKNOWN;
	r->error = error;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	return error;
}

/* 1 when node nests deeper than depth levels (walk bounded by depth). */
static int too_deep(json_t *node, int depth)
{
	json_t *child;
	const char *key;
	size_t i;

	if (!json_is_object(node) && !json_is_array(node))
		return 0;
	if (depth <= 0)
		return 1;
	if (json_is_array(node)) {
		json_array_foreach(node, i, child)
		{
			if (too_deep(child, depth - 1))
				return 1;
		}
		return 0;
	}
	json_object_foreach(node, key, child)
	{
		if (too_deep(child, depth - 1))
			return 1;
	}
	return 0;
}

/* Borrowed tag_name of every non-draft release into tags; *n set. */
static int collect_tags(const char **tags, const json_t **rels, size_t *n,
			const json_t *list, beacon_check_result *r)
{
	const json_t *rel;
	const json_t *tag;
	size_t i;

	*n = 0;
	json_array_foreach(list, i, rel)
	{
		if (*n >= BEACON_CLIENT_MAX_RELEASES)
			break;
		tag = json_object_get(rel, "tag_name");
		if (!json_is_string(tag))
			return unknown(r, BEACON_EPARSE, "%s",
				       "release without tag_name");
		if (json_is_true(json_object_get(rel, "draft")))
			continue;
		rels[*n] = rel;
		tags[(*n)++] = json_string_value(tag);
	}
	return 0;
}

_Static_assert(BEACON_RESULT_VERSION_MAX >= BEACON_VERSION_FORMAT_SIZE &&
		   BEACON_RESULT_VERSION_MAX > BEACON_VERSION_MAX_LEN,
	       "a selected tag and its canonical form fit the result");

/* tag (borrowed) parsed already: beacon_version_select accepted it. */
static void answer(beacon_check_result *r, const json_t *rel, const char *tag)
{
	const char *url = json_string_value(json_object_get(rel, "html_url"));
	beacon_version v;

	r->status = BEACON_CHECK_UPDATE_AVAILABLE;
	r->error = 0;
	snprintf(r->tag, sizeof(r->tag), "%s", tag);
	if (beacon_version_parse(&v, tag) != 0 ||
	    beacon_version_format(&v, r->latest, sizeof(r->latest)) != 0)
		snprintf(r->latest, sizeof(r->latest), "%s", tag);
	snprintf(r->url, sizeof(r->url), "%s", url != NULL ? url : "");
}

static int select_release(beacon_check_result *r, const char *running,
			  const json_t *list)
{
	const char **tags = NULL;
	const json_t **rels = NULL;
	size_t n = json_array_size(list) + 1;
	size_t idx = 0;
	int error;

	tags = beacon_calloc(n, sizeof(*tags));
	rels = beacon_calloc(n, sizeof(*rels));
	if (tags == NULL || rels == NULL) {
		error = unknown(r, BEACON_ENOMEM, "%s", "out of memory");
		goto cleanup;
	}
	error = collect_tags(tags, rels, &n, list, r);
	if (error < 0)
		goto cleanup;
	error =
	    beacon_version_select(&idx, running, (const char *const *)tags, n);
	if (error == 0) {
		answer(r, rels[idx], tags[idx]);
	} else if (error == BEACON_ENOTFOUND) {
		r->status = BEACON_CHECK_UP_TO_DATE;
		r->error = 0;
		error = 0;
	} else {
		unknown(r, error, "cannot compare versions: %s",
			beacon_strerror(error));
	}
cleanup:
	beacon_free(tags);
	beacon_free(rels);
	return error;
}

int beacon_check_parse(beacon_check_result *r, const char *running,
		       const char *body, size_t len)
{
	json_error_t jerr;
	json_t *list = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	int error;

	if (list == NULL) {
		error =
		    unknown(r, BEACON_EPARSE, "invalid JSON: %s", jerr.text);
		goto cleanup;
	}
	if (!json_is_array(list)) {
		error = unknown(r, BEACON_EPARSE, "%s",
				"releases list is not a JSON array");
		goto cleanup;
	}
	if (too_deep(list, BEACON_CLIENT_MAX_JSON_DEPTH)) {
		error = unknown(r, BEACON_ELIMIT, "%s",
				"releases list nested too deeply");
		goto cleanup;
	}
	error = select_release(r, running, list);
cleanup:
	json_decref(list);
	return error;
}

static int from_response(beacon_check_result *r, const beacon_client *client,
			 const beacon_http_response *resp)
{
	r->http_status = resp->status;
	r->retry_after = resp->retry_after;
	if (resp->status != 200)
		return unknown(r, BEACON_ENET, "server answered HTTP %ld",
			       resp->status);
	return beacon_check_parse(r, client->running, resp->body.ptr,
				  resp->body.len);
}

BEACON_API int beacon_client_check(beacon_client *client,
				   beacon_check_result *result)
{
	beacon_http_request req = { "GET", NULL, GITHUB_ACCEPT, NULL, NULL, 0 };
	beacon_http_response resp;
	int error;

	memset(result, 0, sizeof(*result));
	result->retry_after = -1;
	if (client == NULL)
		return unknown(result, BEACON_EINVAL, "%s", "no client");
	if (!client->check.enabled)
		return unknown(result, BEACON_EDISABLED, "%s",
			       beacon_consent_reason(&client->check));
	req.url = client->releases_url;
	error = beacon_transport_perform(&client->transport, &req, &resp);
	if (error < 0)
		unknown(result, error, "%s", resp.reason);
	else
		error = from_response(result, client, &resp);
	beacon_http_response_dispose(&resp);
	return error;
}
