/* lesson_files.c: GET /lessons/{id}/files/{file_id}, a file material of
** a lesson (docs/DISTANCE.md "Lessons online") */
#include "core/common.h"
#include "assign/assign.h"
#include "auth/auth.h"
#include "http/reply.h"
#include "journal/school_cal.h"
#include "views/views.h"

/*
** The file through the store's one rule (assign_file_send(): the
** lesson's pupils, their parents, its teacher, the course's, staff in
** scope; 404 for anyone else and for a file that is not the lesson's
** material), with Content-Disposition and nosniff as every file. A pupil
** of the lesson's group opening it is a view.
*/
int
api_lesson_file_get(struct req *r)
{
	struct assignment a;
	int64_t lesson_id, file_id;

	if (req_path_id(r, 0, &lesson_id) || req_path_id(r, 1, &file_id))
		return 0;
	if (assign_file_send(r, file_id, lesson_id, &a) != 0)
		return 0;
	if (a.pupil)
		views_note_view(school_today(r->now), lesson_id, a.pupil);
	return 0;
}
