/* test_payload.c - suite common/payload: the usage report body, both ways,
 * and schema/payload.schema.json against the C limits. */
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/base64.h"
#include "beacon/buf.h"
#include "beacon/payload.h"
#include "test_support.h"

/* The decoder's fast-path switch (common/src/payload/envelope.h). */
extern int beacon_payload_fast_path;

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* base64 of {"global":{"checkNewVersion":true,"sendAnonymousUsage":true},
 * "entryPoints":{"web":{"address":":80"}}} */
#define CONFIG_B64                                                             \
	"eyJnbG9iYWwiOnsiY2hlY2tOZXdWZXJzaW9uIjp0cnVlLCJzZW5kQW5vbnltb3VzVXNh" \
	"Z2UiOnRydWV9LCJlbnRyeVBvaW50cyI6eyJ3ZWIiOnsiYWRkcmVzcyI6Ijo4MCJ9fX0="

/* What Traefik's collector sends: Go's json.Encoder adds the newline. */
static const char traefik_body[] =
    "{\"version\":\"v3.1.2\",\"codename\":\"comte\","
    "\"buildDate\":\"2024-08-06T13:27:49Z\",\"configuration\":\"" CONFIG_B64
    "\",\"hash\":\"12345678901234567890\"}\n";

START_TEST(traefik_body_decodes)
{
	beacon_payload p = BEACON_PAYLOAD_INIT;
	beacon_error_detail err;
	json_t *config = NULL;

	ck_assert_beacon_ok(
	    beacon_payload_decode(&p, traefik_body, strlen(traefik_body), &err),
	    &err);
	ck_assert_str_eq(p.version, "v3.1.2");
	ck_assert_str_eq(p.codename, "comte");
	ck_assert_str_eq(p.build_date, "2024-08-06T13:27:49Z");
	ck_assert_str_eq(p.configuration, CONFIG_B64);
	ck_assert(p.hash == UINT64_C(12345678901234567890));
	ck_assert_ptr_null(p.product);
	ck_assert_ptr_null(p.os);
	ck_assert_ptr_null(p.arch);
	ck_assert_int_eq(p.schema_version, 0);
	ck_assert_beacon_ok(beacon_payload_config(&config, &p, &err), &err);
	ck_assert(json_is_true(json_object_get(
	    json_object_get(config, "global"), "checkNewVersion")));
	ck_assert_str_eq(
	    json_string_value(json_object_get(
		json_object_get(json_object_get(config, "entryPoints"), "web"),
		"address")),
	    ":80");
	json_decref(config);
	beacon_payload_dispose(&p);
	ck_assert_ptr_null(p.version);
}
END_TEST

/*
 * Body variants: the Traefik body with one member replaced by raw JSON
 * text (NULL value: removed; a new name: added), and what decoding says.
 */
static const struct variant {
	const char *name;
	const char *raw;
	int rc;
	const char *source;
} variants[] = {
	/* required members missing */
	{ "version", NULL, BEACON_EINVAL, "version" },
	{ "codename", NULL, BEACON_EINVAL, "codename" },
	{ "buildDate", NULL, BEACON_EINVAL, "buildDate" },
	{ "configuration", NULL, BEACON_EINVAL, "configuration" },
	{ "hash", NULL, BEACON_EINVAL, "hash" },
	/* wrong types */
	{ "version", "3", BEACON_EINVAL, "version" },
	{ "codename", "null", BEACON_EINVAL, "codename" },
	{ "buildDate", "true", BEACON_EINVAL, "buildDate" },
	{ "configuration", "{}", BEACON_EINVAL, "configuration" },
	{ "hash", "12345", BEACON_EINVAL, "hash" },
	{ "product", "[\"a/b\"]", BEACON_EINVAL, "product" },
	{ "os", "1", BEACON_EINVAL, "os" },
	{ "arch", "{}", BEACON_EINVAL, "arch" },
	{ "schemaVersion", "\"1\"", BEACON_EINVAL, "schemaVersion" },
	{ "schemaVersion", "1.0", BEACON_EINVAL, "schemaVersion" },
	/* values */
	{ "version", "\"\"", BEACON_EINVAL, "version" },
	{ "version", "\"v1\\t\"", BEACON_EINVAL, "version" },
	{ "codename", "\"a\\u0001b\"", BEACON_EINVAL, "codename" },
	{ "buildDate", "\"x\\u007f\"", BEACON_EINVAL, "buildDate" },
	{ "os", "\"\"", BEACON_EINVAL, "os" },
	{ "codename", "\"\"", BEACON_OK, NULL },
	{ "codename", "\"caf\\u00e9 \\ud83e\\uddc0\"", BEACON_OK, NULL },
	{ "product", "\"traefik/traefik\"", BEACON_OK, NULL },
	{ "product", "\"my-org/repo.name_1\"", BEACON_OK, NULL },
	{ "product", "\"traefik\"", BEACON_EINVAL, "product" },
	{ "product", "\"a/b/c\"", BEACON_EINVAL, "product" },
	{ "product", "\"/b\"", BEACON_EINVAL, "product" },
	{ "product", "\"a/\"", BEACON_EINVAL, "product" },
	{ "product", "\"a b/c\"", BEACON_EINVAL, "product" },
	{ "product", "\"a_b/c\"", BEACON_EINVAL, "product" },
	{ "schemaVersion", "1", BEACON_OK, NULL },
	{ "schemaVersion", "65535", BEACON_OK, NULL },
	{ "schemaVersion", "0", BEACON_EINVAL, "schemaVersion" },
	{ "schemaVersion", "65536", BEACON_EINVAL, "schemaVersion" },
	{ "schemaVersion", "-1", BEACON_EINVAL, "schemaVersion" },
	/* hash */
	{ "hash", "\"0\"", BEACON_OK, NULL },
	{ "hash", "\"18446744073709551615\"", BEACON_OK, NULL },
	{ "hash", "\"18446744073709551616\"", BEACON_EINVAL, "hash" },
	{ "hash", "\"99999999999999999999\"", BEACON_EINVAL, "hash" },
	{ "hash", "\"100000000000000000000\"", BEACON_EINVAL, "hash" },
	{ "hash", "\"-1\"", BEACON_EINVAL, "hash" },
	{ "hash", "\"+1\"", BEACON_EINVAL, "hash" },
	{ "hash", "\"01\"", BEACON_EINVAL, "hash" },
	{ "hash", "\"00\"", BEACON_EINVAL, "hash" },
	{ "hash", "\"12a\"", BEACON_EINVAL, "hash" },
	{ "hash", "\" 1\"", BEACON_EINVAL, "hash" },
	{ "hash", "\"\"", BEACON_EINVAL, "hash" },
	{ "hash", "\"0x10\"", BEACON_EINVAL, "hash" },
	/* configuration: base64, then a JSON object */
	{ "configuration", "\"e30=\"", BEACON_OK, NULL },
	{ "configuration", "\"e30\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"e30=\\n\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"e3 0=\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"e31=\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"e30_\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"W10=\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"MQ==\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"ew==\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"Ingi\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"e30geA==\"", BEACON_EINVAL, "configuration" },
	{ "configuration", "\"eyJhIjoxLCJhIjoyfQ==\"", BEACON_EINVAL,
	  "configuration" },
	{ "configuration", "\"eyJhIjoi/yJ9\"", BEACON_EINVAL, "configuration" },
	/* body-level JSON problems name the member where they happen */
	{ "hash", "\"1\",\"hash\":\"2\"", BEACON_EPARSE, "hash" },
	{ "codename", "\"a\",\"codename\":\"a\"", BEACON_EPARSE, "codename" },
	{ "codename", "\"caf\xe9\"", BEACON_EPARSE, "codename" },
	{ "codename", "\"a\xc0\xaf\"", BEACON_EPARSE, "codename" },
	{ "codename", "\"\xed\xa0\x80\"", BEACON_EPARSE, "codename" },
	{ "codename", "\"a\\u0000b\"", BEACON_EPARSE, "codename" },
	{ "codename", "\"unterminated", BEACON_EPARSE, "codename" },
	{ "ke\xffy", "1", BEACON_EPARSE, "body" },
	{ "extra", "[1, {\"a\": \"\xff\"}]", BEACON_EPARSE, "extra" },
	{ "extra", "{\"x\":1,\"x\":2}", BEACON_EPARSE, "extra" },
	{ "extra", "1e999999", BEACON_EPARSE, "extra" },
	/* instanceId, reportId: 32 lower-case hex digits */
	{ "instanceId", "\"0123456789abcdef0123456789abcdef\"", BEACON_OK,
	  NULL },
	{ "instanceId", "\"0123456789ABCDEF0123456789abcdef\"", BEACON_EINVAL,
	  "instanceId" },
	{ "instanceId", "\"0123456789abcdef0123456789abcde\"", BEACON_EINVAL,
	  "instanceId" },
	{ "instanceId", "\"0123456789abcdef0123456789abcdef0\"", BEACON_EINVAL,
	  "instanceId" },
	{ "instanceId", "\"\"", BEACON_EINVAL, "instanceId" },
	{ "instanceId", "7", BEACON_EINVAL, "instanceId" },
	{ "reportId", "\"fedcba9876543210fedcba9876543210\"", BEACON_OK, NULL },
	{ "reportId", "\"fedcba9876543210fedcba987654321g\"", BEACON_EINVAL,
	  "reportId" },
	{ "reportId", "\"fedcba98-7654-3210-fedc-ba9876543210\"", BEACON_EINVAL,
	  "reportId" },
	/* unknown members are ignored */
	{ "extra", "{\"nested\":[1,2,{\"x\":null}]}", BEACON_OK, NULL },
	{ "Version", "\"ignored: names are case-sensitive\"", BEACON_OK, NULL },
};

/* The Traefik body with member name set to raw (see variants). */
static char *body_variant(const char *name, const char *raw)
{
	static const char *const names[] = { "version", "codename", "buildDate",
					     "configuration", "hash" };
	static const char *const values[] = { "\"v3.1.2\"", "\"comte\"",
					      "\"2024-08-06T13:27:49Z\"",
					      "\"" CONFIG_B64 "\"",
					      "\"12345678901234567890\"" };
	beacon_buf b = BEACON_BUF_INIT(1 << 20);
	const char *sep = "{";
	int i, found = 0;

	for (i = 0; i < NELEM(names); i++) {
		const char *v = values[i];
		if (strcmp(names[i], name) == 0) {
			found = 1;
			v = raw;
		}
		if (v == NULL)
			continue;
		ck_assert_int_eq(
		    beacon_buf_printf(&b, "%s\"%s\":%s", sep, names[i], v), 0);
		sep = ",";
	}
	if (!found)
		ck_assert_int_eq(beacon_buf_printf(&b, ",\"%s\":%s", name, raw),
				 0);
	ck_assert_int_eq(beacon_buf_puts(&b, "}\n"), 0);
	return beacon_buf_detach(&b, NULL);
}

/* One vector of variants, by index. */
static void variant_bodies_one(int idx)
{
	const struct variant *v = &variants[idx];
	char *body = body_variant(v->name, v->raw);
	beacon_payload p;
	beacon_error_detail err;
	int rc = beacon_payload_decode(&p, body, strlen(body), &err);

	ck_assert_msg(rc == v->rc, "%s: %d, want %d (%s: %s)", body, rc, v->rc,
		      err.source, err.text);
	if (v->rc == BEACON_OK) {
		ck_assert_ptr_nonnull(p.version);
		beacon_payload_dispose(&p);
	} else {
		ck_assert_str_eq(err.source, v->source);
		ck_assert_int_eq(err.code, v->rc);
		ck_assert_ptr_nonnull(strstr(err.text, v->source));
		ck_assert_ptr_null(strchr(err.text, '\n'));
		ck_assert_ptr_null(p.version);
		ck_assert_ptr_null(p.codename);
	}
	beacon_free(body);
}

START_TEST(variant_bodies)
{
	int i;

	for (i = 0; i < NELEM(variants); i++)
		variant_bodies_one(i);
}
END_TEST

/* A body whose configuration is {"a":1}, the 1 inside cfg_arrays arrays,
 * with the top-level member "x": extra (raw JSON, NULL: none) and hash.
 * New: beacon_free. */
static char *depth_body(int cfg_arrays, const char *extra, const char *hash)
{
	beacon_buf cfg = BEACON_BUF_INIT(4096), body = BEACON_BUF_INIT(8192);
	char *b64 = NULL;
	int i;

	ck_assert_int_eq(beacon_buf_puts(&cfg, "{\"a\":"), 0);
	for (i = 0; i < cfg_arrays; i++)
		ck_assert_int_eq(beacon_buf_putc(&cfg, '['), 0);
	ck_assert_int_eq(beacon_buf_putc(&cfg, '1'), 0);
	for (i = 0; i < cfg_arrays; i++)
		ck_assert_int_eq(beacon_buf_putc(&cfg, ']'), 0);
	ck_assert_int_eq(beacon_buf_putc(&cfg, '}'), 0);
	ck_assert_int_eq(beacon_base64_encode(&b64, NULL, cfg.ptr, cfg.len), 0);
	ck_assert_int_eq(
	    beacon_buf_printf(&body,
			      "{\"version\":\"1.0.0\",\"codename\":\"c\","
			      "\"buildDate\":\"d\",\"configuration\":\"%s\","
			      "\"hash\":\"%s\"%s%s}",
			      b64, hash, extra ? ",\"x\":" : "",
			      extra ? extra : ""),
	    0);
	beacon_free(b64);
	beacon_buf_dispose(&cfg);
	return beacon_buf_detach(&body, NULL);
}

/* Decode body with max_depth; checks the code, source and text. */
static void expect_depth(const char *body, unsigned max_depth, int rc,
			 const char *source, const char *text)
{
	beacon_payload_decode_options opts = BEACON_PAYLOAD_DECODE_OPTIONS_INIT;
	beacon_payload p;
	beacon_error_detail err;
	int got;

	opts.max_depth = max_depth;
	got = beacon_payload_decode_opts(&p, body, strlen(body), &opts, &err);
	ck_assert_msg(got == rc, "%s: %d, want %d (%s: %s)", body, got, rc,
		      err.source, err.text);
	ck_assert_int_eq(beacon_payload_error_is_depth(got, &err),
			 text != NULL && rc == BEACON_ELIMIT);
	if (source != NULL)
		ck_assert_str_eq(err.source, source);
	if (text != NULL)
		ck_assert_str_eq(err.text, text);
	if (got == BEACON_OK)
		beacon_payload_dispose(&p);
	else
		ck_assert_ptr_null(p.version);
}

/* opts->max_depth bounds the body and the configuration in the decoding
 * pass itself, with the answers beacond's route gave from its own scan. */
START_TEST(decode_depth_limit)
{
	static const char body_text[] = "JSON nesting exceeds the depth limit";
	static const char cfg_text[] =
	    "configuration nesting exceeds the depth limit";
	beacon_payload_decode_options bad = BEACON_PAYLOAD_DECODE_OPTIONS_INIT;
	char *body = depth_body(4, NULL, "1");
	beacon_payload p;

	/* configuration: the object and 4 arrays, depth 5 */
	expect_depth(body, 5, BEACON_OK, NULL, NULL);
	expect_depth(body, 0, BEACON_OK, NULL, NULL);
	expect_depth(body, 4, BEACON_ELIMIT, "configuration", cfg_text);
	beacon_free(body);
	/* reported only once every other member checked out */
	body = depth_body(4, NULL, "007");
	expect_depth(body, 4, BEACON_EINVAL, "hash", NULL);
	beacon_free(body);
	/* the body: the object and 3 arrays, depth 4 */
	body = depth_body(0, "[[[1]]]", "1");
	expect_depth(body, 4, BEACON_OK, NULL, NULL);
	expect_depth(body, 3, BEACON_ELIMIT, "", body_text);
	/* the same on the full (Jansson) path */
	beacon_payload_fast_path = 0;
	expect_depth(body, 3, BEACON_ELIMIT, "", body_text);
	beacon_payload_fast_path = 1;
	beacon_free(body);
	/* too deep before its syntax error: the depth is the answer */
	expect_depth("{\"x\":[[[[1,}", 3, BEACON_ELIMIT, "", body_text);
	expect_depth("{\"x\":[[[[1,}", 0, BEACON_EPARSE, NULL, NULL);
	bad.version = 99;
	ck_assert_int_eq(beacon_payload_decode_opts(&p, "{}", 2, &bad, NULL),
			 BEACON_EINVAL);
}
END_TEST

START_TEST(error_texts)
{
	char *body = body_variant("hash", "\"007\"");
	beacon_payload p;
	beacon_error_detail err;

	ck_assert_int_eq(beacon_payload_decode(&p, body, strlen(body), &err),
			 BEACON_EINVAL);
	ck_assert_str_eq(err.source, "hash");
	ck_assert_str_eq(err.text,
			 "hash must be an unsigned 64-bit decimal string");
	beacon_free(body);
	body = body_variant("os", "\"linux\",\"arch\":\"\xff\"");
	ck_assert_int_eq(beacon_payload_decode(&p, body, strlen(body), &err),
			 BEACON_EPARSE);
	ck_assert_str_eq(err.source, "arch");
	ck_assert_int_eq(err.line, 1);
	ck_assert_int_gt(err.column, 0);
	/* the parser's message, made printable: no raw byte 0xff */
	ck_assert_ptr_null(strchr(err.text, '\xff'));
	beacon_free(body);
}
END_TEST

START_TEST(body_shapes)
{
	static const struct {
		const char *body;
		int rc;
	} cases[] = {
		{ "", BEACON_EPARSE },
		{ "{", BEACON_EPARSE },
		{ "[]", BEACON_EINVAL },
		{ "\"x\"", BEACON_EPARSE },
		{ "null", BEACON_EPARSE },
		{ "{} x", BEACON_EPARSE },
		{ "{}\n", BEACON_EINVAL },
		{ "{}{}", BEACON_EPARSE },
		{ "\xef\xbb\xbf{}", BEACON_EPARSE },
	};
	beacon_payload p;
	beacon_error_detail err;
	int i;

	for (i = 0; i < NELEM(cases); i++) {
		int rc = beacon_payload_decode(&p, cases[i].body,
					       strlen(cases[i].body), &err);
		ck_assert_msg(rc == cases[i].rc, "\"%s\": %d", cases[i].body,
			      rc);
		if (rc != BEACON_EINVAL || cases[i].body[0] == '[')
			ck_assert_str_eq(err.source, "body");
		else
			ck_assert_str_eq(err.source, "version");
	}
	ck_assert_int_eq(beacon_payload_decode(NULL, "{}", 2, &err),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_payload_decode(&p, NULL, 2, &err),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_payload_decode(&p, NULL, 0, NULL),
			 BEACON_EPARSE);
}
END_TEST

/* A body whose member name has a string value of n copies of unit. */
static char *body_with_repeat(const char *name, const char *unit, size_t n)
{
	size_t u = strlen(unit), i;
	char *value = beacon_malloc(n * u + 3), *body;

	ck_assert_ptr_nonnull(value);
	value[0] = '"';
	for (i = 0; i < n; i++)
		memcpy(value + 1 + i * u, unit, u);
	memcpy(value + 1 + n * u, "\"", 2);
	body = body_variant(name, value);
	beacon_free(value);
	return body;
}

static void expect_decode(char *body, int rc, const char *source)
{
	beacon_payload p;
	beacon_error_detail err;
	int got = beacon_payload_decode(&p, body, strlen(body), &err);

	ck_assert_msg(got == rc, "%.60s...: %d want %d (%s)", body, got, rc,
		      err.text);
	if (rc == BEACON_OK)
		beacon_payload_dispose(&p);
	else
		ck_assert_str_eq(err.source, source);
	beacon_free(body);
}

START_TEST(length_limits)
{
	static const struct {
		const char *name;
		size_t max;
	} fields[] = {
		{ "version", BEACON_PAYLOAD_MAX_VERSION },
		{ "codename", BEACON_PAYLOAD_MAX_CODENAME },
		{ "buildDate", BEACON_PAYLOAD_MAX_BUILD_DATE },
		{ "os", BEACON_PAYLOAD_MAX_OS },
		{ "arch", BEACON_PAYLOAD_MAX_ARCH },
	};
	int i;

	for (i = 0; i < NELEM(fields); i++) {
		const char *n = fields[i].name;
		expect_decode(body_with_repeat(n, "x", fields[i].max),
			      BEACON_OK, NULL);
		expect_decode(body_with_repeat(n, "x", fields[i].max + 1),
			      BEACON_ELIMIT, n);
		/* characters, not bytes: 2-byte and 4-byte ones */
		expect_decode(body_with_repeat(n, "\xc3\xa9", fields[i].max),
			      BEACON_OK, NULL);
		expect_decode(
		    body_with_repeat(n, "\xf0\x9f\xa7\x80", fields[i].max + 1),
		    BEACON_ELIMIT, n);
	}
}
END_TEST

/* base64 of len bytes of json as a JSON string literal (new). */
static char *quoted_b64(const char *json, size_t len)
{
	char *b64 = NULL, *quoted;
	size_t n = 0;

	ck_assert_int_eq(beacon_base64_encode(&b64, &n, json, len), BEACON_OK);
	quoted = beacon_malloc(n + 3);
	ck_assert_ptr_nonnull(quoted);
	quoted[0] = '"';
	memcpy(quoted + 1, b64, n);
	memcpy(quoted + 1 + n, "\"", 2);
	beacon_free(b64);
	return quoted;
}

/* quoted_b64 of "{" + spaces + "}", len bytes. */
static char *quoted_config_of_len(size_t len)
{
	char *json = beacon_malloc(len), *quoted;

	ck_assert_ptr_nonnull(json);
	memset(json, ' ', len);
	json[0] = '{';
	json[len - 1] = '}';
	quoted = quoted_b64(json, len);
	beacon_free(json);
	return quoted;
}

START_TEST(product_and_configuration_limits)
{
	char product[BEACON_PAYLOAD_MAX_PRODUCT + 8];
	const size_t json_max = BEACON_PAYLOAD_MAX_CONFIGURATION / 4 * 3;
	char *raw;

	/* "a/aaa...": exactly the limit, then one more */
	memset(product, 'a', sizeof(product));
	product[0] = '"';
	product[2] = '/';
	product[BEACON_PAYLOAD_MAX_PRODUCT + 1] = '"';
	product[BEACON_PAYLOAD_MAX_PRODUCT + 2] = '\0';
	expect_decode(body_variant("product", product), BEACON_OK, NULL);
	product[BEACON_PAYLOAD_MAX_PRODUCT + 1] = 'a';
	product[BEACON_PAYLOAD_MAX_PRODUCT + 2] = '"';
	product[BEACON_PAYLOAD_MAX_PRODUCT + 3] = '\0';
	expect_decode(body_variant("product", product), BEACON_ELIMIT,
		      "product");

	raw = quoted_config_of_len(json_max);
	ck_assert_uint_eq(strlen(raw), BEACON_PAYLOAD_MAX_CONFIGURATION + 2);
	expect_decode(body_variant("configuration", raw), BEACON_OK, NULL);
	beacon_free(raw);
	raw = quoted_config_of_len(json_max + 1);
	expect_decode(body_variant("configuration", raw), BEACON_ELIMIT,
		      "configuration");
	beacon_free(raw);
}
END_TEST

START_TEST(body_size_limit)
{
	char *body;
	size_t overhead;

	/* an unknown member fills the body up to exactly the limit */
	body = body_variant("extra", "\"\"");
	overhead = strlen(body);
	beacon_free(body);
	expect_decode(
	    body_with_repeat("extra", "x", BEACON_PAYLOAD_MAX_BODY - overhead),
	    BEACON_OK, NULL);
	expect_decode(body_with_repeat("extra", "x",
				       BEACON_PAYLOAD_MAX_BODY - overhead + 1),
		      BEACON_ELIMIT, "body");
}
END_TEST

/* n nested arrays around 0: "[[[0]]]" for n = 3. */
static char *nested(const char *open, const char *close, int n)
{
	beacon_buf b = BEACON_BUF_INIT(1 << 20);
	int i;

	for (i = 0; i < n; i++)
		ck_assert_int_eq(beacon_buf_puts(&b, open), 0);
	ck_assert_int_eq(beacon_buf_putc(&b, '0'), 0);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(beacon_buf_puts(&b, close), 0);
	return beacon_buf_detach(&b, NULL);
}

START_TEST(nesting_limits)
{
	char *raw, *quoted;

	/* the body is level 1, so a member may nest MAX_DEPTH - 1 levels */
	raw = nested("[", "]", BEACON_MAX_DEPTH - 1);
	expect_decode(body_variant("extra", raw), BEACON_OK, NULL);
	beacon_free(raw);
	raw = nested("{\"a\":", "}", BEACON_MAX_DEPTH);
	expect_decode(body_variant("extra", raw), BEACON_ELIMIT, "extra");
	beacon_free(raw);
	/* deeper than Jansson's own parser limit */
	raw = nested("[", "]", 5000);
	expect_decode(body_variant("extra", raw), BEACON_ELIMIT, "extra");
	beacon_free(raw);

	/* the decoded configuration is a document of its own: root level 1 */
	raw = nested("{\"a\":", "}", BEACON_MAX_DEPTH);
	quoted = quoted_b64(raw, strlen(raw));
	expect_decode(body_variant("configuration", quoted), BEACON_OK, NULL);
	beacon_free(raw);
	beacon_free(quoted);
	raw = nested("{\"a\":", "}", BEACON_MAX_DEPTH + 1);
	quoted = quoted_b64(raw, strlen(raw));
	expect_decode(body_variant("configuration", quoted), BEACON_ELIMIT,
		      "configuration");
	beacon_free(raw);
	beacon_free(quoted);
}
END_TEST

/* A payload with every member set, as the client fills it. */
static void full_payload(beacon_payload *p)
{
	json_t *config = json_pack("{s:{s:b,s:b},s:{s:{s:s}}}", "global",
				   "checkNewVersion", 1, "sendAnonymousUsage",
				   1, "entryPoints", "web", "address", ":80");

	ck_assert_ptr_nonnull(config);
	memset(p, 0, sizeof(*p));
	p->version = beacon_strdup("v3.1.2");
	p->codename = beacon_strdup("comte");
	p->build_date = beacon_strdup("2024-08-06T13:27:49Z");
	p->hash = UINT64_MAX;
	p->product = beacon_strdup("traefik/traefik");
	p->os = beacon_strdup("linux");
	p->arch = beacon_strdup("amd64");
	p->schema_version = BEACON_PAYLOAD_SCHEMA_VERSION;
	ck_assert_int_eq(beacon_payload_set_config(p, config), BEACON_OK);
	json_decref(config);
}

START_TEST(encode_exact_and_round_trip)
{
	static const char want[] =
	    "{\"version\":\"v3.1.2\",\"codename\":\"comte\","
	    "\"buildDate\":\"2024-08-06T13:27:49Z\",\"configuration\":"
	    "\"" CONFIG_B64
	    "\",\"hash\":\"18446744073709551615\",\"product\":\"traefik/"
	    "traefik\",\"os\":\"linux\",\"arch\":\"amd64\",\"schemaVersion\":"
	    "1}";
	beacon_payload p, q;
	beacon_error_detail err;
	char *body = NULL, *again = NULL;
	size_t len = 0;

	full_payload(&p);
	ck_assert_str_eq(p.configuration, CONFIG_B64);
	ck_assert_int_eq(beacon_payload_encode(&body, &len, &p), BEACON_OK);
	ck_assert_str_eq(body, want);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_beacon_ok(beacon_payload_decode(&q, body, len, &err), &err);
	ck_assert_str_eq(q.version, p.version);
	ck_assert_str_eq(q.codename, p.codename);
	ck_assert_str_eq(q.build_date, p.build_date);
	ck_assert_str_eq(q.configuration, p.configuration);
	ck_assert(q.hash == p.hash);
	ck_assert_str_eq(q.product, p.product);
	ck_assert_str_eq(q.os, p.os);
	ck_assert_str_eq(q.arch, p.arch);
	ck_assert_int_eq(q.schema_version, 1);
	ck_assert_int_eq(beacon_payload_encode(&again, NULL, &q), BEACON_OK);
	ck_assert_str_eq(again, want);
	beacon_free(body);
	beacon_free(again);
	beacon_payload_dispose(&p);
	beacon_payload_dispose(&q);
}
END_TEST

START_TEST(encode_minimal_and_heap_payload)
{
	beacon_payload *p = NULL;
	json_t *config = json_object();
	char *body = NULL;

	ck_assert_int_eq(beacon_payload_new(&p), BEACON_OK);
	p->version = beacon_strdup("dev");
	p->codename = beacon_strdup("");
	p->build_date = beacon_strdup("");
	p->hash = 0;
	ck_assert_int_eq(beacon_payload_set_config(p, config), BEACON_OK);
	ck_assert_str_eq(p->configuration, "e30=");
	ck_assert_int_eq(beacon_payload_encode(&body, NULL, p), BEACON_OK);
	ck_assert_str_eq(body, "{\"version\":\"dev\",\"codename\":\"\","
			       "\"buildDate\":\"\",\"configuration\":\"e30=\","
			       "\"hash\":\"0\"}");
	beacon_free(body);
	json_decref(config);
	beacon_payload_free(p);
	beacon_payload_free(NULL);
	beacon_payload_dispose(NULL);
}
END_TEST

START_TEST(set_config_keeps_document_order)
{
	beacon_payload p = BEACON_PAYLOAD_INIT;
	json_t *config = json_object(), *back = NULL;
	beacon_error_detail err;
	static const char *const order[] = { "zeta", "alpha", "mid" };
	char *deep;
	void *it;
	int i = 0;

	json_object_set_new(config, "zeta", json_integer(1));
	json_object_set_new(config, "alpha", json_string("\xc3\xa9/x"));
	json_object_set_new(config, "mid", json_pack("[i,n,b]", 2, 0));
	ck_assert_int_eq(beacon_payload_set_config(&p, config), BEACON_OK);
	/* {"zeta":1,"alpha":"é/x","mid":[2,null,false]} */
	ck_assert_str_eq(p.configuration, "eyJ6ZXRhIjoxLCJhbHBoYSI6IsOpL3giLCJt"
					  "aWQiOlsyLG51bGwsZmFsc2VdfQ==");
	ck_assert_beacon_ok(beacon_payload_config(&back, &p, &err), &err);
	ck_assert(json_equal(back, config));
	for (it = json_object_iter(back); it != NULL;
	     it = json_object_iter_next(back, it))
		ck_assert_str_eq(json_object_iter_key(it), order[i++]);
	ck_assert_int_eq(i, 3);
	json_decref(back);

	/* not an object, too deep: refused, p unchanged */
	ck_assert_int_eq(
	    beacon_payload_set_config(&p, json_object_get(config, "mid")),
	    BEACON_EINVAL);
	ck_assert_int_eq(beacon_payload_set_config(NULL, config),
			 BEACON_EINVAL);
	deep = nested("[", "]", BEACON_MAX_DEPTH);
	json_object_set_new(config, "deep", json_loads(deep, 0, NULL));
	ck_assert_int_eq(beacon_payload_set_config(&p, config), BEACON_ELIMIT);
	ck_assert_str_eq(p.configuration, "eyJ6ZXRhIjoxLCJhbHBoYSI6IsOpL3giLCJt"
					  "aWQiOlsyLG51bGwsZmFsc2VdfQ==");
	beacon_free(deep);
	json_decref(config);
	beacon_payload_dispose(&p);
}
END_TEST

START_TEST(set_config_size_limit)
{
	const size_t json_max = BEACON_PAYLOAD_MAX_CONFIGURATION / 4 * 3;
	beacon_payload p = BEACON_PAYLOAD_INIT;
	json_t *config = json_object();
	char *big = beacon_malloc(json_max);

	ck_assert_ptr_nonnull(big);
	/* {"k":"xxx..."} is 8 bytes plus the string */
	memset(big, 'x', json_max);
	json_object_set_new(config, "k", json_stringn(big, json_max - 8));
	ck_assert_int_eq(beacon_payload_set_config(&p, config), BEACON_OK);
	ck_assert_uint_eq(strlen(p.configuration),
			  BEACON_PAYLOAD_MAX_CONFIGURATION);
	json_object_set_new(config, "k", json_stringn(big, json_max - 7));
	ck_assert_int_eq(beacon_payload_set_config(&p, config), BEACON_ELIMIT);
	ck_assert_uint_eq(strlen(p.configuration),
			  BEACON_PAYLOAD_MAX_CONFIGURATION);
	beacon_free(big);
	json_decref(config);
	beacon_payload_dispose(&p);
}
END_TEST

/* encode validates first, with the decoder's codes and member names. */
START_TEST(encode_refuses_invalid)
{
	beacon_payload p;
	beacon_error_detail err;
	char *body = (char *)1;

	full_payload(&p);
	p.hash = 0;
	ck_assert_int_eq(beacon_payload_validate(&p, &err), BEACON_OK);
	beacon_free(p.version);
	p.version = NULL;
	ck_assert_int_eq(beacon_payload_encode(&body, NULL, &p), BEACON_EINVAL);
	ck_assert_ptr_null(body);
	ck_assert_int_eq(beacon_payload_validate(&p, &err), BEACON_EINVAL);
	ck_assert_str_eq(err.source, "version");
	p.version = beacon_strdup("v1\n");
	ck_assert_int_eq(beacon_payload_validate(&p, &err), BEACON_EINVAL);
	ck_assert_str_eq(err.source, "version");
	beacon_free(p.os);
	p.os = beacon_strdup("linux\xff");
	p.version[2] = '\0';
	ck_assert_int_eq(beacon_payload_validate(&p, &err), BEACON_EINVAL);
	ck_assert_str_eq(err.source, "os");
	ck_assert_int_eq(beacon_payload_encode(&body, NULL, &p), BEACON_EINVAL);
	p.os[5] = '\0';
	p.schema_version = -3;
	ck_assert_int_eq(beacon_payload_validate(&p, &err), BEACON_EINVAL);
	ck_assert_str_eq(err.source, "schemaVersion");
	p.schema_version = 0;
	beacon_free(p.configuration);
	p.configuration = beacon_strdup("W10=");
	ck_assert_int_eq(beacon_payload_encode(&body, NULL, &p), BEACON_EINVAL);
	ck_assert_int_eq(beacon_payload_validate(&p, &err), BEACON_EINVAL);
	ck_assert_str_eq(err.source, "configuration");
	ck_assert_int_eq(beacon_payload_validate(NULL, &err), BEACON_EINVAL);
	ck_assert_int_eq(beacon_payload_encode(NULL, NULL, &p), BEACON_EINVAL);
	beacon_payload_dispose(&p);
}
END_TEST

START_TEST(config_arguments)
{
	beacon_payload p = BEACON_PAYLOAD_INIT;
	beacon_error_detail err;
	json_t *config = json_null();

	ck_assert_int_eq(beacon_payload_config(&config, &p, &err),
			 BEACON_EINVAL);
	ck_assert_ptr_null(config);
	ck_assert_str_eq(err.source, "configuration");
	p.configuration = beacon_strdup("e30");
	ck_assert_int_eq(beacon_payload_config(&config, &p, &err),
			 BEACON_EINVAL);
	ck_assert_str_eq(err.text,
			 "configuration must be standard padded base64");
	ck_assert_int_eq(beacon_payload_config(NULL, &p, NULL), BEACON_EINVAL);
	beacon_payload_dispose(&p);
}
END_TEST

/*
 * Every allocation failing in turn: the call returns BEACON_ENOMEM and
 * leaves nothing behind (ASan's leak check and the payload's emptiness
 * say so), until enough succeed.
 */
START_TEST(decode_allocation_failures)
{
	beacon_payload p;
	beacon_error_detail err;
	long n;
	int rc;

	for (n = 0;; n++) {
		beacon_alloc_fail_after(n);
		rc = beacon_payload_decode(&p, traefik_body,
					   strlen(traefik_body), &err);
		beacon_alloc_fail_after(-1);
		if (rc == BEACON_OK)
			break;
		ck_assert_msg(rc == BEACON_ENOMEM, "n=%ld: %d %s: %s", n, rc,
			      err.source, err.text);
		ck_assert_ptr_null(p.version);
		ck_assert_ptr_null(p.configuration);
	}
	ck_assert_int_gt(n, 5);
	beacon_payload_dispose(&p);
}
END_TEST

START_TEST(encode_allocation_failures)
{
	beacon_payload p;
	char *body = NULL;
	json_t *config = NULL;
	long n;
	int rc;

	full_payload(&p);
	for (n = 0;; n++) {
		beacon_alloc_fail_after(n);
		rc = beacon_payload_encode(&body, NULL, &p);
		beacon_alloc_fail_after(-1);
		if (rc == BEACON_OK)
			break;
		ck_assert_msg(rc == BEACON_ENOMEM, "n=%ld: %d", n, rc);
		ck_assert_ptr_null(body);
	}
	ck_assert_int_gt(n, 3);
	beacon_free(body);
	for (n = 0;; n++) {
		beacon_alloc_fail_after(n);
		rc = beacon_payload_config(&config, &p, NULL);
		beacon_alloc_fail_after(-1);
		if (rc == BEACON_OK)
			break;
		ck_assert_msg(rc == BEACON_ENOMEM, "n=%ld: %d", n, rc);
		ck_assert_ptr_null(config);
	}
	for (n = 0;; n++) {
		beacon_alloc_fail_after(n);
		rc = beacon_payload_set_config(&p, config);
		beacon_alloc_fail_after(-1);
		if (rc == BEACON_OK)
			break;
		ck_assert_msg(rc == BEACON_ENOMEM, "n=%ld: %d", n, rc);
		ck_assert_str_eq(p.configuration, CONFIG_B64);
	}
	ck_assert_str_eq(p.configuration, CONFIG_B64);
	json_decref(config);
	beacon_payload_dispose(&p);
}
END_TEST

static json_t *schema_property(json_t *schema, const char *name,
			       const char *keyword)
{
	json_t *v = json_object_get(
	    json_object_get(json_object_get(schema, "properties"), name),
	    keyword);

	ck_assert_msg(v != NULL, "schema: %s has no %s", name, keyword);
	return v;
}

/* POSIX ERE match of the schema's pattern for name against s. */
static int schema_match(json_t *schema, const char *name, const char *s)
{
	regex_t re;
	int rc;

	ck_assert_int_eq(
	    regcomp(&re,
		    json_string_value(schema_property(schema, name, "pattern")),
		    REG_EXTENDED | REG_NOSUB),
	    0);
	rc = regexec(&re, s, 0, NULL, 0);
	regfree(&re);
	return rc == 0;
}

/* The schema file states the C limits, and its patterns accept exactly
 * what the decoder accepts on the vectors of this file. */
START_TEST(schema_matches_constants)
{
	static const struct {
		const char *name;
		long min, max;
	} lengths[] = {
		{ "version", 1, BEACON_PAYLOAD_MAX_VERSION },
		{ "codename", 0, BEACON_PAYLOAD_MAX_CODENAME },
		{ "buildDate", 0, BEACON_PAYLOAD_MAX_BUILD_DATE },
		{ "configuration", 4, BEACON_PAYLOAD_MAX_CONFIGURATION },
		{ "hash", 1, BEACON_PAYLOAD_MAX_HASH },
		{ "product", 3, BEACON_PAYLOAD_MAX_PRODUCT },
		{ "os", 1, BEACON_PAYLOAD_MAX_OS },
		{ "arch", 1, BEACON_PAYLOAD_MAX_ARCH },
	};
	static const char *const required[] = { "version", "codename",
						"buildDate", "configuration",
						"hash" };
	json_error_t jerr;
	json_t *schema = json_load_file(
	    BEACON_SOURCE_DIR "/schema/payload.schema.json", 0, &jerr);
	json_t *req;
	int i;

	ck_assert_msg(schema != NULL, "%s", jerr.text);
	ck_assert_str_eq(json_string_value(json_object_get(schema, "$schema")),
			 "https://json-schema.org/draft/2020-12/schema");
	for (i = 0; i < NELEM(lengths); i++) {
		const char *n = lengths[i].name;
		ck_assert_int_eq(
		    json_integer_value(schema_property(schema, n, "maxLength")),
		    lengths[i].max);
		ck_assert_int_eq(
		    json_integer_value(schema_property(schema, n, "minLength")),
		    lengths[i].min);
	}
	ck_assert_int_eq(json_integer_value(schema_property(
			     schema, "schemaVersion", "minimum")),
			 1);
	ck_assert_int_eq(json_integer_value(schema_property(
			     schema, "schemaVersion", "maximum")),
			 BEACON_PAYLOAD_MAX_SCHEMA_VERSION);
	ck_assert_int_eq(json_integer_value(
			     json_object_get(schema, "x-beacon-maxBodyBytes")),
			 BEACON_PAYLOAD_MAX_BODY);
	ck_assert_int_eq(
	    json_integer_value(json_object_get(schema, "x-beacon-maxDepth")),
	    BEACON_MAX_DEPTH);
	/* text members: no C0 control character, no DEL, as the decoder */
	for (i = 0; i < NELEM(lengths); i++) {
		const char *n = lengths[i].name;
		if (strcmp(n, "configuration") == 0 || strcmp(n, "hash") == 0 ||
		    strcmp(n, "product") == 0)
			continue;
		ck_assert_str_eq(
		    json_string_value(schema_property(schema, n, "pattern")),
		    "^[^\\x00-\\x1F\\x7F]*$");
	}
	req = json_object_get(schema, "required");
	ck_assert_uint_eq(json_array_size(req), NELEM(required));
	for (i = 0; i < NELEM(required); i++)
		ck_assert_str_eq(json_string_value(json_array_get(req, i)),
				 required[i]);
	ck_assert(
	    json_is_true(json_object_get(schema, "additionalProperties")));
	json_decref(schema);
}
END_TEST

/* Schema patterns vs the decoder, over the variant vectors. */
START_TEST(schema_patterns_agree)
{
	static const char *const checked[] = { "hash", "product",
					       "configuration", "instanceId",
					       "reportId" };
	json_t *schema = json_load_file(
	    BEACON_SOURCE_DIR "/schema/payload.schema.json", 0, NULL);
	int i, j, compared = 0;

	ck_assert_ptr_nonnull(schema);
	for (i = 0; i < NELEM(variants); i++) {
		json_t *raw;
		const char *name = variants[i].name;
		int ours, theirs, is_checked = 0;
		for (j = 0; j < NELEM(checked); j++)
			is_checked |= strcmp(checked[j], name) == 0;
		raw = variants[i].raw == NULL
			  ? NULL
			  : json_loads(variants[i].raw, JSON_DECODE_ANY, NULL);
		if (!is_checked || !json_is_string(raw) ||
		    (variants[i].rc != BEACON_OK &&
		     strcmp(variants[i].source, name) != 0)) {
			json_decref(raw);
			continue;
		}
		ours = variants[i].rc == BEACON_OK;
		theirs = schema_match(schema, name, json_string_value(raw));
		/* the schema cannot see inside the configuration's JSON */
		if (strcmp(name, "configuration") != 0 || theirs == 0 || ours)
			ck_assert_msg(ours == theirs, "%s=%s: C %d, schema %d",
				      name, variants[i].raw, ours, theirs);
		compared++;
		json_decref(raw);
	}
	ck_assert_int_ge(compared, 25);
	ck_assert(schema_match(schema, "configuration", CONFIG_B64));
	ck_assert(!schema_match(schema, "configuration", "Zh=="));
	ck_assert(!schema_match(schema, "configuration", "Zm9="));
	ck_assert(schema_match(schema, "configuration", "Zg=="));
	ck_assert(schema_match(schema, "configuration", "Zm8="));
	json_decref(schema);
}
END_TEST

static Suite *payload_suite(void)
{
	Suite *s = suite_create("common/payload");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, traefik_body_decodes);
	tcase_add_test(tc, variant_bodies);
	tcase_add_test(tc, error_texts);
	tcase_add_test(tc, body_shapes);
	tcase_add_test(tc, length_limits);
	tcase_add_test(tc, product_and_configuration_limits);
	tcase_add_test(tc, body_size_limit);
	tcase_add_test(tc, nesting_limits);
	tcase_add_test(tc, encode_exact_and_round_trip);
	tcase_add_test(tc, encode_minimal_and_heap_payload);
	tcase_add_test(tc, set_config_keeps_document_order);
	tcase_add_test(tc, set_config_size_limit);
	tcase_add_test(tc, encode_refuses_invalid);
	tcase_add_test(tc, config_arguments);
	tcase_add_test(tc, decode_depth_limit);
	tcase_add_test(tc, decode_allocation_failures);
	tcase_add_test(tc, encode_allocation_failures);
	tcase_add_test(tc, schema_matches_constants);
	tcase_add_test(tc, schema_patterns_agree);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(payload_suite());
}
