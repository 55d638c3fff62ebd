/*
 * test_http_gogithub.c - the real client: go-github's ListReleases (Debian's
 * golang-github-google-go-github-dev, built with Debian's Go) pointed at a
 * real beacond decodes the releases, their order and flags, and the
 * pagination of the Link header; an unknown repository is an error.
 * Skipped (77) where Go or go-github is not installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "beacon/buf.h"
#include "beacond_harness.h"
#include "test_support.h"

#define GOPATH "/usr/share/gocode"
#define GO_GITHUB GOPATH "/src/github.com/google/go-github/github"

static beacond_harness srv;
static char program[sizeof(srv.dir) + 32];

static int have_go(void)
{
	struct stat st;

	return system("command -v go >/dev/null 2>&1") == 0 &&
	       stat(GO_GITHUB, &st) == 0;
}

static void build_program(void)
{
	char cmd[4096];

	snprintf(program, sizeof(program), "%s/gogithub", srv.dir);
	snprintf(
	    cmd, sizeof(cmd),
	    "cd '%s/tests/integration/gogithub' && GO111MODULE=off GOENV=off "
	    "GOPATH=" GOPATH " GOCACHE='%s/gocache' go build -o '%s' "
	    "main.go",
	    BEACON_SOURCE_DIR, BEACON_BINARY_DIR, program);
	ck_assert_int_eq(system(cmd), 0);
}

static void add(const char *tag, const char *published, const char *flag)
{
	const char *args[] = { "add",     "traefik/traefik",
			       tag,       "--published-at",
			       published, flag,
			       NULL };
	ck_assert_int_eq(beacond_harness_release(&srv, args), 0);
}

static void setup(void)
{
	char path[sizeof(srv.dir) + 32];
	const char *import[] = { "import", path, NULL };
	FILE *f;
	int i;

	ck_assert_int_eq(beacond_harness_init(&srv), 0);
	add("v3.0.0", "2024-04-29T10:00:00Z", NULL);
	add("v3.1.0", "2024-07-15T10:00:00Z", NULL);
	add("v3.2.0-rc1", "2024-09-01T10:00:00Z", "--prerelease");
	add("v3.2.0", "2024-09-10T10:00:00Z", "--draft");
	snprintf(path, sizeof(path), "%s/widget.yaml", srv.dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("product: acme/widget\nreleases:\n", f);
	for (i = 1; i <= 35; i++)
		fprintf(f,
			"  - tag: v1.%d.0\n"
			"    publishedAt: 2024-%02d-%02dT00:00:00Z\n",
			i, 1 + (i - 1) / 28, 1 + (i - 1) % 28);
	fclose(f);
	ck_assert_int_eq(beacond_harness_release(&srv, import), 0);
	ck_assert_int_eq(beacond_harness_start(&srv, NULL), 0);
	build_program();
}

static void teardown(void)
{
	ck_assert_int_eq(beacond_harness_stop(&srv), 0);
	beacond_harness_cleanup(&srv);
}

/* Run the program; its stdout into out. Returns its exit status. */
static int run(const char *owner, const char *repo, const char *per_page,
	       beacon_buf *out)
{
	char cmd[4096], line[512];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%s' '%s' '%s' '%s' '%s' 2>&1", program,
		 srv.base_url, owner, repo, per_page);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	beacon_buf_clear(out);
	while (fgets(line, sizeof(line), p) != NULL)
		beacon_buf_puts(out, line);
	return WEXITSTATUS(pclose(p));
}

START_TEST(test_list_releases)
{
	beacon_buf out = BEACON_BUF_INIT(65536);

	ck_assert_int_eq(run("traefik", "traefik", "0", &out), 0);
	ck_assert_str_eq(
	    out.ptr,
	    "tag v3.2.0-rc1 prerelease=true published=2024-09-01T10:00:00Z\n"
	    "tag v3.1.0 prerelease=false published=2024-07-15T10:00:00Z\n"
	    "tag v3.0.0 prerelease=false published=2024-04-29T10:00:00Z\n"
	    "next=0 last=0\n");
	beacon_buf_dispose(&out);
}
END_TEST

START_TEST(test_pagination)
{
	beacon_buf out = BEACON_BUF_INIT(65536);

	ck_assert_int_eq(run("acme", "widget", "10", &out), 0);
	ck_assert_ptr_nonnull(strstr(out.ptr, "tag v1.35.0 "));
	ck_assert_ptr_nonnull(strstr(out.ptr, "tag v1.26.0 "));
	ck_assert_ptr_null(strstr(out.ptr, "tag v1.25.0 "));
	ck_assert_ptr_nonnull(strstr(out.ptr, "\nnext=2 last=4\n"));
	beacon_buf_dispose(&out);
}
END_TEST

START_TEST(test_unknown_repository)
{
	beacon_buf out = BEACON_BUF_INIT(65536);

	ck_assert_int_ne(run("nobody", "nothing", "0", &out), 0);
	ck_assert_ptr_nonnull(strstr(out.ptr, "404 Not Found"));
	beacon_buf_dispose(&out);
}
END_TEST

static Suite *gogithub_suite(void)
{
	Suite *s = suite_create("integration/http_gogithub");
	TCase *tc = tcase_create("gogithub");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_list_releases);
	tcase_add_test(tc, test_pagination);
	tcase_add_test(tc, test_unknown_repository);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (!have_go()) {
		fprintf(stderr, "go or go-github missing: skipped\n");
		return 77;
	}
	return beacon_test_run(gogithub_suite());
}
