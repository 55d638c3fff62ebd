/*
 * test_http_releases.c - the GitHub releases look-alike of a real beacond:
 * catalog round trip and order, drafts, ETag/304, pagination and Link,
 * go-github's exact request, 404s and 405s, the check rows in SQLite, and a
 * catalog change seen without a restart.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "beacond_harness.h"
#include "test_support.h"

static beacond_harness srv;

/* Poll sql until it yields want, up to about 5 s; returns the last value. */
static long long wait_sql_int(const char *sql, long long want)
{
	long long v = -1;
	int i;

	for (i = 0; i < 250; i++) {
		struct timespec ts = { 0, 20000000L };
		v = beacond_sql_int(&srv, sql);
		if (v == want)
			break;
		nanosleep(&ts, NULL);
	}
	return v;
}

static void add(const char *tag, const char *published, const char *flag)
{
	const char *args[] = { "add",     "traefik/traefik",
			       tag,       "--published-at",
			       published, flag,
			       NULL };
	ck_assert_int_eq(beacond_harness_release(&srv, args), 0);
}

/* acme/widget v1.1.0 .. v1.35.0, one a day, imported from one YAML file. */
static void add_widgets(void)
{
	char path[sizeof(srv.dir) + 32];
	const char *args[] = { "import", path, NULL };
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/widget.yaml", srv.dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("product: acme/widget\nreleases:\n", f);
	for (i = 1; i <= 35; i++)
		fprintf(f,
			"  - tag: v1.%d.0\n"
			"    publishedAt: 2024-%02d-%02dT00:00:00Z\n",
			i, 1 + (i - 1) / 28, 1 + (i - 1) % 28);
	fclose(f);
	ck_assert_int_eq(beacond_harness_release(&srv, args), 0);
}

static void setup(void)
{
	ck_assert_int_eq(beacond_harness_init(&srv), 0);
	add("v2.11.0", "2024-02-12T10:00:00Z", NULL);
	add("v3.0.0", "2024-04-29T10:00:00Z", NULL);
	add("v3.1.0", "2024-07-15T10:00:00Z", NULL);
	add("v3.2.0-rc1", "2024-09-01T10:00:00Z", "--prerelease");
	add("v3.2.0", "2024-09-10T10:00:00Z", "--draft");
	add_widgets();
	ck_assert_int_eq(beacond_harness_start(&srv, NULL), 0);
}

static void teardown(void)
{
	ck_assert_int_eq(beacond_harness_stop(&srv), 0);
	beacond_harness_cleanup(&srv);
}

/* GET path with optional headers; asserts a Content-Type is present. */
static void get(beacond_response *r, const char *path,
		const char *const *headers)
{
	char ct[128];

	ck_assert_int_eq(beacond_http(&srv, "GET", path, headers, NULL, 0, r),
			 0);
	ck_assert_ptr_nonnull(
	    beacond_response_header(r, "Content-Type", ct, sizeof(ct)));
	ck_assert_ptr_nonnull(beacond_response_header(
	    r, "X-Content-Type-Options", ct, sizeof(ct)));
}

static json_t *body_json(const beacond_response *r)
{
	json_error_t jerr;
	json_t *j = json_loadb(r->body.ptr != NULL ? r->body.ptr : "",
			       r->body.len, 0, &jerr);
	ck_assert_msg(j != NULL, "body is not JSON: %s", jerr.text);
	return j;
}

static const char *tag_at(json_t *arr, size_t i)
{
	return json_string_value(
	    json_object_get(json_array_get(arr, i), "tag_name"));
}

START_TEST(test_round_trip_order_drafts)
{
	beacond_response r;
	json_t *arr, *first;
	char ct[128];
	size_t i;

	get(&r, "/repos/traefik/traefik/releases", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(
	    beacond_response_header(&r, "Content-Type", ct, sizeof(ct)),
	    "application/json; charset=utf-8");
	arr = body_json(&r);
	ck_assert_int_eq(json_array_size(arr), 4); /* the draft is hidden */
	ck_assert_str_eq(tag_at(arr, 0), "v3.2.0-rc1");
	ck_assert_str_eq(tag_at(arr, 1), "v3.1.0");
	ck_assert_str_eq(tag_at(arr, 2), "v3.0.0");
	ck_assert_str_eq(tag_at(arr, 3), "v2.11.0");
	first = json_array_get(arr, 0);
	ck_assert(json_is_true(json_object_get(first, "prerelease")));
	for (i = 0; i < 4; i++) {
		json_t *rel = json_array_get(arr, i);
		ck_assert(json_is_integer(json_object_get(rel, "id")));
		ck_assert(json_is_false(json_object_get(rel, "draft")));
		ck_assert(json_is_string(json_object_get(rel, "name")));
		ck_assert(json_is_string(json_object_get(rel, "body")));
		ck_assert(json_is_string(json_object_get(rel, "html_url")));
	}
	ck_assert_str_eq(
	    json_string_value(json_object_get(first, "published_at")),
	    "2024-09-01T10:00:00Z");
	ck_assert(json_is_false(
	    json_object_get(json_array_get(arr, 1), "prerelease")));
	json_decref(arr);
	beacond_response_dispose(&r);
	get(&r, "/repos/TRAEFIK/Traefik/releases", NULL);
	ck_assert_int_eq(r.status, 200);
	beacond_response_dispose(&r);
}
END_TEST

START_TEST(test_etag_not_modified)
{
	beacond_response r;
	char etag[128], inm[192], weak[200];
	const char *h1[] = { inm, NULL }, *h2[] = { weak, NULL };
	const char *h3[] = { "If-None-Match: \"nope\"", NULL };

	get(&r, "/repos/traefik/traefik/releases", NULL);
	ck_assert_ptr_nonnull(
	    beacond_response_header(&r, "ETag", etag, sizeof(etag)));
	ck_assert_int_eq(etag[0], '"');
	beacond_response_dispose(&r);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	get(&r, "/repos/traefik/traefik/releases", h1);
	ck_assert_int_eq(r.status, 304);
	ck_assert_uint_eq(r.body.len, 0);
	beacond_response_dispose(&r);
	snprintf(weak, sizeof(weak), "If-None-Match: \"x\", W/%s", etag);
	get(&r, "/repos/traefik/traefik/releases", h2);
	ck_assert_int_eq(r.status, 304);
	beacond_response_dispose(&r);
	get(&r, "/repos/traefik/traefik/releases", h3);
	ck_assert_int_eq(r.status, 200);
	beacond_response_dispose(&r);
}
END_TEST

START_TEST(test_pagination_link)
{
	beacond_response r;
	char link[1024];
	json_t *arr;

	get(&r, "/repos/acme/widget/releases", NULL);
	arr = body_json(&r);
	ck_assert_int_eq(json_array_size(arr), 30);
	ck_assert_str_eq(tag_at(arr, 0), "v1.35.0");
	json_decref(arr);
	ck_assert_ptr_nonnull(
	    beacond_response_header(&r, "Link", link, sizeof(link)));
	ck_assert_str_eq(link,
			 "</repos/acme/widget/releases?per_page=30&page=2>; "
			 "rel=\"next\", </repos/acme/widget/releases?"
			 "per_page=30&page=2>; rel=\"last\"");
	beacond_response_dispose(&r);

	get(&r, "/repos/acme/widget/releases?per_page=10&page=4", NULL);
	arr = body_json(&r);
	ck_assert_int_eq(json_array_size(arr), 5);
	ck_assert_str_eq(tag_at(arr, 0), "v1.5.0");
	json_decref(arr);
	ck_assert_ptr_nonnull(
	    beacond_response_header(&r, "Link", link, sizeof(link)));
	ck_assert_ptr_nonnull(strstr(link, "page=3>; rel=\"prev\""));
	ck_assert_ptr_nonnull(strstr(link, "page=1>; rel=\"first\""));
	ck_assert_ptr_null(strstr(link, "rel=\"next\""));
	beacond_response_dispose(&r);

	get(&r, "/repos/acme/widget/releases?per_page=500", NULL);
	arr = body_json(&r);
	ck_assert_int_eq(json_array_size(arr), 35); /* capped at 100 */
	json_decref(arr);
	ck_assert_ptr_null(
	    beacond_response_header(&r, "Link", link, sizeof(link)));
	beacond_response_dispose(&r);

	get(&r, "/repos/acme/widget/releases?page=9", NULL);
	ck_assert_int_eq(r.status, 200);
	arr = body_json(&r);
	ck_assert_int_eq(json_array_size(arr), 0);
	json_decref(arr);
	beacond_response_dispose(&r);
}
END_TEST

/* The bytes go-github's ListReleases sends through Go's net/http. */
START_TEST(test_go_github_request_bytes)
{
	beacon_buf out = BEACON_BUF_INIT(BEACOND_HARNESS_BODY_MAX);
	char req[512];
	const char *body;
	json_t *arr;
	int n;

	n = snprintf(req, sizeof(req),
		     "GET /repos/traefik/traefik/releases HTTP/1.1\r\n"
		     "Host: 127.0.0.1:%u\r\n"
		     "User-Agent: go-github\r\n"
		     "Accept: application/vnd.github.v3+json\r\n"
		     "X-Github-Api-Version: 2022-11-28\r\n"
		     "Accept-Encoding: gzip\r\n\r\n",
		     srv.port);
	ck_assert_int_eq(beacond_http_raw(&srv, req, (size_t)n, &out), 200);
	ck_assert_ptr_nonnull(
	    strstr(out.ptr, "\r\nContent-Type: application/json"));
	/* keep-alive kept: the answer was queued on the second call */
	ck_assert_ptr_null(strstr(out.ptr, "Connection: close"));
	body = strstr(out.ptr, "\r\n\r\n") + 4;
	arr = json_loads(body, 0, NULL);
	ck_assert_ptr_nonnull(arr);
	ck_assert_str_eq(tag_at(arr, 0), "v3.2.0-rc1");
	json_decref(arr);
	beacon_buf_dispose(&out);
	ck_assert_int_eq(
	    wait_sql_int("SELECT count(*) FROM checks WHERE user_agent = "
			 "'go-github' AND version IS NULL AND "
			 "product = 'traefik/traefik'",
			 1),
	    1);
}
END_TEST

START_TEST(test_check_row_version_from_user_agent)
{
	beacond_response r;
	const char *h[] = {
		"User-Agent: traefik/3.1.2 (linux; amd64) beacon/0.1.0", NULL
	};
	char text[128];

	get(&r, "/repos/traefik/traefik/releases", h);
	ck_assert_int_eq(r.status, 200);
	beacond_response_dispose(&r);
	ck_assert_int_eq(wait_sql_int("SELECT count(*) FROM checks WHERE "
				      "version = '3.1.2'",
				      1),
			 1);
	ck_assert_int_eq(
	    beacond_sql_text(&srv,
			     "SELECT ip || '|' || user_agent FROM checks "
			     "WHERE version = '3.1.2'",
			     text, sizeof(text)),
	    0);
	ck_assert_str_eq(text,
			 "127.0.0.1|traefik/3.1.2 (linux; amd64) beacon/0.1.0");
}
END_TEST

START_TEST(test_unknown_repo_404)
{
	beacond_response r;
	json_t *j;

	get(&r, "/repos/nobody/nothing/releases", NULL);
	ck_assert_int_eq(r.status, 404);
	j = body_json(&r);
	ck_assert_str_eq(json_string_value(json_object_get(j, "message")),
			 "Not Found");
	ck_assert(json_is_string(json_object_get(j, "documentation_url")));
	json_decref(j);
	beacond_response_dispose(&r);
}
END_TEST

START_TEST(test_other_paths_and_methods)
{
	beacond_response r;
	char v[128];

	get(&r, "/nope", NULL);
	ck_assert_int_eq(r.status, 404);
	json_decref(body_json(&r));
	beacond_response_dispose(&r);
	get(&r, "/collect", NULL);
	ck_assert_int_eq(r.status, 405);
	ck_assert_str_eq(beacond_response_header(&r, "Allow", v, sizeof(v)),
			 "POST");
	beacond_response_dispose(&r);
	ck_assert_int_eq(beacond_http(&srv, "DELETE",
				      "/repos/traefik/traefik/releases", NULL,
				      NULL, 0, &r),
			 0);
	ck_assert_int_eq(r.status, 405);
	ck_assert_ptr_nonnull(
	    beacond_response_header(&r, "Content-Type", v, sizeof(v)));
	beacond_response_dispose(&r);
	ck_assert_int_eq(beacond_http(&srv, "HEAD",
				      "/repos/traefik/traefik/releases", NULL,
				      NULL, 0, &r),
			 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.body.len, 0);
	beacond_response_dispose(&r);
	get(&r, "/healthz", NULL);
	ck_assert_int_eq(r.status, 200);
	json_decref(body_json(&r));
	beacond_response_dispose(&r);
}
END_TEST

START_TEST(test_metrics)
{
	beacond_response r;
	char ct[128];

	get(&r, "/repos/traefik/traefik/releases", NULL);
	beacond_response_dispose(&r);
	get(&r, "/metrics", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(
	    strstr(beacond_response_header(&r, "Content-Type", ct, sizeof(ct)),
		   "text/plain"));
	ck_assert_ptr_nonnull(strstr(r.body.ptr, "beacond_http_requests_total"
						 "{route=\"releases\",code="
						 "\"200\"}"));
	ck_assert_ptr_nonnull(strstr(r.body.ptr, "beacond_queue_depth "));
	ck_assert_ptr_nonnull(
	    strstr(r.body.ptr, "beacond_commit_seconds_bucket{le=\"+Inf\"}"));
	ck_assert_ptr_nonnull(strstr(r.body.ptr, "beacond_batch_size_count "));
	ck_assert_ptr_nonnull(
	    strstr(r.body.ptr, "beacond_checks_stored_total "));
	beacond_response_dispose(&r);
}
END_TEST

START_TEST(test_catalog_change_without_restart)
{
	const char *args[] = { "add", "acme/gadget", "v0.1.0", NULL };
	beacond_response r;
	long status = 0;
	int i;

	get(&r, "/repos/acme/gadget/releases", NULL);
	ck_assert_int_eq(r.status, 404);
	beacond_response_dispose(&r);
	ck_assert_int_eq(beacond_harness_release(&srv, args), 0);
	for (i = 0; i < 100 && status != 200; i++) {
		struct timespec ts = { 0, 50000000L };
		nanosleep(&ts, NULL);
		get(&r, "/repos/acme/gadget/releases", NULL);
		status = r.status;
		beacond_response_dispose(&r);
	}
	ck_assert_int_eq(status, 200);
}
END_TEST

static Suite *releases_suite(void)
{
	Suite *s = suite_create("integration/http_releases");
	TCase *tc = tcase_create("releases");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_round_trip_order_drafts);
	tcase_add_test(tc, test_etag_not_modified);
	tcase_add_test(tc, test_pagination_link);
	tcase_add_test(tc, test_go_github_request_bytes);
	tcase_add_test(tc, test_check_row_version_from_user_agent);
	tcase_add_test(tc, test_unknown_repo_404);
	tcase_add_test(tc, test_other_paths_and_methods);
	tcase_add_test(tc, test_metrics);
	tcase_add_test(tc, test_catalog_change_without_restart);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(releases_suite());
}
