/* stats_render.c - `beacond stats` for a terminal, from the stats document. */
#include <string.h>
#include <time.h>

#include "beacon/limits.h"
#include "cli/stats.h"

static const char *str(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));

	return s ? s : "-";
}

static long long num(const json_t *row, const char *key)
{
	return (long long)json_integer_value(json_object_get(row, key));
}

static void utc(char *out, size_t size, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, size, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(out, size, "%lld", t);
}

static void bar(FILE *out, double share)
{
	int n = (int)(share * BEACON_STATS_BAR_WIDTH + 0.5), i;

	for (i = 0; i < n; i++)
		fputc('#', out);
	for (; i < BEACON_STATS_BAR_WIDTH; i++)
		fputc('.', out);
}

static void render_counts(FILE *out, const json_t *doc)
{
	const json_t *inst = json_object_get(doc, "instances");
	const json_t *chk = json_object_get(doc, "checkers");

	fprintf(out,
		"Instances (distinct IP + config hash sending reports)\n"
		"  last day   %8lld\n  last week  %8lld\n",
		num(inst, "day"), num(inst, "week"));
	fprintf(out,
		"Checking clients (distinct IPs asking for releases)\n"
		"  last day   %8lld\n  last week  %8lld\n",
		num(chk, "day"), num(chk, "week"));
}

static void render_versions(FILE *out, const json_t *doc)
{
	const json_t *row;
	const char *prev = "";
	size_t i;

	fputs("\nVersions (latest report of each instance)\n", out);
	json_array_foreach(json_object_get(doc, "versions"), i, row)
	{
		double share = json_number_value(json_object_get(row, "share"));

		if (strcmp(prev, str(row, "product")) != 0)
			fprintf(out, "  %s\n", str(row, "product"));
		prev = str(row, "product");
		fprintf(out, "    %-16s %6lld %5.1f%% ", str(row, "version"),
			num(row, "instances"), share * 100.0);
		bar(out, share);
		fputc('\n', out);
	}
	if (i == 0)
		fputs("  (no reports)\n", out);
	fputs("\nVersion checks by version\n", out);
	json_array_foreach(json_object_get(doc, "checkVersions"), i, row)
	    fprintf(out, "  %-24s %-16s %8lld\n", str(row, "product"),
		    str(row, "version"), num(row, "checks"));
	if (i == 0)
		fputs("  (no checks)\n", out);
}

static void render_outdated(FILE *out, const json_t *doc)
{
	const json_t *row;
	size_t i;

	fputs("\nOutdated instances (below the newest stable release)\n", out);
	json_array_foreach(json_object_get(doc, "outdated"), i, row)
	{
		if (i == 0)
			fprintf(out, "  %-24s %-39s %-12s %-12s %-19s %s\n",
				"PRODUCT", "IP", "VERSION", "LATEST",
				"LAST SEEN (UTC)", "HASH");
		fprintf(out, "  %-24s %-39s %-12s %-12s %-19s %s\n",
			str(row, "product"), str(row, "ip"),
			str(row, "version"), str(row, "latest_version"),
			str(row, "last_seen"), str(row, "hash"));
	}
	if (i == 0)
		fputs("  (none)\n", out);
}

static void render_features(FILE *out, const json_t *doc, const char *key,
			    const char *title)
{
	const json_t *row;
	size_t i;

	fprintf(out, "\n%s (instances)\n", title);
	json_array_foreach(json_object_get(doc, key), i, row)
	    fprintf(out, "  %-40s %8lld  %s\n", str(row, "feature"),
		    num(row, "instances"), str(row, "product"));
	if (i == 0)
		fputs("  (none)\n", out);
}

void beacond_stats_render(FILE *out, const json_t *doc)
{
	char since[64];
	const json_t *product = json_object_get(doc, "product");

	utc(since, sizeof(since), num(doc, "since"));
	fprintf(out, "Beacon fleet: %s, since %s\n\n",
		json_is_string(product) ? json_string_value(product)
					: "all products",
		since);
	render_counts(out, doc);
	render_versions(out, doc);
	render_outdated(out, doc);
	render_features(out, doc, "providers", "Top providers");
	render_features(out, doc, "features", "Top features");
}
