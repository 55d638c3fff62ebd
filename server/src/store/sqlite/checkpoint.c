/*
 * store/sqlite/checkpoint.c - WAL checkpoints on a thread of their own.
 *
 * In WAL mode SQLite copies the log back into the database file (and, with
 * synchronous=NORMAL, syncs it: the only sync of that mode) in whichever
 * connection commits past wal_autocheckpoint pages. With 3 KB reports that
 * was every ~300 commits, inside the writer's commit, so every report of
 * that batch waited for it. Here a separate connection runs PASSIVE
 * checkpoints at most every BEACON_STORE_CHECKPOINT_MS while the writer
 * commits (PASSIVE never blocks the writer nor waits for readers). The
 * writer keeps SQLite's autocheckpoint (BEACON_STORE_WAL_SAFETY_PAGES):
 * under continuous load only a checkpoint by the writer itself lets the log
 * restart (with the thread alone the -wal file grew to the 64 MiB that was
 * tried first and filled a 16 MB disk in tests/reliability), and by then
 * this thread has copied almost every page, so that checkpoint is short.
 * tests/bench, 64 connections: FULL 17k and NORMAL 20k reports/s, p99
 * 12-15 ms, against 12-14k and 13-14k, p99 17-25 ms, before. */
#include <time.h>

#include "beacon/sync.h"
#include "store/sqlite/internal.h"

/* Sleep BEACON_STORE_CHECKPOINT_MS (clock held); 0 unless stop asked. */
static int pause_between(beacond_sqlite_store *store)
{
	struct timespec at;

	beacon_sync_deadline_ms(&at, BEACON_STORE_CHECKPOINT_MS);
	while (!store->cstop &&
	       pthread_cond_timedwait(&store->cwake, &store->clock, &at) == 0)
		;
	return store->cstop;
}

/* Checkpoint at most every BEACON_STORE_CHECKPOINT_MS while the writer
 * commits; sleep without a timer while it does not (no idle wake-ups). */
static void *checkpoint_main(void *arg)
{
	beacond_sqlite_store *store = arg;
	uint64_t seen = 0;

	pthread_mutex_lock(&store->clock);
	while (!store->cstop) {
		if (store->commits == seen) {
			store->cidle = 1;
			pthread_cond_wait(&store->cwake, &store->clock);
			store->cidle = 0;
			continue;
		}
		if (pause_between(store))
			break;
		seen = store->commits;
		pthread_mutex_unlock(&store->clock);
		(void)sqlite3_wal_checkpoint_v2(
		    store->cdb, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&store->clock);
	}
	pthread_mutex_unlock(&store->clock);
	return NULL;
}

void beacond_sqlite_checkpointer_note_commit(beacond_sqlite_store *store)
{
	if (!store->crunning)
		return;
	pthread_mutex_lock(&store->clock);
	store->commits++;
	if (store->cidle)
		pthread_cond_signal(&store->cwake);
	pthread_mutex_unlock(&store->clock);
}

int beacond_sqlite_checkpointer_start(beacond_sqlite_store *store, sqlite3 *cdb,
				      beacon_error_detail *err)
{
	if (sqlite3_wal_autocheckpoint(
		store->wdb, BEACON_STORE_WAL_SAFETY_PAGES) != SQLITE_OK ||
	    beacon_sync_init(&store->clock, &store->cwake) != 0) {
		sqlite3_close(cdb);
		return beacon_error_set(err, BEACON_ERROR, "store", 0, 0,
					"cannot set up the checkpointer");
	}
	store->cdb = cdb;
	store->csynced = 1;
	if (pthread_create(&store->cthread, NULL, checkpoint_main, store) != 0)
		return beacon_error_set(err, BEACON_ERROR, "store", 0, 0,
					"cannot start the checkpointer");
	store->crunning = 1;
	return BEACON_OK;
}

void beacond_sqlite_checkpointer_stop(beacond_sqlite_store *store)
{
	if (store->crunning) {
		pthread_mutex_lock(&store->clock);
		store->cstop = 1;
		pthread_cond_signal(&store->cwake);
		pthread_mutex_unlock(&store->clock);
		pthread_join(store->cthread, NULL);
		store->crunning = 0;
	}
	if (store->csynced) {
		pthread_cond_destroy(&store->cwake);
		pthread_mutex_destroy(&store->clock);
		store->csynced = 0;
	}
	sqlite3_close(store->cdb);
	store->cdb = NULL;
}
