/*
 * payload/envelope.c - the fast path of beacon_payload_decode (see
 * payload_envelope.h).
 */
#include "payload/envelope.h"

#include <string.h>

#include "beacon/alloc.h"
#include "beacon/json_check.h"
#include "beacon/limits.h"

int beacon_payload_fast_path = 1;

/* Parse text[0..n) without the bytes [cut, cut + cutlen). */
static json_t *load_without(const char *text, size_t n, size_t cut,
			    size_t cutlen)
{
	size_t rest = n - cut - cutlen;
	char *small = beacon_malloc(n - cutlen + 1);
	json_t *root;

	if (small == NULL)
		return NULL;
	memcpy(small, text, cut);
	memcpy(small + cut, text + cut + cutlen, rest);
	root = json_loadb(small, n - cutlen, JSON_REJECT_DUPLICATES, NULL);
	beacon_free(small);
	return root;
}

int beacon_envelope_load(beacon_envelope *env, const char *body, size_t len)
{
	beacon_json_capture cap = { "configuration", 0, 0, 0, 0 };
	size_t n = 0;
	char *text = beacon_malloc(len + 1);

	memset(env, 0, sizeof(*env));
	if (!beacon_payload_fast_path) {
		beacon_free(text);
		return BEACON_EINVAL;
	}
	if (text == NULL)
		return BEACON_ENOMEM;
	memcpy(text, body, len);
	if (beacon_json_compact_capture(text, len, BEACON_MAX_DEPTH, &n, &cap,
					NULL) != BEACON_OK ||
	    !cap.found)
		goto slow;
	env->root = load_without(text, n, cap.off, cap.len);
	if (env->root == NULL || !json_is_object(env->root))
		goto slow;
	env->text = text;
	env->config = text + cap.off;
	env->config_len = cap.len;
	env->depth = cap.depth;
	return BEACON_OK;
slow:
	json_decref(env->root);
	env->root = NULL;
	beacon_free(text);
	return BEACON_EINVAL;
}

void beacon_envelope_dispose(beacon_envelope *env)
{
	if (env == NULL)
		return;
	json_decref(env->root);
	beacon_free(env->text);
	memset(env, 0, sizeof(*env));
}
