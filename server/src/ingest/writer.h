/*
 * writer.h - the one thread that writes events to the store, in groups.
 *
 * Request threads submit events into a bounded queue (a mutex and condition
 * variable over a ring buffer; submit never waits for the disk). The writer
 * thread takes up to batch_max events, or what arrived within batch_delay_ms
 * of the first one, whichever comes first (0: what is queued when it looks,
 * so a group gathers while the previous commit runs), and stores them with one
 * beacond_store_record_batch (one transaction, one fsync). Then it calls each
 * event's done callback, in submission order, with 0 when the batch
 * committed or with the error code when it failed: a report handler answers
 * 202 only on 0 and 503 otherwise, so nothing acknowledged is ever lost and
 * nothing submitted is dropped silently. After a failed commit the writer
 * keeps running with the next batch.
 */
#ifndef BEACOND_WRITER_H
#define BEACOND_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "beacon/error.h"
#include "beacon/limits.h"
#include "store/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct beacond_writer beacond_writer;

/*
 * Called once per submitted event, on the writer thread, after its batch
 * committed (status 0) or failed (a negative beacon_error_code). Must not
 * block for long and must not call beacond_writer_stop/free.
 */
typedef void (*beacond_writer_done_fn)(void *payload, int status);

#define BEACOND_WRITER_OPTIONS_VERSION 1

typedef struct beacond_writer_options {
	unsigned int version;        /* BEACOND_WRITER_OPTIONS_VERSION */
	size_t queue_capacity;       /* events queued at most; then EBUSY */
	size_t batch_max;            /* events per transaction at most */
	unsigned int batch_delay_ms; /* longest wait to fill a batch */
} beacond_writer_options;

#define BEACOND_WRITER_OPTIONS_INIT                                           \
	{                                                                     \
		BEACOND_WRITER_OPTIONS_VERSION, BEACON_WRITER_QUEUE_CAPACITY, \
		    BEACON_WRITER_BATCH_MAX, BEACON_WRITER_BATCH_DELAY_MS     \
	}

/* Upper bounds of the histogram buckets; the last bucket is +Inf. */
#define BEACOND_WRITER_BATCH_BUCKETS 12 /* 1 2 4 ... 1024, +Inf */
#define BEACOND_WRITER_LATENCY_BUCKETS 12

/* Bucket i of the batch-size histogram counts batches of size <= bound[i]. */
extern const uint64_t
    beacond_writer_batch_bounds[BEACOND_WRITER_BATCH_BUCKETS - 1];
/* Commit latency bucket bounds in microseconds (100us ... 1s, +Inf). */
extern const uint64_t
    beacond_writer_latency_bounds_us[BEACOND_WRITER_LATENCY_BUCKETS - 1];

/*
 * A consistent snapshot of the writer's counters. Histogram counts are per
 * bucket (not cumulative): Prometheus output sums them up. Sums allow the
 * _sum series: batch_size_sum = events in attempted batches, latency in us.
 */
typedef struct beacond_writer_metrics {
	size_t queue_depth;
	size_t queue_capacity;
	uint64_t batches_committed;
	uint64_t events_stored;
	uint64_t commits_failed;
	uint64_t events_failed;
	uint64_t submits_rejected; /* EBUSY answers */
	uint64_t batch_size_hist[BEACOND_WRITER_BATCH_BUCKETS];
	uint64_t batch_size_sum;
	uint64_t latency_hist[BEACOND_WRITER_LATENCY_BUCKETS];
	uint64_t latency_sum_us;
} beacond_writer_metrics;

/*
 * Start the writer thread over store (borrowed: it must outlive the
 * writer). opts may be NULL for the defaults. *out: new, free with
 * beacond_writer_free().
 */
int beacond_writer_start(beacond_writer **out, beacond_store *store,
			 const beacond_writer_options *opts);

/*
 * Queue a copy of ev (ev and its strings are borrowed for the call only;
 * the copy is one allocation). done (may be NULL, e.g. for checks that are
 * answered at once) is called later with payload as described above.
 * Returns 0 when queued; BEACON_EBUSY at once when the queue is full (answer
 * 503 + Retry-After), BEACON_EDISABLED after stop, BEACON_ENOMEM,
 * BEACON_EINVAL for a malformed event (unknown kind, NULL product: it
 * would fail its whole batch). done is never called when submit
 * returns an error.
 */
int beacond_writer_submit(beacond_writer *w, const beacond_event *ev,
			  beacond_writer_done_fn done, void *payload);

/*
 * Refuse new submissions, store everything already queued (each done
 * callback is called), then join the thread. Idempotent.
 */
void beacond_writer_stop(beacond_writer *w);

/* Stop (if still running) and free. Accepts NULL. */
void beacond_writer_free(beacond_writer *w);

/* Copy a snapshot of the counters into *out. */
void beacond_writer_get_metrics(beacond_writer *w, beacond_writer_metrics *out);

#ifdef __cplusplus
}
#endif

#endif /* BEACOND_WRITER_H */
