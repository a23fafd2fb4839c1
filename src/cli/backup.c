/* backup.c: `mektep backup`: a consistent copy of a running database */
#include "core/common.h"
#include "cli/cli.h"
#include "core/sb.h"
#include "db/db.h"

#include <getopt.h>
#include <sys/stat.h>

static const char usage_backup[] =
	"usage: mektep backup --db PATH --to FILE\n"
	"  a consistent copy of the SQLite database, taken while servers\n"
	"  run (VACUUM INTO); FILE must not exist. For PostgreSQL use\n"
	"  pg_dump or pg_basebackup (docs/DEPLOY.md).\n";

/*
** VACUUM INTO writes one read snapshot of the whole database into a new
** file, compacted, while writers go on; the copy is a complete database
** (no WAL beside it) that `mektep serve --db FILE` opens as it is. The
** file name is an SQL string literal: quotes are doubled.
*/
int
cmd_backup(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = cli_env("db", NULL), *to = NULL;
	struct err e = { 0 };
	struct stat sst;
	struct db *db;
	struct sb sql;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd': url = optarg; break;
		case 't': to = optarg; break;
		default: fputs(usage_backup, stderr); return 2;
		}
	}
	if (url == NULL || to == NULL || *to == '\0') {
		fputs(usage_backup, stderr);
		return 2;
	}
	if (strncmp(url, "postgres", 8) == 0) {
		fputs("mektep: backup copies SQLite databases; for PostgreSQL "
			"use pg_dump or pg_basebackup (docs/DEPLOY.md)\n", stderr);
		return 2;
	}
	if (stat(to, &sst) == 0) {
		fprintf(stderr, "mektep: '%s' exists; backup writes a new "
			"file\n", to);
		return 1;
	}
	db = cli_open_db(url);
	sb_init(&sql, NULL, 8192);
	sb_adds(&sql, "VACUUM INTO '");
	for (const char *p = to; *p; p++) {
		if (*p == '\'')
			sb_addc(&sql, '\'');
		sb_addc(&sql, *p);
	}
	sb_adds(&sql, "'");
	rc = sb_err(&sql) ? ERR_TOOBIG : db_script(db, sql.buf, &e);
	sb_release(&sql);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "mektep: backup to '%s' failed: %s\n", to,
			e.msg[0] ? e.msg : "the path is too long");
		return 1;
	}
	printf("backup of '%s' written to '%s'\n", url, to);
	return 0;
}
