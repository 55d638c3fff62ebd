/*
 * doc/flags.c - documents from Traefik-style command-line flags
 * ("--entryPoints.web.address=:80", "--providers.docker"). Rules are in
 * beacon/doc.h.
 */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/limits.h"
#include "doc/internal.h"

/* Cut "a.b[0].c" (a copy in path->buf) into segments a, b, [0], c. */
static int parse_name(beacon_doc_path *path, const char *name, size_t len)
{
	char *p;
	int error = BEACON_OK;

	path->buf = beacon_strndup(name, len);
	if (path->buf == NULL)
		return BEACON_ENOMEM;
	p = path->buf;
	while (error == BEACON_OK) {
		size_t n = strcspn(p, ".[");
		char end = p[n];

		p[n] = '\0';
		error = beacon_doc_path_add(path, p, 0);
		p += n + 1;
		while (error == BEACON_OK && end == '[') {
			size_t digits = strspn(p, "0123456789");

			if (digits == 0 || p[digits] != ']')
				return BEACON_EINVAL;
			p[digits] = '\0';
			error = beacon_doc_path_add(path, p, 1);
			p += digits + 1;
			end = *p;
			if (end != '\0' && end != '.' && end != '[')
				return BEACON_EINVAL;
			p += end != '\0';
		}
		if (end == '\0')
			break;
	}
	return error;
}

/* Handle argv[*i] (and its value argument, which advances *i). */
static int one_flag(json_t *doc, int argc, const char *const argv[], int *i,
		    beacon_error_detail *err)
{
	const char *arg = argv[*i];
	const char *name = arg + (arg[1] == '-' ? 2 : 1);
	const char *eq = strchr(name, '=');
	const char *value = "true";
	const char *why = NULL;
	beacon_doc_path path;
	int error;

	memset(&path, 0, sizeof(path));
	if (eq != NULL) {
		value = eq + 1;
	} else if (*i + 1 < argc && argv[*i + 1][0] != '-') {
		value = argv[++*i];
	}
	error = parse_name(&path, name,
			   eq != NULL ? (size_t)(eq - name) : strlen(name));
	if (error == BEACON_OK)
		error = beacon_doc_store(doc, &path, value, &why);
	if (error == BEACON_EINVAL && why == NULL)
		why = "malformed flag name";
	if (error < 0)
		beacon_error_set(err, error, "flags", 0, 0, "%s: %s", arg,
				 why != NULL ? why : beacon_strerror(error));
	beacon_doc_path_dispose(&path);
	return error;
}

int beacon_doc_from_flags(json_t **out, int argc, const char *const argv[],
			  beacon_error_detail *err)
{
	json_t *doc = NULL;
	int error = BEACON_OK;
	int i;

	beacon_error_clear(err);
	if (out == NULL || argc < 0 || (argc > 0 && argv == NULL))
		return beacon_error_set(err, BEACON_EINVAL, "flags", 0, 0,
					"invalid argument");
	*out = NULL;
	doc = json_object();
	if (doc == NULL)
		return beacon_error_set(err, BEACON_ENOMEM, "flags", 0, 0,
					"out of memory");
	for (i = 0; i < argc && error == BEACON_OK; i++) {
		const char *arg = argv[i];

		if (arg == NULL || arg[0] != '-' || arg[1] == '\0' ||
		    strcmp(arg, "--") == 0)
			error = beacon_error_set(
			    err, BEACON_EINVAL, "flags", 0, 0,
			    "%s: not a configuration flag (--name=value)",
			    arg != NULL ? arg : "(null)");
		else
			error = one_flag(doc, argc, argv, &i, err);
	}
	if (error == BEACON_OK) {
		*out = doc;
		doc = NULL;
	}
	json_decref(doc);
	return error;
}
