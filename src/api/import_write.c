/* import_write.c: CSV import pass 3, writing the rows checked */
#include "core/common.h"
#include "api/import.h"
#include "db/db.h"

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

int
import_write(struct import *im)
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

