/* doc/template.c - neutralise Go text/template actions before parsing. */
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/doc.h"

/* End of the action starting at p ("{{"), just past "}}", or NULL. */
static const char *action_end(const char *p, const char *end)
{
	const char *q;

	for (q = p + 2; q + 1 < end && *q != '\n'; q++) {
		if (q[0] == '}' && q[1] == '}')
			return q + 2;
	}
	return NULL;
}

/* True if [p, eol) holds only blanks and complete actions. */
static int only_actions(const char *p, const char *eol)
{
	int seen = 0;

	while (p < eol) {
		const char *e;

		if (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
			continue;
		}
		if (eol - p < 2 || p[0] != '{' || p[1] != '{')
			return 0;
		e = action_end(p, eol);
		if (e == NULL)
			return 0;
		seen = 1;
		p = e;
	}
	return seen;
}

/* Copy [p, eol) to dst replacing each complete action by the placeholder. */
static char *copy_line(char *dst, const char *p, const char *eol)
{
	const size_t plen = strlen(BEACON_DOC_TEMPLATE_PLACEHOLDER);

	while (p < eol) {
		const char *e = eol - p >= 2 && p[0] == '{' && p[1] == '{'
				    ? action_end(p, eol)
				    : NULL;

		if (e == NULL) {
			*dst++ = *p++;
			continue;
		}
		memcpy(dst, BEACON_DOC_TEMPLATE_PLACEHOLDER, plen);
		dst += plen;
		p = e;
	}
	return dst;
}

int beacon_doc_strip_templates(char **out, size_t *outlen, const char *data,
			       size_t len)
{
	const char *p = data;
	const char *end = data + len;
	char *dst;

	if (out == NULL || outlen == NULL || (data == NULL && len > 0))
		return BEACON_EINVAL;
	/* An action is at least 4 bytes and its placeholder 1: never longer. */
	*out = beacon_malloc(len + 1);
	if (*out == NULL)
		return BEACON_ENOMEM;
	dst = *out;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (eol == NULL)
			eol = end;
		if (!only_actions(p, eol))
			dst = copy_line(dst, p, eol);
		if (eol < end)
			*dst++ = '\n';
		p = eol + 1;
	}
	*dst = '\0';
	*outlen = (size_t)(dst - *out);
	return BEACON_OK;
}
