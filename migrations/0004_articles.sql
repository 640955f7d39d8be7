-- Articles -> segments -> revisions: the translators' work, kept forever.

CREATE TABLE articles (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title            text NOT NULL CHECK (title <> ''),
    source_lang      text NOT NULL,
    target_lang      text NOT NULL,
    origin_file_name text,
    -- The text exactly as received: segmentation rules improve, and a re-segmentation starts from here.
    original_text    text NOT NULL CHECK (original_text <> ''),
    created_by       bigint NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    assignee_id      bigint REFERENCES users (id),
    archived         boolean NOT NULL DEFAULT false
);

-- The glossaries whose terms are matched in the article.
CREATE TABLE article_glossaries (
    article_id  bigint NOT NULL REFERENCES articles (id),
    glossary_id bigint NOT NULL REFERENCES glossaries (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, glossary_id)
);

CREATE TABLE segments (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id          bigint NOT NULL REFERENCES articles (id),
    -- Order within the article. A stable key rather than a renumbered index: a split puts the second part
    -- at the midpoint between its neighbours' keys, so no other row changes and the article as it stood at
    -- any past time is simply the segments alive then, in key order. The index shown is the rank among
    -- live segments.
    sort_key            numeric NOT NULL,
    paragraph           integer NOT NULL CHECK (paragraph >= 0),
    source              text NOT NULL,
    -- Set when a revision is saved; NULL while nobody has written a target yet (revision 0).
    current_revision_id bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    -- Split and merge retire segments instead of deleting them, so their history stays reachable and the
    -- article can be shown as it stood before.
    retired_at          timestamptz,
    -- Lineage: the segment this one is a part of, or the segments it joins (arrays cannot carry foreign
    -- keys; the ids are written only by the merge in the same transaction that reads them).
    split_from          bigint REFERENCES segments (id),
    merged_from         bigint[]
);
CREATE INDEX segments_article_id ON segments (article_id, sort_key);

CREATE TABLE revisions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    segment_id  bigint NOT NULL REFERENCES segments (id),
    -- 1, 2, 3 ... per segment: what clients send back as base_revision to detect a concurrent save.
    number      integer NOT NULL CHECK (number >= 1),
    target      text NOT NULL,
    -- The XLIFF 2 life cycle.
    status      text NOT NULL CHECK (status IN ('initial', 'translated', 'reviewed', 'final')),
    author_id   bigint NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    origin      text NOT NULL CHECK (origin IN ('manual', 'import', 'tm', 'revert', 'split', 'merge')),
    -- The revision this one replaced (in a split or merge: of the segment it came from).
    previous_id bigint REFERENCES revisions (id),
    UNIQUE (segment_id, number)
);

ALTER TABLE segments ADD FOREIGN KEY (current_revision_id) REFERENCES revisions (id);

-- Revisions are the record of who wrote what: nothing may change or remove one, whatever the code does.
CREATE FUNCTION revisions_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'revisions are append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER revisions_append_only BEFORE UPDATE OR DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION revisions_are_append_only();
CREATE TRIGGER revisions_no_truncate BEFORE TRUNCATE ON revisions
    FOR EACH STATEMENT EXECUTE FUNCTION revisions_are_append_only();
