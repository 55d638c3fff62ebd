/*
 * test_anon_golden.c - suite common/anon_golden: the anonymizer against
 * Traefik's own reference data in ../shared/testdata/traefik (skipped with
 * 77 when that directory is absent, as in a user's clone).
 *
 * Deliberate differences from Traefik (also in the report and in
 * schema/traefik-static.export.yaml):
 *   - entryPoints.<name>.address is kept (Traefik: "xxxx"); the masking
 *     pass removes any host or IP in it;
 *   - values of the exported free-form maps (providers.http.headers,
 *     metrics headerLabels/additionalLabels/resourceAttributes,
 *     tracing.resourceAttributes/globalAttributes) become "xxxx";
 *   - zero values are kept (false, 0, ""): Go's omitempty drops them;
 *   - masked strings and keys (URLs, hosts, IPs, e-mails) as in Traefik's
 *     pass, plus home directories and PEM blocks.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "beacon/alloc.h"
#include "beacon/anon.h"
#include "beacon/doc.h"
#include "beacon/hash.h"
#include "beacon/mask.h"
#include "test_support.h"

#define PATH_SIZE 1024
#define SCHEMA_FILE BEACON_SOURCE_DIR "/schema/traefik-static.export.yaml"
#define GOLDEN "traefik/redactor-golden/anonymized-static-config.json"
#define REFERENCE "traefik/static-samples/docs__content__reference__"
#define SEED_SAMPLE                                                            \
	"traefik/static-samples/docs__content__contributing__data-collection." \
	"md__block4.yml"
#define MIN_SHARED_PATHS 150

static const char *shared;

static json_t *load(const char *rel)
{
	char path[PATH_SIZE];
	beacon_error_detail err;
	json_t *doc = NULL;

	snprintf(path, sizeof(path), "%s/%s", shared, rel);
	ck_assert_beacon_ok(
	    beacon_doc_load_file(&doc, path, BEACON_DOC_AUTO, &err), &err);
	return doc;
}

static json_t *anonymize(const json_t *config)
{
	beacon_export_schema *schema = NULL;
	beacon_error_detail err;
	json_t *out = NULL;

	ck_assert_beacon_ok(beacon_export_schema_traefik(&schema, &err), &err);
	ck_assert_beacon_ok(beacon_anonymize(&out, config, schema, &err), &err);
	beacon_export_schema_free(schema);
	return out;
}

static char *canonical(const json_t *doc)
{
	beacon_error_detail err;
	char *text = NULL;

	ck_assert_beacon_ok(beacon_canonical_json(&text, NULL, doc, &err),
			    &err);
	return text;
}

/* Traefik's output, anonymized again, is unchanged except where Beacon
 * redacts more: the free-form map values. */
START_TEST(golden_is_a_fixed_point)
{
	json_t *golden = load(GOLDEN);
	json_t *again = anonymize(golden);
	json_t *want = json_deep_copy(golden);
	json_t *tracing = json_object_get(want, "tracing");
	char *got_text, *want_text;

	json_object_set_new(json_object_get(tracing, "resourceAttributes"),
			    "foobar", json_string("xxxx"));
	json_object_set_new(json_object_get(tracing, "globalAttributes"),
			    "foobar", json_string("xxxx"));
	got_text = canonical(again);
	want_text = canonical(want);
	ck_assert_str_eq(got_text, want_text);
	beacon_free(got_text);
	beacon_free(want_text);
	json_decref(want);
	json_decref(again);
	json_decref(golden);
}
END_TEST

/* The reference configuration in YAML and TOML anonymizes to the same tree
 * (canonical JSON: 42 and 42.0 agree). The TOML twin is stale and lacks
 * providers.http.maxResponseBodySize, removed from the YAML side. */
START_TEST(reference_yaml_and_toml_agree)
{
	json_t *yaml = load(REFERENCE "static-configuration__file.yaml");
	json_t *toml = load(REFERENCE "static-configuration__file.toml");
	json_t *http =
	    json_object_get(json_object_get(yaml, "providers"), "http");
	json_t *a, *b;
	char *ta, *tb;

	ck_assert_int_eq(json_object_del(http, "maxResponseBodySize"), 0);
	a = anonymize(yaml);
	b = anonymize(toml);
	ta = canonical(a);
	tb = canonical(b);
	ck_assert_str_eq(ta, tb);
	ck_assert_uint_gt(strlen(ta), 5000);
	beacon_free(ta);
	beacon_free(tb);
	json_decref(a);
	json_decref(b);
	json_decref(yaml);
	json_decref(toml);
}
END_TEST

/* Path of a leaf with user-chosen map keys as "*" and array indexes as
 * "[]", following the schema's own spelling. */
static void normal_key(char *out, size_t size, const json_t *rule,
		       const char *key)
{
	const char *name;
	json_t *child;

	json_object_foreach((json_t *)(uintptr_t)rule, name, child)
	{
		if (strcasecmp(name, key) == 0) {
			snprintf(out, size, "%s", name);
			return;
		}
	}
	snprintf(out, size, "%s",
		 json_object_get(rule, "*") != NULL ? "*" : key);
}

/* Record path -> 1 (redacted) or 0 (kept) for every string leaf. */
static void decisions(json_t *acc, const json_t *v, const json_t *rule,
		      char *path, size_t used)
{
	const char *key;
	char name[PATH_SIZE];
	json_t *child;
	size_t i;
	int n;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)(uintptr_t)v, key, child)
		{
			normal_key(name, sizeof(name), rule, key);
			n = snprintf(path + used, PATH_SIZE - used, ".%s",
				     name);
			ck_assert_msg(n > 0 && (size_t)n < PATH_SIZE - used,
				      "path too long: %s", path);
			decisions(acc, child, json_object_get(rule, name), path,
				  strlen(path));
		}
	} else if (json_is_array(v)) {
		snprintf(path + used, PATH_SIZE - used, "[]");
		json_array_foreach(v, i, child) decisions(
		    acc, child, json_object_get(rule, "[]"), path, used + 2);
	} else if (json_is_string(v)) {
		json_object_set_new(
		    acc, path,
		    json_boolean(strcmp(json_string_value(v), "xxxx") == 0));
	}
	path[used] = '\0';
}

static int deliberate(const char *path)
{
	static const char *const differ[] = {
		".entryPoints.*.address",
		".tracing.resourceAttributes.*",
		".tracing.globalAttributes.*",
		".metrics.otlp.resourceAttributes.*",
		".metrics.prometheus.headerLabels.*",
		".metrics.influxDB2.additionalLabels.*",
		".providers.http.headers.*"
	};
	size_t i;

	for (i = 0; i < sizeof(differ) / sizeof(differ[0]); i++)
		if (strcmp(path, differ[i]) == 0)
			return 1;
	return 0;
}

/* On every path both contain, the reference configuration's output makes
 * the same keep/redact decision as Traefik's golden, but for the listed
 * deliberate differences (which must then go Beacon's way). */
START_TEST(reference_agrees_with_golden)
{
	beacon_error_detail err;
	json_t *schema_doc = NULL, *rules, *ours_acc = json_object();
	json_t *golden_acc = json_object(), *golden = load(GOLDEN);
	json_t *ref = load(REFERENCE "static-configuration__file.yaml");
	json_t *ours = anonymize(ref), *mine;
	const char *path;
	char buf[PATH_SIZE] = "";
	json_t *theirs;
	size_t shared_paths = 0, differences = 0;

	ck_assert_beacon_ok(beacon_doc_load_file(&schema_doc, SCHEMA_FILE,
						 BEACON_DOC_YAML, &err),
			    &err);
	rules = json_object_get(schema_doc, "export");
	decisions(ours_acc, ours, rules, buf, 0);
	decisions(golden_acc, golden, rules, buf, 0);
	json_object_foreach(golden_acc, path, theirs)
	{
		mine = json_object_get(ours_acc, path);
		if (mine == NULL)
			continue;
		shared_paths++;
		if (deliberate(path)) {
			differences += json_equal(mine, theirs) ? 0 : 1;
			continue;
		}
		ck_assert_msg(json_equal(mine, theirs),
			      "%s: Beacon %s, Traefik %s", path,
			      json_is_true(mine) ? "redacts" : "keeps",
			      json_is_true(theirs) ? "redacts" : "keeps");
	}
	fprintf(stderr,
		"anon_golden: %zu of Traefik's %zu string paths shared, %zu "
		"agree, %zu deliberate differences\n",
		shared_paths, (size_t)json_object_size(golden_acc),
		shared_paths - differences, differences);
	ck_assert_uint_ge(shared_paths, MIN_SHARED_PATHS);
	ck_assert_uint_ge(differences, 2); /* address, resourceAttributes */
	json_decref(schema_doc);
	json_decref(ours_acc);
	json_decref(golden_acc);
	json_decref(ours);
	json_decref(ref);
	json_decref(golden);
}
END_TEST

/* The documentation's seed example, from Traefik's repository. */
START_TEST(seed_sample)
{
	json_t *in = load(SEED_SAMPLE);
	json_t *out = anonymize(in);
	json_t *docker =
	    json_object_get(json_object_get(out, "providers"), "docker");
	json_t *tls = json_object_get(docker, "tls");
	char *text = NULL;
	beacon_error_detail err;

	ck_assert_str_eq(json_string_value(json_object_get(docker, "endpoint")),
			 "xxxx");
	ck_assert_str_eq(json_string_value(json_object_get(tls, "ca")), "xxxx");
	ck_assert_str_eq(json_string_value(json_object_get(tls, "cert")),
			 "xxxx");
	ck_assert_str_eq(json_string_value(json_object_get(tls, "key")),
			 "xxxx");
	ck_assert(json_is_true(json_object_get(docker, "exposedByDefault")));
	ck_assert(json_is_true(json_object_get(tls, "insecureSkipVerify")));
	ck_assert_beacon_ok(
	    beacon_anon_dump(&text, NULL, out, BEACON_DUMP_COMPACT, &err),
	    &err);
	ck_assert_ptr_null(strstr(text, "10.10.10.10"));
	beacon_free(text);
	json_decref(out);
	json_decref(in);
}
END_TEST

/* Every string and key of the output is a fixed point of the masking
 * pass: nothing maskable survives. */
static void assert_masked(const json_t *v, const char *sample)
{
	const char *key;
	json_t *child;
	char *m = NULL;
	size_t i;
	int changed = 0;

	if (json_is_string(v)) {
		ck_assert_int_eq(
		    beacon_mask_string(&m, NULL, json_string_value(v),
				       json_string_length(v), &changed),
		    BEACON_OK);
		ck_assert_msg(!changed, "%s: \"%s\" still maskable", sample,
			      json_string_value(v));
		beacon_free(m);
	}
	json_object_foreach((json_t *)(uintptr_t)v, key, child)
	{
		ck_assert_int_eq(
		    beacon_mask_string(&m, NULL, key, strlen(key), &changed),
		    BEACON_OK);
		ck_assert_msg(!changed, "%s: key \"%s\" maskable", sample, key);
		beacon_free(m);
		assert_masked(child, sample);
	}
	json_array_foreach(v, i, child) assert_masked(child, sample);
}

static const char *const samples[] = {
	"docs__content__https__ref-acme.toml",
	"docs__content__https__ref-acme.yaml",
	"docs__content__reference__install-configuration__entrypoints.md__"
	"block0."
	"yml",
	"docs__content__reference__install-configuration__tls__certificate-"
	"resolvers__acme.md__block0.yml",
	"docs__content__reference__static-configuration__file.toml",
	"docs__content__reference__static-configuration__file.yaml",
	"integration__fixtures__k8s_gateway.toml",
	"integration__fixtures__redis__sentinel.toml",
	"pkg__cli__fixtures__traefik_deprecated.toml",
	"traefik.sample.toml",
	"traefik.sample.yml",
};

START_TEST(samples_leave_nothing_maskable)
{
	char rel[PATH_SIZE];
	json_t *in, *out;

	snprintf(rel, sizeof(rel), "traefik/static-samples/%s", samples[_i]);
	in = load(rel);
	out = anonymize(in);
	assert_masked(out, samples[_i]);
	json_decref(out);
	json_decref(in);
}
END_TEST

int main(void)
{
	Suite *s;
	TCase *tc;

	shared = beacon_test_shared_dir();
	if (shared == NULL)
		return 77; /* before any allocation: LSan checks at exit */
	s = suite_create("common/anon_golden");
	tc = tcase_create("golden");
	tcase_add_test(tc, golden_is_a_fixed_point);
	tcase_add_test(tc, reference_yaml_and_toml_agree);
	tcase_add_test(tc, reference_agrees_with_golden);
	tcase_add_test(tc, seed_sample);
	tcase_add_loop_test(tc, samples_leave_nothing_maskable, 0,
			    sizeof(samples) / sizeof(samples[0]));
	tcase_set_timeout(tc, 60); /* loaded CI machines */
	suite_add_tcase(s, tc);
	return beacon_test_run(s);
}
