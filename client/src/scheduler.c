/*
 * scheduler.c - the client's own thread. Each enabled channel runs first
 * after initial_delay + jitter, then every interval + jitter; a failed run
 * is retried after a capped exponential backoff with jitter, never sooner
 * than the server's Retry-After. Sleeps wait on a condition variable
 * (monotonic clock) so that beacon_client_stop wakes the thread at once;
 * a transfer in progress is aborted through the transport's abort flag.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "beacon/sync.h"
#include "client_internal.h"

typedef struct channel {
	int enabled;
	int is_report;
	unsigned attempt; /* failures in a row */
	long long due_ms; /* monotonic time of the next run */
} channel;

/* xorshift64*: jitter only, not security. */
static unsigned long long next_random(unsigned long long *state)
{
	unsigned long long x = *state != 0 ? *state : 0x9E3779B97F4A7C15ULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* Uniform in 0..max (max >= 0). */
static long random_upto(unsigned long long *rng, long max)
{
	if (max <= 0)
		return 0;
	return (long)(next_random(rng) % ((unsigned long long)max + 1ULL));
}

long beacon_schedule_next(const beacon_schedule *s, unsigned attempt,
			  long retry_after_s, unsigned long long *rng)
{
	long delay = s->backoff_base_ms;
	unsigned i;

	if (attempt == 0)
		return s->interval_ms + random_upto(rng, s->jitter_ms);
	for (i = 1; i < attempt && delay < s->backoff_cap_ms; i++)
		delay = delay > s->backoff_cap_ms / 2 ? s->backoff_cap_ms
						      : delay * 2;
	if (delay > s->backoff_cap_ms)
		delay = s->backoff_cap_ms;
	/* "equal jitter": somewhere in the upper half of the step */
	delay = delay - random_upto(rng, delay / 2);
	if (retry_after_s >= 0 && retry_after_s * 1000L > delay)
		delay = retry_after_s * 1000L;
	return delay;
}

/* One log line per run, so that the host's log says what happened. */
static void log_outcome(const beacon_client *c, const beacon_event *ev)
{
	const beacon_check_result *k = ev->check;
	const beacon_report_result *r = ev->report;
	long next_s = ev->next_ms / 1000;

	if (k != NULL && k->status == BEACON_CHECK_UPDATE_AVAILABLE)
		beacon_client_log(c, BEACON_LOG_WARN,
				  "beacon: a new release of %s has been found: "
				  "%s. Please consider updating. %s",
				  c->display, k->latest, k->url);
	else if (k != NULL && k->status == BEACON_CHECK_UP_TO_DATE)
		beacon_client_log(c, BEACON_LOG_DEBUG,
				  "beacon: %s %s is up to date", c->display,
				  c->running);
	else if (k != NULL)
		beacon_client_log(c, BEACON_LOG_WARN,
				  "beacon: version check failed: %s; retry in "
				  "%ld s",
				  k->reason, next_s);
	else if (r->error == 0)
		beacon_client_log(c, BEACON_LOG_INFO,
				  "beacon: usage report sent (HTTP %ld)",
				  r->http_status);
	else
		beacon_client_log(c, BEACON_LOG_WARN,
				  "beacon: usage report failed: %s; retry in "
				  "%ld s",
				  r->reason, next_s);
}

static void emit(beacon_client *c, beacon_event *ev)
{
	if (atomic_load(&c->stopping))
		return;
	log_outcome(c, ev);
	if (c->event != NULL)
		c->event(ev, c->payload);
}

/* Run one channel now (lock not held); returns the delay to its next run. */
static long run_channel(beacon_client *c, channel *ch)
{
	beacon_check_result check;
	beacon_report_result report;
	beacon_event ev = { BEACON_EVENT_CHECK, NULL, NULL, ch->attempt + 1,
			    0 };
	long retry_after;
	int error;

	if (ch->is_report) {
		error = beacon_client_send_report(c, &report);
		retry_after = report.retry_after;
		ev.type = BEACON_EVENT_REPORT;
		ev.report = &report;
	} else {
		error = beacon_client_check(c, &check);
		retry_after = check.retry_after;
		ev.check = &check;
	}
	ch->attempt = error < 0 ? ch->attempt + 1 : 0;
	ev.next_ms = beacon_schedule_next(&c->schedule, ch->attempt,
					  retry_after, &c->rng);
	emit(c, &ev);
	return ev.next_ms;
}

static channel *earliest(channel *chs, size_t n)
{
	channel *best = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (chs[i].enabled &&
		    (best == NULL || chs[i].due_ms < best->due_ms))
			best = &chs[i];
	}
	return best;
}

/* Sleep until due_ms or a stop, lock held. */
static void wait_until(beacon_client *c, long long due_ms)
{
	struct timespec ts;

	beacon_sync_at_ms(&ts, due_ms);
	pthread_cond_timedwait(&c->wake, &c->lock, &ts);
}

static void *scheduler_main(void *arg)
{
	beacon_client *c = arg;
	channel chs[2] = { { c->check.enabled, 0, 0, 0 },
			   { c->report.enabled, 1, 0, 0 } };
	channel *ch;
	long delay;
	size_t i;

	for (i = 0; i < 2; i++)
		chs[i].due_ms = beacon_clock_ms() +
				c->schedule.initial_delay_ms +
				random_upto(&c->rng, c->schedule.jitter_ms);
	pthread_mutex_lock(&c->lock);
	while (!atomic_load(&c->stopping)) {
		ch = earliest(chs, 2);
		if (ch == NULL)
			break; /* no channel enabled: nothing to do */
		if (beacon_clock_ms() < ch->due_ms) {
			wait_until(c, ch->due_ms);
			continue;
		}
		pthread_mutex_unlock(&c->lock);
		/* the delay counts from the end of the run (two statements:
		 * the order of evaluation of a + b is unspecified) */
		delay = run_channel(c, ch);
		ch->due_ms = beacon_clock_ms() + delay;
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

int beacon_scheduler_init(beacon_client *c)
{
	c->rng = (unsigned long long)time(NULL) ^
		 ((unsigned long long)getpid() << 32) ^
		 (unsigned long long)(uintptr_t)c;
	if (beacon_sync_init(&c->lock, &c->wake) != 0)
		return BEACON_ERROR;
	c->sync_ready = 1;
	return 0;
}

void beacon_scheduler_destroy(beacon_client *c)
{
	if (!c->sync_ready)
		return;
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
}

BEACON_API int beacon_client_start(beacon_client *c)
{
	if (c == NULL)
		return BEACON_EINVAL;
	if (c->started)
		return BEACON_EBUSY;
	c->started = 1;
	beacon_client_log(c, BEACON_LOG_INFO, "%s", c->check.line);
	beacon_client_log(c, BEACON_LOG_INFO, "%s", c->report.line);
	if (!c->check.enabled && !c->report.enabled)
		return 0;
	atomic_store(&c->stopping, 0);
	if (pthread_create(&c->thread, NULL, scheduler_main, c) != 0) {
		c->started = 0;
		return BEACON_ERROR;
	}
	c->thread_running = 1;
	return 0;
}

BEACON_API void beacon_client_stop(beacon_client *c)
{
	if (c == NULL)
		return;
	c->started = 0;
	if (!c->thread_running)
		return;
	pthread_mutex_lock(&c->lock);
	atomic_store(&c->stopping, 1);
	pthread_cond_broadcast(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	c->thread_running = 0;
	atomic_store(&c->stopping, 0);
}
