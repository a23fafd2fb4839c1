-- 0010_assignments.sql: stored files, assignments and pupils' hand-ins
-- (docs/ASSIGNMENTS.md).

-- A file as uploaded: its bytes are the blob named sha256 in the data
-- directory (shared by every upload of the same bytes); the row is
-- written only after the blob is durable.
CREATE TABLE files (
	id {{ID}},
	sha256 TEXT NOT NULL,
	size BIGINT NOT NULL CHECK (size > 0),
	ctype TEXT NOT NULL,
	name TEXT NOT NULL,
	uploaded_by BIGINT NOT NULL REFERENCES people(id),
	uploaded_at BIGINT NOT NULL
);
CREATE INDEX files_uploader ON files(uploaded_by);

-- Work set for a course, or for one of its lessons. day is the school
-- day it belongs to (the lesson's date, else the due time's local date);
-- day_task: it is that day's single task of the course for a pupil
-- (class work and homework together).
CREATE TABLE assignments (
	id {{ID}},
	course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
	lesson_id BIGINT REFERENCES lessons(id) ON DELETE SET NULL,
	day TEXT NOT NULL,
	title TEXT NOT NULL,
	instructions TEXT NOT NULL DEFAULT '',
	links TEXT NOT NULL DEFAULT '[]',
	due_at BIGINT NOT NULL,
	max_points INTEGER NOT NULL CHECK (max_points BETWEEN 1 AND 1000),
	day_task INTEGER NOT NULL DEFAULT 0 CHECK (day_task IN (0, 1)),
	created_by BIGINT NOT NULL REFERENCES people(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX assignments_course_day ON assignments(course_id, day);

CREATE TABLE assignment_files (
	assignment_id BIGINT NOT NULL REFERENCES assignments(id)
		ON DELETE CASCADE,
	file_id BIGINT NOT NULL REFERENCES files(id),
	PRIMARY KEY (assignment_id, file_id)
);
CREATE INDEX assignment_files_file ON assignment_files(file_id);

-- One pupil's hand-in of one assignment, replaced by each new hand-in
-- until the teacher returns it (returned_at set). late: handed in after
-- the due time by the server's clock. The journal mark given with the
-- return lives in marks (mark_lesson_id, student_id, mark_kind).
CREATE TABLE handins (
	id {{ID}},
	assignment_id BIGINT NOT NULL REFERENCES assignments(id)
		ON DELETE CASCADE,
	student_id BIGINT NOT NULL REFERENCES people(id),
	text TEXT NOT NULL DEFAULT '',
	handed_in_at BIGINT NOT NULL,
	late INTEGER NOT NULL CHECK (late IN (0, 1)),
	times INTEGER NOT NULL DEFAULT 1,
	returned_at BIGINT,
	returned_by BIGINT REFERENCES people(id),
	points INTEGER,
	comment TEXT,
	mark_lesson_id BIGINT REFERENCES lessons(id) ON DELETE SET NULL,
	mark_kind TEXT,
	UNIQUE (assignment_id, student_id)
);
CREATE INDEX handins_student ON handins(student_id);

CREATE TABLE handin_files (
	handin_id BIGINT NOT NULL REFERENCES handins(id) ON DELETE CASCADE,
	file_id BIGINT NOT NULL REFERENCES files(id),
	PRIMARY KEY (handin_id, file_id)
);
CREATE INDEX handin_files_file ON handin_files(file_id);
