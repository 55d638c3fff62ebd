/*
 * store/sqlite/catalog.c - the release catalog: add, remove, list, generation.
 * Edits go through the write connection, reads through the read one.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "beacon/alloc.h"
#include "catalog/rfc3339.h"
#include "catalog/version_key.h"
#include "store/sqlite/internal.h"

/* A product is "owner/repo": two non-empty parts, one slash. */
static int valid_product(const char *p)
{
	const char *slash = p ? strchr(p, '/') : NULL;

	return slash && slash != p && slash[1] != '\0' &&
	       !strchr(slash + 1, '/') &&
	       strlen(p) <= BEACON_RELEASE_PRODUCT_MAX;
}

static int check_release(const beacond_release *rel, char *key, size_t keylen,
			 char *published, beacon_error_detail *err)
{
	int64_t t = (int64_t)time(NULL);

	if (!valid_product(rel->product))
		return beacon_error_set(err, BEACON_EINVAL, "product", 0, 0,
					"product must be OWNER/REPO");
	if (!rel->tag || beacond_version_key(rel->tag, key, keylen) < 0)
		return beacon_error_set(err, BEACON_EPARSE, "tag", 0, 0,
					"'%s' is not a version",
					rel->tag ? rel->tag : "");
	if ((rel->name && strlen(rel->name) > BEACON_RELEASE_NAME_MAX) ||
	    (rel->body && strlen(rel->body) > BEACON_RELEASE_BODY_MAX) ||
	    (rel->url && strlen(rel->url) > BEACON_RELEASE_NAME_MAX))
		return beacon_error_set(err, BEACON_ELIMIT, "release", 0, 0,
					"name, body or url too long");
	if (rel->published_at && beacond_rfc3339_parse(rel->published_at, &t))
		return beacon_error_set(err, BEACON_EPARSE, "published_at", 0,
					0, "'%s' is not an RFC 3339 time",
					rel->published_at);
	if (beacond_rfc3339_format(t, published, BEACOND_RFC3339_LEN) < 0)
		return beacon_error_set(err, BEACON_EINVAL, "published_at", 0,
					0, "time out of range");
	return BEACON_OK;
}

static int bind_release(sqlite3_stmt *stmt, const beacond_release *rel,
			const char *key, const char *published)
{
	const char *texts[] = { rel->product, rel->tag, key,      rel->name,
				rel->body,    rel->url, published };
	int rc = SQLITE_OK;
	int i;

	for (i = 0; i < 7 && rc == SQLITE_OK; i++)
		rc = beacond_sqlite_bind_text(stmt, i + 1, texts[i]);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(stmt, 8, rel->prerelease ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(stmt, 9, rel->draft ? 1 : 0);
	return rc;
}

int beacond_sqlite_release_add(beacond_store *base, const beacond_release *rel,
			       int64_t *id_out, beacon_error_detail *err)
{
	beacond_sqlite_store *store = (beacond_sqlite_store *)base;
	char key[BEACOND_VERSION_KEY_MAX];
	char published[BEACOND_RFC3339_LEN];
	sqlite3_stmt *stmt;
	int rc;
	int error;

	if (!store || !rel)
		return BEACON_EINVAL;
	error = check_release(rel, key, sizeof(key), published, err);
	if (error < 0)
		return error;
	pthread_mutex_lock(&store->wlock);
	stmt = store->w[BEACOND_WSTMT_RELEASE_INSERT];
	rc = beacond_sqlite_finish(stmt,
				   bind_release(stmt, rel, key, published));
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		error = beacon_error_set(err, BEACON_EINVAL, NULL, 0, 0,
					 "%s %s is already in the catalog",
					 rel->product, rel->tag);
	else if (rc != SQLITE_OK)
		error = beacond_sqlite_fail(err, store->wdb, rc, "release");
	else if (id_out)
		*id_out = sqlite3_last_insert_rowid(store->wdb);
	pthread_mutex_unlock(&store->wlock);
	return error;
}

/* Validate every release before the transaction; keys and times are
 * recomputed per row while binding (cheap) to avoid arrays of them. */
static int check_all(const beacond_release *rels, size_t count,
		     beacon_error_detail *err)
{
	char key[BEACOND_VERSION_KEY_MAX];
	char published[BEACOND_RFC3339_LEN];
	char where[BEACON_ERROR_SOURCE_MAX + 32];
	size_t i;
	int error = BEACON_OK;

	for (i = 0; i < count && error == BEACON_OK; i++) {
		error =
		    check_release(&rels[i], key, sizeof(key), published, err);
		if (error < 0 && err) {
			snprintf(where, sizeof(where), "releases[%zu].%s", i,
				 err->source);
			snprintf(err->source, sizeof(err->source), "%.*s",
				 (int)sizeof(err->source) - 1, where);
		}
	}
	return error;
}

static int upsert_one(beacond_sqlite_store *store, const beacond_release *rel)
{
	char key[BEACOND_VERSION_KEY_MAX];
	char published[BEACOND_RFC3339_LEN];
	sqlite3_stmt *stmt = store->w[BEACOND_WSTMT_RELEASE_UPSERT];
	int rc;

	if (check_release(rel, key, sizeof(key), published, NULL) < 0)
		return SQLITE_MISUSE;
	/* No time given: keep the stored one (now for a new release). */
	rc = bind_release(stmt, rel, key, rel->published_at ? published : NULL);
	return beacond_sqlite_finish(stmt, rc);
}

typedef struct import_ctx {
	const beacond_release *rels;
	size_t count;
} import_ctx;

static int upsert_all(beacond_sqlite_store *store, void *arg)
{
	const import_ctx *im = arg;
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < im->count && rc == SQLITE_OK; i++)
		rc = upsert_one(store, &im->rels[i]);
	return rc;
}

int beacond_sqlite_release_import(beacond_store *base,
				  const beacond_release *rels, size_t count,
				  beacon_error_detail *err)
{
	beacond_sqlite_store *store = (beacond_sqlite_store *)base;
	import_ctx im = { rels, count };
	int error;

	if (!store || (!rels && count > 0))
		return BEACON_EINVAL;
	error = check_all(rels, count, err);
	if (error < 0)
		return error;
	return beacond_sqlite_transaction(store, upsert_all, &im, "import",
					  err);
}

int beacond_sqlite_release_remove(beacond_store *base, const char *product,
				  const char *tag, beacon_error_detail *err)
{
	beacond_sqlite_store *store = (beacond_sqlite_store *)base;
	sqlite3_stmt *stmt;
	int rc;
	int error = BEACON_OK;

	if (!store || !product || !tag)
		return BEACON_EINVAL;
	pthread_mutex_lock(&store->wlock);
	stmt = store->w[BEACOND_WSTMT_RELEASE_DELETE];
	rc = beacond_sqlite_bind_text(stmt, 1, product);
	if (rc == SQLITE_OK)
		rc = beacond_sqlite_bind_text(stmt, 2, tag);
	rc = beacond_sqlite_finish(stmt, rc);
	if (rc != SQLITE_OK)
		error = beacond_sqlite_fail(err, store->wdb, rc, "release");
	else if (sqlite3_changes(store->wdb) == 0)
		error = beacon_error_set(err, BEACON_ENOTFOUND, NULL, 0, 0,
					 "%s %s is not in the catalog", product,
					 tag);
	pthread_mutex_unlock(&store->wlock);
	return error;
}

/* Copy the 6 text columns 1..6 of the current row into one block. */
static int copy_row(sqlite3_stmt *stmt, beacond_release *out)
{
	const char **fields[6] = {
		&out->product, &out->tag, &out->name,
		&out->body,    &out->url, &out->published_at
	};
	size_t total = 0;
	char *block;
	int i;

	for (i = 0; i < 6; i++)
		total += (size_t)sqlite3_column_bytes(stmt, i + 1) + 1;
	block = beacon_malloc(total);
	if (!block)
		return BEACON_ENOMEM;
	for (i = 0; i < 6; i++) {
		const unsigned char *t = sqlite3_column_text(stmt, i + 1);
		size_t n = (size_t)sqlite3_column_bytes(stmt, i + 1);

		if (n)
			memcpy(block, t, n);
		block[n] = '\0';
		*fields[i] = block;
		block += n + 1;
	}
	out->id = sqlite3_column_int64(stmt, 0);
	out->prerelease = sqlite3_column_int(stmt, 7);
	out->draft = sqlite3_column_int(stmt, 8);
	return BEACON_OK;
}

static int list_append(beacond_release_list *list, size_t *cap,
		       sqlite3_stmt *stmt)
{
	beacond_release *grown;
	int error;

	if (list->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;

		grown = beacon_realloc(list->items, ncap * sizeof(*grown));
		if (!grown)
			return BEACON_ENOMEM;
		list->items = grown;
		*cap = ncap;
	}
	error = copy_row(stmt, &list->items[list->count]);
	if (error == BEACON_OK)
		list->count++;
	return error;
}

int beacond_sqlite_release_list(beacond_store *base, const char *product,
				beacond_release_list **out,
				beacon_error_detail *err)
{
	beacond_sqlite_store *store = (beacond_sqlite_store *)base;
	beacond_release_list *list = NULL;
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc = SQLITE_OK;
	int error = BEACON_OK;

	if (!store || !out)
		return BEACON_EINVAL;
	*out = NULL;
	list = beacon_calloc(1, sizeof(*list));
	if (!list)
		return BEACON_ENOMEM;
	pthread_mutex_lock(&store->rlock);
	stmt = store->r[product ? BEACOND_RSTMT_LIST_PRODUCT
				: BEACOND_RSTMT_LIST_ALL];
	if (product)
		rc = beacond_sqlite_bind_text(stmt, 1, product);
	while (rc == SQLITE_OK && error == BEACON_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			error = list_append(list, &cap, stmt);
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_DONE && error == BEACON_OK)
		error = beacond_sqlite_fail(err, store->rdb, rc, "release");
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	pthread_mutex_unlock(&store->rlock);
	if (error == BEACON_OK) {
		*out = list;
		list = NULL;
	}
	beacond_release_list_free(list);
	return error;
}

int beacond_sqlite_catalog_generation(beacond_store *base, int64_t *out)
{
	beacond_sqlite_store *store = (beacond_sqlite_store *)base;
	sqlite3_stmt *stmt;
	int rc;

	if (!store || !out)
		return BEACON_EINVAL;
	pthread_mutex_lock(&store->rlock);
	stmt = store->r[BEACOND_RSTMT_GENERATION];
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	pthread_mutex_unlock(&store->rlock);
	if (rc == SQLITE_ROW)
		return BEACON_OK;
	return rc == SQLITE_DONE ? BEACON_EIO : beacond_sqlite_map_rc(rc);
}
