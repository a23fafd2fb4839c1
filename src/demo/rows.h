/* rows.h: multi-row INSERTs for the demo's bulk writes (src/demo only) */
#ifndef MK_DEMO_ROWS_H
#define MK_DEMO_ROWS_H

#include "demo/gen.h"

/*
** The demo writes hundreds of thousands of marks and attendance rows;
** one INSERT of ROWS_BATCH rows costs SQLite much less than ROWS_BATCH
** INSERTs of one (a statement's start and end, its cursors) and is one
** round trip on PostgreSQL. Buffer a row's values with rows_i64(),
** rows_text() and rows_null(), end it with rows_end() (which writes a
** full batch), and write the rest with rows_flush() (one row a
** statement). Errors go to g->rc as with gen_exec().
**
** one is the single-row INSERT (head and "(?1, ..., ?ncols)"); many,
** static and with a NULL sql the first time, gets the ROWS_BATCH-row form
** built from head, kept for the life of the process as its slot is.
** Texts must outlive the flush (the demo's are static strings).
*/
#define ROWS_BATCH 32
#define ROWS_COLS_MAX 8

struct rows {
	struct gen *g;
	struct query *one, *many;
	int ncols;
	int n;                  /* whole rows buffered */
	int k;                  /* values of the row being added */
	struct rows_val {
		bool null, text;
		int64_t i;
		const char *s;
	} v[ROWS_BATCH * ROWS_COLS_MAX];
};

void rows_init(struct rows *b, struct gen *g, struct query *one,
	struct query *many, const char *head, int ncols);
void rows_i64(struct rows *b, int64_t v);
void rows_text(struct rows *b, const char *s);
void rows_null(struct rows *b);
void rows_end(struct rows *b);
void rows_flush(struct rows *b);

#endif
