/* me_courses.h: GET /me/courses (me_courses.c) */
#ifndef MK_API_ME_COURSES_H
#define MK_API_ME_COURSES_H

#include "http/req.h"

/*
** {"today","courses":[{"course_id","class_id","class_name","year",
** "school_id","subject","subgroup","hours_per_week"}]}: the school's
** today and the courses whose teacher is the caller, newest school year
** first; subject in the language of ?lang= (api_lang()). Anyone logged
** in; someone who teaches nothing gets an empty list.
*/
int api_me_courses(struct req *r);

#endif
