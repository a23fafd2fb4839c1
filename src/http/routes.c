/* routes.c: the one route table of the server */
#include "core/common.h"
#include "http/router.h"
#include "api/api.h"
#include "api/journal.h"
#include "assign/assign.h"
#include "http/static.h"
#include "api/student_marks.h"
#include "api/me_courses.h"
#include "api/quiz.h"
#include "api/online.h"
#include "api/tv.h"
#include "api/usage.h"

#define A ROUTE_AUTH
#define GET HTTP_GET | HTTP_HEAD

const struct route routes[] = {
	/* the web page (http/static.c) */
	{ GET, "/", static_index, ROUTE_PUBLIC },
	{ GET, "/sw.js", static_sw, ROUTE_PUBLIC },
	{ GET, "/s/:version/*", static_versioned, ROUTE_PUBLIC },

	{ GET, "/healthz", api_healthz, ROUTE_PUBLIC },
	{ GET, "/metrics", api_metrics, ROUTE_PUBLIC },
	{ HTTP_POST, "/api/v1/auth/login", api_auth_login, ROUTE_PUBLIC },
	{ HTTP_POST, "/api/v1/auth/logout", api_auth_logout, A },
	{ GET, "/api/v1/me", api_me, A },

	/* the school structure */
	{ GET, "/api/v1/regions", api_regions_list, A },
	{ GET, "/api/v1/regions/:id", api_region_get, A },
	{ GET, "/api/v1/districts", api_districts_list, A },
	{ GET, "/api/v1/districts/:id", api_district_get, A },
	{ GET, "/api/v1/schools", api_schools_list, A },
	{ HTTP_POST, "/api/v1/schools", api_school_create, A },
	{ GET, "/api/v1/schools/:id", api_school_get, A },
	{ HTTP_PATCH, "/api/v1/schools/:id", api_school_patch, A },
	{ GET, "/api/v1/schools/:id/classes", api_classes_list, A },
	{ HTTP_POST, "/api/v1/schools/:id/classes", api_class_create, A },
	{ GET, "/api/v1/schools/:id/people", api_people_list, A },
	{ HTTP_POST, "/api/v1/schools/:id/people", api_person_create, A },
	{ HTTP_PUT, "/api/v1/schools/:id/calendar", api_school_calendar_put,
	  A },
	{ HTTP_POST, "/api/v1/schools/:id/import", api_school_import, A },
	{ GET, "/api/v1/classes/:id", api_class_get, A },
	{ HTTP_PATCH, "/api/v1/classes/:id", api_class_patch, A },
	{ GET, "/api/v1/classes/:id/pupils", api_class_pupils, A },
	{ GET, "/api/v1/classes/:id/subgroups", api_subgroups_list, A },
	{ HTTP_POST, "/api/v1/classes/:id/subgroups", api_subgroup_create, A },
	{ HTTP_PUT, "/api/v1/subgroups/:id/members", api_subgroup_members_put,
	  A },
	{ GET, "/api/v1/classes/:id/courses", api_courses_list, A },
	{ HTTP_POST, "/api/v1/classes/:id/courses", api_course_create, A },
	{ GET, "/api/v1/courses/:id", api_course_get, A },
	{ HTTP_PATCH, "/api/v1/courses/:id", api_course_patch, A },
	{ GET, "/api/v1/people/:id", api_person_get, A },
	{ HTTP_PATCH, "/api/v1/people/:id", api_person_patch, A },
	{ GET, "/api/v1/students/:id", api_student_get, A },
	{ HTTP_POST, "/api/v1/students/:id/parents", api_student_parent_add,
	  A },
	{ GET, "/api/v1/subjects", api_subjects_list, A },
	{ GET, "/api/v1/school-years", api_school_years_get, A },
	{ HTTP_PUT, "/api/v1/school-years/:year", api_school_year_put, A },

	/* the journal and diary */
	{ GET, "/api/v1/me/lessons", api_me_lessons, A },
	{ GET, "/api/v1/me/courses", api_me_courses, A },
	{ GET, "/api/v1/lessons/:id", api_lesson_get, A },
	{ HTTP_PATCH, "/api/v1/lessons/:id", api_lesson_patch, A },
	{ HTTP_PUT, "/api/v1/lessons/:id/marks", api_lesson_marks_put, A },
	{ GET, "/api/v1/lessons/:id/marks/history", api_lesson_marks_history,
	  A },
	{ HTTP_PUT, "/api/v1/lessons/:id/attendance", api_lesson_attendance_put,
	  A },
	{ GET, "/api/v1/students/:id/diary", api_student_diary, A },
	{ GET, "/api/v1/courses/:id/gradebook", api_course_gradebook, A },
	{ GET, "/api/v1/students/:id/report-card", api_student_report_card,
	  A },
	{ GET, "/api/v1/students/:id/marks", api_student_marks, A },

	/* distance learning: assignments, hand-ins, files (assign/) */
	{ HTTP_POST, "/api/v1/files", api_file_upload, A | ROUTE_UPLOAD },
	{ GET, "/api/v1/files/:id", api_file_get, A },
	{ GET, "/api/v1/lessons/:id/files/:file_id", api_lesson_file_get, A },
	{ GET, "/api/v1/courses/:id/assignments", api_course_assignments_list,
	  A },
	{ HTTP_POST, "/api/v1/courses/:id/assignments",
	  api_course_assignments_create, A },
	{ GET, "/api/v1/assignments/:id", api_assignment_get, A },
	{ HTTP_PUT, "/api/v1/assignments/:id/handin", api_assignment_handin_put,
	  A },
	{ GET, "/api/v1/assignments/:id/handins", api_assignment_handins_list,
	  A },
	{ GET, "/api/v1/handins/:id", api_handin_get, A },
	{ HTTP_POST, "/api/v1/handins/:id/return", api_handin_return, A },
	{ GET, "/api/v1/students/:id/assignments", api_student_assignments,
	  A },
	{ GET, "/api/v1/reports/quarter", api_reports_quarter, A },
	{ GET, "/api/v1/schools/:id/bells", api_school_bells_get, A },
	{ HTTP_PUT, "/api/v1/schools/:id/bells", api_school_bells_put, A },
	{ GET, "/api/v1/classes/:id/timetable", api_class_timetable_get, A },
	{ HTTP_PUT, "/api/v1/classes/:id/timetable", api_class_timetable_put,
	  A },
	{ HTTP_POST, "/api/v1/lessons/:id/cancel", api_lesson_cancel, A },
	{ HTTP_POST, "/api/v1/lessons/:id/restore", api_lesson_restore, A },
	{ HTTP_POST, "/api/v1/lessons/:id/move", api_lesson_move, A },
	{ HTTP_POST, "/api/v1/lessons/:id/substitute", api_lesson_substitute,
	  A },

	/* S2: distance learning: tests (api/quiz*.c) */
	{ GET, "/api/v1/courses/:id/quizzes", api_course_quizzes_list, A },
	{ HTTP_POST, "/api/v1/courses/:id/quizzes", api_course_quizzes_create,
	  A },
	{ GET, "/api/v1/quizzes/:id", api_quiz_get, A },
	{ GET, "/api/v1/quizzes/:id/results", api_quiz_results, A },
	{ HTTP_POST, "/api/v1/quizzes/:id/marks", api_quiz_marks, A },
	{ HTTP_POST, "/api/v1/quizzes/:id/attempts", api_quiz_attempt_start,
	  A },
	{ GET, "/api/v1/students/:id/quizzes", api_student_quizzes, A },
	{ GET, "/api/v1/quiz-attempts/:id", api_quiz_attempt_get, A },
	{ HTTP_PUT, "/api/v1/quiz-attempts/:id/answers",
	  api_quiz_attempt_answers_put, A },
	{ HTTP_POST, "/api/v1/quiz-attempts/:id/submit",
	  api_quiz_attempt_submit, A },

	/* S2: distance learning: lessons online, views, TV, usage */
	{ GET, "/api/v1/lessons/:id/online", api_lesson_online_get, A },
	{ HTTP_PUT, "/api/v1/lessons/:id/online", api_lesson_online_put, A },
	{ HTTP_POST, "/api/v1/lessons/:id/views", api_lesson_view, A },
	{ HTTP_POST, "/api/v1/admin/views/flush", api_views_flush, A },
	{ GET, "/api/v1/tv/channels", api_tv_channels, A },
	{ GET, "/api/v1/tv/slots", api_tv_slots_list, A },
	{ HTTP_POST, "/api/v1/tv/slots", api_tv_slot_create, A },
	{ HTTP_DELETE, "/api/v1/tv/slots/:id", api_tv_slot_delete, A },
	{ GET, "/api/v1/reports/usage", api_reports_usage, A },
};

const int nroutes = (int)ARRAY_SIZE(routes);
