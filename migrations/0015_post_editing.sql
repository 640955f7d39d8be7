-- Post-editing effort: every machine draft written as a revision, and how far the translation confirmed
-- after it is from it.
CREATE TABLE mt_drafts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    segment_id    bigint NOT NULL REFERENCES segments (id),
    revision_id   bigint NOT NULL UNIQUE REFERENCES revisions (id),
    engine        text NOT NULL,
    model         text NOT NULL,
    -- Glossary terms of the segment the draft missed or contradicted when it was made.
    terms_missing integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mt_drafts_segment ON mt_drafts (segment_id, id DESC);

CREATE TABLE mt_effort (
    draft_id      bigint PRIMARY KEY REFERENCES mt_drafts (id),
    -- The first revision confirming the segment after the draft, and who wrote it.
    revision_id   bigint NOT NULL REFERENCES revisions (id),
    translator_id bigint NOT NULL REFERENCES users (id),
    word_distance integer NOT NULL,
    char_distance integer NOT NULL,
    draft_words   integer NOT NULL,
    draft_chars   integer NOT NULL,
    kept          boolean NOT NULL,
    measured_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mt_effort_measured_at ON mt_effort (measured_at);
