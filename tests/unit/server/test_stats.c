/*
 * test_stats.c - suite server/stats: `beacond stats` over a crafted
 * database (see fill()): the JSON document of beacond_stats_collect, the
 * terminal rendering and the command's exit statuses.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/stats.h"
#include "server_test.h"
#include "test_support.h"

#define HOUR 3600
#define DAY 86400
#define CFG_A                                                               \
	"{\"providers\":{\"docker\":{\"exposedByDefault\":false},\"file\":" \
	"{}},\"metrics\":{\"prometheus\":{}},\"api\":{}}"
#define CFG_B "{\"providers\":{\"docker\":{}}}"
#define CFG_C "{\"providers\":{\"kubernetesCRD\":{}}}"

static server_test_dir t;
static beacond_store *db;
static int64_t now;

static beacond_event report(int64_t ago, const char *product, const char *ip,
			    uint64_t hash, const char *version, const char *cfg)
{
	beacond_event ev = { 0 };

	ev.kind = BEACOND_EVENT_REPORT;
	ev.time = now - ago;
	ev.u.report.product = product;
	ev.u.report.ip = ip;
	ev.u.report.hash = hash;
	ev.u.report.version = version;
	ev.u.report.configuration = cfg;
	return ev;
}

static beacond_event check(int64_t ago, const char *ip, const char *version)
{
	beacond_event ev = { 0 };

	ev.kind = BEACOND_EVENT_CHECK;
	ev.time = now - ago;
	ev.u.check.product = "traefik/traefik";
	ev.u.check.version = version;
	ev.u.check.ip = ip;
	return ev;
}

static void add_release(beacond_store *store, const char *product,
			const char *tag, int prerelease)
{
	beacond_release rel = { 0 };

	rel.product = product;
	rel.tag = tag;
	rel.prerelease = prerelease;
	ck_assert_beacon_ok(beacond_store_release_add(store, &rel, NULL, NULL),
			    NULL);
}

/*
 * traefik/traefik, newest stable v3.1.0 (v3.2.0-rc1 is a prerelease):
 *   10.0.0.1 hash 1: v3.0.0 2 h ago (and v2.11.0 3 days ago: superseded)
 *   10.0.0.2 hash 2: v3.1.0 3 days ago
 *   10.0.0.3 hash 3: v2.11.0 20 days ago (outside the default week)
 * example/agent: 10.0.0.9 hash 9 v1.0.0 1 h ago, no catalog.
 * checks: 10.0.0.1 v3.0.0 1 h ago twice, 10.0.0.4 v3.1.0 2 days ago.
 */
static void fill(void)
{
	beacond_store *store = server_test_open(&t);
	beacond_event ev[] = {
		report(3 * DAY, "traefik/traefik", "10.0.0.1", 1, "v2.11.0",
		       CFG_B),
		report(2 * HOUR, "traefik/traefik", "10.0.0.1", 1, "v3.0.0",
		       CFG_A),
		report(3 * DAY, "traefik/traefik", "10.0.0.2", 2, "v3.1.0",
		       CFG_B),
		report(20 * DAY, "traefik/traefik", "10.0.0.3", 3, "v2.11.0",
		       CFG_C),
		report(HOUR, "example/agent", "10.0.0.9", 9, "v1.0.0", CFG_C),
		check(HOUR, "10.0.0.1", "v3.0.0"),
		check(HOUR, "10.0.0.1", "v3.0.0"),
		check(2 * DAY, "10.0.0.4", "v3.1.0"),
	};

	add_release(store, "traefik/traefik", "v3.0.0", 0);
	add_release(store, "traefik/traefik", "v3.1.0", 0);
	add_release(store, "traefik/traefik", "v3.2.0-rc1", 1);
	ck_assert_beacon_ok(beacond_store_record_batch(
				store, ev, sizeof(ev) / sizeof(ev[0]), NULL),
			    NULL);
	beacond_store_close(store);
}

static void setup(void)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;

	now = (int64_t)time(NULL);
	server_test_dir_make(&t);
	fill();
	opts.path = t.db;
	ck_assert_beacon_ok(beacond_store_open_existing(&db, &opts, NULL),
			    NULL);
}

static void teardown(void)
{
	beacond_store_close(db);
	db = NULL;
	server_test_dir_remove(&t);
}

static json_t *collect(int64_t window, const char *product)
{
	beacond_stats_query q = { 0 };
	beacon_error_detail err;
	json_t *doc = NULL;

	beacon_error_clear(&err);
	q.now = now;
	q.since = now - window;
	q.product = product;
	ck_assert_beacon_ok(beacond_stats_collect(&doc, db, &q, &err), &err);
	ck_assert_ptr_nonnull(doc);
	return doc;
}

static long long get_int(const json_t *doc, const char *obj, const char *key)
{
	return (long long)json_integer_value(
	    json_object_get(json_object_get(doc, obj), key));
}

/* The row of array key whose member field equals value, or NULL. */
static const json_t *find(const json_t *doc, const char *key, const char *field,
			  const char *value)
{
	const json_t *row;
	size_t i;

	json_array_foreach(
	    json_object_get(doc, key), i,
	    row) if (strcmp(json_string_value(json_object_get(row, field)),
			    value) == 0) return row;
	return NULL;
}

START_TEST(instances_day_and_week)
{
	json_t *doc = collect(7 * DAY, NULL);

	/* day: 10.0.0.1 and the agent; week: + 10.0.0.2; 10.0.0.3 too old */
	ck_assert_int_eq(get_int(doc, "instances", "day"), 2);
	ck_assert_int_eq(get_int(doc, "instances", "week"), 3);
	ck_assert_int_eq(get_int(doc, "checkers", "day"), 1);
	ck_assert_int_eq(get_int(doc, "checkers", "week"), 2);
	json_decref(doc);
}
END_TEST

START_TEST(version_share_latest_per_instance)
{
	json_t *doc = collect(7 * DAY, "traefik/traefik");
	const json_t *v30 = find(doc, "versions", "version", "v3.0.0");
	const json_t *v31 = find(doc, "versions", "version", "v3.1.0");

	ck_assert_uint_eq(json_array_size(json_object_get(doc, "versions")), 2);
	ck_assert_ptr_nonnull(v30);
	ck_assert_ptr_nonnull(v31);
	/* the superseded v2.11.0 report of 10.0.0.1 is not counted */
	ck_assert_ptr_null(find(doc, "versions", "version", "v2.11.0"));
	ck_assert_double_eq_tol(json_real_value(json_object_get(v30, "share")),
				0.5, 1e-9);
	ck_assert_int_eq(json_integer_value(json_object_get(v31, "instances")),
			 1);
	json_decref(doc);
}
END_TEST

START_TEST(outdated_with_ip_and_window)
{
	json_t *doc = collect(7 * DAY, NULL);
	const json_t *row = find(doc, "outdated", "ip", "10.0.0.1");

	ck_assert_uint_eq(json_array_size(json_object_get(doc, "outdated")), 1);
	ck_assert_ptr_nonnull(row);
	ck_assert_str_eq(json_string_value(json_object_get(row, "version")),
			 "v3.0.0");
	ck_assert_str_eq(
	    json_string_value(json_object_get(row, "latest_version")),
	    "v3.1.0");
	ck_assert_str_eq(json_string_value(json_object_get(row, "hash")), "1");
	json_decref(doc);
	doc = collect(30 * DAY, NULL);
	ck_assert_ptr_nonnull(find(doc, "outdated", "ip", "10.0.0.3"));
	json_decref(doc);
}
END_TEST

START_TEST(providers_and_features)
{
	json_t *doc = collect(30 * DAY, "traefik/traefik");
	const json_t *docker =
	    find(doc, "providers", "feature", "providers.docker");

	ck_assert_ptr_nonnull(docker);
	/* 10.0.0.1 (latest CFG_A) and 10.0.0.2 */
	ck_assert_int_eq(
	    json_integer_value(json_object_get(docker, "instances")), 2);
	ck_assert_ptr_nonnull(
	    find(doc, "providers", "feature", "providers.kubernetesCRD"));
	/* a provider's own options are not providers */
	ck_assert_ptr_null(find(doc, "providers", "feature",
				"providers.docker.exposedByDefault"));
	ck_assert_ptr_nonnull(
	    find(doc, "features", "feature", "metrics.prometheus"));
	ck_assert_ptr_nonnull(find(doc, "features", "feature", "api"));
	ck_assert_ptr_null(find(doc, "features", "feature", "providers"));
	json_decref(doc);
}
END_TEST

START_TEST(product_filter)
{
	json_t *doc = collect(7 * DAY, "example/agent");

	ck_assert_int_eq(get_int(doc, "instances", "week"), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "versions")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "outdated")), 0);
	ck_assert_uint_eq(
	    json_array_size(json_object_get(doc, "checkVersions")), 0);
	ck_assert_str_eq(json_string_value(json_object_get(doc, "product")),
			 "example/agent");
	json_decref(doc);
}
END_TEST

START_TEST(render_text)
{
	json_t *doc = collect(7 * DAY, NULL);
	char buf[8192];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	ck_assert_ptr_nonnull(f);
	beacond_stats_render(f, doc);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "all products"));
	ck_assert_ptr_nonnull(strstr(buf, "10.0.0.1"));
	/* 1 of 2 traefik instances: a half bar of 30 */
	ck_assert_ptr_nonnull(
	    strstr(buf, " 50.0% ###############...............\n"));
	ck_assert_ptr_nonnull(strstr(buf, "providers.docker"));
	json_decref(doc);
}
END_TEST

static int run_cli(const char *args)
{
	char cmd[1024];
	int rc;

	snprintf(cmd, sizeof(cmd), "'%s' stats %s >/dev/null 2>&1",
		 BEACOND_PATH, args);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

START_TEST(cli_exit_status)
{
	char args[SERVER_TEST_PATH_MAX + 64], missing[SERVER_TEST_PATH_MAX];

	snprintf(args, sizeof(args), "--db '%s' --since 2w --json", t.db);
	ck_assert_int_eq(run_cli(args), 0);
	snprintf(args, sizeof(args), "--db '%s' --since 7x", t.db);
	ck_assert_int_eq(run_cli(args), 2);
	ck_assert_int_eq(run_cli("--bogus"), 2);
	/* never creates a database */
	server_test_path(&t, "none.db", missing, sizeof(missing));
	snprintf(args, sizeof(args), "--db '%s'", missing);
	ck_assert_int_eq(run_cli(args), 1);
	ck_assert_int_eq(access(missing, F_OK), -1);
}
END_TEST

static Suite *stats_suite(void)
{
	Suite *s = suite_create("server/stats");
	TCase *tc = tcase_create("stats");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, instances_day_and_week);
	tcase_add_test(tc, version_share_latest_per_instance);
	tcase_add_test(tc, outdated_with_ip_and_window);
	tcase_add_test(tc, providers_and_features);
	tcase_add_test(tc, product_filter);
	tcase_add_test(tc, render_text);
	tcase_add_test(tc, cli_exit_status);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(stats_suite());
}
