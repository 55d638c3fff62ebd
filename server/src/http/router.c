/* http/router.c - picking the route table row of a request. */
#include "http/router.h"

#include <string.h>

/* Whether method is one of the comma-separated list methods. */
static int method_listed(const char *methods, const char *method)
{
	size_t mlen = strlen(method);
	const char *p = methods;

	while (*p != '\0') {
		size_t n;
		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, ", ");
		if (n == mlen && n > 0 && strncmp(p, method, n) == 0)
			return 1;
		p += n;
	}
	return 0;
}

/* url against pattern, whose one '*' stands for one or more characters. */
static int pattern_matches(const char *pattern, const char *url)
{
	const char *star = strchr(pattern, '*');
	size_t plen, slen, n = strlen(url);

	if (star == NULL)
		return strcmp(pattern, url) == 0;
	plen = (size_t)(star - pattern);
	slen = strlen(star + 1);
	return n > plen + slen && strncmp(url, pattern, plen) == 0 &&
	       strcmp(url + n - slen, star + 1) == 0;
}

static int row_is_exact(const beacond_route *r)
{
	return r->path == NULL || strchr(r->path, '*') == NULL;
}

static int row_matches(const beacond_route *r, const beacond_config *cfg,
		       const char *url)
{
	const beacond_strlist *list;
	size_t i;

	if (r->path != NULL)
		return pattern_matches(r->path, url);
	if (r->config_paths == NULL)
		return 0;
	list = r->config_paths(cfg);
	for (i = 0; i < list->count; i++)
		if (strcmp(list->items[i], url) == 0)
			return 1;
	return 0;
}

const beacond_route *beacond_route_find(const beacond_route *table, size_t n,
					const beacond_config *cfg,
					const char *url, const char *method,
					const char **allow)
{
	const beacond_route *found = NULL;
	size_t i;
	int exact;

	*allow = NULL;
	/* Two passes: exact paths first, then patterns. */
	for (exact = 1; exact >= 0 && found == NULL; exact--)
		for (i = 0; i + 1 < n && found == NULL; i++)
			if (row_is_exact(&table[i]) == exact &&
			    row_matches(&table[i], cfg, url))
				found = &table[i];
	if (found == NULL)
		return &table[n - 1];
	if (!method_listed(found->methods, method))
		*allow = found->methods;
	return found;
}
