/* lesson.h: a dated lesson with what the journal rules need */
#ifndef MK_LESSON_H
#define MK_LESSON_H

#include "http/req.h"
#include "auth/authz.h"

struct lesson {
	int64_t id, course_id, class_id, school_id, subject_id;
	int64_t subgroup_id;            /* 0: the whole class */
	int64_t teacher_id;             /* who gives it (the substitute) */
	int64_t course_teacher_id;
	int grade, period;
	int32_t date;                   /* day number */
	bool cancelled;
};

/*
** Load lesson id for the caller. ACC_READ: whoever may see its course.
** ACC_WRITE: the teacher giving the lesson (a substitute included) or the
** course's teacher; someone who may see the lesson but not write gets
** 403, anyone else 404. On failure the answer is sent; returns non-zero.
*/
int lesson_load(struct req *r, int64_t id, enum access acc,
	struct lesson *out);

/* The pupils of the lesson (its class, or its subgroup), sorted by id,
** in the arena. */
int lesson_pupils(struct req *r, const struct lesson *l, int64_t **ids,
	int *n);

/* Is id in the sorted array? */
bool lesson_has_pupil(const int64_t *ids, int n, int64_t id);

#endif
