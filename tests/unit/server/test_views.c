/*
 * test_views.c - suite server/views: the dashboard views of 0002_views.sql
 * over a crafted data set (see fill()).
 */
#include <check.h>
#include <string.h>

#include "server_test.h"
#include "test_support.h"

#define D1 1719792000 /* 2024-07-01T00:00:00Z */
#define D2 (D1 + 86400)
#define CFG_A1 \
	"{\"providers\":{\"docker\":{\"exposedByDefault\":false}},\"api\":{}}"
#define CFG_A2                                                        \
	"{\"providers\":{\"docker\":{},\"file\":{}},\"entryPoints\":" \
	"{\"web\":{\"address\":\":80\"}}}"

static server_test_dir t;

static beacond_event check(int64_t ts, const char *product, const char *version)
{
	beacond_event ev = { 0 };

	ev.kind = BEACOND_EVENT_CHECK;
	ev.time = ts;
	ev.u.check.product = product;
	ev.u.check.version = version;
	ev.u.check.ip = "192.0.2.1";
	return ev;
}

static beacond_event report(int64_t ts, const char *product, const char *ip,
			    uint64_t hash, const char *version, const char *cfg)
{
	beacond_event ev = { 0 };

	ev.kind = BEACOND_EVENT_REPORT;
	ev.time = ts;
	ev.u.report.product = product;
	ev.u.report.ip = ip;
	ev.u.report.hash = hash;
	ev.u.report.version = version;
	ev.u.report.configuration = cfg;
	return ev;
}

static void add_release(beacond_store *store, const char *product,
			const char *tag, int prerelease, int draft)
{
	beacond_release rel = { 0 };

	rel.product = product;
	rel.tag = tag;
	rel.prerelease = prerelease;
	rel.draft = draft;
	ck_assert_beacon_ok(beacond_store_release_add(store, &rel, NULL, NULL),
			    NULL);
}

/*
 * traefik/traefik instances (ip + hash), latest report last:
 *   A 10.0.0.1/1  v3.0.0 (D1) -> v3.1.0 (D2)   up to date
 *   B 10.0.0.2/2  v2.11.0                       outdated
 *   C 10.0.0.3/1  v3.1.0-rc1                    outdated (prerelease)
 *   D 10.0.0.4/3  v3.2.0-rc1                    newer than stable
 *   E NULL/4      dev, invalid JSON config      no version key
 *   G 10.0.0.5/5  v3.1.0                        up to date
 * other/tool: F 10.0.0.9/1 0.9.0, outdated against 1.0.0.
 * Newest stable traefik release: v3.1.0 (v3.2.0-rc1 is a prerelease,
 * v3.3.0 a draft).
 */
static void fill(void)
{
	beacond_store *store = server_test_open(&t);
	beacond_event evs[] = {
		check(D1, "traefik/traefik", "v3.0.0"),
		check(D1 + 5, "traefik/traefik", "v3.0.0"),
		check(D1 + 9, "Traefik/Traefik", "v3.1.0"),
		check(D1 + 60, "traefik/traefik", NULL),
		check(D2 + 1, "traefik/traefik", "v3.1.0"),
		check(D1 + 2, "other/tool", "1.0.0"),
		report(D1 + 10, "traefik/traefik", "10.0.0.1", 1, "v3.0.0",
		       CFG_A1),
		report(D2 + 10, "traefik/traefik", "10.0.0.1", 1, "v3.1.0",
		       CFG_A2),
		report(D1 + 20, "traefik/traefik", "10.0.0.2", 2, "v2.11.0",
		       "{\"providers\":{\"file\":{}}}"),
		report(D2 + 20, "traefik/traefik", "10.0.0.3", 1, "v3.1.0-rc1",
		       CFG_A2),
		report(D2 + 30, "traefik/traefik", "10.0.0.4", 3, "v3.2.0-rc1",
		       NULL),
		report(D2 + 40, "traefik/traefik", NULL, 4, "dev", "not json"),
		report(D2 + 50, "traefik/traefik", "10.0.0.5", 5, "v3.1.0",
		       "{\"providers\":{\"docker\":{}}}"),
		report(D2 + 60, "other/tool", "10.0.0.9", 1, "0.9.0", "{}"),
	};

	ck_assert_beacon_ok(beacond_store_record_batch(
				store, evs, sizeof(evs) / sizeof(evs[0]), NULL),
			    NULL);
	add_release(store, "traefik/traefik", "v2.11.0", 0, 0);
	add_release(store, "traefik/traefik", "v3.0.0", 0, 0);
	add_release(store, "traefik/traefik", "v3.1.0", 0, 0);
	add_release(store, "traefik/traefik", "v3.2.0-rc1", 1, 0);
	add_release(store, "traefik/traefik", "v3.3.0", 0, 1);
	add_release(store, "other/tool", "1.0.0", 0, 0);
	beacond_store_close(store);
}

static void setup(void)
{
	server_test_dir_make(&t);
	fill();
}

static void teardown(void)
{
	server_test_dir_remove(&t);
}

static int64_t q(const char *sql)
{
	return server_test_int(t.db, sql);
}

START_TEST(checks_per_day)
{
	ck_assert_int_eq(q("SELECT count(*) FROM v_checks_per_day"), 5);
	ck_assert_int_eq(q("SELECT checks FROM v_checks_per_day WHERE day = "
			   "'2024-07-01' AND product = 'traefik/traefik' AND "
			   "version = 'v3.0.0'"),
			 2);
	ck_assert_int_eq(q("SELECT checks FROM v_checks_per_day WHERE day = "
			   "'2024-07-01' AND product = 'traefik/traefik' AND "
			   "version = 'v3.1.0'"),
			 1);
	ck_assert_int_eq(q("SELECT checks FROM v_checks_per_day WHERE day = "
			   "'2024-07-01' AND version IS NULL"),
			 1);
	ck_assert_int_eq(q("SELECT checks FROM v_checks_per_day WHERE day = "
			   "'2024-07-02'"),
			 1);
}
END_TEST

START_TEST(active_instances_per_day)
{
	ck_assert_int_eq(q("SELECT instances FROM v_active_instances_per_day "
			   "WHERE day = '2024-07-01' AND product = "
			   "'traefik/traefik'"),
			 2);
	ck_assert_int_eq(q("SELECT instances FROM v_active_instances_per_day "
			   "WHERE day = '2024-07-02' AND product = "
			   "'traefik/traefik'"),
			 5);
	ck_assert_int_eq(q("SELECT instances FROM v_active_instances_per_day "
			   "WHERE day = '2024-07-02' AND product = "
			   "'other/tool'"),
			 1);
}
END_TEST

START_TEST(version_adoption)
{
	ck_assert_int_eq(q("SELECT sum(instances) FROM v_version_adoption "
			   "WHERE product = 'traefik/traefik'"),
			 6);
	ck_assert_int_eq(q("SELECT instances FROM v_version_adoption WHERE "
			   "product = 'traefik/traefik' AND version = "
			   "'v3.1.0'"),
			 2);
	/* share is a fraction: 2 of 6 instances. */
	ck_assert_int_eq(q("SELECT round(share * 1000) FROM "
			   "v_version_adoption WHERE version = 'v3.1.0'"),
			 333);
	ck_assert_int_eq(q("SELECT count(*) FROM v_version_adoption WHERE "
			   "version = 'v3.0.0'"),
			 0);
	ck_assert_int_eq(q("SELECT share FROM v_version_adoption WHERE "
			   "product = 'other/tool'"),
			 1);
}
END_TEST

START_TEST(outdated_instances)
{
	char text[128];

	ck_assert_int_eq(q("SELECT count(*) FROM v_outdated_instances"), 3);
	ck_assert_int_eq(q("SELECT count(*) FROM v_outdated_instances WHERE "
			   "product = 'traefik/traefik' AND latest_version = "
			   "'v3.1.0' AND ((ip = '10.0.0.2' AND version = "
			   "'v2.11.0') OR (ip = '10.0.0.3' AND version = "
			   "'v3.1.0-rc1'))"),
			 2);
	server_test_text(t.db,
			 "SELECT ip || ' ' || version || ' ' || "
			 "latest_version || ' ' || last_seen FROM "
			 "v_outdated_instances WHERE product = 'other/tool'",
			 text, sizeof(text));
	ck_assert_str_eq(text, "10.0.0.9 0.9.0 1.0.0 2024-07-02 00:01:00");
}
END_TEST

START_TEST(feature_usage)
{
	ck_assert_int_eq(q("SELECT instances FROM v_feature_usage WHERE "
			   "product = 'traefik/traefik' AND feature = "
			   "'providers.docker'"),
			 3);
	ck_assert_int_eq(q("SELECT instances FROM v_feature_usage WHERE "
			   "feature = 'providers.file'"),
			 3);
	ck_assert_int_eq(q("SELECT instances FROM v_feature_usage WHERE "
			   "feature = 'providers'"),
			 4);
	ck_assert_int_eq(q("SELECT instances FROM v_feature_usage WHERE "
			   "feature = 'entryPoints.web.address'"),
			 2);
	/* Only the latest report of an instance counts: A's old "api". */
	ck_assert_int_eq(q("SELECT count(*) FROM v_feature_usage WHERE "
			   "feature LIKE 'api%'"),
			 0);
}
END_TEST

START_TEST(config_clusters)
{
	char text[128];

	ck_assert_int_eq(q("SELECT instances FROM v_config_clusters WHERE "
			   "product = 'traefik/traefik' AND hash = '1'"),
			 2);
	server_test_text(t.db,
			 "SELECT versions FROM v_config_clusters WHERE "
			 "product = 'traefik/traefik' AND hash = '1'",
			 text, sizeof(text));
	ck_assert_ptr_nonnull(strstr(text, "v3.1.0-rc1"));
	ck_assert_ptr_nonnull(
	    strstr(text, "v3.1.0,") ? text : strstr(text, ",v3.1.0"));
	ck_assert_int_eq(q("SELECT count(*) FROM v_config_clusters"), 6);
}
END_TEST

static Suite *views_suite(void)
{
	Suite *s = suite_create("server/views");
	TCase *tc = tcase_create("views");

	/* Generous: CI machines are shared and sanitizers slow. */
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, checks_per_day);
	tcase_add_test(tc, active_instances_per_day);
	tcase_add_test(tc, version_adoption);
	tcase_add_test(tc, outdated_instances);
	tcase_add_test(tc, feature_usage);
	tcase_add_test(tc, config_clusters);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(views_suite());
}
