/* test_anon.c - suite common/anon: the anonymizer over project fixtures
 * (tests/data/anon/<case>/{input,expected}.json), output styles, schema
 * validation and out-of-memory paths. Golden tests: test_anon_golden.c. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/anon.h"
#include "beacon/doc.h"
#include "beacon/limits.h"
#include "test_support.h"

#define ANON_DATA BEACON_SOURCE_DIR "/tests/data/anon"
#define PATH_SIZE 512

static const char *const fixture_cases[] = {
	"seed-docs",        "seed-docs-indented", "providers", "observability",
	"entrypoints-acme", "dynamic-and-case",   "shapes",
};

static beacon_export_schema *traefik_schema(void)
{
	beacon_export_schema *schema = NULL;
	beacon_error_detail err;

	ck_assert_beacon_ok(beacon_export_schema_traefik(&schema, &err), &err);
	return schema;
}

static json_t *load_json(const char *dir, const char *name)
{
	char path[PATH_SIZE];
	json_error_t jerr;
	json_t *doc;

	snprintf(path, sizeof(path), "%s/%s/%s", ANON_DATA, dir, name);
	doc = json_load_file(path, 0, &jerr);
	ck_assert_msg(doc != NULL, "%s:%d: %s", path, jerr.line, jerr.text);
	return doc;
}

static char *dump(const json_t *doc, beacon_dump_style style)
{
	beacon_error_detail err;
	char *text = NULL;

	ck_assert_beacon_ok(beacon_anon_dump(&text, NULL, doc, style, &err),
			    &err);
	return text;
}

/* Equal trees and the same key order (compact dumps compared). */
static void assert_same_document(const json_t *got, const json_t *want,
				 const char *what)
{
	char *got_text = dump(got, BEACON_DUMP_COMPACT);
	char *want_text = dump(want, BEACON_DUMP_COMPACT);

	ck_assert_msg(strcmp(got_text, want_text) == 0,
		      "%s:\n got  %s\n want %s", what, got_text, want_text);
	beacon_free(got_text);
	beacon_free(want_text);
}

START_TEST(fixtures)
{
	const char *name = fixture_cases[_i];
	beacon_export_schema *schema = traefik_schema();
	json_t *input = load_json(name, "input.json");
	json_t *want = load_json(name, "expected.json");
	json_t *got = NULL;
	beacon_error_detail err;

	ck_assert_beacon_ok(beacon_anonymize(&got, input, schema, &err), &err);
	assert_same_document(got, want, name);
	json_decref(got);
	json_decref(want);
	json_decref(input);
	beacon_export_schema_free(schema);
}
END_TEST

/* The seed cases from their YAML originals, through the YAML loader. */
START_TEST(yaml_fixtures)
{
	static const char *const yaml_cases[] = { "seed-docs",
						  "seed-docs-indented" };
	const char *name = yaml_cases[_i];
	beacon_export_schema *schema = traefik_schema();
	json_t *want = load_json(name, "expected.json");
	json_t *input = NULL, *got = NULL;
	char path[PATH_SIZE];
	beacon_error_detail err;

	snprintf(path, sizeof(path), "%s/%s/input.yaml", ANON_DATA, name);
	ck_assert_beacon_ok(
	    beacon_doc_load_file(&input, path, BEACON_DOC_AUTO, &err), &err);
	ck_assert_beacon_ok(beacon_anonymize(&got, input, schema, &err), &err);
	assert_same_document(got, want, path);
	json_decref(got);
	json_decref(input);
	json_decref(want);
	beacon_export_schema_free(schema);
}
END_TEST

/* The seed example: what the brief and DESIGN.md promise, spelled out. */
START_TEST(seed_example)
{
	beacon_export_schema *schema = traefik_schema();
	json_t *input = load_json("seed-docs-indented", "input.json");
	json_t *got = NULL;
	char *text;
	beacon_error_detail err;

	ck_assert_beacon_ok(beacon_anonymize(&got, input, schema, &err), &err);
	text = dump(got, BEACON_DUMP_COMPACT);
	ck_assert_str_eq(text,
			 "{\"entryPoints\":{\"web\":{\"address\":\":80\"}},"
			 "\"api\":{},\"providers\":{\"docker\":{\"endpoint\":"
			 "\"xxxx\",\"exposedByDefault\":true,\"tls\":{\"ca\":"
			 "\"xxxx\",\"cert\":\"xxxx\",\"key\":\"xxxx\","
			 "\"insecureSkipVerify\":true}}}}");
	ck_assert_ptr_null(strstr(text, "10.10.10.10"));
	beacon_free(text);
	json_decref(got);
	json_decref(input);
	beacon_export_schema_free(schema);
}
END_TEST

START_TEST(dump_styles)
{
	json_t *doc =
	    json_pack("{s:{s:b,s:i},s:[s]}", "b", "x", 1, "a", 2, "c", "d");
	char *compact = dump(doc, BEACON_DUMP_COMPACT);
	char *pretty = dump(doc, BEACON_DUMP_PRETTY);

	ck_assert_str_eq(compact, "{\"b\":{\"x\":true,\"a\":2},\"c\":[\"d\"]}");
	ck_assert_str_eq(pretty, "{\n  \"b\": {\n    \"x\": true,\n    \"a\": "
				 "2\n  },\n  \"c\": [\n    \"d\"\n  ]\n}\n");
	beacon_free(compact);
	beacon_free(pretty);
	json_decref(doc);
}
END_TEST

START_TEST(invalid_arguments)
{
	beacon_export_schema *schema = traefik_schema();
	json_t *array = json_array(), *out = NULL;
	beacon_error_detail err;

	ck_assert_int_eq(beacon_anonymize(&out, array, schema, &err),
			 BEACON_EINVAL);
	ck_assert_ptr_null(out);
	json_decref(array);
	beacon_export_schema_free(schema);
}
END_TEST

/* The walker follows exported paths only, so a deep configuration is cut
 * at the schema's depth; a schema deeper than BEACON_MAX_DEPTH is refused. */
START_TEST(depth)
{
	beacon_export_schema *schema = traefik_schema();
	json_t *doc = json_object(), *inner = doc, *out = NULL, *next;
	json_t *sdoc = json_pack("{s:s}", "format", "beacon-export-schema/1");
	json_t *rule = json_object();
	beacon_error_detail err;
	int i;

	for (i = 0; i < 10 * BEACON_MAX_DEPTH; i++) {
		next = json_object();
		json_object_set_new(inner, "entryPoints", next);
		inner = next;
	}
	ck_assert_beacon_ok(beacon_anonymize(&out, doc, schema, &err), &err);
	ck_assert_int_eq(json_object_size(out), 1);
	json_decref(out);
	json_decref(doc);
	beacon_export_schema_free(schema);

	json_object_set_new(sdoc, "export", rule);
	for (i = 0; i < BEACON_MAX_DEPTH + 1; i++) {
		next = json_object();
		json_object_set_new(rule, "a", next);
		rule = next;
	}
	schema = NULL;
	ck_assert_int_eq(beacon_export_schema_load_doc(&schema, sdoc, &err),
			 BEACON_ELIMIT);
	ck_assert_ptr_null(schema);
	json_decref(sdoc);
}
END_TEST

START_TEST(schema_validation)
{
	static const char *const bad[] = {
		"[]",
		"{\"format\": \"other/1\", \"export\": {}}",
		"{\"format\": \"beacon-export-schema/1\"}",
		"{\"format\": \"beacon-export-schema/1\", \"export\": {\"a\": "
		"1}}",
		"{\"format\": \"beacon-export-schema/1\", \"export\": "
		"{\"a\": {\"b\": \"maybe\"}}}",
	};
	beacon_export_schema *schema = NULL;
	beacon_error_detail err;
	json_t *doc;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		doc = json_loads(bad[i], 0, NULL);
		ck_assert_ptr_nonnull(doc);
		ck_assert_int_eq(
		    beacon_export_schema_load_doc(&schema, doc, &err),
		    BEACON_EINVAL);
		ck_assert_ptr_null(schema);
		json_decref(doc);
	}
	ck_assert_ptr_nonnull(strstr(err.text, "export.a.b"));
}
END_TEST

/* A product's own schema: the format is not Traefik-specific. */
START_TEST(custom_schema)
{
	json_t *sdoc = json_loads(
	    "{\"format\":\"beacon-export-schema/1\",\"export\":{\"server\":"
	    "{\"workers\":\"keep\",\"logFile\":\"redact\",\"listen\":"
	    "{\"*\":{\"port\":\"keep\"}}},"
	    "\"secrets\":\"drop\"}}",
	    0, NULL);
	json_t *config = json_loads(
	    "{\"Server\":{\"Workers\":4,\"LogFile\":\"/var/log/x\",\"listen\":"
	    "{\"main\":{\"port\":80,\"host\":\"h\"}}},\"secrets\":\"s\"}",
	    0, NULL);
	beacon_export_schema *schema = NULL;
	beacon_error_detail err;
	json_t *out = NULL;
	char *text;

	ck_assert_beacon_ok(beacon_export_schema_load_doc(&schema, sdoc, &err),
			    &err);
	json_decref(sdoc); /* the schema keeps its own copy */
	ck_assert_beacon_ok(beacon_anonymize(&out, config, schema, &err), &err);
	text = dump(out, BEACON_DUMP_COMPACT);
	/* LogFile is named (redact): "xxxx"; host is unknown: dropped. */
	ck_assert_str_eq(text,
			 "{\"Server\":{\"Workers\":4,\"LogFile\":\"xxxx\","
			 "\"listen\":{\"main\":{\"port\":80}}}}");
	beacon_free(text);
	json_decref(out);
	json_decref(config);
	beacon_export_schema_free(schema);
}
END_TEST

/* Schemas from files: the shipped Traefik file behaves like the embedded
 * copy; a product's own YAML schema; a missing file is an error. */
START_TEST(schema_files)
{
	beacon_export_schema *schema = NULL;
	json_t *input = load_json("entrypoints-acme", "input.json");
	json_t *want = load_json("entrypoints-acme", "expected.json");
	json_t *config = json_loads(
	    "{\"server\":{\"workers\":2,\"listen\":{\"a\":{\"port\":1,"
	    "\"host\":\"10.1.1.1\"}},\"upstreams\":[{\"weight\":3,"
	    "\"url\":\"http://u\"},\"x\"]},\"secrets\":[\"s\"]}",
	    0, NULL);
	json_t *out = NULL;
	char *text;
	beacon_error_detail err;

	ck_assert_beacon_ok(
	    beacon_export_schema_load_file(
		&schema, BEACON_SOURCE_DIR "/schema/traefik-static.export.yaml",
		&err),
	    &err);
	ck_assert_beacon_ok(beacon_anonymize(&out, input, schema, &err), &err);
	assert_same_document(out, want, "schema file");
	json_decref(out);
	beacon_export_schema_free(schema);

	ck_assert_beacon_ok(beacon_export_schema_load_file(
				&schema, ANON_DATA "/schema-custom.yaml", &err),
			    &err);
	ck_assert_beacon_ok(beacon_anonymize(&out, config, schema, &err), &err);
	text = dump(out, BEACON_DUMP_COMPACT);
	/* host is named (redact); upstreams[].url is unknown: dropped. */
	ck_assert_str_eq(text, "{\"server\":{\"workers\":2,\"listen\":{"
			       "\"a\":{\"port\":1,\"host\":\"xxxx\"}},"
			       "\"upstreams\":[{\"weight\":3},\"xxxx\"]}}");
	beacon_free(text);
	json_decref(out);
	beacon_export_schema_free(schema);

	schema = NULL;
	ck_assert_int_ne(beacon_export_schema_load_file(
			     &schema, ANON_DATA "/no-such-schema.yaml", &err),
			 BEACON_OK);
	ck_assert_ptr_null(schema);
	json_decref(config);
	json_decref(want);
	json_decref(input);
}
END_TEST

START_TEST(allocation_failures)
{
	beacon_export_schema *schema = traefik_schema();
	json_t *input = load_json("entrypoints-acme", "input.json");
	json_t *want = load_json("entrypoints-acme", "expected.json");
	json_t *out = NULL;
	beacon_error_detail err;
	long n;
	int rc = BEACON_ENOMEM;

	for (n = 0; rc != BEACON_OK; n++) {
		beacon_alloc_fail_after(n);
		rc = beacon_anonymize(&out, input, schema, &err);
		beacon_alloc_fail_after(-1);
		if (rc != BEACON_OK) {
			ck_assert_int_eq(rc, BEACON_ENOMEM);
			ck_assert_ptr_null(out);
		}
	}
	ck_assert_int_gt(n, 50);
	ck_assert(json_equal(out, want));
	json_decref(out);
	json_decref(want);
	json_decref(input);
	beacon_export_schema_free(schema);
}
END_TEST

static Suite *anon_suite(void)
{
	Suite *s = suite_create("common/anon");
	TCase *tc = tcase_create("anon");

	tcase_add_loop_test(tc, fixtures, 0,
			    sizeof(fixture_cases) / sizeof(fixture_cases[0]));
	tcase_add_loop_test(tc, yaml_fixtures, 0, 2);
	tcase_add_test(tc, seed_example);
	tcase_add_test(tc, dump_styles);
	tcase_add_test(tc, invalid_arguments);
	tcase_add_test(tc, depth);
	tcase_add_test(tc, schema_validation);
	tcase_add_test(tc, custom_schema);
	tcase_add_test(tc, schema_files);
	tcase_add_test(tc, allocation_failures);
	tcase_set_timeout(tc, 60); /* loaded CI machines */
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(anon_suite());
}
