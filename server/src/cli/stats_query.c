/*
 * stats_query.c - the queries of `beacond stats`, over the dashboard views.
 * Every query is prepared, bound with named parameters (:now, :since,
 * :product, :limit) and its rows become JSON objects keyed by column name.
 */
#include <string.h>

#include "beacon/limits.h"
#include "cli/stats.h"

/* Windows of the instance counts, seconds: one day, one week. */
/* :product NULL matches every product. */
#define PRODUCT_FILTER "(:product IS NULL OR product = :product)"

static const char sql_instances[] =
    "SELECT coalesce(sum(ts >= :now - 86400), 0) AS day,"
    " coalesce(sum(ts >= :now - 604800), 0) AS week"
    " FROM v_latest_reports WHERE " PRODUCT_FILTER;

/* Checks carry no config hash: a checking client is a distinct IP. */
static const char sql_checkers[] =
    "SELECT count(DISTINCT CASE WHEN ts >= :now - 86400"
    " THEN coalesce(ip, '') END) AS day,"
    " count(DISTINCT coalesce(ip, '')) AS week"
    " FROM checks WHERE ts >= :now - 604800 AND " PRODUCT_FILTER;

static const char sql_versions[] =
    "SELECT product, coalesce(version, '') AS version,"
    " count(*) AS instances,"
    " CAST(count(*) AS REAL) / sum(count(*)) OVER (PARTITION BY product)"
    " AS share"
    " FROM v_latest_reports WHERE ts >= :since AND " PRODUCT_FILTER
    " GROUP BY product, version"
    " ORDER BY product, max(version_key) DESC, version LIMIT :limit";

/* v_checks_per_day counts by UTC day: the window starts at since's day. */
static const char sql_check_versions[] =
    "SELECT product, coalesce(version, '') AS version, sum(checks) AS checks"
    " FROM v_checks_per_day"
    " WHERE day >= date(:since, 'unixepoch') AND " PRODUCT_FILTER
    " GROUP BY product, version"
    " ORDER BY product, checks DESC, version LIMIT :limit";

static const char sql_outdated[] =
    "SELECT product, ip, hash, version, latest_version, last_seen"
    " FROM v_outdated_instances"
    " WHERE last_seen >= datetime(:since, 'unixepoch') AND " PRODUCT_FILTER
    " ORDER BY last_seen DESC, ip LIMIT :limit";

/* The paths of v_feature_usage, restricted to the window. A section present
 * in a Traefik static configuration is an enabled one. */
#define FEATURE_PATHS(cond)                                             \
	"SELECT l.product AS product, substr(j.fullkey, 3) AS feature," \
	" count(DISTINCT l.id) AS instances"                            \
	" FROM v_latest_reports AS l,"                                  \
	" json_tree(CASE WHEN json_valid(l.configuration)"              \
	" THEN l.configuration ELSE '{}' END) AS j"                     \
	" WHERE l.ts >= :since"                                         \
	" AND (:product IS NULL OR l.product = :product)"               \
	" AND typeof(j.key) = 'text' AND " cond                         \
	" GROUP BY l.product, lower(j.fullkey)"                         \
	" ORDER BY instances DESC, l.product, feature LIMIT :limit"

static const char sql_providers[] =
    FEATURE_PATHS("lower(j.path) = '$.providers'");

static const char sql_features[] = FEATURE_PATHS(
    "((j.path = '$' AND lower(j.key) NOT IN"
    " ('providers', 'global', 'entrypoints'))"
    " OR lower(j.path) IN ('$.metrics', '$.tracing', '$.experimental'))");

static json_t *column_value(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	case SQLITE_NULL:
		return json_null();
	default:
		return json_string((const char *)sqlite3_column_text(st, i));
	}
}

static json_t *row_object(sqlite3_stmt *st)
{
	json_t *row = json_object();
	int i;

	for (i = 0; row != NULL && i < sqlite3_column_count(st); i++)
		if (json_object_set_new(row, sqlite3_column_name(st, i),
					column_value(st, i)) < 0) {
			json_decref(row);
			row = NULL;
		}
	return row;
}

static void bind_params(sqlite3_stmt *st, const beacond_stats_query *q)
{
	int i;

	i = sqlite3_bind_parameter_index(st, ":now");
	if (i > 0)
		sqlite3_bind_int64(st, i, q->now);
	i = sqlite3_bind_parameter_index(st, ":since");
	if (i > 0)
		sqlite3_bind_int64(st, i, q->since);
	i = sqlite3_bind_parameter_index(st, ":product");
	if (i > 0 && q->product != NULL)
		sqlite3_bind_text(st, i, q->product, -1, SQLITE_STATIC);
	i = sqlite3_bind_parameter_index(st, ":limit");
	if (i > 0)
		sqlite3_bind_int(st, i, BEACON_STATS_ROWS_MAX);
}

/* Run sql and append its rows to rows (borrowed). */
static int run_rows(json_t *rows, sqlite3 *db, const char *sql,
		    const beacond_stats_query *q, beacon_error_detail *err)
{
	sqlite3_stmt *st = NULL;
	int rc, error = BEACON_OK;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		bind_params(st, q);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if (json_array_append_new(rows, row_object(st)) < 0) {
				error = BEACON_ENOMEM;
				goto cleanup;
			}
	}
	if (rc != SQLITE_DONE)
		error = beacon_error_set(err, BEACON_EIO, "stats", 0, 0, "%s",
					 sqlite3_errmsg(db));
cleanup:
	sqlite3_finalize(st);
	return error;
}

/* Run sql and store its rows under key: the row itself when one_row. */
static int run_part(json_t *doc, const char *key, int one_row, sqlite3 *db,
		    const char *sql, const beacond_stats_query *q,
		    beacon_error_detail *err)
{
	json_t *rows = json_array();
	json_t *value = rows;
	int error = rows ? run_rows(rows, db, sql, q, err) : BEACON_ENOMEM;

	if (error == BEACON_OK && one_row && json_array_size(rows) != 1)
		error = beacon_error_set(err, BEACON_EIO, "stats", 0, 0,
					 "query %s returned no row", key);
	if (one_row)
		value = json_array_get(rows, 0);
	if (error == BEACON_OK && json_object_set(doc, key, value) < 0)
		error = BEACON_ENOMEM;
	json_decref(rows);
	return error;
}

static json_t *header(const beacond_stats_query *q)
{
	return json_pack("{sI sI ss?}", "now", (json_int_t)q->now, "since",
			 (json_int_t)q->since, "product", q->product);
}

int beacond_stats_collect(json_t **out, sqlite3 *db,
			  const beacond_stats_query *q,
			  beacon_error_detail *err)
{
	static const struct {
		const char *key;
		const char *sql;
		int one_row;
	} parts[] = {
		{ "instances", sql_instances, 1 },
		{ "checkers", sql_checkers, 1 },
		{ "versions", sql_versions, 0 },
		{ "checkVersions", sql_check_versions, 0 },
		{ "outdated", sql_outdated, 0 },
		{ "providers", sql_providers, 0 },
		{ "features", sql_features, 0 },
	};
	json_t *doc = header(q);
	size_t i;
	int error = doc ? BEACON_OK : BEACON_ENOMEM;

	for (i = 0; error == BEACON_OK && i < sizeof(parts) / sizeof(parts[0]);
	     i++)
		error = run_part(doc, parts[i].key, parts[i].one_row, db,
				 parts[i].sql, q, err);
	if (error < 0) {
		json_decref(doc);
		doc = NULL;
	}
	*out = doc;
	return error;
}
