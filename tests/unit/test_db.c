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

/* a database URL as logs show it: no password */
TEST(url_shown_without_password)
{
	char b[128];

	CHECK_EQ_STR(db_url_shown("mektep.db", b, sizeof(b)), "mektep.db");
	CHECK_EQ_STR(db_url_shown("postgresql://app:s3cret@db:5432/mk", b,
		sizeof(b)), "postgresql://app:***@db:5432/mk");
	CHECK_EQ_STR(db_url_shown("postgresql://app@db/mk?password=x1&"
		"sslmode=require", b, sizeof(b)),
		"postgresql://app@db/mk?password=***&sslmode=require");
	CHECK_EQ_STR(db_url_shown("host=db password=x user=app", b,
		sizeof(b)), "host=db password=*** user=app");
	CHECK_EQ_STR(db_url_shown("/srv/old_password=db/m.db", b,
		sizeof(b)), "/srv/old_password=db/m.db");
	CHECK_EQ_STR(db_url_shown("postgresql://u:p@h/d", b, 12),
		"postgresql:");
}

HARNESS_MAIN(DB_CASES, url_shown_without_password)
