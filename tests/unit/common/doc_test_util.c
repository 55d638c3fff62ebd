/* doc_test_util.c - helpers shared by the common/doc_* suites. */
#include "doc_test_util.h"

#include <string.h>

#include "beacon/alloc.h"
#include "test_support.h"

json_t *doc_test_load(const char *path, int templates)
{
	beacon_error_detail err;
	char *data = NULL;
	char *clean = NULL;
	size_t len = 0;
	size_t clean_len = 0;
	json_t *doc = NULL;

	ck_assert_beacon_ok(beacon_doc_read_file(&data, &len, path, &err),
			    &err);
	if (templates)
		ck_assert_int_eq(
		    beacon_doc_strip_templates(&clean, &clean_len, data, len),
		    BEACON_OK);
	ck_assert_beacon_ok(beacon_doc_load_buffer(&doc,
						   templates ? clean : data,
						   templates ? clean_len : len,
						   BEACON_DOC_AUTO, path, &err),
			    &err);
	beacon_free(data);
	beacon_free(clean);
	return doc;
}

char **doc_test_read_lines(const char *path, int *count)
{
	beacon_error_detail err;
	char *data = NULL;
	size_t len = 0;
	char **lines;
	char *p;
	int n = 0;

	ck_assert_beacon_ok(beacon_doc_read_file(&data, &len, path, &err),
			    &err);
	lines = beacon_calloc(len + 2, sizeof(*lines));
	ck_assert_ptr_nonnull(lines);
	p = data;
	while (p < data + len) {
		char *eol = memchr(p, '\n', (size_t)(data + len - p));
		size_t l =
		    eol != NULL ? (size_t)(eol - p) : (size_t)(data + len - p);

		if (l > 0 && p[0] != '#')
			lines[n++] = beacon_strndup(p, l);
		p += l + 1;
	}
	beacon_free(data);
	*count = n;
	return lines;
}

void doc_test_free_lines(char **lines)
{
	char **l;

	for (l = lines; l != NULL && *l != NULL; l++)
		beacon_free(*l);
	beacon_free(lines);
}

json_t *doc_test_alloc_loop(doc_test_build_fn build, const void *payload,
			    int lenient)
{
	json_t *doc = NULL;
	long n;

	for (n = 0; n < 5000 && doc == NULL; n++) {
		beacon_error_detail err;
		int rc;

		beacon_alloc_fail_after(n);
		rc = build(&doc, payload, &err);
		beacon_alloc_fail_after(-1);
		ck_assert_int_eq(rc == BEACON_OK, doc != NULL);
		ck_assert_msg(rc == BEACON_OK || rc == BEACON_ENOMEM ||
				  (lenient && rc == BEACON_EPARSE),
			      "after %ld allocations: %d %s", n, rc, err.text);
	}
	ck_assert_msg(doc != NULL, "never succeeded");
	ck_assert_int_gt(n, 3);
	return doc;
}

struct load_args {
	const char *text;
	beacon_doc_format format;
};

static int load_text(json_t **out, const void *payload,
		     beacon_error_detail *err)
{
	const struct load_args *a = payload;

	return beacon_doc_load_buffer(out, a->text, strlen(a->text), a->format,
				      "alloc", err);
}

void doc_test_alloc_load(const char *text, beacon_doc_format format,
			 int lenient, const char *probe, const char *want)
{
	struct load_args args = { text, format };
	json_t *doc = doc_test_alloc_loop(load_text, &args, lenient);

	ck_assert_str_eq(json_string_value(beacon_doc_get(doc, probe)), want);
	json_decref(doc);
}

void doc_test_assert_equal(const json_t *a, const json_t *b, const char *what)
{
	char *sa;
	char *sb;

	if (beacon_doc_equal(a, b))
		return;
	sa = json_dumps(a, JSON_SORT_KEYS);
	sb = json_dumps(b, JSON_SORT_KEYS);
	ck_abort_msg("%s differ:\n%s\n%s", what, sa, sb);
	free(sa);
	free(sb);
}
