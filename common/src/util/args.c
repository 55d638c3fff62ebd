/* args.c - see beacon/args.h. */
#include "beacon/args.h"

#include <string.h>

void beacon_args_init(beacon_args *it, int argc, char **argv)
{
	it->argc = argc;
	it->argv = argv;
	it->next = 0;
}

int beacon_arg_is(const beacon_arg *arg, const char *name)
{
	return arg->name != NULL && strlen(name) == arg->namelen &&
	       strncmp(arg->name, name, arg->namelen) == 0;
}

static const beacon_arg_opt *find(const beacon_arg_opt *opts,
				  const beacon_arg *arg)
{
	for (; opts != NULL && opts->name != NULL; opts++)
		if (beacon_arg_is(arg, opts->name))
			return opts;
	return NULL;
}

const char *beacon_args_value(beacon_args *it, const beacon_arg *arg)
{
	if (arg->value != NULL)
		return arg->value;
	if (it->next < it->argc)
		return it->argv[it->next++];
	return NULL;
}

/* Fill the slot of arg->opt, a known option. */
static beacon_args_kind store(beacon_args *it, beacon_arg *arg)
{
	const char *value;

	if (arg->opt->set != NULL) {
		if (arg->value != NULL)
			return BEACON_ARGS_FLAG_VALUE;
		*arg->opt->set = 1;
		return BEACON_ARGS_OPTION;
	}
	value = beacon_args_value(it, arg);
	if (value == NULL)
		return BEACON_ARGS_NO_VALUE;
	*arg->opt->value = value;
	return BEACON_ARGS_OPTION;
}

beacon_args_kind beacon_args_next(beacon_args *it, const beacon_arg_opt *opts,
				  beacon_arg *arg)
{
	const char *eq;

	memset(arg, 0, sizeof(*arg));
	if (it->next >= it->argc)
		return BEACON_ARGS_END;
	arg->text = it->argv[it->next++];
	if (strncmp(arg->text, "--", 2) != 0)
		return BEACON_ARGS_POSITIONAL;
	arg->name = arg->text + 2;
	eq = strchr(arg->name, '=');
	arg->namelen =
	    eq != NULL ? (size_t)(eq - arg->name) : strlen(arg->name);
	arg->value = eq != NULL ? eq + 1 : NULL;
	arg->opt = find(opts, arg);
	if (arg->opt == NULL)
		return BEACON_ARGS_UNKNOWN;
	return store(it, arg);
}

beacon_args_kind
beacon_args_parse(int argc, char **argv, const beacon_arg_opt *opts,
		  int (*positional)(const char *text, void *payload),
		  void *payload, beacon_arg *bad)
{
	beacon_args it;
	beacon_args_kind kind;

	beacon_args_init(&it, argc, argv);
	for (;;) {
		kind = beacon_args_next(&it, opts, bad);
		if (kind == BEACON_ARGS_OPTION)
			continue;
		if (kind != BEACON_ARGS_POSITIONAL ||
		    positional(bad->text, payload) != 0)
			break;
	}
	return kind;
}
