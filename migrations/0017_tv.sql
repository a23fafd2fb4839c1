-- 0017_tv.sql: the TV schedule: channels and broadcast slots of lessons
-- (docs/DISTANCE.md "TV"). A slot with no region is the country's; one
-- with a region is that region's own broadcast.
CREATE TABLE tv_channels (
	id {{ID}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	lang TEXT NOT NULL CHECK (lang IN ('kk', 'ru'))
);
INSERT INTO tv_channels (code, name, lang) VALUES
	('balapan', 'Балапан', 'kk'),
	('el_arna', 'Ел арна', 'ru');

CREATE TABLE tv_slots (
	id {{ID}},
	channel_id BIGINT NOT NULL REFERENCES tv_channels(id),
	region_id BIGINT REFERENCES regions(id),
	date TEXT NOT NULL,
	starts TEXT NOT NULL,
	ends TEXT NOT NULL,
	grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 11),
	subject_id BIGINT REFERENCES subjects(id),
	lang TEXT NOT NULL CHECK (lang IN ('kk', 'ru')),
	title TEXT NOT NULL,
	recording_url TEXT,
	created_by BIGINT NOT NULL REFERENCES people(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX tv_slots_grade_date ON tv_slots(grade, date, starts);
CREATE INDEX tv_slots_date ON tv_slots(date, starts);
