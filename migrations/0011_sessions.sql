-- The browser sessions' table, in the shape tower-sessions' PostgreSQL store reads and writes. It used to be
-- created by the store's own `migrate()` at start, under an advisory lock of ours; as a migration it is
-- created once, under sqlx's migration lock, and the database layer no longer reaches up into the web's.
-- IF NOT EXISTS: databases started before this migration already have both.
CREATE SCHEMA IF NOT EXISTS tower_sessions;
CREATE TABLE IF NOT EXISTS tower_sessions.session (
    id text PRIMARY KEY NOT NULL,
    data bytea NOT NULL,
    expiry_date timestamptz NOT NULL
);
