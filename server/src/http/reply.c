/* http/reply.c - the headers every answer carries and the reply helpers of
 * http/request.h. */
#include "http/request.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "beacon/alloc.h"
#include "http/dispatch.h"

/* Set once by beacond_http_start, before any request. */
static int hsts_enabled;

void beacond_reply_hsts(int on)
{
	hsts_enabled = on;
}

void beacond_http_headers(struct MHD_Response *resp, const char *content_type)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				content_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (hsts_enabled)
		MHD_add_response_header(resp, "Strict-Transport-Security",
					"max-age=31536000");
}

enum MHD_Result beacond_http_queue(beacond_request *req, unsigned status,
				   struct MHD_Response *resp)
{
	req->status = status;
	return MHD_queue_response(req->conn, status, resp);
}

static enum MHD_Result queue_copy(beacond_request *req, unsigned status,
				  const char *body, size_t len,
				  const char *content_type,
				  unsigned retry_after_s)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char retry[16];

	resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
					       MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	beacond_http_headers(resp, content_type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				"no-store");
	if (retry_after_s > 0) {
		snprintf(retry, sizeof(retry), "%u", retry_after_s);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER,
					retry);
	}
	ret = beacond_http_queue(req, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result beacond_http_json(beacond_request *req, unsigned status,
				  const char *body, size_t len)
{
	return queue_copy(req, status, body, len,
			  "application/json; charset=utf-8", 0);
}

enum MHD_Result beacond_http_error(beacond_request *req, unsigned status,
				   const char *message, const char *field,
				   unsigned retry_after_s)
{
	json_t *obj = json_object();
	char *text = NULL;
	enum MHD_Result ret = MHD_NO;

	if (obj == NULL)
		return MHD_NO;
	/* json_string refuses invalid UTF-8: fall back to a generic text. */
	if (json_object_set_new(obj, "error", json_string(message)) < 0)
		json_object_set_new(obj, "error", json_string("invalid input"));
	if (field != NULL)
		json_object_set_new(obj, "field", json_string(field));
	text = json_dumps(obj, JSON_COMPACT);
	if (text != NULL)
		ret = queue_copy(req, status, text, strlen(text),
				 "application/json; charset=utf-8",
				 retry_after_s);
	beacon_free(text);
	json_decref(obj);
	return ret;
}
