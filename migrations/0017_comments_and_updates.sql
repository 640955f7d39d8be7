-- Comment threads, mentions and updated stories (issue 17).

-- A thread is the comments on one segment, or on the article itself (segment_id NULL). A thread is resolved
-- when all its comments are; a new comment reopens it.
CREATE TABLE comments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id  bigint NOT NULL REFERENCES articles (id),
    segment_id  bigint REFERENCES segments (id),
    author_id   bigint NOT NULL REFERENCES users (id),
    body        text NOT NULL CHECK (btrim(body) <> ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    edited_at   timestamptz,
    resolved_at timestamptz,
    resolved_by bigint REFERENCES users (id),
    -- The send-back this comment was made from: a reviewer's reason starts a thread the translator answers.
    revision_id bigint UNIQUE REFERENCES revisions (id)
);
CREATE INDEX comments_thread ON comments (article_id, segment_id, id);

-- An edit keeps the words it replaced.
CREATE TABLE comment_edits (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    comment_id bigint NOT NULL REFERENCES comments (id),
    body       text NOT NULL,
    edited_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comment_edits_comment ON comment_edits (comment_id);

-- A person named with @ in a comment: the comment is in that person's inbox until read.
CREATE TABLE mentions (
    comment_id bigint NOT NULL REFERENCES comments (id),
    user_id    bigint NOT NULL REFERENCES users (id),
    read_at    timestamptz,
    PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX mentions_unread ON mentions (user_id) WHERE read_at IS NULL;

-- Every new or changed comment is a live event of its article.
CREATE FUNCTION article_event_of_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM article_event(NEW.article_id, 'comment', jsonb_build_object(
        'comment', NEW.id, 'segment', NEW.segment_id, 'author', u.username, 'resolved', NEW.resolved_at IS NOT NULL))
    FROM users u WHERE u.id = NEW.author_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER comments_live AFTER INSERT OR UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION article_event_of_comment();

-- A send-back (a revision with a comment) opens the segment's thread, in the save's own transaction.
CREATE FUNCTION comment_of_send_back() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO comments (article_id, segment_id, author_id, body, created_at, revision_id)
    SELECT s.article_id, NEW.segment_id, NEW.author_id, NEW.comment, NEW.created_at, NEW.id
    FROM segments s WHERE s.id = NEW.segment_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER revisions_send_back_thread AFTER INSERT ON revisions
    FOR EACH ROW WHEN (NEW.comment IS NOT NULL) EXECUTE FUNCTION comment_of_send_back();

-- Updated stories: a newer version of an article's text imported into the same article. Each update is
-- one row (the article's history shows it as one event), with the text it replaced.
CREATE TABLE article_updates (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id    bigint NOT NULL REFERENCES articles (id),
    updated_by    bigint NOT NULL REFERENCES users (id),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    previous_text text NOT NULL,
    kept          integer NOT NULL,
    changed       integer NOT NULL,
    added         integer NOT NULL,
    removed       integer NOT NULL
);
CREATE INDEX article_updates_article ON article_updates (article_id, id);

-- A segment whose source changed in an update replaces the retired one it came from; until somebody
-- writes a translation, the editor marks it «source changed» and offers the old translation.
ALTER TABLE segments ADD COLUMN updated_from bigint REFERENCES segments (id);
