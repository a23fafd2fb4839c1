/* files.c: `mektep files gc`: stored files no row uses are removed
** (docs/ASSIGNMENTS.md "Collecting files") */
#include "core/common.h"
#include "cli/cli.h"
#include "db/db.h"
#include "files/gc.h"
#include "files/store.h"

#include <getopt.h>
#include <time.h>

static const char usage_files[] =
	"usage: mektep files gc --db URL [--data-dir DIR] [--grace SECONDS]\n"
	"                       [--dry-run]\n"
	"  removes uploads attached to nothing for longer than the grace\n"
	"  period (default 172800: two days), then the blobs no file row\n"
	"  uses and unchanged for as long; safe while servers run.\n"
	"  --dry-run only counts. DIR: as serve's --data-dir.\n";

#define FILE_UNUSED \
	"NOT EXISTS (SELECT 1 FROM assignment_files x WHERE x.file_id = f.id) " \
	"AND NOT EXISTS (SELECT 1 FROM handin_files x WHERE x.file_id = f.id) " \
	"AND NOT EXISTS (SELECT 1 FROM lesson_materials x " \
	"WHERE x.file_id = f.id)"

/* uploads attached to nothing since before the cutoff */
static struct query q_unused = QUERY(
	"SELECT f.id FROM files f WHERE f.uploaded_at <= ?1 AND " FILE_UNUSED
	" ORDER BY f.id");
/* checked again as it goes: attached meanwhile, it stays */
static struct query q_drop = QUERY(
	"DELETE FROM files WHERE id = ?1 AND uploaded_at <= ?2 AND id IN "
	"(SELECT f.id FROM files f WHERE f.id = ?1 AND " FILE_UNUSED ")");
/* the hashes rows use in one folder of the store; on a dry run, as if
** the unused uploads were gone (?3 the cutoff; else -1) */
static struct query q_refs = QUERY(
	"SELECT DISTINCT f.sha256 FROM files f WHERE f.sha256 >= ?1 AND "
	"f.sha256 < ?2 AND (f.uploaded_at > ?3 OR NOT (" FILE_UNUSED "))");

#define BATCH 500

struct gc_ctx {
	struct db *db;
	int64_t since;          /* q_refs ?3 */
};

static int
drop_one(struct db *db, int64_t id, int64_t cutoff, struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_drop, e);

	if (st == NULL)
		return e->code ? e->code : ERR_DB;
	db_bind_i64(st, 1, id);
	db_bind_i64(st, 2, cutoff);
	return db_exec(st, e) == DB_DONE ? 0 : (e->code ? e->code : ERR_DB);
}

/*
** The unused rows, BATCH to a transaction. A batch refused (on
** PostgreSQL, an upload attached meanwhile trips its foreign key) is
** done again a row at a time, the refused rows kept.
*/
static int
drop_unused(struct db *db, const int64_t *ids, size_t n, int64_t cutoff,
	uint64_t *kept)
{
	for (size_t i = 0; i < n; i += BATCH) {
		size_t end = i + BATCH < n ? i + BATCH : n;
		struct err e = { 0 };
		int rc = db_begin(db, &e);

		for (size_t k = i; rc == 0 && k < end; k++)
			rc = drop_one(db, ids[k], cutoff, &e);
		if (rc == 0 && db_commit(db, &e) == 0)
			continue;
		if (db_in_tx(db))
			db_rollback(db);
		for (size_t k = i; k < end; k++) {
			struct err e1 = { 0 };

			if (drop_one(db, ids[k], cutoff, &e1) != 0) {
				fprintf(stderr, "mektep: file %lld kept: %s\n",
					(long long)ids[k], e1.msg);
				(*kept)++;
			}
		}
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* files_refs_fn: sorted here (a store's collation may differ). */
static int
refs(void *arg, const char *prefix, char ***out, size_t *n, struct err *e)
{
	struct gc_ctx *g = arg;
	struct db_stmt *st = db_prep(g->db, &q_refs, e);
	char upper[3] = { prefix[0], (char)(prefix[1] + 1), '\0' };
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return e->code ? e->code : ERR_DB;
	db_bind_text(st, 1, prefix);
	db_bind_text(st, 2, upper);     /* 'f' + 1 is 'g': past every hex */
	db_bind_i64(st, 3, g->since);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[(*n)++] = xstrdup(db_col_text(st, 0));
	}
	db_release(g->db);
	if (rc < 0)
		return e->code ? e->code : ERR_DB;
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), cmp_str);
	return 0;
}

static int
files_gc_cmd(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "data-dir", required_argument, NULL, 'F' },
		{ "grace", required_argument, NULL, 'g' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = cli_env("db", NULL), *dir = cli_env("data-dir", NULL);
	int64_t grace = cli_long("grace", cli_env("grace", "172800"), 0,
		LONG_MAX / 2), cutoff;
	bool dry = false;
	struct files_gc_stats gs;
	struct err e = { 0 };
	struct gc_ctx g;
	struct db_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	uint64_t kept = 0;
	char *dflt = NULL;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd': url = optarg; break;
		case 'F': dir = optarg; break;
		case 'g': grace = cli_long("grace", optarg, 0, LONG_MAX / 2);
			break;
		case 'n': dry = true; break;
		default: fputs(usage_files, stderr); return 2;
		}
	}
	if (url == NULL) {
		fputs(usage_files, stderr);
		return 2;
	}
	if (dir == NULL)
		dir = dflt = files_default_dir(url);
	g.db = cli_open_db(url);
	cutoff = (int64_t)time(NULL) - grace;
	g.since = dry ? cutoff : -1;
	/* 1. uploads attached to nothing */
	if ((st = db_prep(g.db, &q_unused, &e)) == NULL)
		die("files gc: %s", e.msg);
	db_bind_i64(st, 1, cutoff);
	while ((rc = db_step(st, &e)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			ids = xrealloc(ids, cap * sizeof(*ids));
		}
		ids[n++] = db_col_i64(st, 0);
	}
	db_release(g.db);
	if (rc < 0)
		die("files gc: %s", e.msg);
	if (!dry)
		drop_unused(g.db, ids, n, cutoff, &kept);
	/* 2. blobs no row uses */
	rc = files_gc(dir, grace, dry, refs, &g, &gs, &e);
	db_close(g.db);
	free(ids);
	if (rc != 0) {
		fprintf(stderr, "mektep: files gc: %s\n", e.msg);
		free(dflt);
		return 1;
	}
	printf("%s%llu unused upload(s) %s; %llu blob(s): %llu in use, %llu "
		"recent, %llu %s (%llu bytes), %llu renewed meanwhile\n",
		dry ? "dry run: " : "", (unsigned long long)(n - kept),
		dry ? "to remove" : "removed", (unsigned long long)gs.blobs,
		(unsigned long long)gs.used, (unsigned long long)gs.young,
		(unsigned long long)gs.removed, dry ? "to remove" : "removed",
		(unsigned long long)gs.removed_bytes,
		(unsigned long long)gs.reprieved);
	free(dflt);
	return 0;
}

int
cmd_files(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "gc") != 0) {
		fputs(usage_files, stderr);
		return 2;
	}
	return files_gc_cmd(argc - 1, argv + 1);
}
