/* catalog/snapshot.c - catalog snapshots: rendering, lookup, pages, ETags. */
#include "catalog/snapshot.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "beacon/limits.h"

/* A quoted ETag: '"' + 32 hex digits + '"' + NUL. */
#define ETAG_MAX 35
/* The Link header of one page. */
#define LINK_MAX 2048
/* A rendered page, bytes (the catalog itself bounds it). */
#define PAGE_MAX (64u * 1024u * 1024u)

struct beacond_product {
	char *name;
	char **items; /* rendered release objects, newest first */
	size_t count, cap;
	beacond_headers_fn headers;
	struct MHD_Response *first_ok; /* page 1, default per_page */
	struct MHD_Response *first_not_modified;
	char first_etag[ETAG_MAX];
};

struct beacond_catalog {
	beacond_product *products; /* sorted by name, case-insensitively */
	size_t count;
};

static void product_dispose(beacond_product *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		beacon_free(p->items[i]);
	beacon_free(p->items);
	beacon_free(p->name);
	if (p->first_ok != NULL)
		MHD_destroy_response(p->first_ok);
	if (p->first_not_modified != NULL)
		MHD_destroy_response(p->first_not_modified);
}

static void catalog_free(beacond_catalog *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->count; i++)
		product_dispose(&c->products[i]);
	beacon_free(c->products);
	beacon_free(c);
}

static char *render_release(const beacond_release *rel)
{
	json_t *obj = json_pack(
	    "{s:I,s:s,s:s,s:b,s:b,s:s,s:s,s:s}", "id", (json_int_t)rel->id,
	    "tag_name", rel->tag, "name", rel->name, "draft", 0, "prerelease",
	    rel->prerelease != 0, "published_at", rel->published_at, "html_url",
	    rel->url, "body", rel->body);
	char *text = NULL;

	if (obj != NULL)
		text = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	return text;
}

static beacond_product *catalog_product(beacond_catalog *c, const char *name)
{
	beacond_product *grown;
	size_t i;

	for (i = 0; i < c->count; i++)
		if (strcasecmp(c->products[i].name, name) == 0)
			return &c->products[i];
	grown = beacon_realloc(c->products, (c->count + 1) * sizeof(*grown));
	if (grown == NULL)
		return NULL;
	c->products = grown;
	memset(&grown[c->count], 0, sizeof(*grown));
	grown[c->count].name = beacon_strdup(name);
	if (grown[c->count].name == NULL)
		return NULL;
	return &grown[c->count++];
}

static int product_append(beacond_product *p, char *item)
{
	if (p->count == p->cap) {
		size_t cap = p->cap == 0 ? 16 : p->cap * 2;
		char **items = beacon_realloc(p->items, cap * sizeof(*items));
		if (items == NULL)
			return BEACON_ENOMEM;
		p->items = items;
		p->cap = cap;
	}
	p->items[p->count++] = item;
	return 0;
}

static int catalog_add(beacond_catalog *c, const beacond_release *rel)
{
	beacond_product *p;
	char *item;

	if (rel->draft)
		return 0;
	p = catalog_product(c, rel->product);
	if (p == NULL)
		return BEACON_ENOMEM;
	item = render_release(rel);
	if (item == NULL)
		return BEACON_ENOMEM;
	if (product_append(p, item) < 0) {
		beacon_free(item);
		return BEACON_ENOMEM;
	}
	return 0;
}

static void etag_of(const char *body, size_t len, char out[ETAG_MAX])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;

	EVP_Digest(body, len, md, &mdlen, EVP_sha256(), NULL);
	out[0] = '"';
	for (i = 0; i < 16; i++) {
		out[1 + 2 * i] = hex[md[i] >> 4];
		out[2 + 2 * i] = hex[md[i] & 15];
	}
	out[33] = '"';
	out[34] = '\0';
}

/* "[item,item]" of items [first, first + n). New string or NULL. */
static char *render_page(const beacond_product *p, size_t first, size_t n,
			 size_t *len)
{
	beacon_buf out = BEACON_BUF_INIT(PAGE_MAX);
	size_t i;
	int error = beacon_buf_putc(&out, '[');

	for (i = first; i < first + n && error == 0; i++) {
		if (i > first)
			error = beacon_buf_putc(&out, ',');
		if (error == 0)
			error = beacon_buf_puts(&out, p->items[i]);
	}
	if (error == 0)
		error = beacon_buf_putc(&out, ']');
	if (error < 0) {
		beacon_buf_dispose(&out);
		return NULL;
	}
	return beacon_buf_detach(&out, len);
}

static void link_add(beacon_buf *link, const beacond_product *p,
		     unsigned per_page, size_t page, const char *rel)
{
	if (link->len > 0)
		beacon_buf_puts(link, ", ");
	beacon_buf_printf(link,
			  "</repos/%s/releases?per_page=%u&page=%zu>; "
			  "rel=\"%s\"",
			  p->name, per_page, page, rel);
}

/* GitHub's Link header: prev, next, last, first, as they apply. */
static void add_link_header(struct MHD_Response *resp, const beacond_product *p,
			    unsigned page, unsigned per_page)
{
	beacon_buf link = BEACON_BUF_INIT(LINK_MAX);
	size_t last = (p->count + per_page - 1) / per_page;

	if (last == 0)
		last = 1;
	if (page > 1)
		link_add(&link, p, per_page, page - 1 <= last ? page - 1 : last,
			 "prev");
	if (page < last) {
		link_add(&link, p, per_page, (size_t)page + 1, "next");
		link_add(&link, p, per_page, last, "last");
	}
	if (page > 1)
		link_add(&link, p, per_page, 1, "first");
	if (link.len > 0)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LINK, link.ptr);
	beacon_buf_dispose(&link);
}

static void page_headers(struct MHD_Response *resp, const beacond_product *p,
			 unsigned page, unsigned per_page, const char *etag)
{
	p->headers(resp, "application/json; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				"public, max-age=60");
	add_link_header(resp, p, page, per_page);
}

/* Build the 200 (and, when not_modified is given, the 304) of a page. */
static struct MHD_Response *build_page(const beacond_product *p, unsigned page,
				       unsigned per_page, char etag[ETAG_MAX],
				       struct MHD_Response **not_modified)
{
	size_t first = (size_t)(page - 1) * per_page, n = 0, len = 0;
	struct MHD_Response *resp;
	char *body;

	if (first < p->count)
		n = p->count - first < per_page ? p->count - first : per_page;
	body = render_page(p, first < p->count ? first : 0, n, &len);
	if (body == NULL)
		return NULL;
	etag_of(body, len, etag);
	resp = MHD_create_response_from_buffer_with_free_callback(len, body,
								  beacon_free);
	if (resp == NULL) {
		beacon_free(body);
		return NULL;
	}
	page_headers(resp, p, page, per_page, etag);
	if (not_modified != NULL) {
		*not_modified = MHD_create_response_from_buffer(
		    0, NULL, MHD_RESPMEM_PERSISTENT);
		if (*not_modified != NULL)
			page_headers(*not_modified, p, page, per_page, etag);
	}
	return resp;
}

static int product_cmp(const void *a, const void *b)
{
	const beacond_product *pa = a, *pb = b;
	return strcasecmp(pa->name, pb->name);
}

static int catalog_build(beacond_catalog **out, const beacond_release_list *l,
			 beacond_headers_fn headers)
{
	beacond_catalog *c = beacon_calloc(1, sizeof(*c));
	size_t i;
	int error = 0;

	if (c == NULL)
		return BEACON_ENOMEM;
	for (i = 0; i < l->count && error == 0; i++)
		error = catalog_add(c, &l->items[i]);
	if (error == 0 && c->count > 1)
		qsort(c->products, c->count, sizeof(*c->products), product_cmp);
	for (i = 0; i < c->count && error == 0; i++) {
		beacond_product *p = &c->products[i];
		p->headers = headers;
		p->first_ok = build_page(p, 1, BEACON_SERVER_PER_PAGE_DEFAULT,
					 p->first_etag, &p->first_not_modified);
		if (p->first_ok == NULL || p->first_not_modified == NULL)
			error = BEACON_ENOMEM;
	}
	if (error < 0) {
		catalog_free(c);
		c = NULL;
	}
	*out = c;
	return error;
}

int beacond_releases_init(beacond_releases *r, beacond_headers_fn headers)
{
	memset(r, 0, sizeof(*r));
	r->headers = headers;
	return pthread_rwlock_init(&r->lock, NULL) == 0 ? 0 : BEACON_ERROR;
}

void beacond_releases_dispose(beacond_releases *r)
{
	catalog_free(r->current);
	r->current = NULL;
	pthread_rwlock_destroy(&r->lock);
}

int beacond_releases_refresh(beacond_releases *r, beacond_store *store,
			     int *changed, beacon_error_detail *err)
{
	beacond_release_list *list = NULL;
	beacond_catalog *next = NULL, *old;
	int64_t gen = 0;
	int error;

	if (changed != NULL)
		*changed = 0;
	error = beacond_store_catalog_generation(store, &gen);
	if (error < 0 || (r->current != NULL && gen == r->generation))
		return error;
	error = beacond_store_release_list(store, NULL, &list, err);
	if (error == 0)
		error = catalog_build(&next, list, r->headers);
	beacond_release_list_free(list);
	if (error < 0)
		return error;
	pthread_rwlock_wrlock(&r->lock);
	old = r->current;
	r->current = next;
	r->generation = gen;
	pthread_rwlock_unlock(&r->lock);
	catalog_free(old);
	if (changed != NULL)
		*changed = 1;
	return 0;
}

void beacond_releases_read_lock(beacond_releases *r)
{
	pthread_rwlock_rdlock(&r->lock);
}

void beacond_releases_read_unlock(beacond_releases *r)
{
	pthread_rwlock_unlock(&r->lock);
}

const beacond_product *beacond_releases_find(beacond_releases *r,
					     const char *product)
{
	beacond_product key;

	if (r->current == NULL || r->current->count == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.name = (char *)(uintptr_t)product;
	return bsearch(&key, r->current->products, r->current->count,
		       sizeof(key), product_cmp);
}

const char *beacond_product_name(const beacond_product *p)
{
	return p->name;
}

/* Whether an If-None-Match list names etag (weak or strong), or is "*". */
static int etag_matches(const char *list, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = list;

	while (*p != '\0') {
		const char *start, *end;
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		start = p;
		while (*p != '\0' && *p != ',')
			p++;
		end = p;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end - start >= 2 && strncmp(start, "W/", 2) == 0)
			start += 2;
		if ((end - start == 1 && *start == '*') ||
		    ((size_t)(end - start) == elen &&
		     memcmp(start, etag, elen) == 0))
			return 1;
	}
	return 0;
}

struct MHD_Response *beacond_product_page(const beacond_product *p,
					  unsigned page, unsigned per_page,
					  const char *if_none_match,
					  unsigned *status, int *owned)
{
	struct MHD_Response *resp, *not_modified = NULL;
	char etag[ETAG_MAX];

	if (page == 1 && per_page == BEACON_SERVER_PER_PAGE_DEFAULT) {
		*owned = 0;
		if (if_none_match != NULL &&
		    etag_matches(if_none_match, p->first_etag)) {
			*status = MHD_HTTP_NOT_MODIFIED;
			return p->first_not_modified;
		}
		*status = MHD_HTTP_OK;
		return p->first_ok;
	}
	*owned = 1;
	*status = MHD_HTTP_OK;
	resp = build_page(p, page, per_page, etag,
			  if_none_match != NULL ? &not_modified : NULL);
	if (resp != NULL && not_modified != NULL &&
	    etag_matches(if_none_match, etag)) {
		MHD_destroy_response(resp);
		*status = MHD_HTTP_NOT_MODIFIED;
		return not_modified;
	}
	if (not_modified != NULL)
		MHD_destroy_response(not_modified);
	return resp;
}
