/*
 * test_release_cli.c - suite server/release_cli: the built `beacond release`
 * run as a child process on a temporary database.
 */
#include <check.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server_test.h"
#include "test_support.h"

#define ARGS_MAX 24
#define OUTPUT_MAX 16384

static server_test_dir t;
static char out[OUTPUT_MAX];
static char err[OUTPUT_MAX];

static void setup(void)
{
	server_test_dir_make(&t);
}

static void teardown(void)
{
	server_test_dir_remove(&t);
}

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (!f)
		return;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void redirect(const char *path, int fd)
{
	int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (f < 0 || dup2(f, fd) < 0)
		_exit(126);
	close(f);
}

/* Run beacond with the NULL-terminated arguments after "beacond"; fill
 * out/err; return the exit status (-1 if it did not exit normally). */
static int run(const char *first, ...)
{
	char *argv[ARGS_MAX];
	char opath[SERVER_TEST_PATH_MAX];
	char epath[SERVER_TEST_PATH_MAX];
	va_list ap;
	int argc = 0;
	int status = 0;
	pid_t pid;

	argv[argc++] = (char *)(uintptr_t)BEACOND_PATH;
	va_start(ap, first);
	for (const char *a = first; a && argc < ARGS_MAX - 1;
	     a = va_arg(ap, const char *))
		argv[argc++] = (char *)(uintptr_t)a;
	va_end(ap);
	argv[argc] = NULL;
	server_test_path(&t, "stdout", opath, sizeof(opath));
	server_test_path(&t, "stderr", epath, sizeof(epath));
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		redirect(opath, STDOUT_FILENO);
		redirect(epath, STDERR_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	slurp(opath, out, sizeof(out));
	slurp(epath, err, sizeof(err));
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Exactly one line on stderr, containing what. */
static void assert_one_error_line(const char *what)
{
	ck_assert_ptr_nonnull(strstr(err, what));
	ck_assert_ptr_eq(strchr(err, '\n'), err + strlen(err) - 1);
}

START_TEST(add_list_remove)
{
	ck_assert_int_eq(run("release", "add", "traefik/traefik", "v3.1.0",
			     "--db", t.db, "--published-at",
			     "2024-07-01T00:00:00Z", "--name", "v3.1.0 comte",
			     NULL),
			 0);
	ck_assert_ptr_nonnull(strstr(out, "added traefik/traefik v3.1.0"));
	ck_assert_int_eq(run("release", "add", "--db", t.db, "--prerelease",
			     "traefik/traefik", "v3.2.0-rc1",
			     "--published-at=2024-08-01T00:00:00Z", NULL),
			 0);
	ck_assert_int_eq(run("release", "list", "--db", t.db, NULL), 0);
	ck_assert_str_eq(out, "traefik/traefik\tv3.2.0-rc1\t2024-08-01T00:00:"
			      "00Z\tprerelease\tv3.2.0-rc1\n"
			      "traefik/traefik\tv3.1.0\t2024-07-01T00:00:00Z\t"
			      "stable\tv3.1.0 comte\n");
	ck_assert_int_eq(run("release", "remove", "Traefik/Traefik", "v3.1.0",
			     "--db", t.db, NULL),
			 0);
	ck_assert_int_eq(run("release", "remove", "traefik/traefik", "v3.1.0",
			     "--db", t.db, NULL),
			 1);
	assert_one_error_line("not in the catalog");
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM releases"),
			 1);
}
END_TEST

START_TEST(list_json)
{
	json_t *doc;
	json_error_t jerr;

	ck_assert_int_eq(run("release", "add", "a/b", "v1.0.0", "--db", t.db,
			     "--body", "notes \"quoted\"", "--published-at",
			     "2024-01-01T00:00:00Z", NULL),
			 0);
	ck_assert_int_eq(run("release", "add", "a/b", "v1.1.0", "--db", t.db,
			     "--draft", "--published-at",
			     "2024-02-01T00:00:00Z", NULL),
			 0);
	ck_assert_int_eq(
	    run("release", "add", "c/d", "v9.0.0", "--db", t.db, NULL), 0);
	ck_assert_int_eq(
	    run("release", "list", "A/B", "--json", "--db", t.db, NULL), 0);
	doc = json_loads(out, 0, &jerr);
	ck_assert_msg(doc != NULL, "%s", jerr.text);
	ck_assert_uint_eq(json_array_size(doc), 2);
	ck_assert_str_eq(json_string_value(json_object_get(
			     json_array_get(doc, 0), "tag_name")),
			 "v1.1.0");
	ck_assert(
	    json_is_true(json_object_get(json_array_get(doc, 0), "draft")));
	ck_assert_str_eq(
	    json_string_value(json_object_get(json_array_get(doc, 1), "body")),
	    "notes \"quoted\"");
	json_decref(doc);
}
END_TEST

START_TEST(errors_and_usage)
{
	ck_assert_int_eq(run("release", "--help", NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "usage: beacond release add"));
	ck_assert_int_eq(
	    run("release", "add", "a/b", "dev", "--db", t.db, NULL), 1);
	assert_one_error_line("not a version");
	ck_assert_int_eq(run("release", "add", "a/b", "v1", "--db", t.db, NULL),
			 0);
	ck_assert_int_eq(run("release", "add", "A/B", "v1", "--db", t.db, NULL),
			 1);
	assert_one_error_line("already in the catalog");
	ck_assert_int_eq(run("release", "frobnicate", "--db", t.db, NULL), 2);
	assert_one_error_line("unknown action");
	ck_assert_int_eq(run("release", "add", "a/b", "--db", t.db, NULL), 2);
	assert_one_error_line("wrong number of arguments");
	ck_assert_int_eq(run("release", "list", "--db", t.db, "--colour", NULL),
			 2);
	assert_one_error_line("unknown option");
	ck_assert_int_eq(run("release", "list", "--db", NULL), 2);
	assert_one_error_line("needs a value");
	ck_assert_int_eq(run("release", "add", "a/b", "v2", "--db", t.db,
			     "--published-at", "last week", NULL),
			 1);
	assert_one_error_line("RFC 3339");
}
END_TEST

START_TEST(import_example_catalog)
{
	char path[SERVER_TEST_PATH_MAX];

	snprintf(path, sizeof(path), "%s/deploy/releases.example.yaml",
		 BEACON_SOURCE_DIR);
	ck_assert_int_eq(run("release", "import", path, "--db", t.db, NULL), 0);
	ck_assert_int_eq(server_test_int(t.db,
					 "SELECT count(*) FROM releases WHERE "
					 "product = 'traefik/traefik'"),
			 20);
	ck_assert_int_eq(server_test_int(t.db,
					 "SELECT count(*) FROM releases WHERE "
					 "product = 'traefik/traefik' AND "
					 "prerelease = 1"),
			 8);
	ck_assert_int_eq(server_test_int(t.db,
					 "SELECT count(DISTINCT product) FROM "
					 "releases"),
			 2);
	/* Importing again changes nothing but the generation. */
	ck_assert_int_eq(run("release", "import", path, "--db", t.db, NULL), 0);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM releases"),
			 24);
}
END_TEST

static void write_file(const char *name, const char *text, char *path)
{
	FILE *f;

	server_test_path(&t, name, path, SERVER_TEST_PATH_MAX);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(import_errors_change_nothing)
{
	char path[SERVER_TEST_PATH_MAX];

	write_file("bad.yaml",
		   "releases:\n"
		   "  - {product: a/b, tag: v1.0.0}\n"
		   "  - {product: a/b, tag: v1.1.0, prerelease: maybe}\n",
		   path);
	ck_assert_int_eq(run("release", "import", path, "--db", t.db, NULL), 1);
	assert_one_error_line("releases[1].prerelease");
	write_file("typo.yaml",
		   "releases:\n  - {product: a/b, tag: v1.0.0, publishedat: "
		   "2024-01-01T00:00:00Z, nmae: x}\n",
		   path);
	ck_assert_int_eq(run("release", "import", path, "--db", t.db, NULL), 1);
	assert_one_error_line("unknown key");
	write_file("syntax.yaml", "releases: [\n", path);
	ck_assert_int_eq(run("release", "import", path, "--db", t.db, NULL), 1);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM releases"),
			 0);
}
END_TEST

START_TEST(config_file_names_the_database)
{
	char config[SERVER_TEST_PATH_MAX];
	char text[SERVER_TEST_PATH_MAX + 16];

	snprintf(text, sizeof(text), "db: %s\n", t.db);
	write_file("beacond.yaml", text, config);
	ck_assert_int_eq(
	    run("release", "add", "a/b", "v1.0.0", "--config", config, NULL),
	    0);
	ck_assert_int_eq(server_test_int(t.db, "SELECT count(*) FROM releases"),
			 1);
	write_file("broken.yaml", "db: [1, 2]\n", config);
	ck_assert_int_eq(run("release", "list", "--config", config, NULL), 1);
	assert_one_error_line("db must be a string");
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("server/release_cli");
	TCase *tc = tcase_create("release_cli");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, add_list_remove);
	tcase_add_test(tc, list_json);
	tcase_add_test(tc, errors_and_usage);
	tcase_add_test(tc, import_example_catalog);
	tcase_add_test(tc, import_errors_change_nothing);
	tcase_add_test(tc, config_file_names_the_database);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return beacon_test_run(cli_suite());
}
