-- People and the credentials they sign in with. Browser sessions live in tower-sessions' own table
-- (schema tower_sessions), created by its migrate() at start, after these migrations.

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The name people type to sign in; compared case-insensitively (see the unique index below) because
    -- "Sara" and "sara" are the same person to a newsroom.
    username      text NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    display_name  text NOT NULL,
    -- An argon2 PHC string: it carries its own parameters, so raising the cost later does not lock out
    -- anybody hashed with the old ones.
    password_hash text NOT NULL,
    -- Text with a CHECK rather than a PostgreSQL enum: adding a role later is one forward migration that
    -- does not need ALTER TYPE outside a transaction.
    role          text NOT NULL CHECK (role IN ('admin', 'terminologist', 'translator', 'reviewer')),
    -- Disabled rather than deleted: revisions and change logs keep pointing at their author.
    disabled      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id),
    name         text NOT NULL,
    -- SHA-256 of the token. The token is 256 random bits, so a fast hash is enough (no dictionary to
    -- attack) and lets every request find its token by index in one lookup.
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- Written at most once a minute per token, so that a busy script does not turn every read into a write.
    last_used_at timestamptz,
    -- Revoked tokens stay, so that an audit can still tell whose token did what.
    revoked_at   timestamptz
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
