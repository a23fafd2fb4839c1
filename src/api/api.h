/* api.h: every API handler, one file per resource under src/api/ */
#ifndef MK_API_H
#define MK_API_H

#include "http/req.h"

/* health.c */
int api_healthz(struct req *r);
int api_metrics(struct req *r);

/* auth.c */
int api_auth_login(struct req *r);
int api_auth_logout(struct req *r);

/* me.c */
int api_me(struct req *r);

/*
** The school structure: schools.c, classes.c, the people files
** (people.h), courses.c, calendar.c, import_csv.c (import.h). List
** endpoints answer {"items":[...],"next"} with keyset paging on id
** (?limit=, ?next=).
*/
/* schools.c */
int api_regions_list(struct req *r);
int api_region_get(struct req *r);
int api_districts_list(struct req *r);
int api_district_get(struct req *r);
int api_schools_list(struct req *r);
int api_school_get(struct req *r);
int api_school_create(struct req *r);
int api_school_patch(struct req *r);

/* classes.c */
int api_classes_list(struct req *r);
int api_class_create(struct req *r);
int api_class_get(struct req *r);
int api_class_patch(struct req *r);
int api_class_pupils(struct req *r);
int api_subgroups_list(struct req *r);
int api_subgroup_create(struct req *r);
int api_subgroup_members_put(struct req *r);

/* people_list.c, person_read.c, person_write.c, students.c */
int api_people_list(struct req *r);
int api_person_create(struct req *r);
int api_person_get(struct req *r);
int api_person_patch(struct req *r);
int api_student_get(struct req *r);
int api_student_parent_add(struct req *r);

/* courses.c */
int api_subjects_list(struct req *r);
int api_courses_list(struct req *r);
int api_course_create(struct req *r);
int api_course_get(struct req *r);
int api_course_patch(struct req *r);

/* calendar.c */
int api_school_years_get(struct req *r);
int api_school_calendar_put(struct req *r);
int api_school_year_put(struct req *r);

/* import_csv.c */
int api_school_import(struct req *r);

/*
** Helpers shared by the structure handlers (schools.c). Paging: read
** ?limit= (1..1000, default 100) and ?next= into pg (answers 400 and
** returns non-zero when malformed); before writing each item call
** api_page_take(), which says false once the page is full; then
** api_page_end() closes "items" and writes "next".
*/
struct api_page {
	int64_t limit;
	int64_t after;          /* items with a greater id come next */
	int64_t last;
	int n;
	bool more;
};

int api_page_args(struct req *r, struct api_page *pg);
void api_page_begin(struct req *r);
bool api_page_take(struct api_page *pg, int64_t id);
int api_page_end(struct req *r, struct api_page *pg);

/*
** Is the caller staff over place p: an official covering it, an admin or
** a teacher of its school, or the class teacher of its class? (Pupils and
** parents are not.)
*/
struct place;
bool api_is_staff(struct req *r, const struct place *p);
/* Does the caller hold school_admin of school_id? */
bool api_is_school_admin(struct req *r, int64_t school_id);
/*
** Step an INSERT ... RETURNING id to its end (an unfinished one keeps the
** transaction from committing): 0 and *id, or the db error in r->err.
*/
struct db_stmt;
int api_insert_id(struct req *r, struct db_stmt *st, int64_t *id);
/* "5 А" in the arena. */
const char *api_class_name(struct req *r, int64_t grade, const char *letter);

/*
** Write "key": {"id": column col, name_key: column col + 1} of st, or
** "key": null when column col is null (a teacher, a subgroup, ...).
*/
struct db_stmt;
void api_write_ref(struct req *r, const char *key, struct db_stmt *st,
	int col, const char *name_key);
/* The school year (by its starting calendar year) of today in UTC+5. */
int api_year_now(struct req *r);

/* person_write.c: is s a login, 3-64 of a-z A-Z 0-9 . _ - @? */
bool api_login_ok(const char *s);

/*
** person_access.c: is person_id a teacher of school_id? 0 if so;
** otherwise answers 422 naming field and returns non-zero.
*/
int api_check_teacher(struct req *r, int64_t school_id, int64_t person_id,
	const char *field);

#endif
