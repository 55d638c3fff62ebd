/* args.c - see args.h. */
#include "args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("beacon: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_opt_ms(long *out, const char *value, const char *name)
{
	char *end = NULL;
	long v;

	if (value == NULL)
		return 0;
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < 0) {
		cli_error("--%s: not a number of milliseconds", name);
		return -1;
	}
	*out = v;
	return 0;
}

static const cli_opt *find(const cli_opt *opts, const char *name, size_t n)
{
	for (; opts->name != NULL; opts++) {
		if (strlen(opts->name) == n &&
		    strncmp(opts->name, name, n) == 0)
			return opts;
	}
	return NULL;
}

/* Handle argv[*i], a "--..." argument. */
static int take_option(int argc, char **argv, int *i, const cli_opt *opts,
		       int allow_flags, cli_args *out)
{
	const char *name = argv[*i] + 2;
	const char *eq = strchr(name, '=');
	size_t n = eq != NULL ? (size_t)(eq - name) : strlen(name);
	const cli_opt *o = find(opts, name, n);

	if (o == NULL && allow_flags) {
		out->flags[out->nflags++] = argv[*i];
		return 0;
	}
	if (o == NULL) {
		cli_error("unknown option --%.*s (see --help)", (int)n, name);
		return -1;
	}
	if (o->set != NULL) {
		*o->set = 1;
		return 0;
	}
	if (eq != NULL) {
		*o->value = eq + 1;
		return 0;
	}
	if (*i + 1 >= argc) {
		cli_error("option --%s needs a value", o->name);
		return -1;
	}
	*o->value = argv[++*i];
	return 0;
}

int cli_parse(int argc, char **argv, const cli_opt *opts, int allow_flags,
	      cli_args *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	out->positional = calloc((size_t)argc + 1, sizeof(char *));
	out->flags = calloc((size_t)argc + 1, sizeof(char *));
	if (out->positional == NULL || out->flags == NULL) {
		cli_error("out of memory");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0') {
			out->positional[out->npositional++] = argv[i];
			continue;
		}
		if (take_option(argc, argv, &i, opts, allow_flags, out) < 0)
			return -1;
	}
	return 0;
}

void cli_args_free(cli_args *args)
{
	free(args->positional);
	free(args->flags);
	args->positional = NULL;
	args->flags = NULL;
}

int cli_start(int argc, char **argv, const cli_opt *known, int allow_flags,
	      cli_args *args, const int *help, const char *usage)
{
	if (cli_parse(argc, argv, known, allow_flags, args) < 0)
		return CLI_USAGE;
	if (*help) {
		fputs(usage, stdout);
		return CLI_HELP;
	}
	return 0;
}
