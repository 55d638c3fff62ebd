/*
 * test_catalog.c - suite server/catalog: the release catalog of the store.
 */
#include <check.h>
#include <string.h>

#include "beacon/alloc.h"
#include "server_test.h"
#include "test_support.h"

static server_test_dir t;
static beacond_store *store;

static void setup(void)
{
	server_test_dir_make(&t);
	store = server_test_open(&t);
}

static void teardown(void)
{
	beacond_store_close(store);
	store = NULL;
	server_test_dir_remove(&t);
}

static int add(const char *product, const char *tag, const char *published,
	       int prerelease)
{
	beacond_release rel = { 0 };

	rel.product = product;
	rel.tag = tag;
	rel.published_at = published;
	rel.prerelease = prerelease;
	return beacond_store_release_add(store, &rel, NULL, NULL);
}

static void assert_tags(const char *product, const char *const *want, size_t n)
{
	beacond_release_list *list = NULL;
	size_t i;

	ck_assert_beacon_ok(
	    beacond_store_release_list(store, product, &list, NULL), NULL);
	ck_assert_uint_eq(list->count, n);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(list->items[i].tag, want[i]);
	beacond_release_list_free(list);
}

START_TEST(list_newest_first)
{
	/* v3.1.1's fraction is dropped: it ties with v3.1.0 and, inserted
	 * later, ranks first; so does v2.11.0 over v3.0.0 (same second). */
	static const char *const want[] = { "v3.1.1", "v3.1.0", "v3.1.0-rc1",
					    "v2.11.0", "v3.0.0" };

	ck_assert_int_eq(
	    add("traefik/traefik", "v3.0.0", "2024-04-29T12:00:00Z", 0), 0);
	ck_assert_int_eq(add("traefik/traefik", "v3.1.0-rc1",
			     "2024-06-10T12:00:00+02:00", 1),
			 0);
	ck_assert_int_eq(
	    add("traefik/traefik", "v2.11.0", "2024-04-29T12:00:00Z", 0), 0);
	ck_assert_int_eq(
	    add("traefik/traefik", "v3.1.0", "2024-07-01T00:00:00Z", 0), 0);
	ck_assert_int_eq(
	    add("traefik/traefik", "v3.1.1", "2024-07-01T00:00:00.5Z", 0), 0);
	ck_assert_int_eq(add("other/tool", "1.0.0", NULL, 0), 0);
	assert_tags("traefik/traefik", want, 5);
}
END_TEST

START_TEST(list_fields_and_defaults)
{
	beacond_release rel = { 0 };
	beacond_release_list *list = NULL;
	int64_t id = 0;

	rel.product = "Traefik/Traefik";
	rel.tag = "v3.2.0-rc.1";
	rel.prerelease = 1;
	rel.draft = 1;
	rel.published_at = "2024-08-01T10:00:00-01:30";
	ck_assert_beacon_ok(beacond_store_release_add(store, &rel, &id, NULL),
			    NULL);
	ck_assert_int_gt(id, 0);
	ck_assert_beacon_ok(
	    beacond_store_release_list(store, "TRAEFIK/traefik", &list, NULL),
	    NULL);
	ck_assert_uint_eq(list->count, 1);
	ck_assert_int_eq(list->items[0].id, id);
	ck_assert_str_eq(list->items[0].product, "Traefik/Traefik");
	ck_assert_str_eq(list->items[0].name, "v3.2.0-rc.1");
	ck_assert_str_eq(list->items[0].body, "");
	ck_assert_str_eq(list->items[0].published_at, "2024-08-01T11:30:00Z");
	ck_assert_str_eq(list->items[0].url, "https://github.com/"
					     "Traefik/Traefik/releases/tag/"
					     "v3.2.0-rc.1");
	ck_assert_int_eq(list->items[0].prerelease, 1);
	ck_assert_int_eq(list->items[0].draft, 1);
	beacond_release_list_free(list);
}
END_TEST

START_TEST(list_all_and_unknown_product)
{
	beacond_release_list *list = NULL;

	ck_assert_int_eq(add("b/b", "v1.0.0", "2024-01-01T00:00:00Z", 0), 0);
	ck_assert_int_eq(add("a/a", "v1.0.0", "2024-01-01T00:00:00Z", 0), 0);
	ck_assert_int_eq(add("a/a", "v2.0.0", "2024-02-01T00:00:00Z", 0), 0);
	ck_assert_beacon_ok(
	    beacond_store_release_list(store, NULL, &list, NULL), NULL);
	ck_assert_uint_eq(list->count, 3);
	ck_assert_str_eq(list->items[0].product, "a/a");
	ck_assert_str_eq(list->items[0].tag, "v2.0.0");
	ck_assert_str_eq(list->items[2].product, "b/b");
	beacond_release_list_free(list);
	ck_assert_beacon_ok(
	    beacond_store_release_list(store, "no/such", &list, NULL), NULL);
	ck_assert_uint_eq(list->count, 0);
	beacond_release_list_free(list);
}
END_TEST

START_TEST(duplicate_and_invalid_refused)
{
	beacon_error_detail err;
	beacond_release rel = { 0 };

	ck_assert_int_eq(add("traefik/traefik", "v3.1.0", NULL, 0), 0);
	ck_assert_int_eq(add("traefik/traefik", "v3.1.0", NULL, 0),
			 BEACON_EINVAL);
	ck_assert_int_eq(add("TRAEFIK/Traefik", "v3.1.0", NULL, 1),
			 BEACON_EINVAL);
	ck_assert_int_eq(add("traefik/traefik", "dev", NULL, 0), BEACON_EPARSE);
	ck_assert_int_eq(add("traefik", "v1.0.0", NULL, 0), BEACON_EINVAL);
	ck_assert_int_eq(add("a/b/c", "v1.0.0", NULL, 0), BEACON_EINVAL);
	ck_assert_int_eq(add("/b", "v1.0.0", NULL, 0), BEACON_EINVAL);
	ck_assert_int_eq(add("a/b", "v1.0.0", "2024-13-01T00:00:00Z", 0),
			 BEACON_EPARSE);
	ck_assert_int_eq(add("a/b", "v1.0.0", "yesterday", 0), BEACON_EPARSE);
	rel.product = "traefik/traefik";
	rel.tag = "v3.1.0";
	ck_assert_int_eq(beacond_store_release_add(store, &rel, NULL, &err),
			 BEACON_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.text, "already"));
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM releases"),
			 1);
}
END_TEST

START_TEST(remove_release)
{
	ck_assert_int_eq(add("traefik/traefik", "v3.1.0", NULL, 0), 0);
	ck_assert_int_eq(add("traefik/traefik", "v3.0.0", NULL, 0), 0);
	ck_assert_int_eq(beacond_store_release_remove(store, "Traefik/TRAEFIK",
						      "v3.1.0", NULL),
			 0);
	ck_assert_int_eq(beacond_store_release_remove(store, "traefik/traefik",
						      "v3.1.0", NULL),
			 BEACON_ENOTFOUND);
	ck_assert_int_eq(beacond_store_release_remove(store, "traefik/traefik",
						      "V3.0.0", NULL),
			 BEACON_ENOTFOUND);
	{
		static const char *const left[] = { "v3.0.0" };

		assert_tags("traefik/traefik", left, 1);
	}
}
END_TEST

START_TEST(generation_changes_on_any_edit)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacond_store *other = NULL;
	beacond_event ev = { 0 };
	int64_t g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0;

	ck_assert_beacon_ok(beacond_store_catalog_generation(store, &g0), NULL);
	/* Another process's connection (here: a second store handle). */
	opts.path = t.db;
	ck_assert_beacon_ok(beacond_store_open(&other, &opts, NULL), NULL);
	ck_assert_int_eq(add("traefik/traefik", "v3.1.0", NULL, 0), 0);
	ck_assert_beacon_ok(beacond_store_catalog_generation(other, &g1), NULL);
	ck_assert_int_ne(g1, g0);
	ck_assert_beacon_ok(beacond_store_release_remove(
				other, "traefik/traefik", "v3.1.0", NULL),
			    NULL);
	ck_assert_beacon_ok(beacond_store_catalog_generation(store, &g2), NULL);
	ck_assert_int_ne(g2, g1);
	/* Raw SQL from a plain sqlite3 connection counts too. */
	server_test_exec(t.db, "UPDATE releases SET name = 'x'; "
			       "DELETE FROM releases WHERE 0");
	server_test_exec(t.db, "INSERT INTO releases (product, tag, "
			       "version_key, published_at) VALUES ('a/b', "
			       "'v1', 'a1a0a0a0a0a0~', "
			       "'2024-01-01T00:00:00Z')");
	ck_assert_beacon_ok(beacond_store_catalog_generation(store, &g3), NULL);
	ck_assert_int_ne(g3, g2);
	/* Events do not move it. */
	ev.kind = BEACOND_EVENT_CHECK;
	ev.u.check.product = "a/b";
	ck_assert_beacon_ok(beacond_store_record_batch(store, &ev, 1, NULL),
			    NULL);
	ck_assert_beacon_ok(beacond_store_catalog_generation(store, &g4), NULL);
	ck_assert_int_eq(g4, g3);
	beacond_store_close(other);
}
END_TEST

START_TEST(import_is_atomic_and_idempotent)
{
	beacond_release rels[3] = { { 0 } };
	beacond_release_list *list = NULL;
	beacon_error_detail err;

	rels[0].product = "traefik/traefik";
	rels[0].tag = "v3.0.0";
	rels[0].published_at = "2024-04-29T00:00:00Z";
	rels[1] = rels[0];
	rels[1].tag = "v3.1.0";
	rels[1].name = "first";
	rels[1].published_at = "2024-07-01T00:00:00Z";
	rels[2] = rels[1];
	rels[2].tag = "not a version";
	ck_assert_int_eq(beacond_store_release_import(store, rels, 3, &err),
			 BEACON_EPARSE);
	ck_assert_str_eq(err.source, "releases[2].tag");
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM releases"),
			 0);
	ck_assert_beacon_ok(beacond_store_release_import(store, rels, 2, &err),
			    &err);
	rels[1].name = "second";
	ck_assert_beacon_ok(beacond_store_release_import(store, rels, 2, &err),
			    &err);
	ck_assert_beacon_ok(
	    beacond_store_release_list(store, "traefik/traefik", &list, NULL),
	    NULL);
	ck_assert_uint_eq(list->count, 2);
	ck_assert_str_eq(list->items[0].name, "second");
	beacond_release_list_free(list);
}
END_TEST

START_TEST(list_out_of_memory)
{
	beacond_release_list *list = NULL;
	long n;

	ck_assert_int_eq(add("a/b", "v1.0.0", NULL, 0), 0);
	ck_assert_int_eq(add("a/b", "v2.0.0", NULL, 0), 0);
	/* Fail each allocation of a listing in turn: an error, no leak. */
	for (n = 0; n < 3; n++) {
		beacon_alloc_fail_after(n);
		ck_assert_int_eq(
		    beacond_store_release_list(store, "a/b", &list, NULL),
		    BEACON_ENOMEM);
		beacon_alloc_fail_after(-1);
		ck_assert_ptr_null(list);
	}
}
END_TEST

static Suite *catalog_suite(void)
{
	Suite *s = suite_create("server/catalog");
	TCase *tc = tcase_create("catalog");

	/* Generous: CI machines are shared and sanitizers slow. */
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, list_newest_first);
	tcase_add_test(tc, list_fields_and_defaults);
	tcase_add_test(tc, list_all_and_unknown_product);
	tcase_add_test(tc, duplicate_and_invalid_refused);
	tcase_add_test(tc, remove_release);
	tcase_add_test(tc, generation_changes_on_any_edit);
	tcase_add_test(tc, import_is_atomic_and_idempotent);
	tcase_add_test(tc, list_out_of_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(catalog_suite());
}
