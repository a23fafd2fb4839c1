/* cli.c: pieces shared by the command-line tools */
#include "core/common.h"
#include "cli/cli.h"
#include "db/db.h"

/* The option's value from the environment, or dflt. */
const char *
cli_env(const char *opt, const char *dflt)
{
	char name[64];
	size_t n = 0;
	const char *v;

	n += (size_t)snprintf(name, sizeof(name), "MEKTEP_");
	for (const char *p = opt; *p && n + 1 < sizeof(name); p++)
		name[n++] = *p == '-' ? '_' : (char)(*p >= 'a' && *p <= 'z' ?
			*p - 32 : *p);
	name[n] = '\0';
	v = getenv(name);
	return v && *v ? v : dflt;
}

long
cli_long(const char *name, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < min || v > max)
		die("'--%s' must be a whole number from %ld to %ld, not '%s'",
			name, min, max, s);
	return v;
}

/* Open and migrate: every command that touches the store starts so. */
struct db *
cli_open_db(const char *url)
{
	struct db *db;
	struct err e = { 0 };
	int applied;

	if (url == NULL)
		die("no database: give --db PATH or set MEKTEP_DB");
	if (db_open(&db, url, &e) != 0)
		die("%s", e.msg);
	if (db_migrate(db, &applied, &e) != 0)
		die("cannot migrate '%s': %s", url, e.msg);
	return db;
}

