/*
 * test_doc_samples.c - suite common/doc_samples: Traefik's own static
 * configuration samples (../shared/testdata/traefik/static-samples), with
 * Go template actions neutralised. Skipped (77) when they are absent.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/doc.h"
#include "doc_test_util.h"
#include "test_support.h"

static char samples[512];

static json_t *sample(const char *name)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", samples, name);
	return doc_test_load(path, 1);
}

START_TEST(every_sample_loads)
{
	DIR *d = opendir(samples);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		const char *dot = strrchr(e->d_name, '.');
		json_t *doc;

		if (dot == NULL ||
		    (strcmp(dot, ".toml") != 0 && strcmp(dot, ".yml") != 0 &&
		     strcmp(dot, ".yaml") != 0))
			continue;
		doc = sample(e->d_name);
		ck_assert(json_is_object(doc));
		json_decref(doc);
		n++;
	}
	closedir(d);
	ck_assert_int_eq(n, 32);
}
END_TEST

static int is_integral_real(const json_t *v)
{
	double d = json_real_value(v);
	double t = (double)(json_int_t)d;

	return json_is_real(v) && !(t < d) && !(t > d);
}

/* Integral reals become integers, in place, everywhere below node. */
static void integral_reals_to_ints(json_t *node)
{
	const char *key;
	json_t *value;
	size_t i;

	json_object_foreach(node, key, value)
	{
		if (is_integral_real(value))
			json_object_set_new(
			    node, key,
			    json_integer((json_int_t)json_real_value(value)));
		else
			integral_reals_to_ints(value);
	}
	json_array_foreach(node, i, value)
	{
		if (is_integral_real(value))
			json_array_set_new(
			    node, i,
			    json_integer((json_int_t)json_real_value(value)));
		else
			integral_reals_to_ints(value);
	}
}

/*
 * The generated twins differ in two places, both in Traefik's generator,
 * not in the loaders:
 * - file.yaml writes float options as 42 (an integer), file.toml as 42.0
 *   (tracing.sampleRate, metrics buckets, explicitBoundaries);
 * - file.toml puts "maxResponseBodySize = 42" after the
 *   [providers.http.headers] header, so in TOML it is a header named
 *   maxResponseBodySize, while file.yaml has providers.http.
 *   maxResponseBodySize.
 * Both are undone here before comparing; the rest must be equal.
 */
START_TEST(reference_twins_are_equal)
{
	json_t *yaml =
	    sample("docs__content__reference__static-configuration__file.yaml");
	json_t *toml =
	    sample("docs__content__reference__static-configuration__file.toml");
	json_t *headers = beacon_doc_get(toml, "providers.http.headers");
	json_t *moved = beacon_doc_get(headers, "maxResponseBodySize");

	ck_assert(!beacon_doc_equal(yaml, toml));
	ck_assert(json_is_real(beacon_doc_get(toml, "tracing.sampleRate")));
	ck_assert(json_is_integer(beacon_doc_get(yaml, "tracing.sampleRate")));
	ck_assert_ptr_nonnull(moved);
	json_object_set(beacon_doc_get(toml, "providers.http"),
			"maxResponseBodySize", moved);
	json_object_del(headers, "maxResponseBodySize");
	integral_reals_to_ints(yaml);
	integral_reals_to_ints(toml);
	doc_test_assert_equal(yaml, toml, "file.yaml and file.toml");
	ck_assert_int_eq(json_integer_value(beacon_doc_get(
			     yaml, "serversTransport.maxIdleConnsPerHost")),
			 42);
	json_decref(yaml);
	json_decref(toml);
}
END_TEST

START_TEST(templated_fixture_keeps_its_shape)
{
	json_t *doc =
	    sample("integration__fixtures__acme__acme_multiple_resolvers.toml");

	ck_assert_str_eq(
	    json_string_value(beacon_doc_get(doc, "entryPoints.web.address")),
	    BEACON_DOC_TEMPLATE_PLACEHOLDER);
	ck_assert(json_is_object(beacon_doc_get(
	    doc, "certificatesResolvers." BEACON_DOC_TEMPLATE_PLACEHOLDER
		 ".acme.httpChallenge")));
	json_decref(doc);
}
END_TEST

static Suite *doc_samples_suite(void)
{
	Suite *s = suite_create("common/doc_samples");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_sample_loads);
	tcase_add_test(tc, reference_twins_are_equal);
	tcase_add_test(tc, templated_fixture_keeps_its_shape);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	const char *shared = beacon_test_shared_dir();

	if (shared == NULL)
		return 77;
	snprintf(samples, sizeof(samples), "%s/traefik/static-samples", shared);
	return beacon_test_run(doc_samples_suite());
}
