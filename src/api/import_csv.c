/* import_csv.c: POST /schools/{id}/import: classes and people from CSV */
#include "core/common.h"
#include "journal/school_cal.h"
#include "api/api.h"
#include "auth/authz.h"
#include "http/reply.h"
#include "core/jw.h"
#include "db/db.h"
#include "rules/csv.h"
#include "rules/dates.h"

/*
** The file format is in docs/CSV_IMPORT.md. The import is all or
** nothing: every row is checked first (against the file and the store,
** inside the transaction that will write), every error is collected
** (up to CSV_MAX_ISSUES are listed), and rows are written only when
** there is none. Three passes over the rows:
**	1. each row alone: its kind, its fields, their formats;
**	2. rows against each other and the store: classes that exist or
**	   are created, logins and IINs unique, parents' children found;
**	3. writing: classes, then teachers, pupils, parents.
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

static const char *const kind_names[K_COUNT] = {
	"class", "pupil", "parent", "teacher",
};

#define B(c) (1u << (c))
/* The columns each kind of row uses, and those it must fill. */
static const unsigned kind_uses[K_COUNT] = {
	[K_CLASS] = B(C_KIND) | B(C_CLASS) | B(C_LANGUAGE) | B(C_SHIFT),
	[K_PUPIL] = B(C_KIND) | B(C_FULL_NAME) | B(C_CLASS) | B(C_LOGIN) |
		B(C_IIN) | B(C_BIRTH_DATE),
	[K_PARENT] = B(C_KIND) | B(C_FULL_NAME) | B(C_PARENT_OF) |
		B(C_LOGIN) | B(C_IIN) | B(C_BIRTH_DATE),
	[K_TEACHER] = B(C_KIND) | B(C_FULL_NAME) | B(C_CLASS) | B(C_LOGIN) |
		B(C_IIN) | B(C_BIRTH_DATE) | B(C_SUBJECT),
};
static const unsigned kind_needs[K_COUNT] = {
	[K_CLASS] = B(C_CLASS),
	[K_PUPIL] = B(C_FULL_NAME) | B(C_CLASS),
	[K_PARENT] = B(C_FULL_NAME) | B(C_PARENT_OF),
	[K_TEACHER] = B(C_FULL_NAME),
};

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

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static int *
smap_slot(struct import *im, struct smap *m, const char *key, bool add)
{
	size_t i;

	if (add && (m->n + 1) * 2 > m->cap) {
		struct smap old = *m;

		m->cap = old.cap ? old.cap * 2 : 256;
		m->keys = arena_calloc(im->r->a, m->cap * sizeof(*m->keys));
		m->vals = arena_alloc(im->r->a, m->cap * sizeof(*m->vals));
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.keys[i])
				*smap_slot(im, m, old.keys[i], true) =
					old.vals[i];
	}
	if (m->cap == 0)
		return NULL;
	for (i = hash_str(key) & (m->cap - 1); m->keys[i];
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return &m->vals[i];
	if (!add)
		return NULL;
	m->keys[i] = key;
	m->n++;
	return &m->vals[i];
}

/* The item index stored under key, or -1. */
static int
smap_get(struct import *im, struct smap *m, const char *key)
{
	int *v = smap_slot(im, m, key, false);

	return v ? *v : -1;
}

static void MK_PRINTF(4, 5)
fail(struct import *im, int line, const char *column, const char *fmt, ...)
{
	struct problem *p;
	va_list ap;

	/* kept to be sorted by line; a file wrong everywhere is counted */
	if (im->nerrors == PROBLEMS_KEPT) {
		im->nproblems_extra++;
		return;
	}
	if (im->nerrors == im->capproblems) {
		int n = im->capproblems ? im->capproblems * 2 : 64;
		struct problem *v = arena_alloc(im->r->a, (size_t)n *
			sizeof(*v));

		if (im->nerrors)
			memcpy(v, im->problems, (size_t)im->nerrors *
				sizeof(*v));
		im->problems = v;
		im->capproblems = n;
	}
	p = &im->problems[im->nerrors];
	p->line = line;
	p->seq = im->nerrors++;
	p->column = column ? arena_strdup(im->r->a, column) : NULL;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
}

static int
problem_cmp(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* 422 with every problem, by line, the first CSV_MAX_ISSUES of them. */
static int
reply_failed(struct import *im)
{
	struct req *r = im->r;
	int n = im->nproblems_extra + im->nerrors;

	qsort(im->problems, (size_t)im->nerrors, sizeof(*im->problems),
		problem_cmp);
	r->err.code = ERR_INVAL;
	r->err.field[0] = '\0';
	snprintf(r->err.msg, sizeof(r->err.msg), "%d error%s in the file",
		n, n == 1 ? "" : "s");
	sb_reset(&r->out);
	jw_obj_begin(&r->out);
	jw_key(&r->out, "error");
	jw_obj_begin(&r->out);
	jw_kv_str(&r->out, "code", err_code_name(ERR_INVAL));
	jw_kv_str(&r->out, "message", r->err.msg);
	jw_key(&r->out, "details");
	jw_arr_begin(&r->out);
	for (int i = 0; i < im->nerrors && i < CSV_MAX_ISSUES; i++) {
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "line", im->problems[i].line);
		jw_kv_str(&r->out, "column", im->problems[i].column);
		jw_kv_str(&r->out, "message", im->problems[i].msg);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
	jw_obj_end(&r->out);
	jw_obj_end(&r->out);
	return reply_json(r, 422);
}

/* Trim spaces and tabs at both ends, in place. */
static const char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static void
lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* ----- pass 0: the header ----- */

static void
read_header(struct import *im, const struct csv_row *h)
{
	for (int c = 0; c < C_COUNT; c++)
		im->cols[c] = -1;
	for (int i = 0; i < h->n; i++) {
		char *name = (char *)trim(h->f[i]);
		int c;

		lower_ascii(name);
		if (*name == '\0')
			continue;       /* an unnamed column must stay empty */
		for (c = 0; c < C_COUNT; c++)
			if (strcmp(col_names[c], name) == 0)
				break;
		if (c == C_COUNT)
			fail(im, h->line, name, "unknown column '%.40s'",
				name);
		else if (im->cols[c] >= 0)
			fail(im, h->line, name, "the column '%s' appears "
				"twice", name);
		else
			im->cols[c] = i;
	}
	if (im->cols[C_KIND] < 0)
		fail(im, h->line, "kind", "the header must name the column "
			"'kind'");
}

/* ----- pass 1: each row alone ----- */

/* A birth date YYYY-MM-DD or DD.MM.YYYY, in the past: *out 'YYYY-MM-DD'. */
static int
birth_date(struct import *im, const char *s, const char **out)
{
	char buf[11];
	int32_t day;

	if (strlen(s) == 10 && s[2] == '.' && s[5] == '.') {
		snprintf(buf, sizeof(buf), "%.4s-%.2s-%.2s", s + 6, s + 3, s);
		s = buf;
	}
	if (date_parse(s, &day) != 0 ||
	    day > school_today(im->r->now))
		return -1;
	*out = arena_strdup(im->r->a, s);
	return 0;
}

/* Split a '|'-separated list in place; at most max parts. */
static int
split_list(char *s, char **parts, int max)
{
	int n = 0;

	for (;;) {
		char *bar = strchr(s, '|');

		if (bar)
			*bar = '\0';
		if (n == max)
			return -1;
		parts[n++] = (char *)trim(s);
		if (!bar)
			return n;
		s = bar + 1;
	}
}

static bool
login_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		    *s == '-' || *s == '@'))
			return false;
	return true;
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int
check_row(struct import *im, const struct csv_row *row, struct item *it)
{
	char kind[16];
	const char **v = it->v;

	memset(it, 0, sizeof(*it));
	it->line = row->line;
	it->class_item = -1;
	for (int c = 0; c < C_COUNT; c++) {
		int i = im->cols[c];

		v[c] = i >= 0 && i < row->n ? trim(row->f[i]) : "";
	}
	/* unnamed columns must be empty */
	for (int i = 0; i < row->n; i++) {
		bool named = false;

		for (int c = 0; c < C_COUNT; c++)
			named |= im->cols[c] == i;
		if (!named && *trim(row->f[i]) != '\0')
			fail(im, row->line, NULL, "field %d has no column "
				"name in the header", i + 1);
	}
	snprintf(kind, sizeof(kind), "%s", v[C_KIND]);
	lower_ascii(kind);
	for (it->kind = 0; it->kind < K_COUNT; it->kind++)
		if (strcmp(kind_names[it->kind], kind) == 0)
			break;
	if (it->kind == K_COUNT) {
		fail(im, row->line, "kind", "'kind' must be class, pupil, "
			"parent or teacher");
		return -1;
	}
	/* from here on the row is kept even when a field is wrong, so
	** that the checks between rows do not report it as missing */
	for (int c = 0; c < C_COUNT; c++) {
		if (*v[c] != '\0' && !(kind_uses[it->kind] & B(c)))
			fail(im, row->line, col_names[c], "a %s row has no "
				"'%s'", kind_names[it->kind], col_names[c]);
		else if (*v[c] == '\0' && (kind_needs[it->kind] & B(c)))
			fail(im, row->line, col_names[c], "a %s row needs "
				"'%s'", kind_names[it->kind], col_names[c]);
	}
	if (*v[C_FULL_NAME] && (!csv_text_ok(v[C_FULL_NAME]) ||
	    utf8_chars(v[C_FULL_NAME]) > 200))
		fail(im, row->line, "full_name", "'full_name' must be one line "
			"of at most 200 characters");
	if (*v[C_CLASS] && csv_class_name(v[C_CLASS], &it->grade, it->letter,
	    sizeof(it->letter)) != 0)
		fail(im, row->line, "class", "'class' must be a grade 0-11 and "
			"a letter, such as '5 А'");
	if (*v[C_LOGIN] && !login_ok(v[C_LOGIN]))
		fail(im, row->line, "login", "'login' must be 3 to 64 Latin "
			"letters, digits or . _ - @");
	if (*v[C_IIN] && !csv_iin_valid(v[C_IIN]))
		fail(im, row->line, "iin", "'%.20s' is not a valid IIN (12 "
			"digits with a check digit)", v[C_IIN]);
	if (*v[C_BIRTH_DATE] && birth_date(im, v[C_BIRTH_DATE],
	    &it->birth_date) != 0)
		fail(im, row->line, "birth_date", "'birth_date' must be a past "
			"date YYYY-MM-DD or DD.MM.YYYY");
	it->language = im->school_language;
	if (*v[C_LANGUAGE]) {
		if (strcmp(v[C_LANGUAGE], "kk") != 0 &&
		    strcmp(v[C_LANGUAGE], "ru") != 0 &&
		    strcmp(v[C_LANGUAGE], "mixed") != 0)
			fail(im, row->line, "language", "'language' must be "
				"kk, ru or mixed");
		it->language = v[C_LANGUAGE];
	}
	it->shift = 1;
	if (*v[C_SHIFT]) {
		if (strlen(v[C_SHIFT]) != 1 || v[C_SHIFT][0] < '1' ||
		    v[C_SHIFT][0] > '3')
			fail(im, row->line, "shift", "'shift' must be 1, 2 or "
				"3");
		it->shift = v[C_SHIFT][0] - '0';
	}
	return 0;
}

/* ----- pass 2: rows against each other and the store ----- */

static struct query q_school_language = QUERY(
	"SELECT language FROM schools WHERE id = ?1");
static struct query q_class_find = QUERY(
	"SELECT id, class_teacher_id FROM classes WHERE school_id = ?1 "
	"AND year = ?2 AND grade = ?3 AND letter = ?4");
static struct query q_login_taken = QUERY(
	"SELECT 1 FROM people WHERE login = ?1");
static struct query q_iin_taken = QUERY(
	"SELECT 1 FROM people WHERE iin = ?1");
static struct query q_pupil_find = QUERY(
	"SELECT p.id FROM people p JOIN pupils pu ON pu.person_id = p.id "
	"JOIN classes c ON c.id = pu.class_id WHERE c.school_id = ?1 "
	"AND (p.login = ?2 OR p.iin = ?2)");
static struct query q_subject_find = QUERY(
	"SELECT id FROM subjects WHERE code = ?1");

static const char *
class_key(struct import *im, int grade, const char *letter)
{
	return arena_printf(im->r->a, "%d %s", grade, letter);
}

/* Step st once: 1 a row, 0 none, -1 an error (the request answered). */
static int
step(struct import *im, struct db_stmt *st)
{
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(st, &im->r->err);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* The existing class grade/letter of this year; *teacher its class
** teacher (0 if none). 1 found, 0 not, -1 store error. */
static int
find_class(struct import *im, int grade, const char *letter, int64_t *id,
	int64_t *teacher)
{
	struct db_stmt *st = db_prep(im->r->db, &q_class_find, &im->r->err);
	int rc;

	if (st != NULL) {
		db_bind_i64(st, 1, im->school_id);
		db_bind_i64(st, 2, im->year);
		db_bind_i64(st, 3, grade);
		db_bind_text(st, 4, letter);
	}
	if ((rc = step(im, st)) == 1) {
		*id = db_col_i64(st, 0);
		*teacher = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
	}
	return rc;
}

static int
text_exists(struct import *im, struct query *q, const char *s)
{
	struct db_stmt *st = db_prep(im->r->db, q, &im->r->err);

	if (st != NULL)
		db_bind_text(st, 1, s);
	return step(im, st);
}

/* Classes named by the file: created by a row of it or existing. */
static int
resolve_classes(struct import *im)
{
	for (int i = 0; i < im->nitems; i++) {
		struct item *it = &im->items[i];
		const char *key;
		int64_t id, teacher;
		int rc, other;

		if (it->kind != K_CLASS || !*it->letter)
			continue;
		key = class_key(im, it->grade, it->letter);
		if ((other = smap_get(im, &im->classes, key)) >= 0) {
			fail(im, it->line, "class", "the class '%s' is also "
				"on line %d", key, im->items[other].line);
			continue;
		}
		*smap_slot(im, &im->classes, key, true) = i;
		if ((rc = find_class(im, it->grade, it->letter, &id,
		    &teacher)) < 0)
			return -1;
		if (rc == 1)
			fail(im, it->line, "class", "the class '%s' of %d "
				"already exists", key, im->year);
	}
	for (int i = 0; i < im->nitems; i++) {
		struct item *it = &im->items[i];
		int64_t teacher = 0;
		int rc;

		if (it->kind == K_CLASS || !*it->letter)
			continue;
		it->class_item = smap_get(im, &im->classes, class_key(im,
			it->grade, it->letter));
		if (it->class_item >= 0)
			continue;
		if ((rc = find_class(im, it->grade, it->letter, &it->class_id,
		    &teacher)) < 0)
			return -1;
		if (rc == 0)
			fail(im, it->line, "class", "there is no class '%s' in "
				"the file or the school", it->v[C_CLASS]);
		else if (it->kind == K_TEACHER && teacher != 0)
			fail(im, it->line, "class", "the class '%s' already "
				"has a class teacher", it->v[C_CLASS]);
	}
	/* one class teacher per class within the file too */
	for (int i = 0; i < im->nitems; i++) {
		struct item *it = &im->items[i];

		if (it->kind != K_TEACHER || !*it->letter)
			continue;
		for (int j = 0; j < i; j++) {
			struct item *o = &im->items[j];

			if (o->kind == K_TEACHER && *o->letter &&
			    o->grade == it->grade &&
			    strcmp(o->letter, it->letter) == 0) {
				fail(im, it->line, "class", "line %d already "
					"makes a class teacher of '%s'",
					o->line, it->v[C_CLASS]);
				break;
			}
		}
	}
	return 0;
}

/* Logins and IINs: unique in the file and new to the store. */
static int
resolve_unique(struct import *im, int col, struct smap *m,
	struct query *taken)
{
	for (int i = 0; i < im->nitems; i++) {
		struct item *it = &im->items[i];
		const char *s = it->v[col];
		int other, rc;

		if (it->kind == K_CLASS || *s == '\0')
			continue;
		if ((other = smap_get(im, m, s)) >= 0) {
			fail(im, it->line, col_names[col], "'%s' is also on "
				"line %d", s, im->items[other].line);
			continue;
		}
		*smap_slot(im, m, s, true) = i;
		if ((rc = text_exists(im, taken, s)) < 0)
			return -1;
		if (rc == 1)
			fail(im, it->line, col_names[col], "'%s' already "
				"belongs to someone", s);
	}
	return 0;
}

static int
resolve_children(struct import *im)
{
	for (int i = 0; i < im->nitems; i++) {
		struct item *it = &im->items[i];
		char *parts[REFS_MAX];
		int n;

		if (it->kind != K_PARENT || !*it->v[C_PARENT_OF])
			continue;
		n = split_list(arena_strdup(im->r->a, it->v[C_PARENT_OF]),
			parts, REFS_MAX);
		if (n < 0) {
			fail(im, it->line, "parent_of", "at most %d children "
				"per row", REFS_MAX);
			continue;
		}
		for (int k = 0; k < n; k++) {
			int j = smap_get(im, &im->logins, parts[k]);
			struct db_stmt *st;
			int rc;

			if (j < 0)
				j = smap_get(im, &im->iins, parts[k]);
			if (j >= 0 && im->items[j].kind == K_PUPIL) {
				it->child_items[it->nchildren] = j;
				it->child_ids[it->nchildren++] = 0;
				continue;
			}
			st = db_prep(im->r->db, &q_pupil_find, &im->r->err);
			if (st != NULL) {
				db_bind_i64(st, 1, im->school_id);
				db_bind_text(st, 2, parts[k]);
			}
			if ((rc = step(im, st)) < 0)
				return -1;
			if (rc == 0) {
				fail(im, it->line, "parent_of", "no pupil with "
					"the login or IIN '%.40s' in the file "
					"or the school", parts[k]);
				continue;
			}
			it->child_items[it->nchildren] = -1;
			it->child_ids[it->nchildren++] = db_col_i64(st, 0);
		}
	}
	return 0;
}

static int
resolve_subjects(struct import *im)
{
	for (int i = 0; i < im->nitems; i++) {
		struct item *it = &im->items[i];
		char *parts[REFS_MAX];
		int n;

		if (it->kind != K_TEACHER || !*it->v[C_SUBJECT])
			continue;
		n = split_list(arena_strdup(im->r->a, it->v[C_SUBJECT]), parts,
			REFS_MAX);
		if (n < 0) {
			fail(im, it->line, "subject", "at most %d subjects "
				"per row", REFS_MAX);
			continue;
		}
		for (int k = 0; k < n; k++) {
			struct db_stmt *st = db_prep(im->r->db,
				&q_subject_find, &im->r->err);
			int rc;

			if (st != NULL)
				db_bind_text(st, 1, parts[k]);
			if ((rc = step(im, st)) < 0)
				return -1;
			if (rc == 0) {
				fail(im, it->line, "subject", "no subject with "
					"the code '%.40s'", parts[k]);
				continue;
			}
			it->subjects[it->nsubjects++] = db_col_i64(st, 0);
		}
	}
	return 0;
}

/* ----- pass 3: writing ----- */

static struct query q_class_add = QUERY(
	"INSERT INTO classes (school_id, year, grade, letter, language, shift) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
static struct query q_person_add = QUERY(
	"INSERT INTO people (full_name, iin, login, birth_date, lang, "
	"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
static struct query q_role_add = QUERY(
	"INSERT INTO roles (person_id, role, school_id) "
	"VALUES (?1, 'teacher', ?2)");
static struct query q_class_teacher_set = QUERY(
	"UPDATE classes SET class_teacher_id = ?2 WHERE id = ?1");
static struct query q_pupil_add = QUERY(
	"INSERT INTO pupils (person_id, class_id) VALUES (?1, ?2)");
static struct query q_parent_link = QUERY(
	"INSERT INTO parent_links (parent_id, pupil_id) VALUES (?1, ?2) "
	"ON CONFLICT (parent_id, pupil_id) DO NOTHING");
static struct query q_teacher_subject = QUERY(
	"INSERT INTO teacher_subjects (person_id, subject_id) VALUES (?1, ?2) "
	"ON CONFLICT (person_id, subject_id) DO NOTHING");

static int
exec2(struct import *im, struct query *q, int64_t a, int64_t b)
{
	struct db_stmt *st = db_prep(im->r->db, q, &im->r->err);

	if (st == NULL)
		return -1;
	db_bind_i64(st, 1, a);
	db_bind_i64(st, 2, b);
	return db_exec(st, &im->r->err) != DB_DONE ? -1 : 0;
}

static int64_t
class_of(struct import *im, const struct item *it)
{
	return it->class_item >= 0 ? im->items[it->class_item].id :
		it->class_id;
}

static const char *
or_null(const char *s)
{
	return s && *s ? s : NULL;
}

static int
write_person(struct import *im, struct item *it)
{
	struct db_stmt *st = db_prep(im->r->db, &q_person_add, &im->r->err);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, it->v[C_FULL_NAME]);
	db_bind_text(st, 2, or_null(it->v[C_IIN]));
	db_bind_text(st, 3, or_null(it->v[C_LOGIN]));
	db_bind_text(st, 4, it->birth_date);
	/* the school's language as the person's, English aside */
	db_bind_text(st, 5, strcmp(im->school_language, "ru") == 0 ? "ru" :
		"kk");
	db_bind_i64(st, 6, im->r->now);
	if (api_insert_id(im->r, st, &it->id))
		return -1;
	im->created[it->kind]++;
	return 0;
}

static int
write_all(struct import *im)
{
	static const enum kind order[] = { K_CLASS, K_TEACHER, K_PUPIL,
		K_PARENT };

	for (size_t o = 0; o < ARRAY_SIZE(order); o++) {
		for (int i = 0; i < im->nitems; i++) {
			struct item *it = &im->items[i];
			struct db_stmt *st;

			if (it->kind != order[o])
				continue;
			if (it->kind == K_CLASS) {
				st = db_prep(im->r->db, &q_class_add,
					&im->r->err);
				if (st == NULL)
					return -1;
				db_bind_i64(st, 1, im->school_id);
				db_bind_i64(st, 2, im->year);
				db_bind_i64(st, 3, it->grade);
				db_bind_text(st, 4, it->letter);
				db_bind_text(st, 5, it->language);
				db_bind_i64(st, 6, it->shift);
				if (api_insert_id(im->r, st, &it->id))
					return -1;
				im->created[K_CLASS]++;
				continue;
			}
			if (write_person(im, it))
				return -1;
			if (it->kind == K_TEACHER) {
				if (exec2(im, &q_role_add, it->id,
				    im->school_id))
					return -1;
				for (int k = 0; k < it->nsubjects; k++)
					if (exec2(im, &q_teacher_subject,
					    it->id, it->subjects[k]))
						return -1;
				if (*it->letter && exec2(im,
				    &q_class_teacher_set, class_of(im, it),
				    it->id))
					return -1;
			} else if (it->kind == K_PUPIL) {
				if (exec2(im, &q_pupil_add, it->id,
				    class_of(im, it)))
					return -1;
			} else {
				for (int k = 0; k < it->nchildren; k++) {
					int j = it->child_items[k];
					int64_t child = j >= 0 ?
						im->items[j].id :
						it->child_ids[k];

					if (exec2(im, &q_parent_link, it->id,
					    child))
						return -1;
				}
			}
		}
	}
	return 0;
}

/* Is the body sent as CSV (or without a type)? */
static bool
csv_type_ok(struct req *r)
{
	const char *t = req_header(r, "Content-Type");

	return t == NULL || strncasecmp(t, "text/csv", 8) == 0 ||
		strncasecmp(t, "text/plain", 10) == 0 ||
		strncasecmp(t, "application/csv", 15) == 0 ||
		strncasecmp(t, "application/vnd.ms-excel", 24) == 0;
}

int
api_school_import(struct req *r)
{
	struct import *im = arena_calloc(r->a, sizeof(*im));
	struct csv doc;
	struct db_stmt *st;
	int64_t year;

	im->r = r;
	if (req_path_id(r, 0, &im->school_id) ||
	    req_query_i64(r, "year", 2000, 2100, api_year_now(r), &year) ||
	    authz(r, ACC_WRITE, OBJ_SCHOOL, im->school_id, NULL))
		return 0;
	im->year = (int)year;
	if (!csv_type_ok(r))
		return reply_err(r, ERR_BADREQ, "send the file as text/csv");

	/* every error is listed: those of the parser, then of the rows */
	csv_parse(r->a, r->body.buf, r->body.len, 0, &doc);
	for (int i = 0; i < doc.nissues; i++) {
		const struct csv_issue *is = &doc.issues[i];
		const char *col = NULL;

		if (is->col >= 0 && doc.nrows > 0 && is->col < doc.rows[0].n)
			col = doc.rows[0].f[is->col];
		fail(im, is->line, col, "%s", is->msg);
	}
	im->nproblems_extra = doc.nissues_total - doc.nissues;
	if (doc.nrows == 0) {
		fail(im, 1, NULL, "the file is empty: a header row and one "
			"row per class or person are needed");
		return reply_failed(im);
	}
	read_header(im, &doc.rows[0]);
	if (im->cols[C_KIND] < 0)
		return reply_failed(im);

	/* the store is read and written inside one write transaction */
	if (db_begin(r->db, &r->err) != 0 ||
	    (st = db_prep(r->db, &q_school_language, &r->err)) == NULL)
		return reply_error(r, NULL);
	db_bind_i64(st, 1, im->school_id);
	if (db_step(st, &r->err) != DB_ROW)
		return reply_error(r, NULL);
	im->school_language = arena_strdup(r->a, db_col_text(st, 0));

	im->items = arena_alloc(r->a, (size_t)doc.nrows * sizeof(*im->items));
	for (int i = 1; i < doc.nrows; i++) {
		bool empty = true, broken = false;

		/* a row the parser could not read is not checked further;
		** when the parser's issues ran over, none is */
		for (int k = 0; k < doc.nissues; k++)
			broken |= doc.issues[k].line == doc.rows[i].line;
		if (broken || doc.nissues_total > doc.nissues)
			continue;

		for (int k = 0; k < doc.rows[i].n; k++)
			empty &= *trim(doc.rows[i].f[k]) == '\0';
		if (empty)
			continue;       /* ",,,," lines of a spreadsheet */
		if (check_row(im, &doc.rows[i], &im->items[im->nitems]) == 0)
			im->nitems++;
	}
	if (resolve_classes(im) || resolve_unique(im, C_LOGIN, &im->logins,
	    &q_login_taken) || resolve_unique(im, C_IIN, &im->iins,
	    &q_iin_taken) || resolve_children(im) || resolve_subjects(im))
		return reply_error(r, NULL);
	if (im->nerrors || im->nproblems_extra)
		return reply_failed(im);        /* rolled back on release */
	if (im->nitems == 0) {
		fail(im, 1, NULL, "the file has no rows after the header");
		return reply_failed(im);
	}
	if (write_all(im) || db_commit(r->db, &r->err) != 0)
		return reply_error(r, NULL);

	jw_obj_begin(&r->out);
	jw_key(&r->out, "created");
	jw_obj_begin(&r->out);
	jw_kv_i64(&r->out, "classes", im->created[K_CLASS]);
	jw_kv_i64(&r->out, "pupils", im->created[K_PUPIL]);
	jw_kv_i64(&r->out, "parents", im->created[K_PARENT]);
	jw_kv_i64(&r->out, "teachers", im->created[K_TEACHER]);
	jw_obj_end(&r->out);
	jw_obj_end(&r->out);
	return reply_json(r, 200);
}
