/* journal.h: checks shared by the journal handlers (journal.c) */
#ifndef MK_API_JOURNAL_H
#define MK_API_JOURNAL_H

#include "http/req.h"

struct lesson;

/* The journal's handlers: marks.c, attendance.c, lessons.c */
int api_lesson_marks_put(struct req *r);
int api_lesson_marks_history(struct req *r);
/* Marks of a "marks" array into lesson l, all the rules and the audit;
** answers (marks.c; also used by quiz_results.c). */
int journal_marks_put(struct req *r, const struct lesson *l, json_t *arr);
/* A link a pupil may open: http(s), no spaces or control characters
** (lessons.c; also online.c, tv.c). */
bool lesson_link_ok(const char *s);
int api_lesson_attendance_put(struct req *r);
int api_lesson_patch(struct req *r);
int api_lesson_get(struct req *r);
int api_me_lessons(struct req *r);
/* Answer the lesson as GET /lessons/{id} does (lessons.c). */
int api_lesson_reply(struct req *r, int64_t id);
int api_student_diary(struct req *r);          /* diary.c */
int api_course_gradebook(struct req *r);       /* gradebook.c */
int api_student_report_card(struct req *r);    /* report_card.c */
int api_reports_quarter(struct req *r);        /* reports.c */

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

/* Timetable, bells and the school's lesson changes: timetable.c,
** bells.c, lesson_changes.c */
int api_class_timetable_get(struct req *r);
int api_class_timetable_put(struct req *r);
int api_school_bells_get(struct req *r);
int api_school_bells_put(struct req *r);
int api_lesson_cancel(struct req *r);
int api_lesson_restore(struct req *r);
int api_lesson_move(struct req *r);
int api_lesson_substitute(struct req *r);

/*
** The times "HH:MM" of a lesson of a class of the school at period on
** day: the school's bell for the shift, else the default bell with the
** grade's lesson length (as lessons_generate() does). starts and ends
** hold 6 bytes. 0, or a db error in e (bells.c).
*/
struct db;
int api_bells_times(struct db *db, int64_t school_id, int shift, int grade,
	bool duty, int period, int32_t day, char *starts, char *ends,
	struct err *e);

#endif
