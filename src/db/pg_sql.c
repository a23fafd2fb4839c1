/* pg_sql.c: the one place SQLite's ?N placeholders become PostgreSQL's $N */
#include "core/common.h"
#include "db/db_impl.h"

/* Copy from p up to and including the closing quote q ('' or "" inside
** is an escaped quote); returns where copying stopped. */
static const char *
copy_quoted(const char *p, char **o, char q)
{
	*(*o)++ = *p++;
	while (*p) {
		if (*p == q && p[1] == q) {
			*(*o)++ = *p++;
			*(*o)++ = *p++;
			continue;
		}
		*(*o)++ = *p;
		if (*p++ == q)
			break;
	}
	return p;
}

int
pg_rewrite_params(const char *sql, char *out)
{
	const char *p = sql;
	char *o = out;
	int max = 0;

	while (*p) {
		if (*p == '\'' || *p == '"') {
			p = copy_quoted(p, &o, *p);
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			size_t n = end ? (size_t)(end + 2 - p) : strlen(p);

			memcpy(o, p, n);
			o += n;
			p += n;
		} else if (*p == '?') {
			int n = 0;

			*o++ = '$';
			p++;
			if (*p < '1' || *p > '9')
				return -1;      /* bare ? or ?0: not ?N */
			while (*p >= '0' && *p <= '9') {
				if (n > 65535)
					return -1;
				n = n * 10 + (*p - '0');
				*o++ = *p++;
			}
			if (n > max)
				max = n;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return max;
}
