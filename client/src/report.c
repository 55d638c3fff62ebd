/*
 * report.c - the usage report: POST the body of report_body.c to the
 * collect URL. 2xx is success; 429 and 503 are "busy" with the server's
 * Retry-After; anything else is a failure with the server's reason.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "client_internal.h"

static int failed(beacon_report_result *r, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int failed(beacon_report_result *r, int error, const char *fmt, ...)
{
	va_list ap;

	r->error = error;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	return error;
}

/* The server's {"error": "..."} text, or "". Borrowed from a static "" or
 * copied into out. */
static const char *server_error(char *out, size_t outlen,
				const beacon_http_response *resp)
{
	json_t *doc = json_loadb(resp->body.ptr != NULL ? resp->body.ptr : "",
				 resp->body.len, 0, NULL);
	const char *text = json_string_value(json_object_get(doc, "error"));

	snprintf(out, outlen, "%s", text != NULL ? text : "");
	json_decref(doc);
	return out;
}

static int from_response(beacon_report_result *r,
			 const beacon_http_response *resp)
{
	char text[BEACON_RESULT_REASON_MAX / 2];

	r->http_status = resp->status;
	r->retry_after = resp->retry_after;
	if (resp->status >= 200 && resp->status < 300)
		return 0;
	server_error(text, sizeof(text), resp);
	if (resp->status == 429 || resp->status == 503)
		return failed(r, BEACON_EBUSY, "server busy (HTTP %ld)%s%s",
			      resp->status, text[0] ? ": " : "", text);
	return failed(r, BEACON_ENET, "server answered HTTP %ld%s%s",
		      resp->status, text[0] ? ": " : "", text);
}

static int post(beacon_client *c, beacon_report_result *r, const char *body,
		size_t len)
{
	beacon_http_request req = {
		"POST", NULL, "application/json", "application/json", NULL, 0
	};
	beacon_http_response resp;
	int error;

	req.url = c->collect_url;
	req.body = body;
	req.body_len = len;
	error = beacon_transport_perform(&c->transport, &req, &resp);
	if (error < 0)
		failed(r, error, "%s", resp.reason);
	else
		error = from_response(r, &resp);
	beacon_http_response_dispose(&resp);
	return error;
}

BEACON_API int beacon_client_send_report(beacon_client *client,
					 beacon_report_result *result)
{
	beacon_report_result local;
	beacon_error_detail err;
	beacon_report_result *r = result != NULL ? result : &local;
	char *body = NULL;
	size_t len = 0;
	int error;

	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
	beacon_error_clear(&err);
	if (client == NULL)
		return failed(r, BEACON_EINVAL, "no client");
	if (!client->report.enabled)
		return failed(r, BEACON_EDISABLED, "%s",
			      beacon_consent_reason(&client->report));
	error = beacon_report_build(client, &body, &len, &err);
	if (error < 0)
		failed(r, error, "cannot build the report: %s", err.text);
	else
		error = post(client, r, body, len);
	beacon_free(body);
	return error;
}

BEACON_API int beacon_client_build_report(beacon_client *client, char **body,
					  size_t *len)
{
	if (client == NULL || body == NULL)
		return BEACON_EINVAL;
	return beacon_report_build(client, body, len, NULL);
}
