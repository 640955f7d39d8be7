-- Machine translation: embargoed articles, drafts with origin 'mt', the shared cache, engine health and
-- usage, and the desk's house style for chat models. Keys are never stored here: they come from flags and
-- the environment only.

-- An embargoed article's text never reaches an engine that counts as a third party.
ALTER TABLE articles ADD COLUMN embargoed boolean NOT NULL DEFAULT false;

ALTER TABLE revisions DROP CONSTRAINT revisions_origin_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_origin_check
    CHECK (origin IN ('manual', 'import', 'tm', 'revert', 'split', 'merge', 'mt'));

-- One draft per request that any instance made: the key is a SHA-256 of the engine, model, settings,
-- glossary versions, source (codes masked) and context, so the same sentence is never paid for twice.
CREATE TABLE mt_cache (
    key        bytea PRIMARY KEY,
    engine     text NOT NULL,
    model      text NOT NULL,
    target     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Failures in a row and the back-off they earned, shared by every instance.
CREATE TABLE mt_health (
    engine          text PRIMARY KEY,
    failures        integer NOT NULL DEFAULT 0,
    last_error      text,
    last_failure_at timestamptz,
    last_success_at timestamptz,
    skip_until      timestamptz
);

-- Characters sent per engine and calendar month (UTC).
CREATE TABLE mt_usage (
    engine     text NOT NULL,
    month      date NOT NULL,
    characters bigint NOT NULL DEFAULT 0,
    requests   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (engine, month)
);

-- The desk's house style notes for chat models (one row).
CREATE TABLE mt_settings (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    house_style text NOT NULL DEFAULT '',
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO mt_settings DEFAULT VALUES;
