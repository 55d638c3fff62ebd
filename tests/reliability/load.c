/* load.c - the reliability tests' load generator (see load.h). */
#define _POSIX_C_SOURCE 200809L
#include "load.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "beacon/alloc.h"
#include "beacon/base64.h"

static const char config_json[] =
    "{\"global\":{\"checkNewVersion\":true,\"sendAnonymousUsage\":true},"
    "\"entryPoints\":{\"web\":{\"address\":\":80\"}},"
    "\"providers\":{\"docker\":{\"exposedByDefault\":false}}}";

typedef struct slot {
	CURL *easy;
	uint64_t marker;
	char *body;
} slot;

char *rely_report_body(uint64_t marker)
{
	char *b64 = NULL, *body = NULL;
	size_t b64len = 0, n;

	if (beacon_base64_encode(&b64, &b64len, config_json,
				 sizeof(config_json) - 1) != 0)
		return NULL;
	n = b64len + 256;
	body = beacon_malloc(n);
	if (body != NULL)
		snprintf(body, n,
			 "{\"version\":\"3.1.%" PRIu64 "\",\"codename\":"
			 "\"rely-%" PRIu64 "\",\"buildDate\":"
			 "\"2024-08-06T11:56:17Z\",\"configuration\":\"%s\","
			 "\"hash\":\"%" PRIu64 "\"}\n",
			 marker % 100, marker, b64, marker);
	beacon_free(b64);
	return body;
}

static int record_ack(rely_load *load, uint64_t marker)
{
	if (load->nacked == load->acked_cap) {
		size_t cap = load->acked_cap ? load->acked_cap * 2 : 4096;
		uint64_t *p = beacon_realloc(load->acked, cap * sizeof(*p));
		if (p == NULL)
			return -1;
		load->acked = p;
		load->acked_cap = cap;
	}
	load->acked[load->nacked++] = marker;
	return 0;
}

static size_t discard(char *d, size_t size, size_t n, void *cls)
{
	(void)d;
	(void)cls;
	return size * n;
}

static int slot_start(slot *s, CURLM *multi, rely_load *load, const char *url,
		      struct curl_slist *headers)
{
	s->marker = load->first + load->posted;
	beacon_free(s->body);
	s->body = rely_report_body(s->marker);
	if (s->body == NULL)
		return -1;
	curl_easy_reset(s->easy);
	curl_easy_setopt(s->easy, CURLOPT_URL, url);
	curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, s->body);
	curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(s->easy, CURLOPT_TIMEOUT,
			 (long)RELY_LOAD_REQUEST_TIMEOUT_S);
	curl_easy_setopt(s->easy, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
	load->posted++;
	return curl_multi_add_handle(multi, s->easy) == CURLM_OK ? 0 : -1;
}

/* One finished transfer: count it; restart its slot when still loading. */
static int on_done(rely_load *load, CURLM *multi, CURLMsg *msg, int loading,
		   const char *url, struct curl_slist *headers, int *active)
{
	slot *s = NULL;
	long status = 0;

	curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
	curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(multi, msg->easy_handle);
	(*active)--;
	if (msg->data.result != CURLE_OK)
		load->failed++;
	else if (status == 202) {
		if (record_ack(load, s->marker) != 0)
			return -1;
	} else if (status == 503)
		load->status_503++;
	else
		load->status_other++;
	if (!loading)
		return 0;
	(*active)++;
	return slot_start(s, multi, load, url, headers);
}

static int drive(rely_load *load, CURLM *multi, slot *slots, const char *url,
		 struct curl_slist *headers, long long stop_at_ms,
		 pid_t kill_pid)
{
	int active = 0, running = 0, loading = 1, queued, error = 0;
	size_t i;

	for (i = 0; i < RELY_LOAD_CONNECTIONS && error == 0; i++, active++)
		error = slot_start(&slots[i], multi, load, url, headers);
	while (error == 0 && active > 0) {
		CURLMsg *msg;
		curl_multi_perform(multi, &running);
		while (error == 0 &&
		       (msg = curl_multi_info_read(multi, &queued)) != NULL)
			if (msg->msg == CURLMSG_DONE)
				error = on_done(load, multi, msg, loading, url,
						headers, &active);
		if (loading && rely_now_ms() >= stop_at_ms) {
			loading = 0;
			if (kill_pid > 0)
				kill(kill_pid, SIGKILL);
		}
		curl_multi_poll(multi, NULL, 0, 20, NULL);
	}
	return error;
}

int rely_load_run(rely_load *load, const char *base_url, long long stop_at_ms,
		  pid_t kill_pid)
{
	struct curl_slist *headers = NULL;
	slot slots[RELY_LOAD_CONNECTIONS];
	CURLM *multi = curl_multi_init();
	char url[256];
	size_t i;
	int error = multi == NULL ? -1 : 0;

	memset(slots, 0, sizeof(slots));
	snprintf(url, sizeof(url), "%s/collect", base_url);
	headers = curl_slist_append(NULL, "Content-Type: application/json");
	headers = curl_slist_append(headers, "Expect:");
	for (i = 0; i < RELY_LOAD_CONNECTIONS && error == 0; i++) {
		slots[i].easy = curl_easy_init();
		if (slots[i].easy == NULL)
			error = -1;
	}
	if (error == 0)
		error = drive(load, multi, slots, url, headers, stop_at_ms,
			      kill_pid);
	for (i = 0; i < RELY_LOAD_CONNECTIONS; i++) {
		if (slots[i].easy != NULL)
			curl_multi_remove_handle(multi, slots[i].easy);
		curl_easy_cleanup(slots[i].easy);
		beacon_free(slots[i].body);
	}
	curl_multi_cleanup(multi);
	curl_slist_free_all(headers);
	return error;
}

void rely_load_dispose(rely_load *load)
{
	beacon_free(load->acked);
	memset(load, 0, sizeof(*load));
}
