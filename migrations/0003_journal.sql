-- 0003_journal.sql: bells, timetable, dated lessons, marks, attendance
-- and the hash-chained audit log of every mark and attendance change.

-- Bell schedule per school and shift: period number -> start, end.
CREATE TABLE bells (
	school_id BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
	shift INTEGER NOT NULL CHECK (shift BETWEEN 1 AND 3),
	period INTEGER NOT NULL CHECK (period BETWEEN 0 AND 12),
	starts TEXT NOT NULL,
	ends TEXT NOT NULL,
	PRIMARY KEY (school_id, shift, period)
);

-- The weekly timetable: a course at a weekday and period, from a date on
-- (a change closes the old row with valid_to and opens a new one).
CREATE TABLE timetable (
	id {{ID}},
	course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
	weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 6),
	period INTEGER NOT NULL CHECK (period BETWEEN 0 AND 12),
	room TEXT,
	valid_from TEXT NOT NULL,
	valid_to TEXT
);
CREATE INDEX timetable_course ON timetable(course_id);

-- A dated lesson. class_id repeats the course's class so that a class's
-- week is one index range; teacher_id is who gives it (a substitute
-- when substitute = 1).
CREATE TABLE lessons (
	id {{ID}},
	course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
	class_id BIGINT NOT NULL REFERENCES classes(id),
	date TEXT NOT NULL,
	period INTEGER NOT NULL,
	starts TEXT NOT NULL,
	ends TEXT NOT NULL,
	teacher_id BIGINT REFERENCES people(id),
	substitute INTEGER NOT NULL DEFAULT 0 CHECK (substitute IN (0, 1)),
	status TEXT NOT NULL DEFAULT 'scheduled'
		CHECK (status IN ('scheduled', 'cancelled')),
	topic TEXT,
	homework TEXT,
	mode TEXT NOT NULL DEFAULT 'in_person'
		CHECK (mode IN ('in_person', 'online_sync', 'online_async', 'tv')),
	link TEXT,
	room TEXT,
	UNIQUE (course_id, date, period)
);
CREATE INDEX lessons_class_date ON lessons(class_id, date, period);
CREATE INDEX lessons_teacher_date ON lessons(teacher_id, date);

-- Marks keyed by lesson first: one request's marks land together.
CREATE TABLE marks (
	lesson_id BIGINT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
	student_id BIGINT NOT NULL REFERENCES people(id),
	kind TEXT NOT NULL CHECK (kind IN ('formative', 'sor', 'soch')),
	value INTEGER NOT NULL,
	max INTEGER,
	comment TEXT,
	set_by BIGINT NOT NULL,
	set_at BIGINT NOT NULL,
	PRIMARY KEY (lesson_id, student_id, kind)
) {{WITHOUT_ROWID}};
CREATE INDEX marks_student ON marks(student_id, lesson_id);

CREATE TABLE attendance (
	lesson_id BIGINT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
	student_id BIGINT NOT NULL REFERENCES people(id),
	status TEXT NOT NULL CHECK (status IN ('present', 'late',
		'absent_excused', 'absent_sick', 'absent_unexcused')),
	set_by BIGINT NOT NULL,
	set_at BIGINT NOT NULL,
	PRIMARY KEY (lesson_id, student_id)
) {{WITHOUT_ROWID}};
CREATE INDEX attendance_student ON attendance(student_id, lesson_id);

-- Every change of a mark or an attendance entry, in one hash chain:
-- hash = SHA-256(prev_hash | the entry's fields). audit_head holds the
-- last hash so that concurrent writers take turns (a row lock on
-- PostgreSQL, the write lock on SQLite).
CREATE TABLE audit_log (
	seq BIGINT PRIMARY KEY,
	at BIGINT NOT NULL,
	person_id BIGINT NOT NULL,
	request_id TEXT NOT NULL,
	lesson_id BIGINT NOT NULL,
	student_id BIGINT NOT NULL,
	what TEXT NOT NULL,
	old_value TEXT,
	new_value TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_lesson ON audit_log(lesson_id, seq);

CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0,
	'0000000000000000000000000000000000000000000000000000000000000000');
