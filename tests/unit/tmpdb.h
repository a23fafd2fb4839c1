/* tmpdb.h: a migrated SQLite file in /tmp for the generators' tests */
#ifndef MK_TEST_TMPDB_H
#define MK_TEST_TMPDB_H

#include "core/log.h"
#include "db/db.h"

#include <unistd.h>

struct tmpdb {
	char path[64];
	struct db *db;
};

static int
tmpdb_open(struct tmpdb *t)
{
	struct err e = { 0 };
	int fd, applied;

	log_threshold = LOG_WARN;       /* no "applied migration" lines */
	memset(t, 0, sizeof(*t));
	snprintf(t->path, sizeof(t->path), "/tmp/mektep_test_gen_XXXXXX");
	fd = mkstemp(t->path);
	if (fd < 0)
		return -1;
	close(fd);
	if (db_open(&t->db, t->path, &e) != 0 ||
	    db_migrate(t->db, &applied, &e) != 0) {
		fprintf(stderr, "  cannot open '%s': %s\n", t->path, e.msg);
		return -1;
	}
	return 0;
}

static void
tmpdb_close(struct tmpdb *t)
{
	char p[80];

	if (t->path[0] == '\0')
		return;
	db_close(t->db);
	t->db = NULL;
	unlink(t->path);
	snprintf(p, sizeof(p), "%s-wal", t->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", t->path);
	unlink(p);
}

/* One integer from sql with up to three text parameters; -1 on error. */
static inline int64_t
num3(struct db *db, struct query *q, const char *a, const char *b,
	const char *c)
{
	struct err e = { 0 };
	struct db_stmt *st = db_prep(db, q, &e);
	int64_t v = -1;

	if (st == NULL)
		return -1;
	if (a)
		db_bind_text(st, 1, a);
	if (b)
		db_bind_text(st, 2, b);
	if (c)
		db_bind_text(st, 3, c);
	if (db_step(st, &e) == DB_ROW)
		v = db_col_i64(st, 0);
	db_release(db);
	return v;
}

static inline int64_t
num(struct db *db, struct query *q, const char *a, const char *b)
{
	return num3(db, q, a, b, NULL);
}

#endif
