-- Translation memory: every sentence translated once helps the next. A unit comes from a segment (one unit
-- per segment, replaced whenever the segment is saved again as translated, reviewed or final) or from a
-- TMX import (no segment). Suggestions compare the text engine's normalised view of the source (hamza,
-- tatweel, diacritics and invisible marks folded), found through a trigram index; that index needs the
-- cluster's UTF-8 locale to see Arabic letters as word characters.
CREATE TABLE tm_units (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_lang       text NOT NULL,
    target_lang       text NOT NULL,
    source            text NOT NULL CHECK (source <> ''),
    source_normalized text NOT NULL,
    target            text NOT NULL CHECK (target <> ''),
    status            text NOT NULL CHECK (status IN ('translated', 'reviewed', 'final')),
    -- UNIQUE allows many NULLs: imported units have no segment.
    segment_id        bigint UNIQUE REFERENCES segments (id),
    article_id        bigint REFERENCES articles (id),
    author_id         bigint REFERENCES users (id),
    origin            text NOT NULL CHECK (origin IN ('segment', 'tmx')),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tm_units_source_trgm ON tm_units USING gin (source_normalized gin_trgm_ops);
CREATE INDEX tm_units_target_trgm ON tm_units USING gin (lower(target) gin_trgm_ops);
