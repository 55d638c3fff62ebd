/* doc.c - configuration documents: format selection and file reading. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "beacon/doc.h"
#include "beacon/limits.h"
#include "doc/internal.h"

/* Bytes read from a configuration file at a time. */
#define DOC_READ_CHUNK 8192

/* Format named by the extension of name, or AUTO if it names none. */
static beacon_doc_format format_from_name(const char *name)
{
	const char *dot = name != NULL ? strrchr(name, '.') : NULL;

	if (dot == NULL)
		return BEACON_DOC_AUTO;
	if (strcasecmp(dot, ".yaml") == 0 || strcasecmp(dot, ".yml") == 0)
		return BEACON_DOC_YAML;
	if (strcasecmp(dot, ".toml") == 0)
		return BEACON_DOC_TOML;
	if (strcasecmp(dot, ".json") == 0)
		return BEACON_DOC_JSON;
	return BEACON_DOC_AUTO;
}

/* True if the line [p, end) looks like TOML: "[table]" or "key = value". */
static int line_is_toml(const char *p, const char *end)
{
	const char *eq;

	if (p < end && *p == '[')
		return 1;
	eq = memchr(p, '=', (size_t)(end - p));
	return eq != NULL && memchr(p, ':', (size_t)(eq - p)) == NULL;
}

/* Guess from the first meaningful line: '{' is JSON, TOML shapes are TOML,
 * anything else is YAML. */
static beacon_doc_format format_from_content(const char *data, size_t len)
{
	const char *p = data;
	const char *end = data + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (eol == NULL)
			eol = end;
		while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p < eol && *p != '#') {
			if (*p == '{')
				return BEACON_DOC_JSON;
			return line_is_toml(p, eol) ? BEACON_DOC_TOML
						    : BEACON_DOC_YAML;
		}
		p = eol + 1;
	}
	return BEACON_DOC_YAML;
}

int beacon_doc_load_buffer(json_t **out, const char *data, size_t len,
			   beacon_doc_format format, const char *name,
			   beacon_error_detail *err)
{
	beacon_error_clear(err);
	if (out == NULL)
		return beacon_error_set(err, BEACON_EINVAL, name, 0, 0,
					"no output pointer");
	*out = NULL;
	if (data == NULL && len > 0)
		return beacon_error_set(err, BEACON_EINVAL, name, 0, 0,
					"no input");
	if (len > BEACON_MAX_FILE_SIZE)
		return beacon_error_set(
		    err, BEACON_ELIMIT, name, 0, 0,
		    "document of %zu bytes exceeds %u bytes", len,
		    BEACON_MAX_FILE_SIZE);
	if (data == NULL)
		data = "";
	if (format == BEACON_DOC_AUTO)
		format = format_from_name(name);
	if (format == BEACON_DOC_AUTO)
		format = format_from_content(data, len);
	switch (format) {
	case BEACON_DOC_YAML:
		return beacon_doc_yaml_parse(out, data, len, name, err);
	case BEACON_DOC_TOML:
		return beacon_doc_toml_parse(out, data, len, name, err);
	case BEACON_DOC_JSON:
		return beacon_doc_json_parse(out, data, len, name, err);
	case BEACON_DOC_AUTO:
		break;
	}
	return beacon_error_set(err, BEACON_EINVAL, name, 0, 0,
				"unknown document format %d", (int)format);
}

/* Read at most BEACON_MAX_FILE_SIZE bytes of fp into a new buffer. */
/* Why the bounded buffer refused an append, as the file's error. */
static int append_error(int error, const char *path, beacon_error_detail *err)
{
	if (error == BEACON_ELIMIT)
		return beacon_error_set(err, BEACON_ELIMIT, path, 0, 0,
					"file exceeds %u bytes",
					BEACON_MAX_FILE_SIZE);
	return beacon_error_set(err, BEACON_ENOMEM, path, 0, 0,
				"out of memory reading the file");
}

/* Read all of fp (at most BEACON_MAX_FILE_SIZE bytes) over a bounded
 * buffer; *out: new, NUL-terminated (beacon_free). */
static int read_stream(char **out, size_t *outlen, FILE *fp, const char *path,
		       beacon_error_detail *err)
{
	beacon_buf buf = BEACON_BUF_INIT(BEACON_MAX_FILE_SIZE);
	char chunk[DOC_READ_CHUNK];
	struct stat st;
	size_t n;
	int error = 0;
	int regular = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);

	if (regular && (unsigned long long)st.st_size > BEACON_MAX_FILE_SIZE) {
		error = beacon_error_set(err, BEACON_ELIMIT, path, 0, 0,
					 "file of %lld bytes exceeds %u bytes",
					 (long long)st.st_size,
					 BEACON_MAX_FILE_SIZE);
		goto cleanup;
	}
	/* A regular file's size is known: one allocation in the usual case. */
	if (regular)
		error = beacon_buf_reserve(&buf, (size_t)st.st_size);
	do {
		n = error == 0 ? fread(chunk, 1, sizeof(chunk), fp) : 0;
		if (error == 0)
			error = beacon_buf_append(&buf, chunk, n);
	} while (n > 0 && error == 0);
	if (error < 0) {
		error = append_error(error, path, err);
	} else if (ferror(fp)) {
		error =
		    beacon_error_set(err, BEACON_EIO, path, 0, 0, "read error");
	} else {
		*out = beacon_buf_detach(&buf, outlen);
		if (*out == NULL)
			error = append_error(BEACON_ENOMEM, path, err);
	}
cleanup:
	beacon_buf_dispose(&buf);
	return error;
}

int beacon_doc_read_file(char **out, size_t *outlen, const char *path,
			 beacon_error_detail *err)
{
	FILE *fp = NULL;
	char msg[128];
	int error;

	beacon_error_clear(err);
	if (out == NULL || outlen == NULL || path == NULL)
		return beacon_error_set(err, BEACON_EINVAL, path, 0, 0,
					"invalid argument");
	*out = NULL;
	*outlen = 0;
	fp = fopen(path, "rb");
	if (fp == NULL) {
		int saved = errno;

		if (strerror_r(saved, msg, sizeof(msg)) != 0)
			snprintf(msg, sizeof(msg), "errno %d", saved);
		return beacon_error_set(
		    err, saved == ENOENT ? BEACON_ENOTFOUND : BEACON_EIO, path,
		    0, 0, "cannot open: %s", msg);
	}
	error = read_stream(out, outlen, fp, path, err);
	fclose(fp);
	return error;
}

int beacon_doc_load_file(json_t **out, const char *path,
			 beacon_doc_format format, beacon_error_detail *err)
{
	char *data = NULL;
	size_t len = 0;
	int error;

	if (out != NULL)
		*out = NULL;
	error = beacon_doc_read_file(&data, &len, path, err);
	if (error < 0)
		goto cleanup;
	error = beacon_doc_load_buffer(out, data, len, format, path, err);
cleanup:
	beacon_free(data);
	return error;
}
