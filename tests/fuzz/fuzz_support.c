/*
 * fuzz_support.c - helpers shared by the fuzz targets (see fuzz_support.h).
 */
#include "fuzz_support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/doc.h"
#include "beacon/error.h"
#include "beacon/hash.h"
#include "beacon/version.h"

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: property violated: %s\n", file, line, what);
	abort();
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FUZZ_CHECK(s != NULL);
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

size_t fuzz_split(char ***out, const uint8_t *data, size_t size, size_t max)
{
	char **v = calloc(max + 1, sizeof(*v));
	size_t n = 0;
	size_t start = 0;
	size_t i;

	FUZZ_CHECK(v != NULL);
	for (i = 0; i <= size && n < max; i++) {
		if (i < size && data[i] != '\0' && data[i] != '\n')
			continue;
		v[n++] = fuzz_strndup(data + start, i - start);
		start = i + 1;
	}
	*out = v;
	return n;
}

void fuzz_strv_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void check_yaml_round_trip(const json_t *doc)
{
	char *text = NULL;
	json_t *back = NULL;
	beacon_error_detail err = { 0 };
	int error = beacon_doc_dump_yaml(&text, doc);

	if (error == BEACON_ELIMIT)
		return;
	FUZZ_CHECK(error == BEACON_OK);
	error = beacon_doc_load_buffer(&back, text, strlen(text),
				       BEACON_DOC_YAML, "dump", &err);
	if (error != BEACON_OK)
		fprintf(stderr, "reload of the YAML dump failed: %s\n%s\n",
			err.text, text);
	FUZZ_CHECK(error == BEACON_OK);
	FUZZ_CHECK(beacon_doc_equal(doc, back));
	json_decref(back);
	beacon_free(text);
}

static void check_canonical_fixed_point(const json_t *doc)
{
	char *first = NULL;
	char *second = NULL;
	json_t *back = NULL;
	json_error_t jerr;
	int error = beacon_canonical_json(&first, NULL, doc, NULL);

	if (error == BEACON_ELIMIT)
		return;
	FUZZ_CHECK(error == BEACON_OK);
	back =
	    json_loads(first, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (back == NULL)
		fprintf(stderr, "canonical JSON does not load: %s\n%s\n",
			jerr.text, first);
	FUZZ_CHECK(back != NULL);
	FUZZ_CHECK(beacon_canonical_json(&second, NULL, back, NULL) ==
		   BEACON_OK);
	FUZZ_CHECK(strcmp(first, second) == 0);
	json_decref(back);
	beacon_free(first);
	beacon_free(second);
}

void fuzz_check_doc(const json_t *doc)
{
	FUZZ_CHECK(json_is_object(doc));
	check_yaml_round_trip(doc);
	check_canonical_fixed_point(doc);
}

const beacon_export_schema *fuzz_traefik_schema(void)
{
	static beacon_export_schema *schema;

	if (schema == NULL)
		FUZZ_CHECK(beacon_export_schema_traefik(&schema, NULL) ==
			   BEACON_OK);
	return schema;
}

void fuzz_check_loaded(int error, json_t *doc, const beacon_error_detail *err)
{
	if (error == BEACON_OK)
		fuzz_check_doc(doc);
	else
		FUZZ_CHECK(doc == NULL &&
			   memchr(err->text, '\0', sizeof(err->text)) != NULL);
	json_decref(doc);
}

void fuzz_load_buffer(const uint8_t *data, size_t size,
		      beacon_doc_format format, const char *name)
{
	json_t *doc = NULL;
	beacon_error_detail err = { 0 };
	int error = beacon_doc_load_buffer(&doc, (const char *)data, size,
					   format, name, &err);

	fuzz_check_loaded(error, doc, &err);
}

/* go's strconv.ParseInt(s, 10, 64) succeeds. */
static int go_numeric(const char *s, size_t len, long long *value)
{
	char buf[BEACON_VERSION_MAX_LEN + 1];
	char *end = NULL;
	size_t i = (len > 0 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;

	if (len == i || len > BEACON_VERSION_MAX_LEN)
		return 0;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*value = strtoll(buf, &end, 10);
	return errno == 0 && *end == '\0';
}

/* Length of the identifier starting at s (up to '.' or the end). */
static size_t ident_len(const char *s)
{
	const char *dot = strchr(s, '.');

	return dot != NULL ? (size_t)(dot - s) : strlen(s);
}

/*
 * 1 when comparing the prereleases of a and b runs into a quirk: their
 * first differing identifiers are numerically equal, or one list is a
 * proper prefix of the other.
 */
int fuzz_version_quirky(const beacon_version *a, const beacon_version *b)
{
	const char *p = a->prerelease;
	const char *q = b->prerelease;
	long long x = 0;
	long long y = 0;

	if (strcmp(p, q) == 0 || *p == '\0' || *q == '\0')
		return 0;
	for (;;) {
		size_t lp = ident_len(p);
		size_t lq = ident_len(q);

		if (lp != lq || memcmp(p, q, lp) != 0)
			return go_numeric(p, lp, &x) && go_numeric(q, lq, &y) &&
			       x == y;
		p += lp;
		q += lq;
		if (*p == '\0' || *q == '\0')
			return 1;
		p++;
		q++;
	}
}

int fuzz_version_orderable(const beacon_version *a, const beacon_version *b)
{
	return a->nsegments == b->nsegments && !fuzz_version_quirky(a, b);
}
