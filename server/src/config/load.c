/* config/load.c - the configuration file and the command line of serve. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/args.h"
#include "beacon/doc.h"
#include "config/config.h"
#include "http/clientip.h"

/* Longest dotted key of the file, bytes. */
#define CONFIG_KEY_MAX 128

static int apply_node(beacond_config *cfg, const char *key, json_t *node,
		      beacon_error_detail *err);

static int apply_scalar(beacond_config *cfg, const char *key, json_t *node,
			beacon_error_detail *err)
{
	char text[64];

	switch (json_typeof(node)) {
	case JSON_STRING:
		return beacond_config_set(cfg, key, json_string_value(node),
					  BEACOND_SOURCE_FILE, err);
	case JSON_INTEGER:
		snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(node));
		return beacond_config_set(cfg, key, text, BEACOND_SOURCE_FILE,
					  err);
	case JSON_TRUE:
	case JSON_FALSE:
		return beacond_config_set(cfg, key,
					  json_is_true(node) ? "true" : "false",
					  BEACOND_SOURCE_FILE, err);
	case JSON_NULL:
		return 0; /* an empty key keeps its default */
	default:
		return beacon_error_set(err, BEACON_EINVAL, key, 0, 0,
					"%s: unexpected value type", key);
	}
}

static int apply_object(beacond_config *cfg, const char *prefix, json_t *obj,
			beacon_error_detail *err)
{
	const char *name;
	json_t *value;
	char key[CONFIG_KEY_MAX];
	int error = 0;

	json_object_foreach(obj, name, value)
	{
		int n = snprintf(key, sizeof(key), "%s%s%s", prefix,
				 prefix[0] != '\0' ? "." : "", name);
		if (n < 0 || (size_t)n >= sizeof(key))
			return beacon_error_set(err, BEACON_EINVAL, name, 0, 0,
						"unknown setting \"%s\"", name);
		error = apply_node(cfg, key, value, err);
		if (error < 0)
			break;
	}
	return error;
}

static int apply_node(beacond_config *cfg, const char *key, json_t *node,
		      beacon_error_detail *err)
{
	size_t i;
	json_t *item;
	int error = 0;

	if (json_is_object(node))
		return apply_object(cfg, key, node, err);
	if (!json_is_array(node))
		return apply_scalar(cfg, key, node, err);
	/* An empty list in the file empties the setting. */
	if (json_array_size(node) == 0)
		return beacond_config_set(cfg, key, NULL, BEACOND_SOURCE_FILE,
					  err);
	json_array_foreach(node, i, item)
	{
		error = apply_scalar(cfg, key, item, err);
		if (error < 0)
			break;
	}
	return error;
}

static int load_file(beacond_config *cfg, const char *path,
		     beacon_error_detail *err)
{
	json_t *doc = NULL;
	int error;

	error = beacon_doc_load_file(&doc, path, BEACON_DOC_YAML, err);
	if (error < 0)
		goto cleanup;
	if (!json_is_object(doc)) {
		error = beacon_error_set(err, BEACON_EINVAL, path, 0, 0,
					 "expected a mapping of settings");
		goto cleanup;
	}
	error = apply_object(cfg, "", doc, err);
	if (error < 0 && err != NULL && err->line == 0)
		snprintf(err->source, sizeof(err->source), "%s", path);
cleanup:
	json_decref(doc);
	return error;
}

/*
 * The next argument of it. For an option ("--key value", "--key=value";
 * BEACON_ARGS_UNKNOWN, as serve's keys are not a table) key receives its
 * name cut to keylen - 1 bytes and *value its value, NULL when missing.
 */
static beacon_args_kind next_flag(beacon_args *it, beacon_arg *arg, char *key,
				  size_t keylen, const char **value)
{
	beacon_args_kind kind = beacon_args_next(it, NULL, arg);
	size_t n = arg->namelen < keylen ? arg->namelen : keylen - 1;

	key[0] = '\0';
	*value = NULL;
	if (kind != BEACON_ARGS_UNKNOWN)
		return kind;
	memcpy(key, arg->name, n);
	key[n] = '\0';
	*value = beacon_args_value(it, arg);
	return kind;
}

/* What each_flag hands over for one argument; key and value as next_flag. */
typedef int (*flag_fn)(beacond_config *cfg, beacon_args_kind kind,
		       const beacon_arg *arg, const char *key,
		       const char *value, int *help_out,
		       beacon_error_detail *err);

/* Call fn for each argument of argv until it returns non-zero. */
static int each_flag(beacond_config *cfg, int argc, char **argv, flag_fn fn,
		     int *help_out, beacon_error_detail *err)
{
	char key[CONFIG_KEY_MAX];
	const char *value;
	beacon_args it;
	beacon_arg arg;
	beacon_args_kind kind;
	int error = 0;

	beacon_args_init(&it, argc, argv);
	kind = next_flag(&it, &arg, key, sizeof(key), &value);
	while (kind != BEACON_ARGS_END && error == 0) {
		error = fn(cfg, kind, &arg, key, value, help_out, err);
		if (error == 0)
			kind = next_flag(&it, &arg, key, sizeof(key), &value);
	}
	return error;
}

/* First pass: --help and --config, which decide what comes before flags. */
static int scan_special(beacond_config *cfg, beacon_args_kind kind,
			const beacon_arg *arg, const char *key,
			const char *value, int *help_out,
			beacon_error_detail *err)
{
	if (strcmp(arg->text, "--help") == 0 || strcmp(arg->text, "-h") == 0)
		*help_out = 1;
	if (kind != BEACON_ARGS_UNKNOWN || strcmp(key, "config") != 0)
		return 0;
	if (value == NULL)
		return beacon_error_set(err, BEACON_EINVAL, "--config", 0, 0,
					"--config needs a file");
	beacon_free(cfg->config_path);
	cfg->config_path = beacon_strdup(value);
	return cfg->config_path == NULL ? BEACON_ENOMEM : 0;
}

/* Second pass: every "--key value" but --config, after the file. */
static int apply_flag(beacond_config *cfg, beacon_args_kind kind,
		      const beacon_arg *arg, const char *key, const char *value,
		      int *help_out, beacon_error_detail *err)
{
	(void)help_out;
	if (kind != BEACON_ARGS_UNKNOWN || strcmp(arg->text, "--") == 0)
		return beacon_error_set(err, BEACON_EINVAL, arg->text, 0, 0,
					"unexpected argument \"%s\"",
					arg->text);
	if (strcmp(key, "config") == 0)
		return 0;
	if (value == NULL)
		return beacon_error_set(err, BEACON_EINVAL, key, 0, 0,
					"--%s needs a value", key);
	return beacond_config_set(cfg, key, value, BEACOND_SOURCE_FLAGS, err);
}

static int check_lists(const beacond_config *cfg, beacon_error_detail *err)
{
	beacond_cidr cidr;
	size_t i;

	if (cfg->listen.count == 0)
		return beacon_error_set(err, BEACON_EINVAL, "listen", 0, 0,
					"listen: no address");
	for (i = 0; i < cfg->collect_paths.count; i++)
		if (cfg->collect_paths.items[i][0] != '/')
			return beacon_error_set(
			    err, BEACON_EINVAL, "collectPaths", 0, 0,
			    "collectPaths: \"%s\" must start with /",
			    cfg->collect_paths.items[i]);
	for (i = 0; i < cfg->trusted_proxies.count; i++)
		if (beacond_cidr_parse(&cidr, cfg->trusted_proxies.items[i]) !=
		    0)
			return beacon_error_set(
			    err, BEACON_EINVAL, "trustedProxies", 0, 0,
			    "trustedProxies: \"%s\" is not an address or CIDR",
			    cfg->trusted_proxies.items[i]);
	return 0;
}

static int check_config(const beacond_config *cfg, beacon_error_detail *err)
{
	if ((cfg->tls_cert == NULL) != (cfg->tls_key == NULL))
		return beacon_error_set(err, BEACON_EINVAL, "tlsCert", 0, 0,
					"tlsCert and tlsKey go together");
	if (strcmp(beacond_config_ip_mode_name(cfg), "hashed") == 0 &&
	    (cfg->ip_hash_secret == NULL || cfg->ip_hash_secret[0] == '\0'))
		return beacon_error_set(err, BEACON_EINVAL, "ipHashSecret", 0,
					0, "ipMode hashed needs ipHashSecret");
	return check_lists(cfg, err);
}

int beacond_config_load(beacond_config *cfg, int argc, char **argv,
			int *help_out, beacon_error_detail *err)
{
	int error;

	*help_out = 0;
	error = beacond_config_defaults(cfg);
	if (error < 0)
		return error;
	error = each_flag(cfg, argc, argv, scan_special, help_out, err);
	if (error < 0 || *help_out)
		return error;
	if (cfg->config_path != NULL) {
		error = load_file(cfg, cfg->config_path, err);
		if (error < 0)
			return error;
	}
	error = each_flag(cfg, argc, argv, apply_flag, help_out, err);
	if (error < 0)
		return error;
	return check_config(cfg, err);
}
