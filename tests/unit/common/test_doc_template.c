/* test_doc_template.c - suite common/doc_template: Go template actions. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/doc.h"
#include "test_support.h"

static void assert_stripped(const char *in, const char *want)
{
	char *out = NULL;
	size_t len = 0;

	ck_assert_int_eq(beacon_doc_strip_templates(&out, &len, in, strlen(in)),
			 BEACON_OK);
	ck_assert_str_eq(out, want);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_uint_le(len, strlen(in));
	beacon_free(out);
}

START_TEST(actions_become_placeholders)
{
	assert_stripped("address = \"{{ .PortHTTP }}\"\n", "address = \"0\"\n");
	assert_stripped("precedence = {{ .Precedence }}\n", "precedence = 0\n");
	assert_stripped("[certificatesResolvers.{{ $name }}.acme]\n",
			"[certificatesResolvers.0.acme]\n");
	assert_stripped("url = \"http://{{.WhoamiIP}}:{{.WhoamiPort}}\"",
			"url = \"http://0:0\"");
}
END_TEST

START_TEST(action_lines_are_emptied)
{
	assert_stripped("a = 1\n{{range $k, $v := .X }}\n  {{if .Y}} {{end}}\n"
			"b = 2\n{{end}}\n",
			"a = 1\n\n\nb = 2\n\n");
}
END_TEST

START_TEST(incomplete_actions_are_left_alone)
{
	assert_stripped("a = \"{{ open\"\nb = }}\n",
			"a = \"{{ open\"\nb = }}\n");
	assert_stripped("", "");
}
END_TEST

static Suite *doc_template_suite(void)
{
	Suite *s = suite_create("common/doc_template");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, actions_become_placeholders);
	tcase_add_test(tc, action_lines_are_emptied);
	tcase_add_test(tc, incomplete_actions_are_left_alone);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(doc_template_suite());
}
