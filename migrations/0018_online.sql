-- 0018_online.sql: what an online lesson carries beyond its mode and
-- link (docs/DISTANCE.md "Lessons online"): the materials of an
-- asynchronous lesson, and the TV slot a `tv` lesson refers to.
-- file_id is the seam for stored files (migration 0010's files): a
-- material of kind 'file' names one.
CREATE TABLE lesson_materials (
	lesson_id BIGINT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('text', 'link', 'recording',
		'file')),
	title TEXT NOT NULL,
	body TEXT,
	url TEXT,
	file_id BIGINT,
	PRIMARY KEY (lesson_id, position)
);

CREATE TABLE lesson_tv (
	lesson_id BIGINT PRIMARY KEY REFERENCES lessons(id) ON DELETE CASCADE,
	slot_id BIGINT NOT NULL REFERENCES tv_slots(id) ON DELETE CASCADE
);
