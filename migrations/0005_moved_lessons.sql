-- 0005_moved_lessons.sql: where a moved lesson came from.
-- A lesson moved to another date or period keeps the slot the timetable
-- gave it (its first one, when moved again); lessons_generate() leaves
-- such a slot empty, so that regenerating the lessons after a timetable
-- change does not put a second lesson where the moved one was. Moving a
-- lesson back to that slot clears the marker.
ALTER TABLE lessons ADD COLUMN moved_from_date TEXT;
ALTER TABLE lessons ADD COLUMN moved_from_period INTEGER;
CREATE INDEX lessons_moved ON lessons(class_id, moved_from_date)
	WHERE moved_from_date IS NOT NULL;
