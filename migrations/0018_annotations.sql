-- MQM error annotations (src/qa/mqm.rs): a reviewer's judgement of one revision of a segment, an error
-- category and severity on a span of its target (of the source for an omission). Kept with the revision they
-- judge, so a later revision does not rewrite what was judged; the article's score is computed from them.
CREATE TABLE annotations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    segment_id  bigint NOT NULL REFERENCES segments (id),
    revision_id bigint NOT NULL REFERENCES revisions (id),
    category    text NOT NULL CHECK (category IN ('mistranslation', 'omission', 'addition', 'untranslated',
        'grammar', 'spelling', 'punctuation', 'terminology', 'style', 'numbers', 'dates', 'names')),
    severity    text NOT NULL CHECK (severity IN ('minor', 'major', 'critical')),
    -- Unicode scalar values of the revision's target, or of the segment's source for an omission.
    span_side   text NOT NULL CHECK (span_side IN ('source', 'target')),
    span_start  integer NOT NULL CHECK (span_start >= 0),
    span_end    integer NOT NULL CHECK (span_end > span_start),
    note        text CHECK (note IS NULL OR btrim(note) <> ''),
    -- The review round it was made in (review_rounds), whose threshold decides pass or fail.
    round       smallint NOT NULL,
    author_id   bigint NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX annotations_segment ON annotations (segment_id);
CREATE INDEX annotations_revision ON annotations (revision_id);

-- Penalty points per severity (MQM's defaults; an admin changes them).
CREATE TABLE mqm_weights (
    severity text PRIMARY KEY CHECK (severity IN ('minor', 'major', 'critical')),
    points   integer NOT NULL CHECK (points BETWEEN 0 AND 1000)
);
INSERT INTO mqm_weights (severity, points) VALUES ('minor', 1), ('major', 5), ('critical', 25);

-- Review rounds and the most penalty points per 1,000 source words an article may have to pass each
-- (MateCat's defaults: 20 for the first review, 15 for the second).
CREATE TABLE review_rounds (
    round     smallint PRIMARY KEY CHECK (round BETWEEN 1 AND 9),
    threshold double precision NOT NULL CHECK (threshold >= 0 AND threshold <= 1000)
);
INSERT INTO review_rounds (round, threshold) VALUES (1, 20), (2, 15);

ALTER TABLE annotations ADD FOREIGN KEY (round) REFERENCES review_rounds (round);
