/*
 * store/sqlite/stats.c - the read calls of `beacond stats`
 * (beacond_store_stats_rows), over the dashboard views of
 * schema/sqlite/0002_views.sql. Every query is prepared, bound with named
 * parameters (:now, :since, :product, :limit) and its rows become JSON
 * objects keyed by column name.
 */
#include <string.h>

#include "beacon/limits.h"
#include "store/sqlite/internal.h"

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

static const char *const part_sql[BEACOND_STATS_PART_COUNT] = {
	[BEACOND_STATS_INSTANCES] = sql_instances,
	[BEACOND_STATS_CHECKERS] = sql_checkers,
	[BEACOND_STATS_VERSIONS] = sql_versions,
	[BEACOND_STATS_CHECK_VERSIONS] = sql_check_versions,
	[BEACOND_STATS_OUTDATED] = sql_outdated,
	[BEACOND_STATS_PROVIDERS] = sql_providers,
	[BEACOND_STATS_FEATURES] = sql_features,
};

/* Operator queries, run rarely: prepared per call on the read connection. */
int beacond_sqlite_stats_rows(beacond_store *base, beacond_stats_part part,
			      const beacond_stats_query *q, json_t *rows,
			      beacon_error_detail *err)
{
	beacond_sqlite_store *store = (beacond_sqlite_store *)base;
	int error;

	pthread_mutex_lock(&store->rlock);
	error = run_rows(rows, store->rdb, part_sql[part], q, err);
	pthread_mutex_unlock(&store->rlock);
	return error;
}
