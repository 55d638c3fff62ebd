/*
 * anon_bench.c - throughput of what a client does to a configuration before
 * it sends a report: anonymize it with the Traefik export schema, dump the
 * result as compact JSON, and hash it (the config hash without a fleet key:
 * HMAC-SHA-256 of the canonical anonymized configuration, empty key).
 *
 *     anon_bench FILE SECONDS
 *
 * FILE is loaded once (YAML, TOML or JSON); the loop runs for SECONDS of
 * wall time and prints one line:
 * "configs=N seconds=S per_s=X in_bytes=B out_bytes=O hash=H".
 */
#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "beacon/alloc.h"
#include "beacon/anon.h"
#include "beacon/doc.h"
#include "beacon/hash.h"
#include "bench_clock.h"

/* Bounds of the command line, seconds. */
#define ANON_BENCH_SECONDS_MAX 600
/* Iterations between two reads of the clock. */
#define ANON_BENCH_CLOCK_EVERY 16

/* One configuration through the client's pipeline; its hash into *hash. */
static int one(const json_t *doc, const beacon_export_schema *schema,
	       uint64_t *hash, size_t *out_len, beacon_error_detail *err)
{
	json_t *anon = NULL;
	char *text = NULL;
	int error;

	error = beacon_anonymize(&anon, doc, schema, err);
	if (error < 0)
		goto cleanup;
	error =
	    beacon_anon_dump(&text, out_len, anon, BEACON_DUMP_COMPACT, err);
	if (error < 0)
		goto cleanup;
	error = beacon_hash_canonical(hash, anon, "", 0, err);
cleanup:
	beacon_free(text);
	json_decref(anon);
	return error;
}

static int run(const json_t *doc, const beacon_export_schema *schema,
	       double seconds, size_t in_bytes)
{
	beacon_error_detail err;
	uint64_t hash = 0, n = 0;
	size_t out_len = 0;
	double start = bench_now_s(), elapsed = 0;
	int error = 0;

	while (error == 0 && elapsed < seconds) {
		error = one(doc, schema, &hash, &out_len, &err);
		n++;
		if (n % ANON_BENCH_CLOCK_EVERY == 0)
			elapsed = bench_now_s() - start;
	}
	elapsed = bench_now_s() - start;
	if (error < 0) {
		fprintf(stderr, "anon_bench: %s: %s\n", beacon_strerror(error),
			err.text);
		return 1;
	}
	printf("configs=%" PRIu64 " seconds=%.2f per_s=%.0f in_bytes=%zu "
	       "out_bytes=%zu hash=%" PRIu64 "\n",
	       n, elapsed, (double)n / elapsed, in_bytes, out_len, hash);
	return 0;
}

int main(int argc, char **argv)
{
	beacon_export_schema *schema = NULL;
	beacon_error_detail err;
	json_t *doc = NULL;
	char *raw = NULL;
	size_t raw_len = 0;
	long seconds;
	int status = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: anon_bench FILE SECONDS\n");
		return 2;
	}
	seconds = strtol(argv[2], NULL, 10);
	if (seconds < 1 || seconds > ANON_BENCH_SECONDS_MAX) {
		fprintf(stderr, "anon_bench: 1..%d seconds\n",
			ANON_BENCH_SECONDS_MAX);
		return 2;
	}
	if (beacon_doc_read_file(&raw, &raw_len, argv[1], &err) < 0 ||
	    beacon_doc_load_file(&doc, argv[1], BEACON_DOC_AUTO, &err) < 0 ||
	    beacon_export_schema_traefik(&schema, &err) < 0) {
		fprintf(stderr, "anon_bench: %s: line %d: %s\n", argv[1],
			err.line, err.text);
		goto cleanup;
	}
	status = run(doc, schema, (double)seconds, raw_len);
cleanup:
	beacon_export_schema_free(schema);
	json_decref(doc);
	beacon_free(raw);
	return status;
}
