/* tv.h: the TV schedule: channels, broadcast slots, and the slots of a
** pupil's grade in their diary */
#ifndef MK_API_TV_H
#define MK_API_TV_H

#include "http/req.h"

int api_tv_channels(struct req *r);             /* tv.c */
int api_tv_slots_list(struct req *r);
int api_tv_slot_create(struct req *r);
int api_tv_slot_delete(struct req *r);

/* A week of slots for a grade and region (tv_diary.c). */
struct tv_week {
	struct tv_slot_row *v;
	size_t n;
};

/*
** The slots of grade's broadcasts from monday to the Sunday after, the
** country's and those of region_id, sorted by date and time, into w
** (arena), subjects named in lang (0 kk, 1 ru, 2 en: api_lang()). 0, or
** a db error in r->err.
*/
int tv_week_load(struct req *r, int grade, int64_t region_id,
	int32_t monday, int lang, struct tv_week *w);

/* Write "tv":[...] for day (a day number) of w into r->out; nothing
** when no slot of w is on that day. */
void tv_day_write(struct req *r, const struct tv_week *w, int32_t day);

#endif
