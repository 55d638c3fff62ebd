/*
 * transport.c - one HTTP exchange over libcurl, with every limit on:
 * TLS verification, connect and total timeouts, at most
 * BEACON_CLIENT_MAX_REDIRECTS redirects (http/https only), a response
 * body capped at BEACON_CLIENT_MAX_RESPONSE, and an abort flag polled by
 * the progress callback so that beacon_client_stop is prompt.
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "client_internal.h"

typedef struct exchange {
	beacon_http_response *resp;
	const beacon_transport *transport;
	int too_large;
	int aborted;
} exchange;

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	exchange *x = userdata;
	size_t n = size * nmemb;

	if (beacon_buf_append(&x->resp->body, data, n) < 0) {
		x->too_large = 1;
		return 0; /* makes libcurl fail with CURLE_WRITE_ERROR */
	}
	return n;
}

/* Retry-After: delta-seconds or an HTTP-date; cut to the maximum. */
static long parse_retry_after(const char *value)
{
	char *end = NULL;
	long secs;
	time_t when;

	errno = 0;
	secs = strtol(value, &end, 10);
	if (end != value && errno == 0 &&
	    (*end == '\0' || *end == '\r' || *end == '\n' || *end == ' ')) {
		if (secs < 0)
			return -1;
	} else {
		when = curl_getdate(value, NULL);
		if (when < 0)
			return -1;
		secs = when > time(NULL) ? (long)(when - time(NULL)) : 0;
	}
	return secs > BEACON_CLIENT_MAX_RETRY_AFTER_S
		   ? BEACON_CLIENT_MAX_RETRY_AFTER_S
		   : secs;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	static const char name[] = "retry-after:";
	exchange *x = userdata;
	size_t n = size * nmemb;
	char value[64];
	size_t skip = sizeof(name) - 1;

	if (n > skip && n - skip < sizeof(value) &&
	    strncasecmp(data, name, skip) == 0) {
		while (skip < n && (data[skip] == ' ' || data[skip] == '\t'))
			skip++;
		memcpy(value, data + skip, n - skip);
		value[n - skip] = '\0';
		x->resp->retry_after = parse_retry_after(value);
	}
	return n;
}

static int on_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	exchange *x = userdata;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	if (x->transport->abort_flag != NULL &&
	    atomic_load(x->transport->abort_flag) != 0) {
		x->aborted = 1;
		return 1;
	}
	return 0;
}

static int set_limits(CURL *h, const beacon_transport *t)
{
	int failed = 0;

	failed |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
				   t->connect_timeout_ms) != CURLE_OK;
	failed |=
	    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, t->timeout_ms) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_MAXREDIRS,
				   BEACON_CLIENT_MAX_REDIRECTS) != CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500
	failed |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") !=
		  CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR,
				   "http,https") != CURLE_OK;
#else
	failed |=
	    curl_easy_setopt(h, CURLOPT_PROTOCOLS,
			     CURLPROTO_HTTP | CURLPROTO_HTTPS) != CURLE_OK;
	failed |=
	    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS,
			     CURLPROTO_HTTP | CURLPROTO_HTTPS) != CURLE_OK;
#endif
	failed |= curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
				   (curl_off_t)BEACON_CLIENT_MAX_RESPONSE) !=
		  CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_HTTP_VERSION,
				   (long)CURL_HTTP_VERSION_2TLS) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
	failed |=
	    curl_easy_setopt(h, CURLOPT_USERAGENT, t->user_agent) != CURLE_OK;
	if (t->ca_file != NULL)
		failed |=
		    curl_easy_setopt(h, CURLOPT_CAINFO, t->ca_file) != CURLE_OK;
	if (t->proxy != NULL)
		failed |=
		    curl_easy_setopt(h, CURLOPT_PROXY, t->proxy) != CURLE_OK;
	return failed ? BEACON_ERROR : 0;
}

static int set_exchange(CURL *h, exchange *x, const beacon_http_request *req,
			struct curl_slist *headers)
{
	int failed = 0;

	failed |= curl_easy_setopt(h, CURLOPT_URL, req->url) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers) != CURLE_OK;
	failed |=
	    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_WRITEDATA, x) != CURLE_OK;
	failed |=
	    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_HEADERDATA, x) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress) !=
		  CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_XFERINFODATA, x) != CURLE_OK;
	failed |= curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L) != CURLE_OK;
	if (strcmp(req->method, "POST") == 0) {
		failed |=
		    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
				     (curl_off_t)req->body_len) != CURLE_OK;
		failed |= curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body) !=
			  CURLE_OK;
	}
	return failed ? BEACON_ERROR : 0;
}

/* Header list for req; NULL only on allocation failure. */
static struct curl_slist *make_headers(const beacon_http_request *req)
{
	char line[BEACON_CLIENT_MAX_LOG_LINE];
	struct curl_slist *list = curl_slist_append(NULL, "Expect:");
	struct curl_slist *next = list;

	if (next != NULL && req->accept != NULL) {
		snprintf(line, sizeof(line), "Accept: %s", req->accept);
		next = curl_slist_append(list, line);
	}
	if (next != NULL && req->content_type != NULL) {
		snprintf(line, sizeof(line), "Content-Type: %s",
			 req->content_type);
		next = curl_slist_append(list, line);
	}
	if (next == NULL) {
		curl_slist_free_all(list);
		return NULL;
	}
	return list;
}

static int map_error(CURLcode rc, const exchange *x, const char *errbuf)
{
	beacon_http_response *resp = x->resp;
	const char *text = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);

	if (x->aborted) {
		snprintf(resp->reason, sizeof(resp->reason), "stopped");
		return BEACON_ERROR;
	}
	if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(resp->reason, sizeof(resp->reason),
			 "response larger than %u bytes",
			 BEACON_CLIENT_MAX_RESPONSE);
		return BEACON_ELIMIT;
	}
	snprintf(resp->reason, sizeof(resp->reason), "%s", text);
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return BEACON_ETIMEOUT;
	if (rc == CURLE_OUT_OF_MEMORY)
		return BEACON_ENOMEM;
	return BEACON_ENET;
}

/* 1 when libcurl's global init is thread-safe (libcurl >= 7.84), so that
 * it can wait for the first transfer: until then (and forever for a client
 * whose channels are both off) OpenSSL stays uninitialised, about 2 MB of
 * a host's RSS (tests/bench/README.md). */
static int curl_init_can_wait(void)
{
#ifdef CURL_VERSION_THREADSAFE
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);

	return v != NULL && (v->features & CURL_VERSION_THREADSAFE) != 0;
#else
	return 0;
#endif
}

/* Lock: the host's thread and the client's may both start a transfer. */
static int global_init(beacon_transport *t)
{
	int error = 0;

	pthread_mutex_lock(t->lock);
	if (!t->curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)
			t->curl_ready = 1;
		else
			error = BEACON_ERROR;
	}
	pthread_mutex_unlock(t->lock);
	return error;
}

int beacon_transport_init(beacon_transport *transport)
{
	return curl_init_can_wait() ? 0 : global_init(transport);
}

void beacon_transport_cleanup(beacon_transport *transport)
{
	if (transport->curl_ready)
		curl_global_cleanup();
	transport->curl_ready = 0;
}

int beacon_transport_perform(beacon_transport *transport,
			     const beacon_http_request *req,
			     beacon_http_response *resp)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	exchange x = { resp, transport, 0, 0 };
	struct curl_slist *headers = NULL;
	CURL *h = NULL;
	CURLcode rc;
	int error = BEACON_ENOMEM;

	memset(resp, 0, sizeof(*resp));
	resp->retry_after = -1;
	beacon_buf_init(&resp->body, BEACON_CLIENT_MAX_RESPONSE);
	if (global_init(transport) < 0) {
		snprintf(resp->reason, sizeof(resp->reason), "%s",
			 "curl_global_init failed");
		error = BEACON_ERROR;
		goto cleanup;
	}
	h = curl_easy_init();
	headers = make_headers(req);
	if (h == NULL || headers == NULL)
		goto cleanup;
	error = set_limits(h, transport);
	if (error == 0)
		error = set_exchange(h, &x, req, headers);
	if (error == 0)
		error =
		    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf) == CURLE_OK
			? 0
			: BEACON_ERROR;
	if (error < 0)
		goto cleanup;
	rc = curl_easy_perform(h);
	if (rc != CURLE_OK) {
		error = map_error(rc, &x, errbuf);
		goto cleanup;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
cleanup:
	if (error == BEACON_ENOMEM || error == BEACON_ERROR) {
		if (resp->reason[0] == '\0')
			snprintf(resp->reason, sizeof(resp->reason), "%s",
				 beacon_strerror(error));
	}
	curl_slist_free_all(headers);
	curl_easy_cleanup(h);
	return error;
}

void beacon_http_response_dispose(beacon_http_response *resp)
{
	if (resp != NULL)
		beacon_buf_dispose(&resp->body);
}
