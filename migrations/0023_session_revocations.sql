-- 0023_session_revocations.sql: whose sessions changed, for the servers
-- that keep sessions in memory
--
-- auth_revision.s is raised, and a row with the new number and the person
-- added, in the transaction that ends any of a person's sessions (logout,
-- a new password) or changes what a session shows (name, login). A server
-- that keeps sessions in memory (src/auth/session_cache.c) reads s with
-- every request; when it has moved, it reads the rows after the number it
-- had and forgets those people's sessions. The last 65,536 rows are kept
-- (src/auth/revocations.c); a server further behind forgets everything.
ALTER TABLE auth_revision ADD COLUMN s BIGINT NOT NULL DEFAULT 0;
CREATE TABLE session_revocations (
	seq BIGINT PRIMARY KEY,
	person_id BIGINT NOT NULL
) {{WITHOUT_ROWID}};
