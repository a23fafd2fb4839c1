/* fuzz_pg_sql.c: the ?N -> $N placeholder rewriter of the PostgreSQL
** store (db/pg_sql.c) */
#include "core/common.h"
#include "db/db_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql = malloc(size + 1), *out = malloc(size + 1);
	int n;

	memcpy(sql, data, size);
	sql[size] = '\0';
	n = pg_rewrite_params(sql, out);
	if (n >= 0) {
		size_t len = strlen(sql);

		/* the same text, each ?N become $N and nothing else */
		if (strlen(out) != len)
			abort();
		for (size_t i = 0; i < len; i++)
			if (out[i] != sql[i] && !(sql[i] == '?' &&
			    out[i] == '$'))
				abort();
	}
	free(sql);
	free(out);
	return 0;
}
