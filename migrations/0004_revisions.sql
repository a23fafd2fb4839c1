-- 0004_revisions.sql: a revision number per area (the whole country, a
-- region, a district, a school, a class), raised inside every write
-- transaction that touches the area. Readers that keep a computed answer
-- (the diary, the report card) check the revisions of the areas above the
-- object first and recompute only when one has moved (docs/CACHING.md).
CREATE TABLE revisions (
	scope INTEGER NOT NULL CHECK (scope BETWEEN 0 AND 4),
	id BIGINT NOT NULL,
	rev BIGINT NOT NULL,
	PRIMARY KEY (scope, id)
){{WITHOUT_ROWID}};
