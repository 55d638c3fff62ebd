/*
 * consent.c - the one place that decides whether each channel runs, and
 * says why. Precedence (first match wins), see beacon/beacon.h:
 * BEACON_DISABLE, DO_NOT_TRACK, version "dev" (check only), host option,
 * CLI flag, environment variable, configuration, default.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "beacon/doc.h"
#include "client_internal.h"

/* Longest explanation of a decision, and of the source part of it. */
#define CONSENT_WHY_MAX 512
#define CONSENT_WHERE_MAX 256
/* Every startup line starts with this, to stand out in the host's log. */
#define CONSENT_PREFIX "beacon: "

typedef struct channel_desc {
	const char *name;       /* "version check" */
	const char *key;        /* "global.checkNewVersion" */
	const char *env_suffix; /* "GLOBAL_CHECKNEWVERSION" */
	const char *method;     /* "GET" */
	const char *url;
	int host;      /* -1, 0, 1 */
	int fallback;  /* the default */
	int dev_stops; /* version "dev" turns it off */
} channel_desc;

/* 1/0 for a boolean node (JSON bool or Go's strconv.ParseBool words), -1
 * for anything else. */
static int parse_bool(const json_t *node)
{
	static const char *const yes[] = { "1", "t", "true" };
	static const char *const no[] = { "0", "f", "false" };
	const char *s;
	size_t i;

	if (json_is_boolean(node))
		return json_is_true(node) ? 1 : 0;
	if (!json_is_string(node))
		return -1;
	s = json_string_value(node);
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Look key up in doc: 1 found (*value set), 0 absent, <0 invalid. */
static int from_doc(int *value, const json_t *doc, const char *key,
		    const char *where, beacon_error_detail *err)
{
	const json_t *node;

	if (doc == NULL)
		return 0;
	node = beacon_doc_get(doc, key);
	if (node == NULL || json_is_null(node))
		return 0;
	*value = parse_bool(node);
	if (*value < 0)
		return beacon_error_set(err, BEACON_EINVAL, key, 0, 0,
					"%s: not a boolean (%s)", key, where);
	return 1;
}

/* Sources that can only turn a channel off. 1 when one did. */
static int opted_out(char *why, const beacon_consent_input *in,
		     const channel_desc *ch)
{
	static const char *const vars[] = { "BEACON_DISABLE", "DO_NOT_TRACK" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		v = beacon_env_get(in->envp, vars[i]);
		if (beacon_env_truthy(v)) {
			snprintf(why, CONSENT_WHY_MAX,
				 "%s=%.32s in the environment", vars[i], v);
			return 1;
		}
	}
	if (ch->dev_stops && strcmp(in->running, "dev") == 0) {
		snprintf(why, CONSENT_WHY_MAX,
			 "running version is dev, which never checks");
		return 1;
	}
	return 0;
}

/* The configured value and where it came from. */
static int configured(int *value, char *why, const beacon_consent_input *in,
		      const channel_desc *ch, beacon_error_detail *err)
{
	char where[CONSENT_WHERE_MAX];
	int found;

	snprintf(where, sizeof(where), "CLI flag --%s", ch->key);
	found = from_doc(value, in->flags_doc, ch->key, where, err);
	if (found == 0 && in->env_doc != NULL) {
		snprintf(where, sizeof(where), "environment variable %s%s",
			 in->env_prefix, ch->env_suffix);
		found = from_doc(value, in->env_doc, ch->key, where, err);
	}
	if (found == 0 && in->file_doc != NULL) {
		if (in->file_name != NULL)
			snprintf(where, sizeof(where), "configuration file %s",
				 in->file_name);
		else
			snprintf(where, sizeof(where),
				 "configuration given by the host");
		found = from_doc(value, in->file_doc, ch->key, where, err);
	}
	if (found == 0) {
		*value = ch->fallback;
		snprintf(where, sizeof(where), "default");
	}
	if (found >= 0)
		snprintf(why, CONSENT_WHY_MAX, "%s=%s, %s", ch->key,
			 *value ? "true" : "false", where);
	return found < 0 ? found : 0;
}

static int decide_channel(beacon_consent *out, const beacon_consent_input *in,
			  const channel_desc *ch, beacon_error_detail *err)
{
	char why[CONSENT_WHY_MAX];
	int value = 0;
	int error = 0;

	if (opted_out(why, in, ch)) {
		value = 0;
	} else if (ch->host >= 0) {
		value = ch->host != 0;
		snprintf(why, sizeof(why), "%s=%s, set by the host program",
			 ch->key, value ? "true" : "false");
	} else {
		error = configured(&value, why, in, ch, err);
		if (error < 0)
			return error;
	}
	out->enabled = value;
	if (value)
		snprintf(out->line, sizeof(out->line),
			 CONSENT_PREFIX "%s enabled (%s): %s %s", ch->name, why,
			 ch->method, ch->url);
	else
		snprintf(out->line, sizeof(out->line),
			 CONSENT_PREFIX
			 "%s disabled (%s): no connection will be made",
			 ch->name, why);
	return 0;
}

const char *beacon_consent_reason(const beacon_consent *consent)
{
	const char *line = consent->line;

	return strncmp(line, CONSENT_PREFIX, strlen(CONSENT_PREFIX)) == 0
		   ? line + strlen(CONSENT_PREFIX)
		   : line;
}

int beacon_consent_decide(beacon_consent *check, beacon_consent *report,
			  const beacon_consent_input *in,
			  beacon_error_detail *err)
{
	const channel_desc check_ch = { "version check",
					"global.checkNewVersion",
					"GLOBAL_CHECKNEWVERSION",
					"GET",
					in->check_url,
					in->host_check,
					1,
					1 };
	const channel_desc report_ch = { "usage report",
					 "global.sendAnonymousUsage",
					 "GLOBAL_SENDANONYMOUSUSAGE",
					 "POST",
					 in->report_url,
					 in->host_report,
					 0,
					 0 };
	int error;

	error = decide_channel(check, in, &check_ch, err);
	if (error == 0)
		error = decide_channel(report, in, &report_ch, err);
	return error;
}
