/* test_version.c - suite common/version: go-version parsing, ordering,
 * canonical form and the release selection of the version check. */
#include <stdint.h>
#include <string.h>

#include "beacon/version.h"
#include "test_support.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Parse vectors: input, expected code, canonical form when it parses. */
static const struct parse_case {
	const char *in;
	int rc;
	const char *canonical;
} parse_cases[] = {
	{ "1.2.3", BEACON_OK, "1.2.3" },
	{ "v1.2.3", BEACON_OK, "1.2.3" },
	{ "v3.2.0", BEACON_OK, "3.2.0" },
	{ "v3.1.4", BEACON_OK, "3.1.4" },
	{ "v3.1", BEACON_OK, "3.1.0" },
	{ "3", BEACON_OK, "3.0.0" },
	{ "1.2.3.4", BEACON_OK, "1.2.3.4" },
	{ "1.2.3.4.5.6", BEACON_OK, "1.2.3.4.5.6" },
	{ "1.02.3", BEACON_OK, "1.2.3" },
	{ "v01.002.0003", BEACON_OK, "1.2.3" },
	{ "0.0.0", BEACON_OK, "0.0.0" },
	{ "1.2.3-rc.1", BEACON_OK, "1.2.3-rc.1" },
	{ "1.2.3-rc.1+meta", BEACON_OK, "1.2.3-rc.1+meta" },
	{ "1.2.3+build.7", BEACON_OK, "1.2.3+build.7" },
	{ "1.2.3beta", BEACON_OK, "1.2.3-beta" },
	{ "1.2beta.2", BEACON_OK, "1.2.0-beta.2" },
	{ "1.2.3~rc1", BEACON_OK, "1.2.3-~rc1" },
	{ "1.2.3-4", BEACON_OK, "1.2.3-4" },
	{ "1.2.3-0.3.7", BEACON_OK, "1.2.3-0.3.7" },
	{ "1.2.3-x-y-z.-", BEACON_OK, "1.2.3-x-y-z.-" },
	{ "1.2.3--beta", BEACON_OK, "1.2.3--beta" },
	{ "1.2.3-", BEACON_OK, "1.2.3--" },
	{ "1.2.3-.1", BEACON_OK, "1.2.3--.1" },
	{ "1.2.3-+m", BEACON_OK, "1.2.3--+m" },
	{ "2.0.0-alpha.1+sha.5114f85", BEACON_OK, "2.0.0-alpha.1+sha.5114f85" },
	{ "v3.0.0-beta3", BEACON_OK, "3.0.0-beta3" },
	{ "9223372036854775807", BEACON_OK, "9223372036854775807.0.0" },
	{ "1.0.0-9223372036854775808", BEACON_OK, "1.0.0-9223372036854775808" },
	{ "", BEACON_EPARSE, NULL },
	{ "v", BEACON_EPARSE, NULL },
	{ "V1.2.3", BEACON_EPARSE, NULL },
	{ "vv1.2.3", BEACON_EPARSE, NULL },
	{ "dev", BEACON_EPARSE, NULL },
	{ "x.y", BEACON_EPARSE, NULL },
	{ "1..2", BEACON_EPARSE, NULL },
	{ "1.", BEACON_EPARSE, NULL },
	{ ".1", BEACON_EPARSE, NULL },
	{ "1.2.x", BEACON_EPARSE, NULL },
	{ "1.2.3 ", BEACON_EPARSE, NULL },
	{ " 1.2.3", BEACON_EPARSE, NULL },
	{ "1.2 .3", BEACON_EPARSE, NULL },
	{ "1.2.3-rc 1", BEACON_EPARSE, NULL },
	{ "1.2.3-rc..1", BEACON_EPARSE, NULL },
	{ "1.2.3-rc.", BEACON_EPARSE, NULL },
	{ "1.2.3+", BEACON_EPARSE, NULL },
	{ "1.2.3+a+b", BEACON_EPARSE, NULL },
	{ "1.2.3+a..b", BEACON_EPARSE, NULL },
	{ "1.2.3_rc", BEACON_EPARSE, NULL },
	{ "1.2.3-r\xc3\xa9", BEACON_EPARSE, NULL },
	{ "1.2.3\n", BEACON_EPARSE, NULL },
	{ "-1.2.3", BEACON_EPARSE, NULL },
	{ "1.2.3.-4", BEACON_EPARSE, NULL },
	{ "9223372036854775808", BEACON_EPARSE, NULL },
	{ "1.18446744073709551616", BEACON_EPARSE, NULL },
	{ "1.2.99999999999999999999999999", BEACON_EPARSE, NULL },
};

/* One vector of parse_cases, by index. */
static void parse_vectors_one(int idx)
{
	const struct parse_case *c = &parse_cases[idx];
	beacon_version v;
	char out[BEACON_VERSION_FORMAT_SIZE];
	int rc = beacon_version_parse(&v, c->in);

	ck_assert_msg(rc == c->rc, "parse(\"%s\") = %d, want %d", c->in, rc,
		      c->rc);
	if (c->canonical == NULL) {
		ck_assert_uint_eq(v.nsegments, 0);
		return;
	}
	ck_assert_int_eq(beacon_version_format(&v, out, sizeof(out)),
			 BEACON_OK);
	ck_assert_str_eq(out, c->canonical);
}

START_TEST(parse_vectors)
{
	int i;

	for (i = 0; i < NELEM(parse_cases); i++)
		parse_vectors_one(i);
}
END_TEST

/* The canonical form parses back to the same canonical form. */
/* One vector of parse_cases, by index. */
static void canonical_round_trip_one(int idx)
{
	const struct parse_case *c = &parse_cases[idx];
	beacon_version v, w;
	char a[BEACON_VERSION_FORMAT_SIZE], b[BEACON_VERSION_FORMAT_SIZE];

	if (c->canonical == NULL)
		return;
	ck_assert_int_eq(beacon_version_parse(&v, c->in), BEACON_OK);
	ck_assert_int_eq(beacon_version_format(&v, a, sizeof(a)), BEACON_OK);
	ck_assert_int_eq(beacon_version_parse(&w, a), BEACON_OK);
	ck_assert_int_eq(beacon_version_format(&w, b, sizeof(b)), BEACON_OK);
	ck_assert_str_eq(a, b);
	ck_assert_int_eq(beacon_version_compare(&v, &w), 0);
}

START_TEST(canonical_round_trip)
{
	int i;

	for (i = 0; i < NELEM(parse_cases); i++)
		canonical_round_trip_one(i);
}
END_TEST

/* Ordering vectors: a, b, expected compare(a, b). */
static const struct compare_case {
	const char *a;
	const char *b;
	int want;
} compare_cases[] = {
	{ "1.2.3", "1.2.3", 0 },
	{ "v1.2.3", "1.2.3", 0 },
	{ "1.2", "1.2.0", 0 },
	{ "1", "1.0.0", 0 },
	{ "1.02.3", "1.2.3", 0 },
	{ "1.2.3", "1.2.4", -1 },
	{ "1.2.10", "1.2.9", 1 },
	{ "1.10.0", "1.9.9", 1 },
	{ "2.0.0", "10.0.0", -1 },
	{ "1.2.3.4", "1.2.3", 1 },
	{ "1.2.3.0", "1.2.3", 0 },
	{ "1.2.3", "1.2.3.1", -1 },
	{ "1.2.3", "1.2.3-rc.1", 1 },
	{ "1.2.3-rc.1", "1.2.3", -1 },
	{ "1.2.3-alpha", "1.2.3-beta", -1 },
	{ "1.2.3-rc.2", "1.2.3-rc.10", -1 },
	{ "1.2.3-rc.10", "1.2.3-rc.2", 1 },
	{ "1.2.3-1", "1.2.3-alpha", -1 },
	{ "1.2.3-alpha", "1.2.3-1", 1 },
	{ "1.2.3-rc", "1.2.3-rc.1", -1 },
	{ "1.2.3-rc.1", "1.2.3-rc", 1 },
	/* go-version: a missing identifier ranks above an alphanumeric one. */
	{ "1.2.3-rc", "1.2.3-rc.beta", 1 },
	{ "1.2.3-rc.beta", "1.2.3-rc", -1 },
	{ "1.2.3-Beta", "1.2.3-alpha", -1 },
	{ "1.2.3-beta10", "1.2.3-beta9", -1 },
	{ "1.2.3-rc.-1", "1.2.3-rc.0", -1 },
	/* go-version: "01" vs "1" is -1 in both directions. */
	{ "1.2.3-01", "1.2.3-1", -1 },
	{ "1.2.3-1", "1.2.3-01", -1 },
	/* Out of int64 range: compared as alphanumeric, above numbers. */
	{ "1.2.3-9223372036854775808", "1.2.3-9", 1 },
	{ "1.2.3-9223372036854775807", "1.2.3-9", 1 },
	{ "1.2.3+a", "1.2.3+b", 0 },
	{ "1.2.3-rc.1+a", "1.2.3-rc.1+b", 0 },
	{ "1.2.3-rc.1+a", "1.2.3-rc.2", -1 },
	/* go-version: different segment counts, equal values: prerelease
	 * is not looked at. */
	{ "1.2.3.0-rc.1", "1.2.3", 0 },
	{ "1.2.3.1-rc.1", "1.2.3", 1 },
	{ "1.2.4-rc.1", "1.2.3", 1 },
	{ "3.0.0-beta3", "2.11.9", 1 },
	{ "1.2.3beta", "1.2.3-beta", 0 },
	{ "9223372036854775807.0.0", "9223372036854775806.9", 1 },
};

/* One vector of compare_cases, by index. */
static void compare_vectors_one(int idx)
{
	const struct compare_case *c = &compare_cases[idx];
	beacon_version a, b;
	int got;

	ck_assert_int_eq(beacon_version_parse(&a, c->a), BEACON_OK);
	ck_assert_int_eq(beacon_version_parse(&b, c->b), BEACON_OK);
	got = beacon_version_compare(&a, &b);
	ck_assert_msg(got == c->want, "compare(%s, %s) = %d, want %d", c->a,
		      c->b, got, c->want);
}

START_TEST(compare_vectors)
{
	int i;

	for (i = 0; i < NELEM(compare_cases); i++)
		compare_vectors_one(i);
}
END_TEST

START_TEST(prerelease_flag)
{
	beacon_version v;

	ck_assert_int_eq(beacon_version_parse(&v, "1.2.3-rc.1"), BEACON_OK);
	ck_assert_int_eq(beacon_version_is_prerelease(&v), 1);
	ck_assert_str_eq(v.prerelease, "rc.1");
	ck_assert_int_eq(beacon_version_parse(&v, "1.2.3+rc.1"), BEACON_OK);
	ck_assert_int_eq(beacon_version_is_prerelease(&v), 0);
	ck_assert_str_eq(v.metadata, "rc.1");
	ck_assert_int_eq(beacon_version_parse(&v, "1.2.3beta"), BEACON_OK);
	ck_assert_int_eq(beacon_version_is_prerelease(&v), 1);
	ck_assert_int_eq(beacon_version_is_prerelease(NULL), 0);
}
END_TEST

START_TEST(length_limit)
{
	char s[BEACON_VERSION_MAX_LEN + 2];
	char out[BEACON_VERSION_FORMAT_SIZE];
	beacon_version v;
	size_t i;

	/* "1.1.1...": exactly the limit parses, one more byte does not. */
	for (i = 0; i < BEACON_VERSION_MAX_LEN; i++)
		s[i] = i % 2 == 0 ? '1' : '.';
	s[BEACON_VERSION_MAX_LEN - 1] = '1';
	s[BEACON_VERSION_MAX_LEN] = '\0';
	ck_assert_int_eq(beacon_version_parse(&v, s), BEACON_OK);
	ck_assert_uint_eq(v.nsegments, BEACON_VERSION_MAX_LEN / 2);
	ck_assert_int_eq(beacon_version_format(&v, out, sizeof(out)),
			 BEACON_OK);
	s[BEACON_VERSION_MAX_LEN] = '1';
	s[BEACON_VERSION_MAX_LEN + 1] = '\0';
	ck_assert_int_eq(beacon_version_parse(&v, s), BEACON_EPARSE);

	/* Worst growth of the canonical form: "1x..." -> "1.0.0-x...". */
	s[0] = '1';
	memset(s + 1, 'x', BEACON_VERSION_MAX_LEN - 1);
	s[BEACON_VERSION_MAX_LEN] = '\0';
	ck_assert_int_eq(beacon_version_parse(&v, s), BEACON_OK);
	ck_assert_int_eq(beacon_version_format(&v, out, sizeof(out)),
			 BEACON_OK);
	ck_assert_uint_eq(strlen(out), BEACON_VERSION_MAX_LEN + 5);
}
END_TEST

START_TEST(parsen_rejects_embedded_nul)
{
	beacon_version v;

	ck_assert_int_eq(beacon_version_parsen(&v, "1.2.3\0x", 7),
			 BEACON_EPARSE);
	ck_assert_int_eq(beacon_version_parsen(&v, "1.2.3\0", 6),
			 BEACON_EPARSE);
	ck_assert_int_eq(beacon_version_parsen(&v, "1.2.3xyz", 5), BEACON_OK);
	ck_assert_uint_eq(v.segments[2], 3);
	ck_assert_str_eq(v.prerelease, "");
	ck_assert_int_eq(beacon_version_parse(&v, NULL), BEACON_EINVAL);
	ck_assert_int_eq(beacon_version_parse(NULL, "1"), BEACON_EINVAL);
}
END_TEST

START_TEST(format_small_buffer)
{
	beacon_version v;
	char out[16];

	ck_assert_int_eq(beacon_version_parse(&v, "1.2.3-rc.1+meta"),
			 BEACON_OK);
	ck_assert_int_eq(beacon_version_format(&v, out, 15), BEACON_ELIMIT);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(beacon_version_format(&v, out, 16), BEACON_OK);
	ck_assert_str_eq(out, "1.2.3-rc.1+meta");
	ck_assert_int_eq(beacon_version_format(&v, out, 3), BEACON_ELIMIT);
	ck_assert_int_eq(beacon_version_format(&v, out, 0), BEACON_EINVAL);
}
END_TEST

/* Selection vectors: running, tags (NULL-terminated), expected code and
 * index. */
#define MAX_TAGS 6
static const struct select_case {
	const char *running;
	const char *tags[MAX_TAGS];
	int rc;
	size_t index;
} select_cases[] = {
	/* stable running skips prereleases */
	{ "v2.11.0", { "v3.0.0-rc1", "v2.11.2", "v2.11.1" }, BEACON_OK, 1 },
	{ "2.11.2",
	  { "v3.0.0-rc1", "v2.11.2", "v2.11.1" },
	  BEACON_ENOTFOUND,
	  0 },
	{ "2.11.0", { "v3.0.0-rc1", "v3.0.0-beta5" }, BEACON_ENOTFOUND, 0 },
	/* prerelease running considers prereleases */
	{ "3.0.0-beta5", { "v3.0.0-rc1", "v2.11.2" }, BEACON_OK, 0 },
	{ "3.0.0-rc1", { "v3.0.0-rc1", "v3.0.0" }, BEACON_OK, 1 },
	{ "3.0.0-rc2", { "v3.0.0-rc1", "v2.11.2" }, BEACON_ENOTFOUND, 0 },
	/* first greater in list order wins, not the greatest */
	{ "1.0.0", { "v1.1.0", "v2.0.0", "v1.5.0" }, BEACON_OK, 0 },
	{ "1.0.0", { "v0.9.0", "v1.0.0", "v1.0.1", "v9.0.0" }, BEACON_OK, 2 },
	/* equal is not newer; metadata does not count */
	{ "1.0.0", { "v1.0.0+build.2" }, BEACON_ENOTFOUND, 0 },
	{ "1.0", { "v1.0.0" }, BEACON_ENOTFOUND, 0 },
	/* an unparseable tag before the match aborts; after it, unread */
	{ "1.0.0", { "v1.0.0", "latest", "v2.0.0" }, BEACON_EPARSE, 0 },
	{ "1.0.0", { "v2.0.0", "latest" }, BEACON_OK, 0 },
	{ "1.0.0", { "v0.1.0", "" }, BEACON_EPARSE, 0 },
	/* a skipped prerelease tag must still parse */
	{ "1.0.0", { "v1.0.0-rc.1", "v1..0" }, BEACON_EPARSE, 0 },
	/* running */
	{ "dev", { "v1.0.0" }, BEACON_EDISABLED, 0 },
	{ "DEV", { "v1.0.0" }, BEACON_EPARSE, 0 },
	{ "1.0.0 ", { "v1.0.0" }, BEACON_EPARSE, 0 },
	{ "1.0.0", { NULL }, BEACON_ENOTFOUND, 0 },
};

static size_t count_tags(const char *const *tags)
{
	size_t n = 0;

	while (n < MAX_TAGS && tags[n] != NULL)
		n++;
	return n;
}

/* One vector of select_cases, by index. */
static void select_vectors_one(int idx)
{
	const struct select_case *c = &select_cases[idx];
	size_t index = SIZE_MAX;
	int rc = beacon_version_select(&index, c->running, c->tags,
				       count_tags(c->tags));

	ck_assert_msg(rc == c->rc, "select(%s) case %d = %d, want %d",
		      c->running, idx, rc, c->rc);
	if (c->rc == BEACON_OK)
		ck_assert_uint_eq(index, c->index);
	else
		ck_assert_uint_eq(index, SIZE_MAX);
}

START_TEST(select_vectors)
{
	int i;

	for (i = 0; i < NELEM(select_cases); i++)
		select_vectors_one(i);
}
END_TEST

START_TEST(select_arguments)
{
	const char *tags[] = { "v1.0.0", NULL };
	size_t index = 0;

	ck_assert_int_eq(beacon_version_select(NULL, "1.0.0", tags, 1),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_version_select(&index, NULL, tags, 1),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_version_select(&index, "1.0.0", NULL, 1),
			 BEACON_EINVAL);
	ck_assert_int_eq(beacon_version_select(&index, "1.0.0", NULL, 0),
			 BEACON_ENOTFOUND);
	/* a NULL entry is an unparseable tag */
	ck_assert_int_eq(beacon_version_select(&index, "0.1.0", tags + 1, 1),
			 BEACON_EPARSE);
}
END_TEST

static Suite *version_suite(void)
{
	Suite *s = suite_create("common/version");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse_vectors);
	tcase_add_test(tc, canonical_round_trip);
	tcase_add_test(tc, compare_vectors);
	tcase_add_test(tc, prerelease_flag);
	tcase_add_test(tc, length_limit);
	tcase_add_test(tc, parsen_rejects_embedded_nul);
	tcase_add_test(tc, format_small_buffer);
	tcase_add_test(tc, select_vectors);
	tcase_add_test(tc, select_arguments);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(version_suite());
}
