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

/* Place one argument the common parser read; -1 after an error line. */
static int take(beacon_args_kind kind, const beacon_arg *arg, int allow_flags,
		cli_args *out)
{
	switch (kind) {
	case BEACON_ARGS_UNKNOWN:
		if (strcmp(arg->text, "--") == 0) /* a positional */
			break;
		if (allow_flags) {
			out->flags[out->nflags++] = arg->text;
			return 0;
		}
		cli_error("unknown option --%.*s (see --help)",
			  (int)arg->namelen, arg->name);
		return -1;
	case BEACON_ARGS_NO_VALUE:
		cli_error("option --%s needs a value", arg->opt->name);
		return -1;
	case BEACON_ARGS_FLAG_VALUE: /* "--json=..." still means --json */
		*arg->opt->set = 1;
		return 0;
	case BEACON_ARGS_OPTION:
		return 0;
	default: /* BEACON_ARGS_POSITIONAL */
		break;
	}
	out->positional[out->npositional++] = arg->text;
	return 0;
}

int cli_parse(int argc, char **argv, const cli_opt *opts, int allow_flags,
	      cli_args *out)
{
	beacon_args it;
	beacon_arg arg;
	beacon_args_kind kind;

	memset(out, 0, sizeof(*out));
	out->positional = calloc((size_t)argc + 1, sizeof(char *));
	out->flags = calloc((size_t)argc + 1, sizeof(char *));
	if (out->positional == NULL || out->flags == NULL) {
		cli_error("out of memory");
		return -1;
	}
	beacon_args_init(&it, argc, argv);
	for (kind = beacon_args_next(&it, opts, &arg); kind != BEACON_ARGS_END;
	     kind = beacon_args_next(&it, opts, &arg))
		if (take(kind, &arg, allow_flags, out) < 0)
			return -1;
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
