/*
 * toml_loader.c - beacon_doc_toml_parse of the shared libbeacon: loads
 * libbeacon-toml.so (toml_module.c) on first use, from the directory
 * libbeacon.so was loaded from, else through the dynamic loader's search
 * path, and calls its parser. Loaded once per process and never unloaded
 * (the module holds no state between calls). Without the module a TOML
 * document fails with BEACON_EDISABLED and says so in the detail.
 */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "doc/internal.h"

#define TOML_MODULE_NAME "libbeacon-toml.so"
#define TOML_MODULE_SYMBOL "beacon_toml_module_parse"
/* Longest path of the module tried next to libbeacon. */
#define TOML_MODULE_PATH_MAX 4096

typedef int (*toml_parse_fn)(json_t **, const char *, size_t, const char *,
			     beacon_error_detail *);

static pthread_once_t toml_once = PTHREAD_ONCE_INIT;
static toml_parse_fn toml_parse;

/* The module next to this library: DIR/libbeacon-toml.so; NULL if unknown. */
static void *open_sibling(void)
{
	char path[TOML_MODULE_PATH_MAX];
	const char *slash;
	Dl_info info;
	int n;

	if (dladdr(&toml_once, &info) == 0 || info.dli_fname == NULL)
		return NULL;
	slash = strrchr(info.dli_fname, '/');
	if (slash == NULL)
		return NULL;
	n = snprintf(path, sizeof(path), "%.*s/%s",
		     (int)(slash - info.dli_fname), info.dli_fname,
		     TOML_MODULE_NAME);
	if (n < 0 || (size_t)n >= sizeof(path))
		return NULL;
	return dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

static void load_module(void)
{
	void *h = open_sibling();

	if (h == NULL)
		h = dlopen(TOML_MODULE_NAME, RTLD_NOW | RTLD_LOCAL);
	if (h != NULL)
		*(void **)&toml_parse = dlsym(h, TOML_MODULE_SYMBOL);
}

int beacon_doc_toml_parse(json_t **out, const char *data, size_t len,
			  const char *name, beacon_error_detail *err)
{
	*out = NULL;
	pthread_once(&toml_once, load_module);
	if (toml_parse == NULL)
		return beacon_error_set(err, BEACON_EDISABLED, name, 0, 0,
					"TOML support is not installed (%s "
					"not found next to libbeacon)",
					TOML_MODULE_NAME);
	return toml_parse(out, data, len, name, err);
}
