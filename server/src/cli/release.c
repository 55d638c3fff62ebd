/*
 * cli/release.c - `beacond release add|remove|list|import`: the operator's
 * front end to the release catalog. Being a command, it prints: results on
 * stdout, one-line errors on stderr.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "catalog/import.h"
#include "cli/release.h"
#include "store/store.h"

#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2
#define CLI_POSITIONAL_MAX 3
/* The database `beacond serve` uses when neither --db nor --config says. */
#define CLI_DEFAULT_DB "beacon.db"

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
    "default database: " CLI_DEFAULT_DB "\n";

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "beacond release: %s%s%s (see --help)\n", what,
		arg ? ": " : "", arg ? arg : "");
	return EXIT_USAGE;
}

/* The option's slot in a, or NULL for a flag/unknown option. */
static const char **value_slot(cli_args *a, const char *opt)
{
	static const char *const names[] = { "db",   "config", "name",
					     "body", "url",    "published-at" };
	const char **slots[] = { &a->db,   &a->config, &a->name,
				 &a->body, &a->url,    &a->published_at };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(opt, names[i]) == 0)
			return slots[i];
	return NULL;
}

static int *flag_slot(cli_args *a, const char *opt)
{
	if (strcmp(opt, "prerelease") == 0)
		return &a->prerelease;
	if (strcmp(opt, "draft") == 0)
		return &a->draft;
	if (strcmp(opt, "json") == 0)
		return &a->json;
	if (strcmp(opt, "help") == 0)
		return &a->help;
	return NULL;
}

/* One "--opt", "--opt=value" or "--opt value" at argv[*i]. */
static int parse_option(cli_args *a, int argc, char **argv, int *i)
{
	char opt[32];
	const char *arg = argv[*i] + 2;
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	const char **slot;
	int *flag;

	if (n >= sizeof(opt))
		return usage_error("unknown option", argv[*i]);
	memcpy(opt, arg, n);
	opt[n] = '\0';
	flag = flag_slot(a, opt);
	if (flag && !eq) {
		*flag = 1;
		return EXIT_OK;
	}
	slot = value_slot(a, opt);
	if (!slot)
		return usage_error("unknown option", argv[*i]);
	if (eq) {
		*slot = eq + 1;
	} else if (*i + 1 < argc) {
		*slot = argv[++*i];
	} else {
		return usage_error("option needs a value", argv[*i]);
	}
	return EXIT_OK;
}

static int parse_args(cli_args *a, int argc, char **argv)
{
	int i;
	int status = EXIT_OK;

	for (i = 1; i < argc && status == EXIT_OK; i++) {
		if (strcmp(argv[i], "-h") == 0) {
			a->help = 1;
		} else if (strncmp(argv[i], "--", 2) == 0) {
			status = parse_option(a, argc, argv, &i);
		} else if (!a->action) {
			a->action = argv[i];
		} else if (a->npos < CLI_POSITIONAL_MAX) {
			a->pos[a->npos++] = argv[i];
		} else {
			status = usage_error("unexpected argument", argv[i]);
		}
	}
	return status;
}

static int open_store(const cli_args *a, beacond_store **store)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacon_error_detail err;
	char msg[512];
	char *from_config = NULL;
	int error = BEACON_OK;

	beacon_error_clear(&err);
	opts.path = a->db ? a->db : CLI_DEFAULT_DB;
	if (!a->db && a->config) {
		error =
		    beacond_release_config_db(&from_config, a->config, &err);
		opts.path = from_config ? from_config : CLI_DEFAULT_DB;
	}
	if (error == BEACON_OK)
		error = beacond_store_open(store, &opts, &err);
	if (error < 0)
		fprintf(stderr, "beacond release: %s\n",
			beacon_error_format(&err, msg, sizeof(msg)));
	beacond_release_free_string(from_config);
	return error;
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
		return status;
	if (a.help) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (!a.action)
		return usage_error("missing action", NULL);
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(a.action, actions[i].name) == 0)
			break;
	if (i == sizeof(actions) / sizeof(actions[0]))
		return usage_error("unknown action", a.action);
	if (a.npos < actions[i].min_pos || a.npos > actions[i].max_pos)
		return usage_error("wrong number of arguments for", a.action);
	if (open_store(&a, &store) < 0)
		return EXIT_FAIL;
	status = actions[i].run(store, &a);
	beacond_store_close(store);
	return status;
}
