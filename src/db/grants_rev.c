/* grants_rev.c: the auth revision raised by writes to what grants are
** made of (db_impl.h, migrations/0022_auth_revision.sql) */
#include "core/common.h"
#include "db/db_impl.h"

#include <ctype.h>

/* The tables the session's grants are read from (src/auth/session.c):
** any write to them changes someone's grants. */
static const char *const grant_tables[] = { "roles", "pupils",
	"parent_links", "classes", "schools", "districts", "regions", NULL };
/* Rows whose deletion cascades into those tables. */
static const char *const cascading[] = { "people", "school_years", NULL };

static const char *
skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

/* s starts with the keyword w (any case) and a space after it. */
static const char *
keyword(const char *s, const char *w)
{
	size_t n = strlen(w);

	if (strncasecmp(s, w, n) != 0 || !isspace((unsigned char)s[n]))
		return NULL;
	return skip_space(s + n);
}

static bool
table_in(const char *s, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		size_t n = strlen(names[i]);

		if (strncmp(s, names[i], n) == 0 &&
		    !isalnum((unsigned char)s[n]) && s[n] != '_')
			return true;
	}
	return false;
}

bool
grants_rev_written(const char *sql)
{
	const char *s = skip_space(sql), *t;

	if ((t = keyword(s, "DELETE")) != NULL) {
		if ((t = keyword(t, "FROM")) == NULL)
			return false;
		return table_in(t, grant_tables) || table_in(t, cascading);
	}
	if ((t = keyword(s, "UPDATE")) != NULL)
		return table_in(t, grant_tables);
	if ((t = keyword(s, "INSERT")) != NULL) {
		/* INSERT [OR REPLACE|IGNORE|...] INTO table */
		if ((s = keyword(t, "OR")) != NULL)
			t = skip_space(s + strcspn(s, " \t\n"));
		if ((t = keyword(t, "INTO")) == NULL)
			return false;
		return table_in(t, grant_tables);
	}
	return false;
}

static struct query q_raise = QUERY(
	"UPDATE auth_revision SET n = n + 1 WHERE id = 1");

int
grants_rev_raise(struct db *db, struct err *e)
{
	struct db_stmt *st = db_prep(db, &q_raise, e);

	if (st == NULL)
		return e ? e->code : ERR_DB;
	return db_exec(st, e);
}
