/*
 * test_client_cli.c - suite client/cli: the beacon command against a real
 * beacond: check (text, --json, exit statuses), report (--dry-run sends
 * nothing; a real one is stored), run (startup lines, opt-out, the
 * schedule reaching the server, SIGTERM), usage errors; and valgrind on
 * `beacon check` when valgrind is installed.
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beacon/beacon.h"
#include "beacond_harness.h"
#include "client_peer.h"
#include "client_spawn.h"
#include "client_wait.h"
#include "test_support.h"

#define BEACON_CLI BEACON_BINARY_DIR "/client/cli/beacon"
#define DATA BEACON_SOURCE_DIR "/tests/data/client/"
#define OUT_MAX 65536

static beacond_harness h;
static char out[OUT_MAX], err[OUT_MAX];

static void setup(void)
{
	const char *a[] = { "add",
			    "traefik/traefik",
			    "v3.1.2",
			    "--published-at",
			    "2024-06-10T10:00:00Z",
			    NULL };
	const char *b[] = { "add",
			    "traefik/traefik",
			    "v3.1.3",
			    "--published-at",
			    "2024-07-10T10:00:00Z",
			    "--url",
			    "https://example.test/v3.1.3",
			    NULL };

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_release(&h, a), 0);
	ck_assert_int_eq(beacond_harness_release(&h, b), 0);
	ck_assert_int_eq(beacond_harness_start(&h, NULL), 0);
}

static void teardown(void)
{
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}

/* beacon check --server URL --product traefik/traefik --current V [x] */
static int check_cmd(const char *current, const char *extra,
		     const char *const *env)
{
	const char *argv[] = { BEACON_CLI,  "check",     "--server",
			       h.base_url,  "--product", "traefik/traefik",
			       "--current", current,     extra,
			       NULL };

	return spawn_run(h.dir, "check", argv, env, out, sizeof(out), err,
			 sizeof(err));
}

START_TEST(test_check_text)
{
	ck_assert_int_eq(check_cmd("3.1.2", NULL, NULL), 0);
	ck_assert_str_eq(out, "A new release of Traefik has been found: "
			      "3.1.3. Please consider updating.\n");
	ck_assert_int_eq(check_cmd("v3.1.3", NULL, NULL), 0);
	ck_assert_str_eq(out, "Traefik v3.1.3 is up to date.\n");
	ck_assert_int_eq(
	    client_wait_sql(&h, "SELECT count(*) FROM checks", 2, 5000), 2);
}
END_TEST

START_TEST(test_check_json)
{
	json_t *doc;

	ck_assert_int_eq(check_cmd("3.1.2", "--json", NULL), 0);
	doc = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(json_string_value(json_object_get(doc, "status")),
			 "update-available");
	ck_assert_str_eq(json_string_value(json_object_get(doc, "current")),
			 "3.1.2");
	ck_assert_str_eq(json_string_value(json_object_get(doc, "latest")),
			 "3.1.3");
	ck_assert_str_eq(json_string_value(json_object_get(doc, "tag")),
			 "v3.1.3");
	ck_assert_str_eq(json_string_value(json_object_get(doc, "url")),
			 "https://example.test/v3.1.3");
	ck_assert(json_is_null(json_object_get(doc, "reason")));
	json_decref(doc);
}
END_TEST

START_TEST(test_check_unknown)
{
	const char *argv[] = { BEACON_CLI,  "check",     "--server",
			       h.base_url,  "--product", "nobody/nothing",
			       "--current", "1.0.0",     "--json",
			       NULL };
	json_t *doc;

	ck_assert_int_eq(spawn_run(h.dir, "unknown", argv, NULL, out,
				   sizeof(out), err, sizeof(err)),
			 1);
	doc = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(json_string_value(json_object_get(doc, "status")),
			 "unknown");
	ck_assert_ptr_nonnull(strstr(
	    json_string_value(json_object_get(doc, "reason")), "HTTP 404"));
	json_decref(doc);
}
END_TEST

START_TEST(test_check_do_not_track)
{
	const char *env[] = { "DO_NOT_TRACK=1", NULL };

	ck_assert_int_eq(check_cmd("3.1.2", NULL, env), 1);
	ck_assert_str_eq(out, "");
	ck_assert_ptr_nonnull(strstr(err, "DO_NOT_TRACK=1"));
	ck_assert_ptr_null(strstr(err, "enabled"));
	client_peer_sleep_ms(100);
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM checks"), 0);
}
END_TEST

static int report_cmd(const char *mode)
{
	const char *argv[] = {
		BEACON_CLI,  "report",           "--server",  h.base_url,
		"--product", "traefik/traefik",  "--current", "3.1.2",
		"--config",  DATA "report.yaml", mode,        NULL
	};

	return spawn_run(h.dir, "report", argv, NULL, out, sizeof(out), err,
			 sizeof(err));
}

START_TEST(test_report_dry_run)
{
	json_t *body, *decoded, *shown;
	char *nl;

	ck_assert_int_eq(report_cmd("--dry-run"), 0);
	nl = strchr(out, '\n');
	ck_assert_ptr_nonnull(nl);
	*nl = '\0';
	body = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(body);
	ck_assert_str_eq(json_string_value(json_object_get(body, "version")),
			 "3.1.2");
	ck_assert_beacon_ok(
	    beacon_report_configuration(&decoded, out, strlen(out), NULL),
	    NULL);
	shown = json_loads(nl + 1, 0, NULL);
	ck_assert_ptr_nonnull(shown);
	ck_assert(json_equal(decoded, shown));
	ck_assert_ptr_null(strstr(nl + 1, "secret"));
	json_decref(shown);
	json_decref(decoded);
	json_decref(body);
	client_peer_sleep_ms(100);
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM reports"),
			 0);
}
END_TEST

START_TEST(test_report_sent)
{
	ck_assert_int_eq(report_cmd(NULL), 0);
	ck_assert_str_eq(out, "report accepted (HTTP 202)\n");
	ck_assert_int_eq(
	    client_wait_sql(&h, "SELECT count(*) FROM reports", 1, 5000), 1);
}
END_TEST

/* beacon run as the README shows it (--initial-delay 0 --jitter 0: both
 * channels at once, not after the default 10 minutes), stopped with
 * SIGTERM once wait_sql and wait_sql2 reach 1 and it logged a newer release
 * (without them: once it logged its startup lines, and 300 ms more).
 * Returns the exit status; its stderr is left in err. */
static int run_agent(const char *const *extra_args, const char *const *env,
		     const char *wait_sql, const char *wait_sql2)
{
	const char *argv[24] = { BEACON_CLI,  "run",       "--server",
				 h.base_url,  "--product", "traefik/traefik",
				 "--current", "3.1.2",     "--initial-delay",
				 "0",         "--jitter",  "0" };
	spawned s;
	int n = 12;
	int i;

	for (i = 0; extra_args[i] != NULL && n < 23; i++)
		argv[n++] = extra_args[i];
	argv[n] = NULL;
	ck_assert_int_eq(spawn_start(&s, h.dir, "run", argv, env), 0);
	err[0] = '\0';
	if (wait_sql != NULL) {
		ck_assert_int_eq(client_wait_sql(&h, wait_sql, 1, 10000), 1);
		ck_assert_int_eq(client_wait_sql(&h, wait_sql2, 1, 10000), 1);
		/* the agent logs a check's outcome after beacond stored it */
		for (i = 0; i < 500 && strstr(err, "has been found") == NULL;
		     i++) {
			client_peer_sleep_ms(20);
			spawn_slurp(s.err_path, err, sizeof(err));
		}
	} else {
		/* SIGTERM only once the agent is up (its startup lines) */
		for (i = 0; i < 500 && strstr(err, "usage report") == NULL;
		     i++) {
			client_peer_sleep_ms(20);
			spawn_slurp(s.err_path, err, sizeof(err));
		}
		client_peer_sleep_ms(300);
	}
	kill(s.pid, SIGTERM);
	i = spawn_wait(&s, 10000);
	spawn_slurp(s.err_path, err, sizeof(err));
	return i;
}

START_TEST(test_run_schedule)
{
	const char *args[] = { "--configFile", DATA "defaults.yaml",
			       "--global.sendAnonymousUsage=true", NULL };

	ck_assert_int_eq(run_agent(args, NULL, "SELECT count(*) FROM checks",
				   "SELECT count(*) FROM reports"),
			 0);
	ck_assert_ptr_nonnull(
	    strstr(err, "info: beacon: version check enabled "
			"(global.checkNewVersion=true, configuration file "));
	ck_assert_ptr_nonnull(
	    strstr(err, "info: beacon: usage report enabled "
			"(global.sendAnonymousUsage=true, CLI flag "
			"--global.sendAnonymousUsage): POST "));
	/* the product's display name and go-version's String(), as Traefik */
	ck_assert_ptr_nonnull(
	    strstr(err, "warn: beacon: a new release of Traefik has been "
			"found: 3.1.3. Please consider updating. "));
}
END_TEST

START_TEST(test_run_opted_out)
{
	const char *args[] = { "--global.sendAnonymousUsage=true", NULL };
	const char *env[] = { _i == 0 ? "DO_NOT_TRACK=1"
				      : "TRAEFIK_GLOBAL_CHECKNEWVERSION=false",
			      NULL };

	ck_assert_int_eq(run_agent(_i == 0 ? args : args + 1, env, NULL, NULL),
			 0);
	if (_i == 0) {
		ck_assert_ptr_null(strstr(err, "enabled"));
		ck_assert_ptr_nonnull(
		    strstr(err, "version check disabled (DO_NOT_TRACK=1 in the "
				"environment): no connection will be made"));
	} else {
		ck_assert_ptr_nonnull(strstr(
		    err,
		    "version check disabled (global.checkNewVersion=false,"
		    " environment variable TRAEFIK_GLOBAL_CHECKNEWVERSION)"));
	}
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM checks"), 0);
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM reports"),
			 0);
}
END_TEST

START_TEST(test_usage)
{
	const char *version[] = { BEACON_CLI, "--version", NULL };
	const char *bad[] = { BEACON_CLI, "check", "--nope", NULL };
	const char *nocmd[] = { BEACON_CLI, "frobnicate", NULL };
	const char *cmds[] = { "check", "report", "run", "anonymize", "hash" };
	const char *help[] = { BEACON_CLI, NULL, "--help", NULL };
	size_t i;

	ck_assert_int_eq(spawn_run(h.dir, "v", version, NULL, out, sizeof(out),
				   err, sizeof(err)),
			 0);
	ck_assert_str_eq(out, "beacon " BEACON_LIB_VERSION "\n");
	ck_assert_int_eq(spawn_run(h.dir, "bad", bad, NULL, out, sizeof(out),
				   err, sizeof(err)),
			 2);
	ck_assert_str_eq(err, "beacon: unknown option --nope (see --help)\n");
	ck_assert_int_eq(spawn_run(h.dir, "nocmd", nocmd, NULL, out,
				   sizeof(out), err, sizeof(err)),
			 2);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		help[1] = cmds[i];
		ck_assert_int_eq(spawn_run(h.dir, "help", help, NULL, out,
					   sizeof(out), err, sizeof(err)),
				 0);
		ck_assert_ptr_nonnull(strstr(out, "usage: beacon "));
	}
}
END_TEST

START_TEST(test_valgrind_check)
{
	const char *argv[] = { "/usr/bin/valgrind",
			       "--leak-check=full",
			       "--error-exitcode=99",
			       "--errors-for-leak-kinds=definite",
			       BEACON_CLI,
			       "check",
			       "--server",
			       h.base_url,
			       "--product",
			       "traefik/traefik",
			       "--current",
			       "3.1.2",
			       NULL };
	FILE *f = fopen(argv[0], "rb");

#ifdef BEACON_TEST_SANITIZED
	return; /* valgrind cannot run sanitizer builds */
#endif
	if (f == NULL)
		return; /* valgrind not installed */
	fclose(f);
	ck_assert_msg(spawn_run(h.dir, "valgrind", argv, NULL, out, sizeof(out),
				err, sizeof(err)) == 0,
		      "valgrind: %s", err);
	ck_assert_ptr_nonnull(strstr(out, "been found: 3.1.3. Please"));
	ck_assert_ptr_nonnull(strstr(err, "ERROR SUMMARY: 0 errors"));
}
END_TEST

/* anonymize and hash need no server: a temporary directory for output. */
static char tools_dir[64];

static void tools_setup(void)
{
	snprintf(tools_dir, sizeof(tools_dir), "/tmp/beacon-cli-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tools_dir));
}

static void tools_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tools_dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The merged document the CLI should have seen. */
static json_t *expected_doc(const char *const *env, const char *const *flags,
			    int nflags)
{
	const char *files[] = { DATA "report.yaml" };
	json_t *doc = NULL;

	ck_assert_beacon_ok(beacon_load_document(&doc, files, 1, "TRAEFIK_",
						 env, flags, nflags, NULL),
			    NULL);
	return doc;
}

START_TEST(test_anonymize_merges_env_and_flags)
{
	const char *argv[] = { BEACON_CLI, "anonymize", DATA "report.yaml",
			       "--log.level=INFO", NULL };
	const char *env[] = { "TRAEFIK_LOG_LEVEL=WARN",
			      "TRAEFIK_API_INSECURE=true", NULL };
	const char *flags[] = { "--log.level=INFO" };
	json_t *doc = expected_doc(env, flags, 1);
	json_t *anon = NULL, *shown;

	ck_assert_int_eq(spawn_run(tools_dir, "anon", argv, env, out,
				   sizeof(out), err, sizeof(err)),
			 0);
	shown = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(shown);
	ck_assert_beacon_ok(beacon_anonymize_document(&anon, doc, NULL, NULL),
			    NULL);
	ck_assert(json_equal(shown, anon));
	ck_assert_str_eq(json_string_value(json_object_get(
			     json_object_get(shown, "log"), "level")),
			 "INFO");
	ck_assert(json_is_true(
	    json_object_get(json_object_get(shown, "api"), "insecure")));
	ck_assert_ptr_null(strstr(out, "secret"));
	json_decref(shown);
	json_decref(anon);
	json_decref(doc);
}
END_TEST

START_TEST(test_anonymize_yaml)
{
	const char *argv[] = { BEACON_CLI, "anonymize", DATA "report.yaml",
			       "--format", "yaml",      NULL };
	json_t *doc = expected_doc(NULL, NULL, 0);
	json_t *anon = NULL;
	char *yaml = NULL;

	ck_assert_int_eq(spawn_run(tools_dir, "yaml", argv, NULL, out,
				   sizeof(out), err, sizeof(err)),
			 0);
	ck_assert_beacon_ok(beacon_anonymize_document(&anon, doc, NULL, NULL),
			    NULL);
	ck_assert_beacon_ok(beacon_document_to_yaml(&yaml, anon), NULL);
	ck_assert_str_eq(out, yaml);
	beacon_free(yaml);
	json_decref(anon);
	json_decref(doc);
}
END_TEST

START_TEST(test_hash)
{
	const char *key = _i == 0 ? NULL : "fleet-key";
	const char *argv[] = { BEACON_CLI, "hash", DATA "report.yaml",
			       "--key",    key,    NULL };
	json_t *doc = expected_doc(NULL, NULL, 0);
	unsigned long long want = 0;
	char text[32];

	if (key == NULL)
		argv[3] = NULL;
	ck_assert_int_eq(spawn_run(tools_dir, "hash", argv, NULL, out,
				   sizeof(out), err, sizeof(err)),
			 0);
	ck_assert_beacon_ok(beacon_hash_document(&want, doc, NULL, key, NULL),
			    NULL);
	snprintf(text, sizeof(text), "%llu\n", want);
	ck_assert_str_eq(out, text);
	json_decref(doc);
}
END_TEST

START_TEST(test_tools_errors)
{
	const char *missing[] = { BEACON_CLI, "hash", DATA "nothere.yaml",
				  NULL };
	const char *nofile[] = { BEACON_CLI, "anonymize", NULL };
	const char *format[] = { BEACON_CLI, "anonymize", DATA "report.yaml",
				 "--format", "xml",       NULL };

	ck_assert_int_eq(spawn_run(tools_dir, "e1", missing, NULL, out,
				   sizeof(out), err, sizeof(err)),
			 1);
	ck_assert_ptr_nonnull(strstr(err, "nothere.yaml"));
	ck_assert_ptr_eq(strchr(err, '\n'), err + strlen(err) - 1);
	ck_assert_int_eq(spawn_run(tools_dir, "e2", nofile, NULL, out,
				   sizeof(out), err, sizeof(err)),
			 2);
	ck_assert_int_eq(spawn_run(tools_dir, "e3", format, NULL, out,
				   sizeof(out), err, sizeof(err)),
			 2);
	ck_assert_str_eq(out, "");
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("client/cli");
	TCase *tc = tcase_create("cli");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_check_text);
	tcase_add_test(tc, test_check_json);
	tcase_add_test(tc, test_check_unknown);
	tcase_add_test(tc, test_check_do_not_track);
	tcase_add_test(tc, test_report_dry_run);
	tcase_add_test(tc, test_report_sent);
	tcase_add_test(tc, test_run_schedule);
	tcase_add_loop_test(tc, test_run_opted_out, 0, 2);
	tcase_add_test(tc, test_usage);
	tcase_add_test(tc, test_valgrind_check);
	suite_add_tcase(s, tc);
	tc = tcase_create("tools");
	tcase_add_checked_fixture(tc, tools_setup, tools_teardown);
	tcase_add_test(tc, test_anonymize_merges_env_and_flags);
	tcase_add_test(tc, test_anonymize_yaml);
	tcase_add_loop_test(tc, test_hash, 0, 2);
	tcase_add_test(tc, test_tools_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(cli_suite());
}
