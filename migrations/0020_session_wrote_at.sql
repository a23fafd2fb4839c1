-- 0020_session_wrote_at.sql: when a session last wrote, for read replicas
--
-- Milliseconds since the epoch of the last write transaction of the
-- session (0: none), set inside that transaction on PostgreSQL. A request
-- of a session that wrote more recently than a replica's lag reads from
-- the primary, so it sees its own writes (docs/DEPLOY.md, read replicas).
ALTER TABLE sessions ADD COLUMN wrote_at BIGINT NOT NULL DEFAULT 0;
