/* audit.c: `mektep audit verify`: check the audit chain */
#include "core/common.h"
#include "cli/cli.h"
#include "db/db.h"
#include "journal/audit.h"

#include <getopt.h>

int
cmd_audit(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = cli_env("db", NULL);
	const char *sub = argc > 1 ? argv[1] : "";
	struct db *db;
	struct err e = { 0 };
	int64_t n;
	int c, rc;

	optind = 2;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c != 'd') {
			fputs("usage: mektep audit verify --db PATH\n", stderr);
			return 2;
		}
		url = optarg;
	}
	if (strcmp(sub, "verify") != 0) {
		fputs("usage: mektep audit verify --db PATH\n", stderr);
		return 2;
	}
	db = cli_open_db(url);
	rc = audit_verify(db, &n, &e);
	db_close(db);
	if (rc != 0) {
		fprintf(stderr, "mektep: audit chain broken: %s\n", e.msg);
		return 1;
	}
	printf("audit chain ok: %lld entries, the journal matches them\n",
		(long long)n);
	return 0;
}
