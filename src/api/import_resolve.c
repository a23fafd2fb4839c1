/*
** import_resolve.c: CSV import pass 2, the rows against each other
** and the store
*/
#include "core/common.h"
#include "api/import.h"
#include "db/db.h"

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
		parts[n++] = (char *)import_trim(s);
		if (!bar)
			return n;
		s = bar + 1;
	}
}


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
			import_fail(im, it->line, "class", "the class '%s' is "
				"also on line %d", key, im->items[other].line);
			continue;
		}
		*smap_slot(im, &im->classes, key, true) = i;
		if ((rc = find_class(im, it->grade, it->letter, &id,
		    &teacher)) < 0)
			return -1;
		if (rc == 1)
			import_fail(im, it->line, "class", "the class '%s' of "
				"%d already exists", key, im->year);
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
			import_fail(im, it->line, "class", "there is no class "
				"'%s' in the file or the school",
				it->v[C_CLASS]);
		else if (it->kind == K_TEACHER && teacher != 0)
			import_fail(im, it->line, "class", "the class '%s' "
				"already has a class teacher", it->v[C_CLASS]);
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
				import_fail(im, it->line, "class", "line %d "
					"already makes a class teacher of '%s'",
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
			import_fail(im, it->line, import_col_names[col], "'%s' "
				"is also on line %d", s, im->items[other].line);
			continue;
		}
		*smap_slot(im, m, s, true) = i;
		if ((rc = text_exists(im, taken, s)) < 0)
			return -1;
		if (rc == 1)
			import_fail(im, it->line, import_col_names[col], "'%s' "
				"already belongs to someone", s);
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
			import_fail(im, it->line, "parent_of", "at most %d "
				"children per row", REFS_MAX);
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
				import_fail(im, it->line, "parent_of", "no "
					"pupil with the login or IIN '%.40s' "
					"in the file or the school", parts[k]);
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
			import_fail(im, it->line, "subject", "at most %d "
				"subjects per row", REFS_MAX);
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
				import_fail(im, it->line, "subject", "no "
					"subject with the code '%.40s'",
					parts[k]);
				continue;
			}
			it->subjects[it->nsubjects++] = db_col_i64(st, 0);
		}
	}
	return 0;
}


/* Every check of pass 2; problems go to import_fail(). */
int
import_resolve(struct import *im)
{
	if (resolve_classes(im) || resolve_unique(im, C_LOGIN, &im->logins,
	    &q_login_taken) || resolve_unique(im, C_IIN, &im->iins,
	    &q_iin_taken) || resolve_children(im) || resolve_subjects(im))
		return -1;
	return 0;
}
