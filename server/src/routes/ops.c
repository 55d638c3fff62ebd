/* routes/ops.c - GET /healthz and GET /metrics. */
#include "beacon/buf.h"
#include "routes/routes.h"

/* Largest metrics page, bytes. */
#define METRICS_MAX (256u * 1024u)

static const char healthz_body[] = "{\"status\":\"ok\"}";

enum MHD_Result beacond_healthz_answer(beacond_request *req, const char *url)
{
	(void)url;
	return beacond_http_json(req, MHD_HTTP_OK, healthz_body,
				 sizeof(healthz_body) - 1);
}

enum MHD_Result beacond_metrics_answer(beacond_request *req, const char *url)
{
	beacon_buf out = BEACON_BUF_INIT(METRICS_MAX);
	beacond_writer_metrics wm;
	struct MHD_Response *resp;
	enum MHD_Result ret = MHD_NO;

	(void)url;
	beacond_writer_get_metrics(req->srv->writer, &wm);
	if (beacond_metrics_render(&out, &req->srv->metrics, &wm) < 0)
		goto cleanup;
	resp = MHD_create_response_from_buffer(out.len, out.ptr,
					       MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		goto cleanup;
	beacond_http_headers(resp, "text/plain; version=0.0.4; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				"no-store");
	ret = beacond_http_queue(req, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
cleanup:
	beacon_buf_dispose(&out);
	return ret;
}
