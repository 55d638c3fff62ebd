/*
 * cmd_tools.c - beacon anonymize and beacon hash: what a report would say
 * about a configuration, without a server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"

static const char anonymize_usage[] =
    "usage: beacon anonymize FILE... [--format json|yaml] [--schema FILE]\n"
    "                        [TRAEFIK FLAGS...]\n"
    "Prints the anonymized static configuration: the FILEs merged in order,\n"
    "then TRAEFIK_* environment variables, then the flags.\n";

static const char hash_usage[] =
    "usage: beacon hash FILE... [--key KEY] [--schema FILE] [TRAEFIK "
    "FLAGS...]\n"
    "Prints the config hash (decimal): without --key over the anonymized\n"
    "configuration, with the fleet key over the full configuration.\n";

/* Load the merged configuration of the command line; error printed. */
static int load(json_t **out, const cli_args *args)
{
	beacon_error_detail err;
	char text[512];
	int error;

	error = beacon_load_document(out, args->positional, args->npositional,
				     "TRAEFIK_", NULL, args->flags,
				     args->nflags, &err);
	if (error < 0)
		cli_error("%s", beacon_error_format(&err, text, sizeof(text)));
	return error;
}

static int print_doc(const json_t *doc, const char *format)
{
	char *text = NULL;
	int yaml = strcmp(format, "yaml") == 0;

	if (yaml && beacon_document_to_yaml(&text, doc) == 0) {
		fputs(text, stdout);
		beacon_free(text);
		return CLI_OK;
	}
	if (yaml) {
		cli_error("cannot write YAML");
		return CLI_FAILED;
	}
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL) {
		cli_error("out of memory");
		return CLI_FAILED;
	}
	printf("%s\n", text);
	free(text);
	return CLI_OK;
}

/* Parse, check FILE arguments, load. 0 ok, else the exit status. */
static int prepare(json_t **doc, int argc, char **argv, const cli_opt *known,
		   cli_args *args, const int *help, const char *usage)
{
	int status = cli_start(argc, argv, known, 1, args, help, usage);

	if (status != 0)
		return status;
	if (args->npositional == 0) {
		cli_error("no configuration FILE given (see --help)");
		return CLI_USAGE;
	}
	return load(doc, args) < 0 ? CLI_FAILED : 0;
}

int cmd_anonymize(int argc, char **argv)
{
	const char *format = "json", *schema = NULL;
	beacon_error_detail err;
	json_t *doc = NULL, *anon = NULL;
	char text[512];
	int help = 0, status;
	const cli_opt known[] = { { "format", &format, NULL },
				  { "schema", &schema, NULL },
				  { "help", NULL, &help },
				  { NULL, NULL, NULL } };
	cli_args args;

	status =
	    prepare(&doc, argc, argv, known, &args, &help, anonymize_usage);
	if (status != 0)
		goto cleanup;
	status = CLI_USAGE;
	if (strcmp(format, "json") != 0 && strcmp(format, "yaml") != 0) {
		cli_error("--format must be json or yaml");
		goto cleanup;
	}
	status = CLI_FAILED;
	if (beacon_anonymize_document(&anon, doc, schema, &err) < 0) {
		cli_error("%s", beacon_error_format(&err, text, sizeof(text)));
		goto cleanup;
	}
	status = print_doc(anon, format);
cleanup:
	json_decref(anon);
	json_decref(doc);
	cli_args_free(&args);
	return status == CLI_HELP ? CLI_OK : status;
}

int cmd_hash(int argc, char **argv)
{
	const char *key = NULL, *schema = NULL;
	beacon_error_detail err;
	unsigned long long hash = 0;
	json_t *doc = NULL;
	char text[512];
	int help = 0, status;
	const cli_opt known[] = { { "key", &key, NULL },
				  { "schema", &schema, NULL },
				  { "help", NULL, &help },
				  { NULL, NULL, NULL } };
	cli_args args;

	status = prepare(&doc, argc, argv, known, &args, &help, hash_usage);
	if (status != 0)
		goto cleanup;
	status = CLI_FAILED;
	if (beacon_hash_document(&hash, doc, schema, key, &err) < 0) {
		cli_error("%s", beacon_error_format(&err, text, sizeof(text)));
		goto cleanup;
	}
	printf("%llu\n", hash);
	status = CLI_OK;
cleanup:
	json_decref(doc);
	cli_args_free(&args);
	return status == CLI_HELP ? CLI_OK : status;
}
