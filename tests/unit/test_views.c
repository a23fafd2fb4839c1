/* test_views.c: views and users counted once per day in memory, written
** in batches; exact in the store whatever the memory forgets */
#include "harness.h"
#include "db/db.h"
#include "core/log.h"
#include "rules/dates.h"
#include "views/views.h"

#include <pthread.h>
#include <unistd.h>

static char path[64];

static struct db *
fresh_db(void)
{
	struct db *db;
	struct err e = { 0 };
	int applied = 0;

	log_threshold = -1;
	snprintf(path, sizeof(path), "/tmp/mektep-test-views-%d.db", getpid());
	unlink(path);
	if (db_open(&db, path, &e) != 0)
		return NULL;
	if (db_migrate(db, &applied, &e) != 0) {
		db_close(db);
		return NULL;
	}
	return db;
}

static void
drop_db(struct db *db)
{
	char side[80];

	db_close(db);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static struct query q_views = QUERY("SELECT COUNT(*) FROM lesson_views");
static struct query q_users = QUERY("SELECT COUNT(*) FROM usage_users");
static struct query q_week = QUERY(
	"SELECT COUNT(*) FROM usage_users WHERE day = '2026-11-24' AND "
	"week = '2026-W48' AND person_id = ?1");

static int64_t
count(struct db *db, struct query *q)
{
	struct err e = { 0 };
	int64_t n = -1;

	db_get_i64(db, q, &n, &e, 0);
	db_release(db);
	return n;
}

TEST(test_once_per_day)
{
	int32_t d = date_from_ymd(2026, 11, 24);

	views_reset();
	CHECK_EQ_INT(views_note_view(d, 10, 20), 1);
	CHECK_EQ_INT(views_note_view(d, 10, 20), 0);
	CHECK_EQ_INT(views_note_view(d, 11, 20), 1);
	CHECK_EQ_INT(views_note_view(d, 10, 21), 1);
	/* a user is not a view of the same numbers */
	CHECK_EQ_INT(views_note_user(d, 20), 1);
	CHECK_EQ_INT(views_note_user(d, 20), 0);
	CHECK_EQ_INT(views_note_view(d, 0, 20), 1);
	CHECK_EQ_INT((int)views_pending(), 5);
	/* the next day counts again */
	CHECK_EQ_INT(views_note_view(d + 1, 10, 20), 1);
	CHECK_EQ_INT(views_note_view(d + 1, 10, 20), 0);
	views_reset();
	CHECK_EQ_INT((int)views_pending(), 0);
}

TEST(test_flush_writes_once)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	int32_t d = date_from_ymd(2026, 11, 24);

	CHECK(db != NULL);
	if (db == NULL)
		return;
	views_reset();
	for (int i = 0; i < 1000; i++)
		views_note_view(d, 1 + i % 50, 100 + i / 50);
	views_note_user(d, 7);
	views_note_user(d, 8);
	CHECK_EQ_INT(views_flush(db, &e), 1002);
	CHECK_EQ_INT(count(db, &q_views), 1000);
	CHECK_EQ_INT(count(db, &q_users), 2);
	{
		int64_t n = -1;

		db_get_i64(db, &q_week, &n, &e, 1, (int64_t)7);
		db_release(db);
		CHECK_EQ_INT(n, 1);
	}
	/* nothing new: nothing written; repeats stay repeats */
	CHECK_EQ_INT(views_flush(db, &e), 0);
	CHECK_EQ_INT(views_note_view(d, 1, 100), 0);
	/* forgotten by this process (a restart, a second server): sent
	** again, and the store keeps one */
	views_reset();
	CHECK_EQ_INT(views_note_view(d, 1, 100), 1);
	CHECK_EQ_INT(views_flush(db, &e), 1);
	CHECK_EQ_INT(count(db, &q_views), 1000);
	views_reset();
	drop_db(db);
}

TEST(test_memory_bounded_store_exact)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	int32_t d = date_from_ymd(2026, 11, 24);
	int64_t n = 0;

	CHECK(db != NULL);
	if (db == NULL)
		return;
	views_reset();
	/* more keys than the sets hold (64 x 8192): some are forgotten */
	for (int64_t i = 0; i < 700000; i++)
		n += views_note_view(d, i, 1);
	CHECK_EQ_INT(n, 700000);
	for (int64_t i = 0; i < 700000; i += 7)
		n += views_note_view(d, i, 1);
	CHECK(n > 700000);              /* some repeats came through */
	CHECK(views_flush(db, &e) == (int)n);
	CHECK_EQ_INT(count(db, &q_views), 700000);
	views_reset();
	drop_db(db);
}

struct worker {
	int32_t day;
	int added;
};

static void *
note_many(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < 20000; i++)
		w->added += views_note_view(w->day, i % 400, i / 400);
	return NULL;
}

TEST(test_threads_count_each_once)
{
	struct worker w[4];
	pthread_t t[4];
	int total = 0;

	views_reset();
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ date_from_ymd(2026, 11, 24), 0 };
		pthread_create(&t[i], NULL, note_many, &w[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		total += w[i].added;
	}
	CHECK_EQ_INT(total, 20000);
	CHECK_EQ_INT((int)views_pending(), 20000);
	views_reset();
}

HARNESS_MAIN(test_once_per_day, test_flush_writes_once,
	test_memory_bounded_store_exact, test_threads_count_each_once)
