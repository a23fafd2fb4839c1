/* journal.h: checks shared by the journal handlers (journal.c) */
#ifndef MK_API_JOURNAL_H
#define MK_API_JOURNAL_H

#include "http/req.h"

struct lesson;

/* The journal's handlers: marks.c, attendance.c, lessons.c */
int api_lesson_marks_put(struct req *r);
int api_lesson_marks_history(struct req *r);
int api_lesson_attendance_put(struct req *r);
int api_lesson_patch(struct req *r);
int api_lesson_get(struct req *r);
int api_me_lessons(struct req *r);
int api_student_diary(struct req *r);          /* diary.c */

/* The language for names: ?lang=, else Accept-Language; 0 kk, 1 ru,
** 2 en (diary.c). */
int api_lang(struct req *r);

/*
** May marks and attendance be written for this lesson now? Not when it
** was cancelled (409) or has not begun yet, judged by the school's
** today (422). Answers and returns non-zero when not.
*/
int journal_check_open(struct req *r, const struct lesson *l);

/* Does the caller administer this school (or an area above it)? */
bool journal_is_school_admin(struct req *r, int64_t school_id);

#endif
