/*
 * writer.c - the group-commit writer thread (see writer.h).
 *
 * The queue is a ring of slots under one mutex. Submitters signal the
 * writer only when the queue turns non-empty or reaches a full batch, so
 * the hot path is: one allocation (the event copy), lock, store, unlock.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "beacon/alloc.h"
#include "beacon/sync.h"
#include "ingest/writer.h"

/* Most string fields of one event (a report has 9). */

const uint64_t beacond_writer_batch_bounds[BEACOND_WRITER_BATCH_BUCKETS - 1] = {
	1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024
};
const uint64_t beacond_writer_latency_bounds_us[BEACOND_WRITER_LATENCY_BUCKETS -
						1] = {
	100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 250000, 1000000
};

typedef struct slot {
	beacond_event *ev; /* one block: the event and its strings */
	beacond_writer_done_fn done;
	void *payload;
} slot;

struct beacond_writer {
	beacond_store *store;
	beacond_writer_options opts;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	slot *ring;
	size_t head; /* next slot to take */
	size_t count;
	int stopping;
	int joined;
	int synced;               /* lock and wake initialized */
	beacond_writer_metrics m; /* under lock */
	/* Writer-thread-only scratch of batch_max entries. */
	slot *taken;
	beacond_event *batch;
};

/* New: ev and its strings (the rows of beacond_event_texts) copied into
 * one block (free with beacon_free). */
static beacond_event *event_copy(const beacond_event *ev)
{
	size_t n = 0;
	const beacond_event_text *rows = beacond_event_texts(ev->kind, &n);
	beacond_event tmp = *ev;
	size_t total = sizeof(tmp);
	beacond_event *copy;
	const char **f;
	char *p;
	size_t i, len;

	for (i = 0; i < n; i++) {
		f = beacond_event_text_slot(&tmp, &rows[i]);
		if (*f)
			total += strlen(*f) + 1;
	}
	copy = beacon_malloc(total);
	if (!copy)
		return NULL;
	*copy = tmp;
	p = (char *)(copy + 1);
	for (i = 0; i < n; i++) {
		f = beacond_event_text_slot(copy, &rows[i]);
		if (!*f)
			continue;
		len = strlen(*f) + 1;
		memcpy(p, *f, len);
		*f = p;
		p += len;
	}
	return copy;
}

static size_t bucket(const uint64_t *bounds, size_t nbounds, uint64_t v)
{
	size_t i;

	for (i = 0; i < nbounds && v > bounds[i]; i++)
		;
	return i;
}

/* Wait, lock held, until a full batch is queued, delay_ms passed since
 * the first event was seen, or stop was asked. */
static void wait_for_batch(beacond_writer *w)
{
	struct timespec deadline;

	if (w->opts.batch_delay_ms == 0)
		return; /* group commit without a window */
	beacon_sync_deadline_ms(&deadline, w->opts.batch_delay_ms);
	while (w->count < w->opts.batch_max && !w->stopping) {
		if (pthread_cond_timedwait(&w->wake, &w->lock, &deadline) != 0)
			break;
	}
}

/* Move up to batch_max queued slots into w->taken; lock held. */
static size_t take_batch(beacond_writer *w)
{
	size_t n = w->count < w->opts.batch_max ? w->count : w->opts.batch_max;
	size_t i;

	for (i = 0; i < n; i++) {
		w->taken[i] = w->ring[w->head];
		w->batch[i] = *w->taken[i].ev;
		w->head = (w->head + 1) % w->opts.queue_capacity;
	}
	w->count -= n;
	return n;
}

static void account(beacond_writer *w, size_t n, int status, uint64_t us)
{
	beacond_writer_metrics *m = &w->m;

	m->batch_size_hist[bucket(beacond_writer_batch_bounds,
				  BEACOND_WRITER_BATCH_BUCKETS - 1, n)]++;
	m->batch_size_sum += n;
	m->latency_hist[bucket(beacond_writer_latency_bounds_us,
			       BEACOND_WRITER_LATENCY_BUCKETS - 1, us)]++;
	m->latency_sum_us += us;
	if (status == BEACON_OK) {
		m->batches_committed++;
		m->events_stored += n;
	} else {
		m->commits_failed++;
		m->events_failed += n;
	}
}

/* Store one batch (lock not held), then answer every event of it. */
static int commit_batch(beacond_writer *w, size_t n, uint64_t *us)
{
	uint64_t start = beacon_clock_us();
	int status = beacond_store_record_batch(w->store, w->batch, n, NULL);
	size_t i;

	*us = beacon_clock_us() - start;
	for (i = 0; i < n; i++) {
		if (w->taken[i].done)
			w->taken[i].done(w->taken[i].payload, status);
		beacon_free(w->taken[i].ev);
	}
	return status;
}

static void *writer_main(void *arg)
{
	beacond_writer *w = arg;
	size_t n;
	uint64_t us;
	int status;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->count == 0 && !w->stopping)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->count == 0)
			break; /* stopping and drained */
		wait_for_batch(w);
		n = take_batch(w);
		pthread_mutex_unlock(&w->lock);
		status = commit_batch(w, n, &us);
		pthread_mutex_lock(&w->lock);
		account(w, n, status, us);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int beacond_writer_start(beacond_writer **out, beacond_store *store,
			 const beacond_writer_options *opts)
{
	beacond_writer_options defaults = BEACOND_WRITER_OPTIONS_INIT;
	beacond_writer *w = NULL;
	int error = BEACON_ENOMEM;

	if (!out || !store ||
	    (opts && (opts->version != BEACOND_WRITER_OPTIONS_VERSION ||
		      opts->queue_capacity == 0 || opts->batch_max == 0)))
		return BEACON_EINVAL;
	*out = NULL;
	w = beacon_calloc(1, sizeof(*w));
	if (!w)
		return BEACON_ENOMEM;
	w->store = store;
	w->opts = opts ? *opts : defaults;
	w->joined = 1;
	w->m.queue_capacity = w->opts.queue_capacity;
	w->ring = beacon_calloc(w->opts.queue_capacity, sizeof(*w->ring));
	w->taken = beacon_calloc(w->opts.batch_max, sizeof(*w->taken));
	w->batch = beacon_calloc(w->opts.batch_max, sizeof(*w->batch));
	if (!w->ring || !w->taken || !w->batch)
		goto cleanup;
	if (beacon_sync_init(&w->lock, &w->wake) != 0) {
		error = BEACON_ERROR;
		goto cleanup;
	}
	error = BEACON_OK;
	w->synced = 1;
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		error = BEACON_ERROR;
		goto cleanup;
	}
	w->joined = 0;
	*out = w;
	w = NULL;

cleanup:
	beacond_writer_free(w);
	return error;
}

/* A malformed event would fail its whole batch: submit refuses it. */
static int event_valid(const beacond_event *ev)
{
	if (ev->kind == BEACOND_EVENT_CHECK)
		return ev->u.check.product != NULL;
	if (ev->kind == BEACOND_EVENT_REPORT)
		return ev->u.report.product != NULL;
	return 0;
}

int beacond_writer_submit(beacond_writer *w, const beacond_event *ev,
			  beacond_writer_done_fn done, void *payload)
{
	beacond_event *copy;
	size_t tail;
	int error = BEACON_OK;

	if (!w || !ev || !event_valid(ev))
		return BEACON_EINVAL;
	copy = event_copy(ev);
	if (!copy)
		return BEACON_ENOMEM;
	pthread_mutex_lock(&w->lock);
	if (w->stopping) {
		error = BEACON_EDISABLED;
	} else if (w->count == w->opts.queue_capacity) {
		w->m.submits_rejected++;
		error = BEACON_EBUSY;
	} else {
		tail = (w->head + w->count) % w->opts.queue_capacity;
		w->ring[tail] = (slot){ copy, done, payload };
		w->count++;
		if (w->count == 1 || w->count == w->opts.batch_max)
			pthread_cond_signal(&w->wake);
		copy = NULL;
	}
	pthread_mutex_unlock(&w->lock);
	beacon_free(copy);
	return error;
}

void beacond_writer_stop(beacond_writer *w)
{
	if (!w || w->joined)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	w->joined = 1;
}

void beacond_writer_free(beacond_writer *w)
{
	if (!w)
		return;
	beacond_writer_stop(w);
	if (w->synced) {
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
	}
	beacon_free(w->batch);
	beacon_free(w->taken);
	beacon_free(w->ring);
	beacon_free(w);
}

void beacond_writer_get_metrics(beacond_writer *w, beacond_writer_metrics *out)
{
	if (!w || !out)
		return;
	pthread_mutex_lock(&w->lock);
	*out = w->m;
	out->queue_depth = w->count;
	pthread_mutex_unlock(&w->lock);
}
