/*
 * options.c - validation of beacon_client_options and the defaults. Every
 * string the client keeps is copied here; nothing of opts is retained.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "client_internal.h"

#define DEFAULT_UPDATE_URL "https://update.traefik.io"

static int bad(beacon_error_detail *err, const char *field, const char *why)
{
	return beacon_error_set(err, BEACON_EINVAL, field, 0, 0, "%s", why);
}

/* owner/repo as GitHub and the payload spell it: owner [A-Za-z0-9-]+,
 * repo [A-Za-z0-9._-]+, at most BEACON_PAYLOAD_MAX_PRODUCT bytes. */
static int valid_product(const char *s)
{
	const char *slash;
	size_t i;

	if (s == NULL || strlen(s) > BEACON_PAYLOAD_MAX_PRODUCT)
		return 0;
	slash = strchr(s, '/');
	if (slash == NULL || slash == s || slash[1] == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];
		int repo_only = c == '.' || c == '_';

		if (s + i == slash)
			continue;
		if (!isalnum(c) && c != '-' && !(repo_only && s + i > slash))
			return 0;
	}
	return 1;
}

/* Printable ASCII without spaces, 1..max-1 bytes. */
static int valid_token(const char *s, size_t max)
{
	size_t i;

	if (s == NULL || s[0] == '\0')
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (i + 1 >= max || s[i] <= ' ' || s[i] > '~')
			return 0;
	}
	return 1;
}

/* NULL, or at most max bytes without control characters. */
static int valid_text(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s != NULL && s[i] != '\0'; i++) {
		if (i >= max || (unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	}
	return 1;
}

static int valid_url(const char *s)
{
	if (!valid_token(s, BEACON_CLIENT_MAX_OPTION))
		return 0;
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* Copy src (NULL stays NULL) into *dst. */
static int copy(char **dst, const char *src)
{
	*dst = NULL;
	if (src == NULL)
		return 0;
	*dst = beacon_strdup(src);
	return *dst == NULL ? BEACON_ENOMEM : 0;
}

static long or_default(long value, long fallback)
{
	return value > 0 ? value : fallback;
}

/* For durations where 0 is meaningful: negative takes the default. */
static long or_default_zero_ok(long value, long fallback)
{
	return value >= 0 ? value : fallback;
}

static int check_numbers(const beacon_client_options *o,
			 beacon_error_detail *err)
{
	/* initial_delay_ms and jitter_ms: -1 means default, see beacon.h */
	const long v[] = { o->connect_timeout_ms, o->timeout_ms, o->interval_ms,
			   o->backoff_base_ms, o->backoff_cap_ms };
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (v[i] < 0)
			return bad(err, "options", "negative duration");
	}
	if (o->nflags < 0 || (o->nflags > 0 && o->flags == NULL))
		return bad(err, "flags", "nflags without flags");
	if (o->check_new_version < -1 || o->check_new_version > 1)
		return bad(err, "check_new_version", "must be -1, 0 or 1");
	if (o->send_anonymous_usage < -1 || o->send_anonymous_usage > 1)
		return bad(err, "send_anonymous_usage", "must be -1, 0 or 1");
	return 0;
}

static int check_strings(const beacon_client_options *o,
			 beacon_error_detail *err)
{
	if (!valid_product(o->product))
		return bad(err, "product", "must be owner/repo");
	if (!valid_token(o->running, BEACON_PAYLOAD_MAX_VERSION + 1))
		return bad(err, "running", "must be a version without spaces");
	if (!valid_text(o->codename, BEACON_PAYLOAD_MAX_CODENAME))
		return bad(err, "codename", "too long or control characters");
	if (!valid_text(o->build_date, BEACON_PAYLOAD_MAX_BUILD_DATE))
		return bad(err, "build_date", "too long or control characters");
	if (o->update_url != NULL && !valid_url(o->update_url))
		return bad(err, "update_url", "must be an http(s) URL");
	if (o->collect_url != NULL && !valid_url(o->collect_url))
		return bad(err, "collect_url", "must be an http(s) URL");
	if (o->user_agent_suffix != NULL &&
	    strlen(o->user_agent_suffix) > BEACON_CLIENT_MAX_OPTION)
		return bad(err, "user_agent_suffix", "too long");
	return 0;
}

static int validate(const beacon_client_options *o, beacon_error_detail *err)
{
	int error;

	if (o == NULL)
		return bad(err, "options", "missing");
	if (o->version != BEACON_CLIENT_OPTIONS_VERSION)
		return bad(err, "version", "unsupported options version");
	error = check_strings(o, err);
	if (error == 0)
		error = check_numbers(o, err);
	return error;
}

/* *out: new concatenation of a, b and c. */
static int join3(char **out, const char *a, const char *b, const char *c)
{
	beacon_buf buf = BEACON_BUF_INIT(BEACON_CLIENT_MAX_OPTION * 2);
	int error = beacon_buf_printf(&buf, "%s%s%s", a, b, c);

	*out = NULL;
	if (error == 0)
		*out = beacon_buf_detach(&buf, NULL);
	if (error == 0 && *out == NULL)
		error = BEACON_ENOMEM;
	beacon_buf_dispose(&buf);
	return error;
}

/* update_url without trailing slashes, releases and collect URLs. */
static int build_urls(beacon_client *c, const beacon_client_options *o)
{
	char *base = NULL;
	size_t n;
	int error;

	error =
	    copy(&c->update_url,
		 o->update_url != NULL ? o->update_url : DEFAULT_UPDATE_URL);
	if (error < 0)
		goto cleanup;
	n = strlen(c->update_url);
	while (n > 0 && c->update_url[n - 1] == '/')
		c->update_url[--n] = '\0';
	error = join3(&base, c->update_url, "/repos/", c->product);
	if (error == 0)
		error = join3(&c->releases_url, base, "/releases", "");
	if (error == 0 && o->collect_url != NULL)
		error = copy(&c->collect_url, o->collect_url);
	else if (error == 0)
		error = join3(&c->collect_url, c->update_url, "/collect", "");
cleanup:
	beacon_free(base);
	return error;
}

static int copy_strings(beacon_client *c, const beacon_client_options *o)
{
	int error = copy(&c->product, o->product);

	if (error == 0)
		error = copy(&c->running, o->running);
	if (error == 0)
		error = copy(&c->codename, o->codename ? o->codename : "");
	if (error == 0)
		error =
		    copy(&c->build_date, o->build_date ? o->build_date : "");
	if (error == 0)
		error = copy(&c->schema_file, o->schema_file);
	if (error == 0)
		error = copy(&c->hash_key, o->hash_key);
	if (error == 0)
		error = copy(&c->proxy, o->proxy);
	if (error == 0)
		error = copy(&c->ca_file, o->ca_file);
	if (error == 0)
		error = beacon_user_agent_new(&c->user_agent, o->product,
					      o->running, o->user_agent_suffix);
	return error;
}

static void apply_numbers(beacon_client *c, const beacon_client_options *o)
{
	beacon_schedule *s = &c->schedule;

	c->transport.connect_timeout_ms =
	    or_default(o->connect_timeout_ms, BEACON_CLIENT_CONNECT_TIMEOUT_MS);
	c->transport.timeout_ms =
	    or_default(o->timeout_ms, BEACON_CLIENT_TIMEOUT_MS);
	s->initial_delay_ms = or_default_zero_ok(
	    o->initial_delay_ms, BEACON_CLIENT_INITIAL_DELAY_MS);
	s->interval_ms = or_default(o->interval_ms, BEACON_CLIENT_INTERVAL_MS);
	s->jitter_ms =
	    or_default_zero_ok(o->jitter_ms, BEACON_CLIENT_JITTER_MS);
	s->backoff_base_ms =
	    or_default(o->backoff_base_ms, BEACON_CLIENT_BACKOFF_BASE_MS);
	s->backoff_cap_ms =
	    or_default(o->backoff_cap_ms, BEACON_CLIENT_BACKOFF_CAP_MS);
	if (s->backoff_cap_ms < s->backoff_base_ms)
		s->backoff_cap_ms = s->backoff_base_ms;
}

int beacon_options_apply(beacon_client *c, const beacon_client_options *o,
			 beacon_error_detail *err)
{
	int error = validate(o, err);

	if (error < 0)
		return error;
	error = copy_strings(c, o);
	if (error == 0)
		error = build_urls(c, o);
	if (error < 0)
		return beacon_error_set(err, error, "options", 0, 0, "%s",
					beacon_strerror(error));
	c->repo = strchr(c->product, '/') + 1;
	snprintf(c->display, sizeof(c->display), "%s", c->repo);
	c->display[0] = (char)toupper((unsigned char)c->display[0]);
	apply_numbers(c, o);
	c->transport.user_agent = c->user_agent;
	c->transport.proxy = c->proxy;
	c->transport.ca_file = c->ca_file;
	c->log = o->log;
	c->event = o->event;
	c->payload = o->payload;
	return 0;
}
