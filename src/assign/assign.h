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

/* Write hand-in id as its answers show it (handins.c). */
int assign_write_handin(struct req *r, int64_t id);

/* A timestamp as RFC 3339 UTC, or null when t is absent. */
void assign_kv_time(struct req *r, const char *key, int64_t t, bool present);

/* "2026-11-24T18:00:00Z" (or with +HH:MM / -HH:MM) to Unix seconds. */
int assign_parse_time(const char *s, int64_t *out);

#endif
