-- 0021_file_refs.sql: what the collection of stored files needs
-- (`mektep files gc`, docs/ASSIGNMENTS.md "Collecting files").
--
-- A lesson's file material now references its file as assignments and
-- hand-ins do, so that a file row in use can never be deleted under it
-- (the table is made again: SQLite cannot add a constraint). A file_id
-- that names no file (the seam of 0018 stored ids unchecked) is dropped.
CREATE TABLE lesson_materials_0021 (
	lesson_id BIGINT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('text', 'link', 'recording',
		'file')),
	title TEXT NOT NULL,
	body TEXT,
	url TEXT,
	file_id BIGINT REFERENCES files(id),
	PRIMARY KEY (lesson_id, position)
);
INSERT INTO lesson_materials_0021 (lesson_id, position, kind, title, body,
	url, file_id)
SELECT m.lesson_id, m.position, m.kind, m.title, m.body, m.url,
	(SELECT f.id FROM files f WHERE f.id = m.file_id)
FROM lesson_materials m;
DROP TABLE lesson_materials;
ALTER TABLE lesson_materials_0021 RENAME TO lesson_materials;
CREATE INDEX lesson_materials_file ON lesson_materials(file_id);

-- gc asks, folder by folder of the blob store, which hashes rows use.
CREATE INDEX files_sha256 ON files(sha256);
