/*
 * cli/release.c - `beacond release add|remove|list|import`: the operator's
 * front end to the release catalog. Being a command, it prints: results on
 * stdout, one-line errors on stderr.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "catalog/import.h"
#include "cli/cli.h"
#include "cli/release.h"
#include "store/store.h"

#define EXIT_OK BEACOND_EXIT_OK
#define EXIT_FAIL BEACOND_EXIT_FAIL
#define CLI_POSITIONAL_MAX 3
/* The database `beacond serve` uses when neither --db nor --config says. */

typedef struct cli_args {
	const char *action;
	const char *pos[CLI_POSITIONAL_MAX];
	size_t npos;
	const char *db;
	const char *config;
	const char *name;
	const char *body;
	const char *url;
	const char *published_at;
	int prerelease;
	int draft;
	int json;
	int help;
} cli_args;

static const char usage_text[] =
    "usage: beacond release add OWNER/REPO TAG [--prerelease] [--draft]\n"
    "                           [--name N] [--body TEXT] [--url URL]\n"
    "                           [--published-at RFC3339]\n"
    "       beacond release remove OWNER/REPO TAG\n"
    "       beacond release list [OWNER/REPO] [--json]\n"
    "       beacond release import FILE.yaml\n"
    "common options: --db PATH | --config FILE (its db key), --help\n"
    "default database: " BEACOND_CLI_DEFAULT_DB "\n";

static const beacond_cli release_cli = { "release", "unknown option",
					 "unexpected argument", usage_text };

/* The action, then up to CLI_POSITIONAL_MAX arguments; "-h" is --help. */
static int take_positional(const char *text, void *payload)
{
	cli_args *a = payload;

	if (strcmp(text, "-h") == 0)
		a->help = 1;
	else if (!a->action)
		a->action = text;
	else if (a->npos < CLI_POSITIONAL_MAX)
		a->pos[a->npos++] = text;
	else
		return -1;
	return 0;
}

/* argv[0] is "release". */
static int parse_args(cli_args *a, int argc, char **argv)
{
	const beacon_arg_opt opts[] = {
		{ "prerelease", NULL, &a->prerelease },
		{ "draft", NULL, &a->draft },
		{ "json", NULL, &a->json },
		{ "help", NULL, &a->help },
		{ "db", &a->db, NULL },
		{ "config", &a->config, NULL },
		{ "name", &a->name, NULL },
		{ "body", &a->body, NULL },
		{ "url", &a->url, NULL },
		{ "published-at", &a->published_at, NULL },
		{ NULL, NULL, NULL },
	};

	return beacond_cli_parse(&release_cli, argc, argv, opts, &a->help,
				 take_positional, a);
}

static int open_store(const cli_args *a, beacond_store **store)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;

	return beacond_cli_open_store(&release_cli, a->db, a->config, &opts, 0,
				      store);
}

static int fail(const beacon_error_detail *err)
{
	char msg[512];

	fprintf(stderr, "beacond release: %s\n",
		beacon_error_format(err, msg, sizeof(msg)));
	return EXIT_FAIL;
}

static int do_add(beacond_store *store, const cli_args *a)
{
	beacond_release rel = { 0 };
	beacon_error_detail err;
	int64_t id = 0;

	beacon_error_clear(&err);
	rel.product = a->pos[0];
	rel.tag = a->pos[1];
	rel.name = a->name;
	rel.body = a->body;
	rel.url = a->url;
	rel.published_at = a->published_at;
	rel.prerelease = a->prerelease;
	rel.draft = a->draft;
	if (beacond_store_release_add(store, &rel, &id, &err) < 0)
		return fail(&err);
	printf("added %s %s (id %lld)\n", rel.product, rel.tag, (long long)id);
	return EXIT_OK;
}

static int do_remove(beacond_store *store, const cli_args *a)
{
	beacon_error_detail err;

	beacon_error_clear(&err);
	if (beacond_store_release_remove(store, a->pos[0], a->pos[1], &err) < 0)
		return fail(&err);
	printf("removed %s %s\n", a->pos[0], a->pos[1]);
	return EXIT_OK;
}

static json_t *release_json(const beacond_release *r)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:s}", "id",
			 (json_int_t)r->id, "product", r->product, "tag_name",
			 r->tag, "name", r->name, "draft", r->draft,
			 "prerelease", r->prerelease, "published_at",
			 r->published_at, "html_url", r->url, "body", r->body);
}

static int print_json(const beacond_release_list *list)
{
	json_t *arr = json_array();
	size_t i;
	int status = arr ? EXIT_OK : EXIT_FAIL;

	for (i = 0; arr && i < list->count && status == EXIT_OK; i++)
		if (json_array_append_new(arr, release_json(&list->items[i])))
			status = EXIT_FAIL;
	if (status == EXIT_OK &&
	    json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER))
		status = EXIT_FAIL;
	if (status == EXIT_OK)
		putchar('\n');
	else
		fprintf(stderr, "beacond release: out of memory\n");
	json_decref(arr);
	return status;
}

static int do_list(beacond_store *store, const cli_args *a)
{
	beacond_release_list *list = NULL;
	beacon_error_detail err;
	size_t i;
	int status = EXIT_OK;

	beacon_error_clear(&err);
	if (beacond_store_release_list(store, a->npos ? a->pos[0] : NULL, &list,
				       &err) < 0)
		return fail(&err);
	if (a->json) {
		status = print_json(list);
	} else {
		for (i = 0; i < list->count; i++) {
			const beacond_release *r = &list->items[i];

			printf("%s\t%s\t%s\t%s%s\t%s\n", r->product, r->tag,
			       r->published_at,
			       r->prerelease ? "prerelease" : "stable",
			       r->draft ? ",draft" : "", r->name);
		}
	}
	beacond_release_list_free(list);
	return status;
}

static int do_import(beacond_store *store, const cli_args *a)
{
	beacon_error_detail err;
	size_t count = 0;

	beacon_error_clear(&err);
	if (beacond_release_import_file(store, a->pos[0], &count, &err) < 0)
		return fail(&err);
	printf("imported %zu releases from %s\n", count, a->pos[0]);
	return EXIT_OK;
}

typedef int (*action_fn)(beacond_store *store, const cli_args *a);

static const struct {
	const char *name;
	size_t min_pos;
	size_t max_pos;
	action_fn run;
} actions[] = {
	{ "add", 2, 2, do_add },
	{ "remove", 2, 2, do_remove },
	{ "list", 0, 1, do_list },
	{ "import", 1, 1, do_import },
};

int beacond_release_main(int argc, char **argv)
{
	cli_args a = { 0 };
	beacond_store *store = NULL;
	size_t i;
	int status = parse_args(&a, argc, argv);

	if (status != EXIT_OK)
		return status == BEACOND_CLI_HELP ? EXIT_OK : status;
	if (!a.action)
		return beacond_cli_usage_error(&release_cli, "missing action",
					       NULL);
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(a.action, actions[i].name) == 0)
			break;
	if (i == sizeof(actions) / sizeof(actions[0]))
		return beacond_cli_usage_error(&release_cli, "unknown action",
					       a.action);
	if (a.npos < actions[i].min_pos || a.npos > actions[i].max_pos)
		return beacond_cli_usage_error(
		    &release_cli, "wrong number of arguments for", a.action);
	if (open_store(&a, &store) < 0)
		return EXIT_FAIL;
	status = actions[i].run(store, &a);
	beacond_store_close(store);
	return status;
}
