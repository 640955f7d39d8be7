-- Glossaries -> concepts -> terms, and a log of every change to them.

CREATE TABLE glossaries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (name <> ''),
    -- BCP 47 tags, already canonical (the application parses them at the edge).
    source_lang text NOT NULL,
    target_lang text NOT NULL,
    description text NOT NULL DEFAULT '',
    -- Bumped in the same transaction as any change to the glossary's concepts or terms. Every server
    -- instance compares it with the version its in-memory term index was built from, so a change made
    -- through one instance is seen by all of them on the next article read, with nothing to invalidate.
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);
-- Names identify glossaries for people and for idempotent loading of the shipped files.
CREATE UNIQUE INDEX glossaries_name_key ON glossaries (lower(name));

CREATE TABLE concepts (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    glossary_id    bigint NOT NULL REFERENCES glossaries (id) ON DELETE CASCADE,
    -- The id the entry carried in its file (TBX id, CSV concept column), kept for a lossless round trip.
    external_id    text,
    part_of_speech text CHECK (part_of_speech IN ('properNoun', 'noun', 'adjective', 'verb', 'adverb', 'other')),
    match_mode     text NOT NULL CHECK (match_mode IN ('exact', 'proper', 'inflected')),
    domain         text,
    note           text,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX concepts_glossary_id ON concepts (glossary_id);

CREATE TABLE terms (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    concept_id bigint NOT NULL REFERENCES concepts (id) ON DELETE CASCADE,
    -- The side of the glossary's language pair; the language itself is the glossary's.
    side       text NOT NULL CHECK (side IN ('source', 'target')),
    -- Order within the side: the first preferred term is the headword / the offered translation.
    position   integer NOT NULL,
    text       text NOT NULL CHECK (text <> ''),
    -- The text folded for search («اوكرانيا» finds «أوكرانيا»), computed by the application so that search
    -- and the matcher fold letters by the same table.
    normalized text NOT NULL,
    status     text NOT NULL CHECK (status IN ('preferred', 'admitted', 'forbidden')),
    UNIQUE (concept_id, side, position)
);
-- Substring search over folded terms.
CREATE INDEX terms_normalized_trgm ON terms USING gin (normalized gin_trgm_ops);

CREATE TABLE glossary_changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    glossary_id bigint NOT NULL REFERENCES glossaries (id) ON DELETE CASCADE,
    -- No foreign key: the log outlives a removed concept.
    concept_id  bigint,
    user_id     bigint REFERENCES users (id),
    action      text NOT NULL CHECK (action IN ('create', 'add', 'edit', 'remove', 'import')),
    -- The entry as JSON before and after the change (NULL for none), so an edit can be audited or undone.
    before      jsonb,
    after       jsonb,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX glossary_changes_glossary_id ON glossary_changes (glossary_id, at);
