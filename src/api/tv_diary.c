/* tv_diary.c: the TV slots of a pupil's grade in their diary's days */
#include "core/common.h"
#include "api/tv.h"
#include "core/jw.h"
#include "db/db.h"
#include "http/reply.h"
#include "rules/dates.h"

struct tv_slot_row {
	int32_t day;
	const char *channel, *starts, *ends, *title, *subject, *lang, *rec;
	int64_t id;
};

static struct query q_week = QUERY(
	"SELECT s.id, s.date, c.code, s.starts, s.ends, s.title, s.lang, "
	"s.recording_url, sj.name_kk, sj.name_ru, sj.name_en "
	"FROM tv_slots s "
	"JOIN tv_channels c ON c.id = s.channel_id "
	"LEFT JOIN subjects sj ON sj.id = s.subject_id "
	"WHERE s.grade = ?1 AND s.date BETWEEN ?2 AND ?3 AND "
	"(s.region_id IS NULL OR s.region_id = ?4) "
	"ORDER BY s.date, s.starts, s.id");

int
tv_week_load(struct req *r, int grade, int64_t region_id, int32_t monday,
	int lang, struct tv_week *w)
{
	struct db_stmt *st = db_prep(r->db, &q_week, &r->err);
	char from[11], to[11];
	size_t cap = 0;
	int rc;

	memset(w, 0, sizeof(*w));
	if (st == NULL)
		return -1;
	date_format(monday, from);
	date_format(monday + 6, to);
	db_bind_i64(st, 1, grade);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	db_bind_i64(st, 4, region_id);
	while ((rc = db_step(st, &r->err)) == DB_ROW) {
		struct tv_slot_row *x;

		if (w->n == cap) {
			struct tv_slot_row *more;

			cap = cap ? cap * 2 : 16;
			more = arena_alloc(r->a, cap * sizeof(*more));
			if (w->n)
				memcpy(more, w->v, w->n * sizeof(*more));
			w->v = more;
		}
		x = &w->v[w->n++];
		x->id = db_col_i64(st, 0);
		if (date_parse(db_col_text(st, 1), &x->day) != 0)
			x->day = 0;
		x->channel = arena_strdup(r->a, db_col_text(st, 2));
		x->starts = arena_strdup(r->a, db_col_text(st, 3));
		x->ends = arena_strdup(r->a, db_col_text(st, 4));
		x->title = arena_strdup(r->a, db_col_text(st, 5));
		x->lang = arena_strdup(r->a, db_col_text(st, 6));
		x->rec = db_col_null(st, 7) ? NULL :
			arena_strdup(r->a, db_col_text(st, 7));
		x->subject = db_col_null(st, 8 + lang) ? NULL :
			arena_strdup(r->a, db_col_text(st, 8 + lang));
	}
	return rc < 0 ? -1 : 0;
}

void
tv_day_write(struct req *r, const struct tv_week *w, int32_t day)
{
	size_t i;

	for (i = 0; i < w->n && w->v[i].day != day; i++)
		;
	if (i == w->n)
		return;         /* no broadcast that day: no "tv" key */
	jw_key(&r->out, "tv");
	jw_arr_begin(&r->out);
	for (; i < w->n; i++) {
		const struct tv_slot_row *x = &w->v[i];

		if (x->day != day)
			continue;
		jw_obj_begin(&r->out);
		jw_kv_i64(&r->out, "slot_id", x->id);
		jw_kv_str(&r->out, "channel", x->channel);
		jw_kv_str(&r->out, "starts", x->starts);
		jw_kv_str(&r->out, "ends", x->ends);
		jw_kv_str(&r->out, "title", x->title);
		jw_kv_str(&r->out, "subject", x->subject);
		jw_kv_str(&r->out, "lang", x->lang);
		jw_kv_str(&r->out, "recording_url", x->rec);
		jw_obj_end(&r->out);
	}
	jw_arr_end(&r->out);
}
