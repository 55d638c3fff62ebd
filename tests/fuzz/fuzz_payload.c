/*
 * fuzz_payload - beacon_payload_decode on arbitrary bodies. Properties of
 * an accepted body: it validates, its configuration decodes, and its
 * encoding decodes to equal members and re-encodes to the same bytes.
 * Every input is also decoded without the fast path (payload_envelope.h):
 * both give the same code, error text and members.
 */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/payload.h"
#include "fuzz_support.h"
#include "payload/envelope.h"

static int same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static void check_equal(const beacon_payload *a, const beacon_payload *b)
{
	FUZZ_CHECK(same_text(a->version, b->version));
	FUZZ_CHECK(same_text(a->codename, b->codename));
	FUZZ_CHECK(same_text(a->build_date, b->build_date));
	FUZZ_CHECK(same_text(a->configuration, b->configuration));
	FUZZ_CHECK(a->hash == b->hash);
	FUZZ_CHECK(same_text(a->product, b->product));
	FUZZ_CHECK(same_text(a->os, b->os));
	FUZZ_CHECK(same_text(a->arch, b->arch));
	FUZZ_CHECK(a->schema_version == b->schema_version);
}

static void check_accepted(const beacon_payload *p)
{
	beacon_payload back = BEACON_PAYLOAD_INIT;
	beacon_error_detail err = { 0 };
	json_t *config = NULL;
	char *body = NULL;
	char *again = NULL;
	size_t len = 0;
	size_t len2 = 0;

	beacon_error_clear(&err);
	FUZZ_CHECK(p->config_text != NULL &&
		   p->config_text[p->config_len] == '\0');
	FUZZ_CHECK(beacon_payload_validate(p, &err) == BEACON_OK);
	FUZZ_CHECK(beacon_payload_config(&config, p, &err) == BEACON_OK);
	FUZZ_CHECK(json_is_object(config));
	FUZZ_CHECK(beacon_payload_encode(&body, &len, p) == BEACON_OK);
	FUZZ_CHECK(len == strlen(body));
	FUZZ_CHECK(beacon_payload_decode(&back, body, len, &err) == BEACON_OK);
	check_equal(p, &back);
	FUZZ_CHECK(beacon_payload_encode(&again, &len2, &back) == BEACON_OK);
	FUZZ_CHECK(len == len2 && memcmp(body, again, len) == 0);
	beacon_free(again);
	beacon_free(body);
	json_decref(config);
	beacon_payload_dispose(&back);
}

/* The full Jansson path gives the same result as the fast one. */
static void check_slow_path(const uint8_t *data, size_t size, int error,
			    const beacon_error_detail *err,
			    const beacon_payload *p)
{
	beacon_payload q = BEACON_PAYLOAD_INIT;
	beacon_error_detail qerr = { 0 };
	int qerror;

	beacon_payload_fast_path = 0;
	qerror = beacon_payload_decode(&q, (const char *)data, size, &qerr);
	beacon_payload_fast_path = 1;
	FUZZ_CHECK(qerror == error);
	FUZZ_CHECK(strcmp(qerr.text, err->text) == 0);
	FUZZ_CHECK(strcmp(qerr.source, err->source) == 0);
	if (error == BEACON_OK) {
		check_equal(p, &q);
		FUZZ_CHECK(
		    p->config_len == q.config_len &&
		    memcmp(p->config_text, q.config_text, p->config_len) == 0);
	}
	beacon_payload_dispose(&q);
}

/* A decoder depth limit below the format's gives the same answer on both
 * paths, and an accepted body stays accepted without the limit. */
static void check_depth_limit(const uint8_t *data, size_t size)
{
	beacon_payload_decode_options opts = BEACON_PAYLOAD_DECODE_OPTIONS_INIT;
	beacon_payload p = BEACON_PAYLOAD_INIT, q = BEACON_PAYLOAD_INIT;
	beacon_error_detail perr = { 0 }, qerr = { 0 };
	int perror, qerror;

	opts.max_depth = 8;
	perror = beacon_payload_decode_opts(&p, (const char *)data, size, &opts,
					    &perr);
	beacon_payload_fast_path = 0;
	qerror = beacon_payload_decode_opts(&q, (const char *)data, size, &opts,
					    &qerr);
	beacon_payload_fast_path = 1;
	FUZZ_CHECK(perror == qerror);
	FUZZ_CHECK(strcmp(perr.text, qerr.text) == 0);
	FUZZ_CHECK(strcmp(perr.source, qerr.source) == 0);
	beacon_payload_dispose(&q);
	if (perror == BEACON_OK) {
		FUZZ_CHECK(beacon_payload_decode(&q, (const char *)data, size,
						 NULL) == BEACON_OK);
		beacon_payload_dispose(&q);
	}
	beacon_payload_dispose(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	beacon_payload p = BEACON_PAYLOAD_INIT;
	beacon_error_detail err = { 0 };
	int error = beacon_payload_decode(&p, (const char *)data, size, &err);

	check_slow_path(data, size, error, &err, &p);
	check_depth_limit(data, size);
	if (error == BEACON_OK)
		check_accepted(&p);
	else
		FUZZ_CHECK(p.version == NULL && p.configuration == NULL &&
			   memchr(err.text, '\0', sizeof(err.text)) != NULL);
	beacon_payload_dispose(&p);
	return 0;
}
