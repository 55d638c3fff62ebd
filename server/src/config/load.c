/* config/load.c - the configuration file and the command line of serve. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "beacon/alloc.h"
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

/* The value of option argv[*i] ("--k=v" or "--k v"); advances *i. */
static const char *flag_value(int argc, char **argv, int *i, char *key,
			      size_t keylen)
{
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
	size_t n = eq != NULL ? (size_t)(eq - arg) : strlen(arg);

	if (n >= keylen)
		n = keylen - 1;
	memcpy(key, arg, n);
	key[n] = '\0';
	if (eq != NULL)
		return eq + 1;
	if (*i + 1 < argc) {
		(*i)++;
		return argv[*i];
	}
	return NULL;
}

/* First pass: --help and --config, which decide what comes before flags. */
static int scan_special(beacond_config *cfg, int argc, char **argv,
			int *help_out, beacon_error_detail *err)
{
	char key[CONFIG_KEY_MAX];
	int i;

	for (i = 0; i < argc; i++) {
		const char *value;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			*help_out = 1;
		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		value = flag_value(argc, argv, &i, key, sizeof(key));
		if (strcmp(key, "config") != 0)
			continue;
		if (value == NULL)
			return beacon_error_set(err, BEACON_EINVAL, "--config",
						0, 0, "--config needs a file");
		beacon_free(cfg->config_path);
		cfg->config_path = beacon_strdup(value);
		if (cfg->config_path == NULL)
			return BEACON_ENOMEM;
	}
	return 0;
}

static int apply_flags(beacond_config *cfg, int argc, char **argv,
		       beacon_error_detail *err)
{
	char key[CONFIG_KEY_MAX];
	int i, error;

	for (i = 0; i < argc; i++) {
		const char *value;
		if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0')
			return beacon_error_set(err, BEACON_EINVAL, argv[i], 0,
						0, "unexpected argument \"%s\"",
						argv[i]);
		value = flag_value(argc, argv, &i, key, sizeof(key));
		if (strcmp(key, "config") == 0)
			continue;
		if (value == NULL)
			return beacon_error_set(err, BEACON_EINVAL, key, 0, 0,
						"--%s needs a value", key);
		error = beacond_config_set(cfg, key, value,
					   BEACOND_SOURCE_FLAGS, err);
		if (error < 0)
			return error;
	}
	return 0;
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
	error = scan_special(cfg, argc, argv, help_out, err);
	if (error < 0 || *help_out)
		return error;
	if (cfg->config_path != NULL) {
		error = load_file(cfg, cfg->config_path, err);
		if (error < 0)
			return error;
	}
	error = apply_flags(cfg, argc, argv, err);
	if (error < 0)
		return error;
	return check_config(cfg, err);
}
