/* pupil_year.h: a pupil's school year as the report card and the marks
** page read it (api/pupil_year.c) */
#ifndef MK_PUPIL_YEAR_H
#define MK_PUPIL_YEAR_H

#include "http/req.h"
#include "journal/results.h"
#include "journal/school_cal.h"

struct db_stmt;

/*
** The pupil, the school's calendar of the year, every mark of the pupil
** in the year (sorted by course, for results_span()) and the courses to
** report: those of the pupil's class when the class is of that year (a
** subgroup's course only for its members), and any other course the
** pupil has marks in that year (a pupil who changed class). A fixed
** number of queries whatever the year holds.
*/
struct pupil_year {
	int64_t id, class_id;
	struct school_calendar cal;
	struct results_mark *marks;
	size_t nmarks;
	/* stepped by the caller: co.id, name_kk, name_ru, name_en,
	** hours_per_week, ordered by subject */
	struct db_stmt *courses;
};

/*
** Load pupil id's year and open the answer: writes '{"student":{id,
** full_name, class_id, class_name},"year":Y' and leaves the object open
** for the caller. Returns 0, or answers (404 for a person who is not a
** pupil, or the store's error) and returns -1. Access is the caller's
** check, before.
*/
int pupil_year_open(struct req *r, int64_t id, int64_t year,
	struct pupil_year *py);

#endif
