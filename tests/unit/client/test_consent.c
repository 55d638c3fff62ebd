/*
 * test_consent.c - suite client/consent: every consent source, alone and
 * against the others, with the exact reason in each startup log line; a
 * disabled channel never says "enabled" and names no URL.
 */
#include <jansson.h>
#include <string.h>

#include "beacon/beacon.h"
#include "test_support.h"

#define URL "http://127.0.0.1:9/"
#define CHECK_URL "http://127.0.0.1:9/repos/traefik/traefik/releases"
#define COLLECT_URL "http://127.0.0.1:9/collect"
#define MAXV 4

typedef struct consent_case {
	const char *name;
	const char *running;
	const char *file; /* under tests/data/client, or NULL */
	const char *env[MAXV];
	const char *flags[MAXV];
	int host_check, host_report;
	int check_on;
	const char *check_why;
	int report_on;
	const char *report_why;
} consent_case;

static const consent_case cases[] = {
	{ "defaults",
	  "3.1.2",
	  NULL,
	  { NULL },
	  { NULL },
	  -1,
	  -1,
	  1,
	  "(global.checkNewVersion=true, default)",
	  0,
	  "(global.sendAnonymousUsage=false, default)" },
	{ "file",
	  "3.1.2",
	  "optin.yaml",
	  { NULL },
	  { NULL },
	  -1,
	  -1,
	  0,
	  "(global.checkNewVersion=false, configuration file ",
	  1,
	  "(global.sendAnonymousUsage=true, configuration file " },
	{ "env over file",
	  "3.1.2",
	  "optin.yaml",
	  { "TRAEFIK_GLOBAL_CHECKNEWVERSION=true",
	    "TRAEFIK_GLOBAL_SENDANONYMOUSUSAGE=false", NULL },
	  { NULL },
	  -1,
	  -1,
	  1,
	  "(global.checkNewVersion=true, environment variable "
	  "TRAEFIK_GLOBAL_CHECKNEWVERSION)",
	  0,
	  "(global.sendAnonymousUsage=false, environment variable "
	  "TRAEFIK_GLOBAL_SENDANONYMOUSUSAGE)" },
	{ "flag over env",
	  "3.1.2",
	  "defaults.yaml",
	  { "TRAEFIK_GLOBAL_CHECKNEWVERSION=true", NULL },
	  { "--global.checkNewVersion=false", "--global.sendAnonymousUsage",
	    NULL },
	  -1,
	  -1,
	  0,
	  "(global.checkNewVersion=false, CLI flag "
	  "--global.checkNewVersion)",
	  1,
	  "(global.sendAnonymousUsage=true, CLI flag "
	  "--global.sendAnonymousUsage)" },
	{ "DO_NOT_TRACK beats flags",
	  "3.1.2",
	  NULL,
	  { "DO_NOT_TRACK=1", NULL },
	  { "--global.checkNewVersion=true", "--global.sendAnonymousUsage=true",
	    NULL },
	  -1,
	  -1,
	  0,
	  "(DO_NOT_TRACK=1 in the environment)",
	  0,
	  "(DO_NOT_TRACK=1 in the environment)" },
	{ "DO_NOT_TRACK beats host",
	  "3.1.2",
	  NULL,
	  { "DO_NOT_TRACK=true", NULL },
	  { NULL },
	  1,
	  1,
	  0,
	  "(DO_NOT_TRACK=true in the environment)",
	  0,
	  "(DO_NOT_TRACK=true in the environment)" },
	{ "DO_NOT_TRACK=0 is not set",
	  "3.1.2",
	  "optin.yaml",
	  { "DO_NOT_TRACK=0", NULL },
	  { NULL },
	  -1,
	  -1,
	  0,
	  "(global.checkNewVersion=false, configuration file ",
	  1,
	  "(global.sendAnonymousUsage=true, configuration file " },
	{ "empty DO_NOT_TRACK is not set",
	  "3.1.2",
	  NULL,
	  { "DO_NOT_TRACK=", NULL },
	  { NULL },
	  -1,
	  -1,
	  1,
	  "(global.checkNewVersion=true, default)",
	  0,
	  "(global.sendAnonymousUsage=false, default)" },
	{ "BEACON_DISABLE",
	  "3.1.2",
	  "optin.yaml",
	  { "BEACON_DISABLE=yes", NULL },
	  { NULL },
	  -1,
	  -1,
	  0,
	  "(BEACON_DISABLE=yes in the environment)",
	  0,
	  "(BEACON_DISABLE=yes in the environment)" },
	{ "BEACON_DISABLE first",
	  "3.1.2",
	  NULL,
	  { "DO_NOT_TRACK=1", "BEACON_DISABLE=1", NULL },
	  { NULL },
	  -1,
	  -1,
	  0,
	  "(BEACON_DISABLE=1 in the environment)",
	  0,
	  "(BEACON_DISABLE=1 in the environment)" },
	{ "dev never checks",
	  "dev",
	  NULL,
	  { NULL },
	  { "--global.checkNewVersion=true", "--global.sendAnonymousUsage=true",
	    NULL },
	  1,
	  -1,
	  0,
	  "(running version is dev, which never checks)",
	  1,
	  "(global.sendAnonymousUsage=true, CLI flag "
	  "--global.sendAnonymousUsage)" },
	{ "host beats flags",
	  "3.1.2",
	  NULL,
	  { NULL },
	  { "--global.checkNewVersion=true",
	    "--global.sendAnonymousUsage=false", NULL },
	  0,
	  1,
	  0,
	  "(global.checkNewVersion=false, set by the host program)",
	  1,
	  "(global.sendAnonymousUsage=true, set by the host program)" },
	{ "env without prefix match",
	  "3.1.2",
	  NULL,
	  { "OTHER_GLOBAL_CHECKNEWVERSION=false", NULL },
	  { NULL },
	  -1,
	  -1,
	  1,
	  "(global.checkNewVersion=true, default)",
	  0,
	  "(global.sendAnonymousUsage=false, default)" },
};

static void file_path(char *out, size_t outlen, const char *file)
{
	snprintf(out, outlen, "%s/tests/data/client/%s", BEACON_SOURCE_DIR,
		 file);
}

static int count(const char *const *v)
{
	int n = 0;

	while (v[n] != NULL)
		n++;
	return n;
}

static void check_line(const char *line, int on, const char *why,
		       const char *url, const char *name)
{
	ck_assert_msg(strstr(line, why) != NULL, "%s: '%s' lacks '%s'", name,
		      line, why);
	if (on) {
		ck_assert_msg(strstr(line, " enabled (") != NULL, "%s", line);
		ck_assert_msg(strstr(line, url) != NULL, "%s", line);
	} else {
		ck_assert_msg(strstr(line, "enabled") == NULL, "%s", line);
		/* No URL: not "http", which a checkout path may contain. */
		ck_assert_msg(strstr(line, url) == NULL, "%s", line);
		ck_assert_msg(strstr(line, "://") == NULL, "%s", line);
		ck_assert_msg(strstr(line, "disabled (") != NULL, "%s", line);
	}
}

START_TEST(test_precedence)
{
	const consent_case *c = &cases[_i];
	beacon_client_options opts = BEACON_CLIENT_OPTIONS_INIT;
	beacon_error_detail err;
	beacon_client *client = NULL;
	char path[512];

	opts.product = "traefik/traefik";
	opts.running = c->running;
	opts.update_url = URL;
	opts.envp = c->env;
	opts.env_prefix = "TRAEFIK_";
	opts.flags = c->flags;
	opts.nflags = count(c->flags);
	opts.check_new_version = c->host_check;
	opts.send_anonymous_usage = c->host_report;
	if (c->file != NULL) {
		file_path(path, sizeof(path), c->file);
		opts.config_file = path;
	}
	ck_assert_beacon_ok(beacon_client_new(&client, &opts, &err), &err);
	ck_assert_int_eq(beacon_client_check_enabled(client), c->check_on);
	ck_assert_int_eq(beacon_client_report_enabled(client), c->report_on);
	check_line(beacon_client_check_status_line(client), c->check_on,
		   c->check_why, CHECK_URL, c->name);
	check_line(beacon_client_report_status_line(client), c->report_on,
		   c->report_why, COLLECT_URL, c->name);
	if (c->file != NULL && strstr(c->check_why, "file") != NULL)
		ck_assert_ptr_nonnull(
		    strstr(beacon_client_check_status_line(client), path));
	beacon_client_free(client);
}
END_TEST

START_TEST(test_host_config_document)
{
	beacon_client_options opts = BEACON_CLIENT_OPTIONS_INIT;
	const char *env[] = { NULL };
	beacon_client *client = NULL;
	json_t *doc = json_pack("{s:{s:b}}", "Global", "SendAnonymousUsage", 1);

	opts.product = "traefik/traefik";
	opts.running = "3.1.2";
	opts.update_url = URL;
	opts.envp = env;
	opts.config = doc;
	ck_assert_beacon_ok(beacon_client_new(&client, &opts, NULL), NULL);
	json_decref(doc); /* the client keeps its own copy */
	ck_assert_int_eq(beacon_client_report_enabled(client), 1);
	check_line(beacon_client_report_status_line(client), 1,
		   "(global.sendAnonymousUsage=true, configuration given by "
		   "the host)",
		   COLLECT_URL, "host document");
	ck_assert_ptr_nonnull(beacon_client_config(client));
	beacon_client_free(client);
}
END_TEST

START_TEST(test_invalid_value)
{
	beacon_client_options opts = BEACON_CLIENT_OPTIONS_INIT;
	const char *env[] = { NULL };
	beacon_error_detail err;
	beacon_client *client = NULL;
	char path[512];

	file_path(path, sizeof(path), "invalid.yaml");
	opts.product = "traefik/traefik";
	opts.running = "3.1.2";
	opts.envp = env;
	opts.config_file = path;
	ck_assert_int_eq(beacon_client_new(&client, &opts, &err),
			 BEACON_EINVAL);
	ck_assert_ptr_null(client);
	ck_assert_ptr_nonnull(strstr(err.text, "global.checkNewVersion"));
}
END_TEST

/* Startup: exactly one line per channel, from beacon_client_start. */
typedef struct log_capture {
	int n;
	char lines[4][1024];
} log_capture;

static void capture(int level, const char *line, void *payload)
{
	log_capture *cap = payload;

	ck_assert_int_eq(level, BEACON_LOG_INFO);
	if (cap->n < 4)
		snprintf(cap->lines[cap->n], sizeof(cap->lines[0]), "%s", line);
	cap->n++;
}

START_TEST(test_startup_lines)
{
	beacon_client_options opts = BEACON_CLIENT_OPTIONS_INIT;
	const char *env[] = { "DO_NOT_TRACK=1", NULL };
	const char *none[] = { NULL };
	beacon_client *client = NULL;
	log_capture cap = { 0 };

	opts.product = "traefik/traefik";
	opts.running = "3.1.2";
	opts.update_url = URL;
	opts.envp = _i == 0 ? env : none;
	opts.log = capture;
	opts.payload = &cap;
	ck_assert_beacon_ok(beacon_client_new(&client, &opts, NULL), NULL);
	ck_assert_int_eq(cap.n, 0); /* nothing logged before start */
	ck_assert_beacon_ok(beacon_client_start(client), NULL);
	ck_assert_int_eq(beacon_client_start(client), BEACON_EBUSY);
	beacon_client_stop(client);
	ck_assert_int_eq(cap.n, 2);
	ck_assert_str_eq(cap.lines[0], beacon_client_check_status_line(client));
	ck_assert_str_eq(cap.lines[1],
			 beacon_client_report_status_line(client));
	ck_assert_ptr_nonnull(strstr(cap.lines[0], "beacon: version check "));
	ck_assert_ptr_nonnull(strstr(cap.lines[1], "beacon: usage report "));
	beacon_client_free(client);
}
END_TEST

static Suite *consent_suite(void)
{
	Suite *s = suite_create("client/consent");
	TCase *tc = tcase_create("consent");
	int n = (int)(sizeof(cases) / sizeof(cases[0]));

	tcase_add_loop_test(tc, test_precedence, 0, n);
	tcase_add_test(tc, test_host_config_document);
	tcase_add_test(tc, test_invalid_value);
	tcase_add_loop_test(tc, test_startup_lines, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(consent_suite());
}
