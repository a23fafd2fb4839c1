/* assign.h: assignments, hand-ins and their files (docs/ASSIGNMENTS.md) */
#ifndef MK_ASSIGN_H
#define MK_ASSIGN_H

#include "http/req.h"
#include "auth/authz.h"

/* The handlers: assignments.c, handins.c, handin_return.c, files_api.c,
** student_assignments.c */
int api_course_assignments_create(struct req *r);
int api_course_assignments_list(struct req *r);
int api_assignment_get(struct req *r);
int api_assignment_handin_put(struct req *r);
int api_assignment_handins_list(struct req *r);
int api_handin_get(struct req *r);
int api_handin_return(struct req *r);
int api_file_upload(struct req *r);
int api_file_get(struct req *r);
int api_student_assignments(struct req *r);
int api_lesson_file_get(struct req *r);         /* api/lesson_files.c */

/* An assignment with where it sits and what the caller may do with it. */
struct assignment {
	int64_t id, course_id, lesson_id;
	int64_t subgroup_id, course_teacher_id, lesson_teacher_id;
	int64_t created_by, due_at;
	int max_points;
	struct place place;             /* the course's class and above */
	bool manage;    /* sets it: course's or lesson's teacher, its author */
	bool oversee;   /* sees every hand-in: manage, admins, class teacher */
	int64_t pupil;  /* the caller as a pupil of the course, else 0 */
};

/*
** Load assignment id as the caller may see it: whoever may read its
** course (authz rules), pupils and parents only when the pupil is in the
** course's class and subgroup. 0, or ERR_NOTFOUND when the caller may
** not see it (or it does not exist), or a db error in r->err. Answers
** nothing: assign_load() answers.
*/
int assign_access(struct req *r, int64_t id, struct assignment *a);
int assign_load(struct req *r, int64_t id, struct assignment *a);

/* The same rules for a course (its work in general): a->id is 0; the
** answer is sent when the caller may not see it. */
int assign_course_load(struct req *r, int64_t course_id,
	struct assignment *a);

/* Is pupil in the course's class and subgroup? 1 yes, 0 no, <0 db error. */
int assign_course_has_pupil(struct req *r, int64_t class_id,
	int64_t subgroup_id, int64_t pupil);

/*
** The caller as a pupil of the class's group (subgroup_id, 0: the whole
** class) or a parent of one, by their grants, with one query for a
** subgroup: GROUP_PUPIL, GROUP_PARENT, 0 (neither), -1 (r->err).
*/
enum { GROUP_PUPIL = 1, GROUP_PARENT, GROUP_STAFF };
int assign_group_member(struct req *r, int64_t class_id,
	int64_t subgroup_id);

/*
** Who the caller is to lesson l, which lesson_load() let them read:
** GROUP_STAFF (its teacher, the course's, or staff by another grant),
** else as assign_group_member(): 0 is a pupil or parent of the class
** outside the lesson's group, who must get 404 (docs/DISTANCE.md
** "Views"). Only a subgroup's lesson costs a query.
*/
struct lesson;
int assign_lesson_who(struct req *r, const struct lesson *l);

/*
** Lesson lesson_id as its material is seen (lesson files): a->manage for
** its teacher (a substitute too) and the course's, a->oversee for staff
** who see the class's work, a->pupil for a pupil of its group; parents
** of those and the school's staff see it too. The rules of
** assign_access(), with a->id 0 and a->lesson_id the lesson. 0,
** ERR_NOTFOUND or -1; answers nothing.
*/
int assign_lesson_access(struct req *r, int64_t lesson_id,
	struct assignment *a);

/* May the caller see hand-in id (of a pupil of a visible assignment)?
** Fills a and *student. 0, ERR_NOTFOUND or a db error; answers nothing. */
int assign_handin_access(struct req *r, int64_t id, struct assignment *a,
	int64_t *student);

/*
** "file_ids" of body (at most max): files the caller uploaded, else 422
** naming the entry. *ids in the arena, *n, *bytes their total size.
** Answers and returns non-zero on failure.
*/
int assign_own_files(struct req *r, json_t *body, size_t max, int64_t **ids,
	size_t *n, uint64_t *bytes);

/* Write "files":[{"id","name","size","content_type"}] of an assignment
** (kind 'a') or a hand-in (kind 'h'). */
int assign_write_files(struct req *r, char kind, int64_t id);
/* One entry of such a list. */
void assign_write_file(struct req *r, int64_t id, const char *name,
	int64_t size, const char *ctype);

/* The hand-ins of a page of course a->course_id's list (counts.c), for
** those who see the rolls (a->oversee): the group's size, and per
** assignment with any, how many handed in and how many of them late. */
struct api_page;
struct assign_count {
	int64_t assignment_id, handed_in, late;
};
struct assign_counts {
	int64_t pupils;
	struct assign_count *c;
	size_t n, k;            /* k: the next to write, by assignment id */
};
int assign_counts_page(struct req *r, const struct assignment *a,
	const struct api_page *pg, struct assign_counts *out);
/* Write "counts":{"handed_in","not_handed_in","late"} of assignment id;
** ids in ascending order. */
void assign_write_counts(struct req *r, struct assign_counts *c, int64_t id);

/*
** Send stored file id (files_api.c): to its uploader and whoever may see
** an assignment, a hand-in or a lesson it is attached to; with lesson_id,
** only as that lesson's material (GET /lessons/{id}/files/{file_id}).
** The bytes from the blob's descriptor, its stored type,
** Content-Disposition: attachment. *a: what granted it. 0, or -1 with
** the refusal (404 for anyone else) answered.
*/
int assign_file_send(struct req *r, int64_t id, int64_t lesson_id,
	struct assignment *a);

/* May the caller name file_id as a material of lesson_id: a file they
** uploaded, or one the lesson has already? 1, 0, -1 (r->err). */
int assign_material_file_ok(struct req *r, int64_t lesson_id,
	int64_t file_id);

/* Write hand-in id as its answers show it (handins.c). */
int assign_write_handin(struct req *r, int64_t id);

/* A timestamp as RFC 3339 UTC, or null when t is absent. */
void assign_kv_time(struct req *r, const char *key, int64_t t, bool present);

/* "2026-11-24T18:00:00Z" (or with +HH:MM / -HH:MM) to Unix seconds. */
int assign_parse_time(const char *s, int64_t *out);

#endif
