/* test_db.c: the SQLite store: migrations, statements, transactions */
#include "harness.h"
#include "db/db.h"
#include "core/log.h"

#include <unistd.h>

static char path[64];

static struct db *
fresh_db(void)
{
	struct db *db;
	struct err e = { 0 };
	int applied = 0;

	log_threshold = -1;             /* the expected errors stay quiet */
	snprintf(path, sizeof(path), "/tmp/mektep-test-db-%d.db", getpid());
	unlink(path);
	if (db_open(&db, path, &e) != 0)
		return NULL;
	if (db_migrate(db, &applied, &e) != 0 || applied < 3) {
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

#include "db_cases.h"

HARNESS_MAIN(DB_CASES)
