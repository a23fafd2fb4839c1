/* bells.h: the default bell schedule and lesson lengths; pure */
#ifndef MK_BELLS_H
#define MK_BELLS_H

/*
** Times are minutes after midnight, school local time. The default
** schedule: shift 1 from 08:00, shift 2 from 14:00, shift 3 from 18:00;
** 45-minute lessons, breaks of 5, 10, 20 (after the 3rd: a meal), 10, 5
** ... minutes (ours, common practice; a school stores its own in bells).
*/
#define BELLS_PERIODS_MAX 12

struct bell {
	int starts, ends;
};

/* The default bell for shift 1..3 and period 1..BELLS_PERIODS_MAX. */
struct bell bells_default(int shift, int period);

/*
** How long a lesson lasts (DOMAIN.md): 35 minutes in grade 1 in
** September, 40 in duty classes, else 45. month is 1..12.
*/
int bells_lesson_minutes(int grade, int month, bool duty);

/*
** When a lesson starting at minute `starts` ends: starts plus the lesson
** length of the grade that month when no bell is stored (stored_ends <
** 0); else the stored bell's end, cut short when the rules want a shorter
** lesson than the usual (35 minutes in grade 1 in September, 40 in a duty
** class). Serves lessons_generate() and every later retiming.
*/
int bells_lesson_end(int starts, int stored_ends, int grade, int month,
	bool duty);

/* "HH:MM" of minutes into buf (6 bytes); parse back, -1 if malformed. */
void bells_format(int minutes, char *buf);
int bells_parse(const char *s);

#endif
