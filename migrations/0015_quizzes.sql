-- 0015_quizzes.sql: online tests of a course, pupils' attempts at them
-- (docs/DISTANCE.md "Tests"). Questions are kept as the JSON the teacher
-- sent (checked by src/quiz/quiz_json.c), a test being read and scored
-- whole; answers as a JSON array, one entry per question.
CREATE TABLE quizzes (
	id {{ID}},
	course_id BIGINT NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	time_limit_s INTEGER NOT NULL CHECK (time_limit_s BETWEEN 1 AND 86400),
	attempts INTEGER NOT NULL CHECK (attempts BETWEEN 1 AND 20),
	opens_at BIGINT NOT NULL,
	closes_at BIGINT NOT NULL,
	questions TEXT NOT NULL,
	max_points INTEGER NOT NULL,
	created_by BIGINT NOT NULL REFERENCES people(id),
	created_at BIGINT NOT NULL,
	CHECK (closes_at > opens_at)
);
CREATE INDEX quizzes_course ON quizzes(course_id);

-- An attempt ends at deadline (its start plus the time limit, at most the
-- test's closing time) or when submitted, whichever comes first; one past
-- its deadline is scored at the next request that touches it.
CREATE TABLE quiz_attempts (
	id {{ID}},
	quiz_id BIGINT NOT NULL REFERENCES quizzes(id) ON DELETE CASCADE,
	pupil_id BIGINT NOT NULL REFERENCES people(id),
	n INTEGER NOT NULL,
	started_at BIGINT NOT NULL,
	deadline BIGINT NOT NULL,
	answers TEXT NOT NULL,
	finished_at BIGINT,
	score INTEGER,
	points TEXT,
	UNIQUE (quiz_id, pupil_id, n)
);
CREATE INDEX quiz_attempts_pupil ON quiz_attempts(pupil_id, quiz_id);
