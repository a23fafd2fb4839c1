-- 0002_structure.sql: what the structure API needs beyond 0001
-- (holiday kinds, one calendar per year and school, lookup indexes).

-- What a holiday is: a vacation between quarters (every grade), the extra
-- week of grade 1, or a public day off inside a quarter (rules/calendar.h).
ALTER TABLE holidays ADD COLUMN kind TEXT NOT NULL DEFAULT 'vacation'
	CHECK (kind IN ('vacation', 'grade1', 'public'));

-- One national calendar per year (school_id NULL) and one override per
-- school and year.
CREATE UNIQUE INDEX school_years_one ON school_years(year,
	COALESCE(school_id, 0));

-- Every request loads the caller's class-teacher grants by this column.
CREATE INDEX classes_teacher ON classes(class_teacher_id);

-- A pupil leaving a class leaves its subgroups.
CREATE INDEX subgroup_members_pupil ON subgroup_members(pupil_id);

-- The subjects a teacher teaches (filled by the CSV import's `subject`).
CREATE TABLE teacher_subjects (
	person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	subject_id BIGINT NOT NULL REFERENCES subjects(id),
	PRIMARY KEY (person_id, subject_id)
);
