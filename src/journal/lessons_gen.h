/* lessons_gen.h: turning the weekly timetable into dated lessons */
#ifndef MK_LESSONS_GEN_H
#define MK_LESSONS_GEN_H

#include "core/err.h"

struct db;
struct school_calendar;

/*
** Create the dated lessons of every timetable row of the school's
** classes (class_id 0: all of them) for each school day in [from, to]
** (day numbers) of the calendar (for grade 1, without its February
** week off), from the row's valid_from to its valid_to. Times come from
** the school's bells for the class's shift, or the default bells; grade
** 1 in September gets 35-minute lessons and duty classes 40-minute ones
** either way (a stored bell is cut short). Lessons that exist already
** are kept as they are (topic, marks and all), and a slot a lesson was
** moved away from (lessons.moved_from_*) stays empty.
** Must run inside the caller's write transaction. *created may be NULL.
*/
int lessons_generate(struct db *db, int64_t school_id, int64_t class_id,
	const struct school_calendar *cal, int32_t from, int32_t to,
	int64_t *created, struct err *e);

#endif
