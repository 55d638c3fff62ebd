/* test_args.c - suite common/args: the one argv parser (beacon/args.h). */
#include <stdio.h>
#include <string.h>

#include "beacon/args.h"
#include "test_support.h"

#define ARGV_MAX 6

/* One command line and what the table parser must make of it. */
typedef struct args_case {
	const char *argv[ARGV_MAX]; /* NULL-terminated */
	beacon_args_kind result;    /* of beacon_args_parse */
	const char *bad;            /* text of the refused argument */
	const char *db;             /* --db afterwards */
	int json;                   /* --json afterwards */
	const char *first;          /* first positional taken */
} args_case;

static const args_case cases[] = {
	{ { NULL }, BEACON_ARGS_END, NULL, NULL, 0, NULL },
	{ { "--db", "x.db", NULL }, BEACON_ARGS_END, NULL, "x.db", 0, NULL },
	{ { "--db=x.db", NULL }, BEACON_ARGS_END, NULL, "x.db", 0, NULL },
	{ { "--db=", NULL }, BEACON_ARGS_END, NULL, "", 0, NULL },
	{ { "--db", "--json", NULL },
	  BEACON_ARGS_END,
	  NULL,
	  "--json",
	  0,
	  NULL },
	{ { "--json", "list", NULL }, BEACON_ARGS_END, NULL, NULL, 1, "list" },
	{ { "list", "--json", "--db", "a", NULL },
	  BEACON_ARGS_END,
	  NULL,
	  "a",
	  1,
	  "list" },
	{ { "--db", NULL }, BEACON_ARGS_NO_VALUE, "--db", NULL, 0, NULL },
	{ { "--json=1", NULL },
	  BEACON_ARGS_FLAG_VALUE,
	  "--json=1",
	  NULL,
	  0,
	  NULL },
	{ { "--nope", "x", NULL },
	  BEACON_ARGS_UNKNOWN,
	  "--nope",
	  NULL,
	  0,
	  NULL },
	{ { "--d", NULL }, BEACON_ARGS_UNKNOWN, "--d", NULL, 0, NULL },
	{ { "--dbx=1", NULL }, BEACON_ARGS_UNKNOWN, "--dbx=1", NULL, 0, NULL },
	{ { "--", NULL }, BEACON_ARGS_UNKNOWN, "--", NULL, 0, NULL },
	{ { "a", "refused", NULL },
	  BEACON_ARGS_POSITIONAL,
	  "refused",
	  NULL,
	  0,
	  "a" },
	{ { "-h", NULL }, BEACON_ARGS_END, NULL, NULL, 0, "-h" },
};

/* Takes any positional but "refused"; remembers the first. */
static int take(const char *text, void *payload)
{
	const char **first = payload;

	if (strcmp(text, "refused") == 0)
		return -1;
	if (*first == NULL)
		*first = text;
	return 0;
}

START_TEST(table_parse)
{
	const args_case *c = &cases[_i];
	char text[ARGV_MAX][32];
	char *argv[ARGV_MAX];
	const char *db = NULL, *first = NULL;
	int json = 0, argc = 0;
	const beacon_arg_opt opts[] = { { "db", &db, NULL },
					{ "json", NULL, &json },
					{ NULL, NULL, NULL } };
	beacon_arg bad;
	beacon_args_kind kind;

	while (c->argv[argc] != NULL) {
		snprintf(text[argc], sizeof(text[argc]), "%s", c->argv[argc]);
		argv[argc] = text[argc];
		argc++;
	}
	kind = beacon_args_parse(argc, argv, opts, take, &first, &bad);
	ck_assert_int_eq(kind, c->result);
	if (c->bad != NULL)
		ck_assert_str_eq(bad.text, c->bad);
	if (c->db != NULL)
		ck_assert_str_eq(db, c->db);
	else
		ck_assert_ptr_null(db);
	ck_assert_int_eq(json, c->json);
	if (c->first != NULL)
		ck_assert_str_eq(first, c->first);
	else
		ck_assert_ptr_null(first);
}
END_TEST

START_TEST(iterator_unknown_options_take_values)
{
	char a0[] = "--global.x", a1[] = "1", a2[] = "--y=2", a3[] = "pos",
	     a4[] = "--z";
	char *argv[] = { a0, a1, a2, a3, a4 };
	beacon_args it;
	beacon_arg arg;

	beacon_args_init(&it, 5, argv);
	ck_assert_int_eq(beacon_args_next(&it, NULL, &arg),
			 BEACON_ARGS_UNKNOWN);
	ck_assert(beacon_arg_is(&arg, "global.x"));
	ck_assert(!beacon_arg_is(&arg, "global"));
	ck_assert_str_eq(beacon_args_value(&it, &arg), "1");
	ck_assert_int_eq(beacon_args_next(&it, NULL, &arg),
			 BEACON_ARGS_UNKNOWN);
	ck_assert_uint_eq(arg.namelen, 1);
	ck_assert_str_eq(beacon_args_value(&it, &arg), "2");
	ck_assert_int_eq(beacon_args_next(&it, NULL, &arg),
			 BEACON_ARGS_POSITIONAL);
	ck_assert_str_eq(arg.text, "pos");
	ck_assert_ptr_null(arg.name);
	ck_assert_int_eq(beacon_args_next(&it, NULL, &arg),
			 BEACON_ARGS_UNKNOWN);
	ck_assert_ptr_null(beacon_args_value(&it, &arg));
	ck_assert_int_eq(beacon_args_next(&it, NULL, &arg), BEACON_ARGS_END);
	ck_assert_int_eq(beacon_args_next(&it, NULL, &arg), BEACON_ARGS_END);
}
END_TEST

START_TEST(known_option_row_is_returned)
{
	char a0[] = "--db", a1[] = "a", a2[] = "--json";
	char *argv[] = { a0, a1, a2 };
	const char *db = NULL;
	int json = 0;
	const beacon_arg_opt opts[] = { { "db", &db, NULL },
					{ "json", NULL, &json },
					{ NULL, NULL, NULL } };
	beacon_args it;
	beacon_arg arg;

	beacon_args_init(&it, 3, argv);
	ck_assert_int_eq(beacon_args_next(&it, opts, &arg), BEACON_ARGS_OPTION);
	ck_assert_ptr_eq(arg.opt, &opts[0]);
	ck_assert_str_eq(db, "a");
	ck_assert_int_eq(beacon_args_next(&it, opts, &arg), BEACON_ARGS_OPTION);
	ck_assert_ptr_eq(arg.opt, &opts[1]);
	ck_assert_int_eq(json, 1);
}
END_TEST

static Suite *args_suite(void)
{
	Suite *s = suite_create("common/args");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, table_parse, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, iterator_unknown_options_take_values);
	tcase_add_test(tc, known_option_row_is_returned);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(args_suite());
}
