-- 0016_views.sql: who opened a lesson's material or recording, and who
-- used the platform, one row per person and day (docs/DISTANCE.md
-- "Views"). Written in batches by src/views/views.c, never one row per
-- request; the primary keys make a row written twice (two servers, a
-- retried batch) count once. Keyed by day first: a day's rows land
-- together and a report's range of days is one index range.
CREATE TABLE lesson_views (
	day TEXT NOT NULL,
	lesson_id BIGINT NOT NULL,
	pupil_id BIGINT NOT NULL,
	PRIMARY KEY (day, lesson_id, pupil_id)
) {{WITHOUT_ROWID}};

-- week: the ISO week of day ('2026-W48'), for unique users per week.
CREATE TABLE usage_users (
	day TEXT NOT NULL,
	person_id BIGINT NOT NULL,
	week TEXT NOT NULL,
	PRIMARY KEY (day, person_id)
) {{WITHOUT_ROWID}};
CREATE INDEX usage_users_week ON usage_users(week, person_id);
