/* import.h: the CSV import's state, shared by src/api/import_*.c only */
#ifndef MK_API_IMPORT_H
#define MK_API_IMPORT_H

#include "api/api.h"
#include "rules/csv.h"

/*
** The file format is in docs/CSV_IMPORT.md. The import is all or
** nothing: every row is checked first (against the file and the store,
** inside the transaction that will write), every error is collected
** (up to CSV_MAX_ISSUES are listed), and rows are written only when
** there is none. Three passes over the rows:
**	1. each row alone: its kind, its fields, their formats
**	   (import_rows.c);
**	2. rows against each other and the store: classes that exist or
**	   are created, logins and IINs unique, parents' children found
**	   (import_resolve.c);
**	3. writing: classes, then teachers, pupils, parents
**	   (import_write.c).
** import_csv.c holds the handler and the list of problems.
*/

enum col {
	C_KIND, C_FULL_NAME, C_CLASS, C_LOGIN, C_IIN, C_BIRTH_DATE,
	C_PARENT_OF, C_LANGUAGE, C_SHIFT, C_SUBJECT, C_COUNT
};

static const char *const col_names[C_COUNT] = {
	"kind", "full_name", "class", "login", "iin", "birth_date",
	"parent_of", "language", "shift", "subject",
};

enum kind { K_CLASS, K_PUPIL, K_PARENT, K_TEACHER, K_COUNT };


/* The column names of the header, by enum col. */
extern const char *const import_col_names[C_COUNT];

#define REFS_MAX 10
#define PROBLEMS_KEPT 1000

/* One row of the file, checked. */
struct item {
	int line;
	enum kind kind;
	const char *v[C_COUNT];         /* trimmed values, "" when empty */
	int grade;                      /* class, or the row's class */
	char letter[16];
	const char *language;
	int64_t shift;
	const char *birth_date;
	int64_t class_id;               /* an existing class, or 0 */
	int class_item;                 /* the class row in the file, or -1 */
	int64_t subjects[REFS_MAX];
	int nsubjects;
	int64_t child_ids[REFS_MAX];    /* existing pupils */
	int child_items[REFS_MAX];      /* or pupil rows of the file */
	int nchildren;
	int64_t id;                     /* once written */
};

/* An error of the file: the answer lists them by line. */
struct problem {
	int line, seq;
	const char *column;             /* NULL: the whole line */
	char msg[200];
};

/* A string-keyed map to item indexes (open addressing, in the arena). */
struct smap {
	const char **keys;
	int *vals;
	size_t cap, n;
};

struct import {
	struct req *r;
	int64_t school_id;
	int year;
	const char *school_language;
	int cols[C_COUNT];              /* column index in the file, or -1 */
	struct item *items;
	int nitems;
	struct smap classes, logins, iins;
	struct problem *problems;       /* every error found */
	int nerrors, capproblems;
	int nproblems_extra;            /* found by the parser, not kept */
	int created[K_COUNT];
};

/*
** import_csv.c: record an error of the file at line (column may be
** NULL: the whole line); the answer lists them sorted by line.
*/
void import_fail(struct import *im, int line, const char *column,
	const char *fmt, ...) MK_PRINTF(4, 5);

/* import_rows.c: trim spaces and tabs at both ends, in place. */
const char *import_trim(char *s);
/* import_rows.c: pass 0, the header: fills im->cols. */
void import_read_header(struct import *im, const struct csv_row *h);
/*
** import_rows.c: pass 1, one row alone into *it; -1 when its kind is
** unknown (the row is dropped), else 0 (errors recorded by import_fail).
*/
int import_check_row(struct import *im, const struct csv_row *row,
	struct item *it);
/*
** import_resolve.c: pass 2, the rows against each other and the store.
** 0, or -1 on a store error (in im->r->err).
*/
int import_resolve(struct import *im);
/* import_write.c: pass 3, write every row. 0, or -1 on a store error. */
int import_write(struct import *im);

#endif
