-- 0022_auth_revision.sql: the revision of what callers' grants are made of
--
-- One number, raised inside every transaction that writes roles, pupils,
-- parent links, classes, schools, districts or regions, or deletes people
-- or school years (src/db/grants_rev.c). The session query reads it, and
-- a server keeps each caller's grants in memory while it holds
-- (src/auth/grants_cache.c): one indexed read a request instead of the
-- four-way grants query, and a change is seen by every server at once.
CREATE TABLE auth_revision (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n BIGINT NOT NULL
);
INSERT INTO auth_revision (id, n) VALUES (1, 0);
