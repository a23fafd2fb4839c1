/* student_marks.h: GET /students/{id}/marks (api/student_marks.c) */
#ifndef MK_STUDENT_MARKS_H
#define MK_STUDENT_MARKS_H

#include "http/req.h"

int api_student_marks(struct req *r);

#endif
