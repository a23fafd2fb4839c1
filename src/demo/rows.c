/* rows.c: multi-row INSERTs for the demo's bulk writes */
#include "core/common.h"
#include "demo/rows.h"

/* head "(?1, ..., ?n)", "(?n+1, ...)", ... for nrows rows, malloc'ed. */
static char *
rows_sql(const char *head, int ncols, int nrows)
{
	size_t cap = strlen(head) + (size_t)(nrows * ncols) * 8 + 16;
	char *s = xmalloc(cap), *p = s;
	int x = 1;

	p += snprintf(p, cap, "%s", head);
	for (int r = 0; r < nrows; r++) {
		p += snprintf(p, cap - (size_t)(p - s), "%s(", r ? ", " : "");
		for (int c = 0; c < ncols; c++)
			p += snprintf(p, cap - (size_t)(p - s), "%s?%d",
				c ? ", " : "", x++);
		p += snprintf(p, cap - (size_t)(p - s), ")");
	}
	return s;
}

void
rows_init(struct rows *b, struct gen *g, struct query *one,
	struct query *many, const char *head, int ncols)
{
	assert(ncols > 0 && ncols <= ROWS_COLS_MAX);
	memset(b, 0, sizeof(*b));
	b->g = g;
	b->one = one;
	b->many = many;
	b->ncols = ncols;
	if (many->sql == NULL)
		many->sql = rows_sql(head, ncols, ROWS_BATCH);
}

static struct rows_val *
next_val(struct rows *b)
{
	assert(b->k < b->ncols);
	return &b->v[b->n * b->ncols + b->k++];
}

void
rows_i64(struct rows *b, int64_t v)
{
	*next_val(b) = (struct rows_val){ false, false, v, NULL };
}

void
rows_text(struct rows *b, const char *s)
{
	*next_val(b) = s ? (struct rows_val){ false, true, 0, s } :
		(struct rows_val){ true, false, 0, NULL };
}

void
rows_null(struct rows *b)
{
	*next_val(b) = (struct rows_val){ true, false, 0, NULL };
}

/* Write rows [from, from + n) with q (n of them in one statement). */
static void
write_rows(struct rows *b, struct query *q, int from, int n)
{
	struct db_stmt *st = gen_prep(b->g, q);

	if (st == NULL)
		return;
	for (int i = 0; i < n * b->ncols; i++) {
		const struct rows_val *v = &b->v[from * b->ncols + i];

		if (v->null)
			db_bind_null(st, i + 1);
		else if (v->text)
			db_bind_text(st, i + 1, v->s);
		else
			db_bind_i64(st, i + 1, v->i);
	}
	gen_exec(b->g, st);
}

void
rows_end(struct rows *b)
{
	assert(b->k == b->ncols);
	b->k = 0;
	if (++b->n < ROWS_BATCH)
		return;
	write_rows(b, b->many, 0, ROWS_BATCH);
	b->n = 0;
}

void
rows_flush(struct rows *b)
{
	for (int r = 0; r < b->n; r++)
		write_rows(b, b->one, r, 1);
	b->n = 0;
}
