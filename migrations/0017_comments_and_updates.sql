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

-- Outgoing webhooks: URLs an admin registered for some events. The secret signs each delivery (HMAC-SHA256
-- of the timestamp and the body); it is stored as it is, because the server must use it to sign and every
-- instance must be able to (a hash could not sign); it is shown once when the hook is created and never
-- again by the API, the pages or the logs.
CREATE TABLE webhooks (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url        text NOT NULL CHECK (url ~ '^https?://'),
    events     text[] NOT NULL CHECK (cardinality(events) > 0),
    secret     bytea NOT NULL CHECK (length(secret) = 32),
    created_by bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    active     boolean NOT NULL DEFAULT true
);

-- The outbox: one row per event and hook, written in the transaction of what happened, drained by a worker
-- on every instance (FOR UPDATE SKIP LOCKED: each row is sent by one of them), retried with back-off, and
-- kept with the receiver's last answer.
CREATE TABLE webhook_deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id      bigint NOT NULL REFERENCES webhooks (id),
    event           text NOT NULL,
    body            jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz DEFAULT now(),
    delivered_at    timestamptz,
    last_status     integer,
    last_response   text,
    last_error      text
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);

-- Queues `event` for every active hook that asked for it.
CREATE FUNCTION webhook_event(event_name text, payload jsonb) RETURNS void LANGUAGE sql AS $$
    INSERT INTO webhook_deliveries (webhook_id, event, body)
    SELECT id, event_name, jsonb_build_object('event', event_name, 'at', now(), 'data', payload)
    FROM webhooks WHERE active AND event_name = ANY(events);
$$;

CREATE FUNCTION webhook_of_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_event('article.imported', jsonb_build_object('article', NEW.id, 'title', NEW.title));
    RETURN NULL;
END;
$$;
CREATE TRIGGER articles_webhook AFTER INSERT ON articles FOR EACH ROW EXECUTE FUNCTION webhook_of_article();

CREATE FUNCTION webhook_of_mention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_event('comment.mentioned', jsonb_build_object(
        'comment', c.id, 'article', c.article_id, 'segment', c.segment_id, 'author', a.username, 'mentioned', m.username,
        'body', c.body))
    FROM comments c JOIN users a ON a.id = c.author_id, users m WHERE c.id = NEW.comment_id AND m.id = NEW.user_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER mentions_webhook AFTER INSERT ON mentions FOR EACH ROW EXECUTE FUNCTION webhook_of_mention();

-- An article is fully translated (or reviewed) when the save of its last segment below that status lifts it:
-- the revision's segment moves up, and no other live segment of the article is below.
CREATE FUNCTION webhook_of_completion() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rank_of CONSTANT text[] := ARRAY['initial', 'translated', 'reviewed', 'final'];
    article bigint;
    before text;
    level text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhooks WHERE active) THEN
        RETURN NULL;
    END IF;
    -- From the revision this one replaced: the segment's pointer may already have moved (a save inserts the
    -- revision and moves the pointer in one statement, and row triggers fire at its end).
    SELECT s.article_id INTO article FROM segments s WHERE s.id = NEW.segment_id;
    before := COALESCE((SELECT status FROM revisions WHERE id = NEW.previous_id), 'initial');
    FOREACH level IN ARRAY ARRAY['translated', 'reviewed'] LOOP
        IF array_position(rank_of, NEW.status) >= array_position(rank_of, level)
           AND array_position(rank_of, before) < array_position(rank_of, level)
           AND NOT EXISTS (SELECT 1 FROM segments o LEFT JOIN revisions r ON r.id = o.current_revision_id
                           WHERE o.article_id = article AND o.retired_at IS NULL AND o.id <> NEW.segment_id
                             AND array_position(rank_of, COALESCE(r.status, 'initial')) < array_position(rank_of, level)) THEN
            PERFORM webhook_event('article.' || level, jsonb_build_object('article', article));
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER revisions_webhook AFTER INSERT ON revisions FOR EACH ROW EXECUTE FUNCTION webhook_of_completion();
