/*
 * test_doc_fixtures.c - suite common/doc_fixtures: the project's own
 * configuration fixtures (tests/data/config): one configuration in five
 * forms loads to equal trees; every invalid case fails where its .expect
 * file says.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "beacon/alloc.h"
#include "beacon/doc.h"
#include "beacon/limits.h"
#include "doc_test_util.h"
#include "test_support.h"

static json_t *fixture(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", DOC_TEST_DIR, name);
	return doc_test_load(path, 0);
}

static json_t *from_lines(const char *name, int env)
{
	char path[512];
	beacon_error_detail err;
	json_t *doc = NULL;
	char **lines;
	int n;

	snprintf(path, sizeof(path), "%s/%s", DOC_TEST_DIR, name);
	lines = doc_test_read_lines(path, &n);
	ck_assert_int_gt(n, 10);
	if (env)
		ck_assert_beacon_ok(
		    beacon_doc_from_env(&doc, (const char *const *)lines,
					"TRAEFIK_", &err),
		    &err);
	else
		ck_assert_beacon_ok(
		    beacon_doc_from_flags(&doc, n, (const char *const *)lines,
					  &err),
		    &err);
	doc_test_free_lines(lines);
	return doc;
}

START_TEST(five_forms_are_one_configuration)
{
	json_t *yaml = fixture("traefik.yaml");
	json_t *toml = fixture("traefik.toml");
	json_t *json = fixture("traefik.json");
	json_t *flags = from_lines("traefik.flags", 0);
	json_t *env = from_lines("traefik.env", 1);

	/* the YAML and TOML forms spell keys alike: exact equality */
	ck_assert(json_equal(yaml, toml));
	ck_assert(json_equal(yaml, json));
	doc_test_assert_equal(yaml, flags, "yaml and flags");
	ck_assert(!json_equal(yaml, env)); /* env keys are lower-case */
	doc_test_assert_equal(yaml, env, "yaml and env");
	ck_assert(json_is_object(beacon_doc_get(yaml, "providers.redis")));
	ck_assert(json_is_object(beacon_doc_get(flags, "providers.redis")));
	ck_assert_str_eq(json_string_value(beacon_doc_get(
			     env, "entryPoints.websecure.http.tls.domains.0."
				  "sans.1")),
			 "api.example.com");
	json_decref(yaml);
	json_decref(toml);
	json_decref(json);
	json_decref(flags);
	json_decref(env);
}
END_TEST

START_TEST(sources_merge_with_traefik_precedence)
{
	const char *const argv[] = { "--log.level=ERROR" };
	const char *const envp[] = { "TRAEFIK_LOG_LEVEL=WARN",
				     "TRAEFIK_LOG_FORMAT=common", NULL };
	beacon_error_detail err;
	json_t *doc = fixture("traefik.yaml");
	json_t *env = NULL;
	json_t *flags = NULL;

	ck_assert_beacon_ok(beacon_doc_from_env(&env, envp, "TRAEFIK_", &err),
			    &err);
	ck_assert_beacon_ok(beacon_doc_from_flags(&flags, 1, argv, &err), &err);
	ck_assert_int_eq(beacon_doc_merge(doc, env), BEACON_OK);
	ck_assert_int_eq(beacon_doc_merge(doc, flags), BEACON_OK);
	ck_assert_str_eq(json_string_value(beacon_doc_get(doc, "log.level")),
			 "ERROR");
	ck_assert_str_eq(json_string_value(beacon_doc_get(doc, "log.format")),
			 "common");
	ck_assert_str_eq(json_string_value(beacon_doc_get(doc, "log.filePath")),
			 "/var/log/traefik.log");
	/* the file's spelling stays */
	ck_assert_ptr_nonnull(json_object_get(doc, "log"));
	ck_assert_ptr_nonnull(
	    json_object_get(json_object_get(doc, "log"), "level"));
	json_decref(doc);
	json_decref(env);
	json_decref(flags);
}
END_TEST

/* Check one invalid case: it fails, at the position the .expect says. */
static void check_invalid(const char *dir, const char *file)
{
	char path[1024];
	char expect_path[1100];
	char *expect = NULL;
	size_t expect_len = 0;
	beacon_error_detail err;
	json_t *doc = NULL;
	int line = -1;
	int column = -1;
	int used = 0;
	char *frag;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	snprintf(expect_path, sizeof(expect_path), "%.*s.expect",
		 (int)(strrchr(path, '.') - path), path);
	ck_assert_beacon_ok(
	    beacon_doc_read_file(&expect, &expect_len, expect_path, &err),
	    &err);
	ck_assert_int_eq(sscanf(expect, "%d:%d:%n", &line, &column, &used), 2);
	frag = expect + used;
	frag[strcspn(frag, "\n")] = '\0';
	rc = beacon_doc_load_file(&doc, path, BEACON_DOC_AUTO, &err);
	ck_assert_msg(rc < 0, "%s loaded", file);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(err.source, path);
	ck_assert_msg(err.line == line && err.column == column,
		      "%s: at %d:%d, expected %d:%d (%s)", file, err.line,
		      err.column, line, column, err.text);
	ck_assert_msg(strstr(err.text, frag) != NULL, "%s: \"%s\" lacks \"%s\"",
		      file, err.text, frag);
	beacon_free(expect);
}

START_TEST(invalid_cases_fail_where_expected)
{
	char dir[512];
	DIR *d;
	struct dirent *e;
	int cases = 0;

	snprintf(dir, sizeof(dir), "%s/invalid", DOC_TEST_DIR);
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		const char *dot = strrchr(e->d_name, '.');

		if (dot == NULL || strcmp(dot, ".expect") == 0 ||
		    e->d_name[0] == '.')
			continue;
		check_invalid(dir, e->d_name);
		cases++;
	}
	closedir(d);
	ck_assert_int_ge(cases, 20);
}
END_TEST

/* Write text to file "f<suffix>" in a new temporary directory, then
 * extend the file to size bytes (a hole of NULs) if size is larger;
 * remove_temp deletes both. */
static void write_temp(char *path, size_t pathlen, const char *suffix,
		       const char *text, size_t size)
{
	char dir[] = "/tmp/beacon-doc-XXXXXX";
	size_t len = strlen(text);
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, pathlen, "%s/f%s", dir, suffix);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(text, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	if (size > len)
		ck_assert_int_eq(truncate(path, (off_t)size), 0);
}

static void remove_temp(char *path)
{
	ck_assert_int_eq(unlink(path), 0);
	*strrchr(path, '/') = '\0';
	ck_assert_int_eq(rmdir(path), 0);
}

START_TEST(files_are_read_within_limits)
{
	char path[64];
	beacon_error_detail err;
	json_t *doc = NULL;
	char *data = NULL;
	size_t len = 0;

	ck_assert_int_eq(beacon_doc_load_file(&doc, "/nonexistent/x.yaml",
					      BEACON_DOC_AUTO, &err),
			 BEACON_ENOTFOUND);
	ck_assert_str_eq(err.source, "/nonexistent/x.yaml");
	ck_assert_int_eq(beacon_doc_load_file(&doc, "/", BEACON_DOC_AUTO, &err),
			 BEACON_EIO);
	write_temp(path, sizeof(path), ".yaml", "# padding\n",
		   (size_t)BEACON_MAX_FILE_SIZE + 1);
	ck_assert_int_eq(
	    beacon_doc_load_file(&doc, path, BEACON_DOC_AUTO, &err),
	    BEACON_ELIMIT);
	ck_assert_ptr_null(doc);
	remove_temp(path);
	write_temp(path, sizeof(path), ".yaml", "a: 1\n", 0);
	ck_assert_beacon_ok(beacon_doc_read_file(&data, &len, path, &err),
			    &err);
	ck_assert_uint_eq(len, 5);
	ck_assert_str_eq(data, "a: 1\n");
	beacon_free(data);
	remove_temp(path);
}
END_TEST

START_TEST(format_is_detected)
{
	static const struct {
		const char *suffix;
		const char *text;
	} cases[] = {
		{ ".conf", "# c\n[log]\nlevel = \"X\"\n" },
		{ ".conf", "log = { level = \"X\" }\n" },
		{ ".conf", "\n  {\"log\": {\"level\": \"X\"}}" },
		{ "", "log:\n  level: X  # a = b\n" },
		{ ".YML", "log: {level: X}\n" },
		{ ".Json", "{\"log\": {\"level\": \"X\"}}" },
		{ ".toml", "log.level = 'X'\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[64];
		beacon_error_detail err;
		json_t *doc = NULL;

		write_temp(path, sizeof(path), cases[i].suffix, cases[i].text,
			   0);
		ck_assert_beacon_ok(
		    beacon_doc_load_file(&doc, path, BEACON_DOC_AUTO, &err),
		    &err);
		ck_assert_str_eq(
		    json_string_value(beacon_doc_get(doc, "log.level")), "X");
		json_decref(doc);
		remove_temp(path);
	}
}
END_TEST

static Suite *doc_fixtures_suite(void)
{
	Suite *s = suite_create("common/doc_fixtures");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, five_forms_are_one_configuration);
	tcase_add_test(tc, sources_merge_with_traefik_precedence);
	tcase_add_test(tc, invalid_cases_fail_where_expected);
	tcase_add_test(tc, files_are_read_within_limits);
	tcase_add_test(tc, format_is_detected);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(doc_fixtures_suite());
}
