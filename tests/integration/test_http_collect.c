/*
 * test_http_collect.c - usage reports against a real beacond: a
 * Traefik-shaped body is stored after commit (202); every bad input gets its
 * documented status and a JSON error naming the field, and nothing is
 * stored; SQL metacharacters are never executed; rate limit; trusted and
 * untrusted X-Forwarded-For; each ipMode.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "beacon/alloc.h"
#include "beacon/base64.h"
#include "beacond_harness.h"
#include "test_support.h"

static beacond_harness srv;

static const char config_json[] =
    "{\"global\":{\"checkNewVersion\":true,\"sendAnonymousUsage\":true},"
    "\"entryPoints\":{\"web\":{\"address\":\":80\"}},"
    "\"providers\":{\"docker\":{\"exposedByDefault\":false}}}";

static const char *const json_headers[] = { "Content-Type: application/json",
					    "User-Agent: Go-http-client/1.1",
					    NULL };

static long long wait_sql_int(beacond_harness *h, const char *sql,
			      long long want)
{
	long long v = -1;
	int i;

	for (i = 0; i < 250; i++) {
		struct timespec ts = { 0, 20000000L };
		v = beacond_sql_int(h, sql);
		if (v == want)
			break;
		nanosleep(&ts, NULL);
	}
	return v;
}

/* The body Traefik sends: Go's json.Encoder output, with its newline. */
static char *traefik_body(const char *version, const char *hash)
{
	char *b64 = NULL, *body;
	size_t b64len = 0, n;

	ck_assert_int_eq(beacon_base64_encode(&b64, &b64len, config_json,
					      sizeof(config_json) - 1),
			 0);
	n = b64len + 256;
	body = beacon_malloc(n);
	snprintf(body, n,
		 "{\"version\":\"%s\",\"codename\":\"comte\",\"buildDate\":"
		 "\"2024-08-06T11:56:17Z\",\"configuration\":\"%s\","
		 "\"hash\":\"%s\"}\n",
		 version, b64, hash);
	beacon_free(b64);
	return body;
}

static long post(beacond_harness *h, const char *path, const char *body,
		 size_t len, const char *const *headers, beacond_response *r)
{
	char ct[128];

	ck_assert_int_eq(beacond_http(h, "POST", path,
				      headers != NULL ? headers : json_headers,
				      body, len, r),
			 0);
	ck_assert_ptr_nonnull(
	    beacond_response_header(r, "Content-Type", ct, sizeof(ct)));
	return r->status;
}

static void setup(void)
{
	const char *extra[] = { "--limits.bodyBytes", "4096",
				"--limits.reportBurst", "1000", NULL };

	ck_assert_int_eq(beacond_harness_init(&srv), 0);
	ck_assert_int_eq(beacond_harness_start(&srv, extra), 0);
}

static void teardown(void)
{
	ck_assert_int_eq(beacond_harness_stop(&srv), 0);
	beacond_harness_cleanup(&srv);
}

START_TEST(test_traefik_report_stored)
{
	char *body = traefik_body("3.1.2", "18446744073709551615");
	beacond_response r;
	char text[512];

	ck_assert_int_eq(post(&srv, "/yYaUej3P42cziRVzv6T5w2aYy9po2Mrn", body,
			      strlen(body), NULL, &r),
			 202);
	ck_assert_str_eq(r.body.ptr, "{\"status\":\"accepted\"}");
	beacond_response_dispose(&r);
	/* 202 means committed: the row is there at once, no polling. */
	ck_assert_int_eq(
	    beacond_sql_text(
		&srv,
		"SELECT product||'|'||version||'|'||codename||'|'||"
		"build_date||'|'||hash||'|'||ip FROM reports "
		"WHERE hash = '18446744073709551615'",
		text, sizeof(text)),
	    0);
	ck_assert_str_eq(text, "traefik/traefik|3.1.2|comte|"
			       "2024-08-06T11:56:17Z|18446744073709551615|"
			       "127.0.0.1");
	ck_assert_int_eq(beacond_sql_int(&srv,
					 "SELECT json_extract(configuration, "
					 "'$.global.sendAnonymousUsage') FROM "
					 "v_reports WHERE hash = "
					 "'18446744073709551615'"),
			 1);
	ck_assert_int_eq(post(&srv, "/collect", body, strlen(body), NULL, &r),
			 202);
	beacond_response_dispose(&r);
	beacon_free(body);
}
END_TEST

typedef struct bad_case {
	const char *name;
	const char *body; /* NULL: built by the test */
	long status;
	const char *field; /* expected "field" of the error, or NULL */
} bad_case;

static const bad_case bad_cases[] = {
	{ "malformed", "{\"version\":", 400, NULL },
	{ "not an object", "[1,2]", 400, NULL },
	{ "empty", "", 400, NULL },
	{ "version type",
	  "{\"version\":3,\"codename\":\"c\",\"buildDate\":\"d\","
	  "\"configuration\":\"e30=\",\"hash\":\"1\"}",
	  400, "version" },
	{ "hash type",
	  "{\"version\":\"1.0.0\",\"codename\":\"c\",\"buildDate\":\"d\","
	  "\"configuration\":\"e30=\",\"hash\":1}",
	  400, "hash" },
	{ "hash negative",
	  "{\"version\":\"1.0.0\",\"codename\":\"c\",\"buildDate\":\"d\","
	  "\"configuration\":\"e30=\",\"hash\":\"-1\"}",
	  400, "hash" },
	{ "hash overflow",
	  "{\"version\":\"1.0.0\",\"codename\":\"c\",\"buildDate\":\"d\","
	  "\"configuration\":\"e30=\",\"hash\":\"18446744073709551616\"}",
	  400, "hash" },
	{ "missing hash",
	  "{\"version\":\"1.0.0\",\"codename\":\"c\",\"buildDate\":\"d\","
	  "\"configuration\":\"e30=\"}",
	  400, "hash" },
	{ "missing version",
	  "{\"codename\":\"c\",\"buildDate\":\"d\","
	  "\"configuration\":\"e30=\",\"hash\":\"1\"}",
	  400, "version" },
	{ "bad base64",
	  "{\"version\":\"1.0.0\",\"codename\":\"c\",\"buildDate\":\"d\","
	  "\"configuration\":\"!!!!\",\"hash\":\"1\"}",
	  400, "configuration" },
	{ "base64 of a non-object",
	  "{\"version\":\"1.0.0\",\"codename\":\"c\",\"buildDate\":\"d\","
	  "\"configuration\":\"WzFd\",\"hash\":\"1\"}",
	  400, "configuration" },
	{ "invalid utf-8",
	  "{\"version\":\"1.0.0\",\"codename\":\"\xff\xfe\",\"buildDate\":"
	  "\"d\","
	  "\"configuration\":\"e30=\",\"hash\":\"1\"}",
	  400, NULL },
	{ "deep nesting", NULL, 400, NULL },
	{ "schemaVersion type",
	  "{\"version\":\"1.0.0\",\"codename\":\"c\",\"buildDate\":\"d\","
	  "\"configuration\":\"e30=\",\"hash\":\"1\",\"schemaVersion\":\"x\"}",
	  400, "schemaVersion" },
};

static char *deep_body(void)
{
	beacon_buf b = BEACON_BUF_INIT(4096);
	int i;

	beacon_buf_puts(&b, "{\"version\":\"1.0.0\",\"x\":");
	for (i = 0; i < 100; i++)
		beacon_buf_putc(&b, '[');
	for (i = 0; i < 100; i++)
		beacon_buf_putc(&b, ']');
	beacon_buf_puts(&b, "}");
	return beacon_buf_detach(&b, NULL);
}

START_TEST(test_bad_inputs)
{
	const bad_case *c = &bad_cases[_i];
	long long before =
	    beacond_sql_int(&srv, "SELECT count(*) FROM reports");
	char *built = c->body == NULL ? deep_body() : NULL;
	const char *body = built != NULL ? built : c->body;
	beacond_response r;
	json_t *j;

	ck_assert_int_eq(post(&srv, "/collect", body, strlen(body), NULL, &r),
			 c->status);
	j = json_loadb(r.body.ptr, r.body.len, 0, NULL);
	ck_assert_msg(j != NULL, "%s: error body is not JSON", c->name);
	ck_assert_msg(json_string_length(json_object_get(j, "error")) > 0,
		      "%s: no error text", c->name);
	if (c->field != NULL)
		ck_assert_str_eq(json_string_value(json_object_get(j, "field")),
				 c->field);
	json_decref(j);
	beacond_response_dispose(&r);
	beacon_free(built);
	ck_assert_int_eq(beacond_sql_int(&srv, "SELECT count(*) FROM reports"),
			 before);
}
END_TEST

/* A configuration nested past limits.jsonDepth (32) but within the
 * payload's own bound: refused, naming the field. */
START_TEST(test_deep_configuration)
{
	beacon_buf cfg = BEACON_BUF_INIT(4096), body = BEACON_BUF_INIT(8192);
	beacond_response r;
	char *b64 = NULL;
	size_t b64len = 0;
	json_t *j;
	int i;

	beacon_buf_puts(&cfg, "{\"a\":");
	for (i = 0; i < 40; i++)
		beacon_buf_putc(&cfg, '[');
	for (i = 0; i < 40; i++)
		beacon_buf_putc(&cfg, ']');
	beacon_buf_putc(&cfg, '}');
	ck_assert_int_eq(beacon_base64_encode(&b64, &b64len, cfg.ptr, cfg.len),
			 0);
	beacon_buf_printf(&body,
			  "{\"version\":\"1.0.0\",\"codename\":\"c\","
			  "\"buildDate\":\"d\",\"configuration\":\"%s\","
			  "\"hash\":\"4242\"}",
			  b64);
	ck_assert_int_eq(post(&srv, "/collect", body.ptr, body.len, NULL, &r),
			 400);
	j = json_loadb(r.body.ptr, r.body.len, 0, NULL);
	ck_assert_str_eq(json_string_value(json_object_get(j, "field")),
			 "configuration");
	json_decref(j);
	beacond_response_dispose(&r);
	ck_assert_int_eq(beacond_sql_int(&srv, "SELECT count(*) FROM reports "
					       "WHERE hash = '4242'"),
			 0);
	beacon_free(b64);
	beacon_buf_dispose(&cfg);
	beacon_buf_dispose(&body);
}
END_TEST

START_TEST(test_oversize_body_413)
{
	size_t n = 100000;
	char *big = beacon_malloc(n);
	beacond_response r;
	beacon_buf raw = BEACON_BUF_INIT(65536);
	char head[512];
	int len;

	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	ck_assert_int_eq(post(&srv, "/collect", big, n, NULL, &r), 413);
	beacond_response_dispose(&r);
	/* Chunked, without Content-Length: refused once past the limit. */
	len = snprintf(head, sizeof(head),
		       "POST /collect HTTP/1.1\r\nHost: x\r\n"
		       "Content-Type: application/json\r\n"
		       "Transfer-Encoding: chunked\r\n\r\n"
		       "1000\r\n");
	memcpy(big, head, (size_t)len);
	memset(big + len, ' ', 0x1000);
	memcpy(big + len + 0x1000, "\r\n1000\r\n", 8);
	memset(big + len + 0x1000 + 8, ' ', 0x1000);
	memcpy(big + len + 0x2008, "\r\n0\r\n\r\n", 7);
	ck_assert_int_eq(
	    beacond_http_raw(&srv, big, (size_t)len + 0x2008 + 7, &raw), 413);
	beacon_buf_dispose(&raw);
	beacon_free(big);
}
END_TEST

START_TEST(test_media_type_415)
{
	const char *h[] = { "Content-Type: text/plain", NULL };
	char *body = traefik_body("3.1.2", "7");
	beacond_response r;

	ck_assert_int_eq(post(&srv, "/collect", body, strlen(body), h, &r),
			 415);
	beacond_response_dispose(&r);
	beacon_free(body);
	ck_assert_int_eq(
	    beacond_sql_int(&srv,
			    "SELECT count(*) FROM reports WHERE hash='7'"),
	    0);
}
END_TEST

/* Every string field carries SQL: stored verbatim or refused, never run. */
START_TEST(test_sql_metacharacters)
{
	static const char evil[] = "x'); DROP TABLE reports; --";
	beacon_buf b = BEACON_BUF_INIT(65536);
	beacond_response r;
	const char *h[] = { "Content-Type: application/json",
			    "User-Agent: ua'); DELETE FROM checks; --", NULL };
	char text[256];
	long status;

	beacon_buf_printf(&b,
			  "{\"version\":\"%s\",\"codename\":\"%s\","
			  "\"buildDate\":\"%s\",\"configuration\":"
			  "\"eyJhIjoiJzsgRFJPUCBUQUJMRSBjaGVja3M7LS0ifQ==\","
			  "\"hash\":\"42\",\"os\":\"%s\",\"arch\":\"%s\"}",
			  evil, evil, evil, evil, evil);
	status = post(&srv, "/collect", b.ptr, b.len, h, &r);
	ck_assert_msg(status == 202 || status == 400, "status %ld", status);
	beacond_response_dispose(&r);
	ck_assert_int_ge(beacond_sql_int(&srv, "SELECT count(*) FROM reports"),
			 0);
	ck_assert_int_ge(beacond_sql_int(&srv, "SELECT count(*) FROM checks"),
			 0);
	if (status == 202) {
		ck_assert_int_eq(
		    beacond_sql_text(&srv,
				     "SELECT codename FROM reports "
				     "WHERE hash = '42'",
				     text, sizeof(text)),
		    0);
		ck_assert_str_eq(text, evil);
		ck_assert_int_eq(beacond_sql_text(&srv,
						  "SELECT user_agent FROM "
						  "reports WHERE hash = '42'",
						  text, sizeof(text)),
				 0);
		ck_assert_str_eq(text, "ua'); DELETE FROM checks; --");
	}
	beacon_buf_dispose(&b);
}
END_TEST

START_TEST(test_rate_limit_429)
{
	beacond_harness h;
	const char *extra[] = { "--limits.reportsPerMinute", "1",
				"--limits.reportBurst", "2", NULL };
	char *body = traefik_body("3.1.2", "99");
	beacond_response r;
	char retry[32];

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	ck_assert_int_eq(post(&h, "/collect", body, strlen(body), NULL, &r),
			 202);
	beacond_response_dispose(&r);
	ck_assert_int_eq(post(&h, "/collect", body, strlen(body), NULL, &r),
			 202);
	beacond_response_dispose(&r);
	ck_assert_int_eq(post(&h, "/collect", body, strlen(body), NULL, &r),
			 429);
	ck_assert_ptr_nonnull(
	    beacond_response_header(&r, "Retry-After", retry, sizeof(retry)));
	ck_assert_int_ge(strtol(retry, NULL, 10), 1);
	ck_assert_int_le(strtol(retry, NULL, 10), 60);
	beacond_response_dispose(&r);
	ck_assert_int_eq(beacond_sql_int(&h, "SELECT count(*) FROM reports"),
			 2);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
	beacon_free(body);
}
END_TEST

/* The ip stored for a report sent with X-Forwarded-For xff. */
static void report_ip(beacond_harness *h, const char *xff, const char *hash,
		      char *ip, size_t iplen)
{
	char *body = traefik_body("3.1.2", hash);
	char hdr[256];
	const char *headers[] = { "Content-Type: application/json", hdr, NULL };
	beacond_response r;

	snprintf(hdr, sizeof(hdr), "X-Forwarded-For: %s", xff);
	ck_assert_int_eq(post(h, "/collect", body, strlen(body), headers, &r),
			 202);
	beacond_response_dispose(&r);
	ck_assert_int_ge(
	    beacond_sql_text_arg(h, "SELECT ip FROM reports WHERE hash = ?1",
				 hash, ip, iplen),
	    0);
	beacon_free(body);
}

START_TEST(test_forwarded_for)
{
	beacond_harness h;
	const char *extra[] = { "--trustedProxies", "127.0.0.0/8",
				"--trustedProxies", "10.0.0.0/8", NULL };
	char ip[128];

	/* untrusted peer (the shared server trusts nobody): header ignored */
	report_ip(&srv, "203.0.113.9", "501", ip, sizeof(ip));
	ck_assert_str_eq(ip, "127.0.0.1");

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	report_ip(&h, "198.51.100.7, 203.0.113.9, 10.1.2.3", "502", ip,
		  sizeof(ip));
	ck_assert_str_eq(ip, "203.0.113.9"); /* right-most untrusted */
	report_ip(&h, "2001:db8::1", "503", ip, sizeof(ip));
	ck_assert_str_eq(ip, "2001:db8::1");
	report_ip(&h, "garbage, 10.9.9.9", "504", ip, sizeof(ip));
	ck_assert_str_eq(ip, "10.9.9.9"); /* walk stops at the bad entry */
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
}
END_TEST

typedef struct ipmode_case {
	const char *mode;
	int want_null;
	const char *want; /* exact value, or NULL to check the hex length */
} ipmode_case;

static const ipmode_case ipmode_cases[] = {
	{ "full", 0, "127.0.0.1" },
	{ "truncated", 0, "127.0.0.0" },
	{ "hashed", 0, NULL },
	{ "none", 1, NULL },
};

START_TEST(test_ip_modes)
{
	const ipmode_case *c = &ipmode_cases[_i];
	beacond_harness h;
	const char *extra[] = { "--ipMode", c->mode, "--ipHashSecret", "s3cret",
				NULL };
	const char *rel[] = { "add", "traefik/traefik", "v3.1.0", NULL };
	char *body = traefik_body("3.1.2", "77");
	char ip[128];
	beacond_response r;

	ck_assert_int_eq(beacond_harness_init(&h), 0);
	ck_assert_int_eq(beacond_harness_release(&h, rel), 0);
	ck_assert_int_eq(beacond_harness_start(&h, extra), 0);
	ck_assert_int_eq(post(&h, "/collect", body, strlen(body), NULL, &r),
			 202);
	beacond_response_dispose(&r);
	ck_assert_int_eq(
	    beacond_sql_text(&h, "SELECT ip FROM reports", ip, sizeof(ip)),
	    c->want_null ? 1 : 0);
	if (c->want != NULL)
		ck_assert_str_eq(ip, c->want);
	else if (!c->want_null)
		ck_assert_uint_eq(strspn(ip, "0123456789abcdef"), 32);
	ck_assert_int_eq(beacond_http(&h, "GET",
				      "/repos/traefik/traefik/releases", NULL,
				      NULL, 0, &r),
			 0);
	beacond_response_dispose(&r);
	ck_assert_int_eq(wait_sql_int(&h, "SELECT count(*) FROM checks", 1), 1);
	ck_assert_int_eq(
	    beacond_sql_text(&h, "SELECT ip FROM checks", ip, sizeof(ip)),
	    c->want_null ? 1 : 0);
	ck_assert_int_eq(beacond_harness_stop(&h), 0);
	beacond_harness_cleanup(&h);
	beacon_free(body);
}
END_TEST

static Suite *collect_suite(void)
{
	Suite *s = suite_create("integration/http_collect");
	TCase *tc = tcase_create("collect");
	TCase *own = tcase_create("own_server");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_traefik_report_stored);
	tcase_add_loop_test(tc, test_bad_inputs, 0,
			    (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
	tcase_add_test(tc, test_deep_configuration);
	tcase_add_test(tc, test_oversize_body_413);
	tcase_add_test(tc, test_media_type_415);
	tcase_add_test(tc, test_sql_metacharacters);
	tcase_add_test(tc, test_forwarded_for);
	suite_add_tcase(s, tc);
	tcase_set_timeout(own, 60);
	tcase_add_test(own, test_rate_limit_429);
	tcase_add_loop_test(
	    own, test_ip_modes, 0,
	    (int)(sizeof(ipmode_cases) / sizeof(ipmode_cases[0])));
	suite_add_tcase(s, own);
	return s;
}

int main(void)
{
	return beacon_test_run(collect_suite());
}
