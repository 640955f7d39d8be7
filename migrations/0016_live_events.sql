-- Live updates (issue 17): what happened in an article, kept in order, so that an editor open on it can be
-- told without reloading, through any instance, and a reconnecting editor can ask for what it missed.
--
-- Rows are written by triggers in the transaction of the change itself (a save, a split, a comment), so an
-- event exists exactly when its change committed, whatever code path made it. The id is the Server-Sent
-- Events id; NOTIFY carries only the article and the id (payloads are limited to 8000 bytes, and a
-- listener that reads the row sees the committed data). Events are not history (revisions are): rows
-- older than a day are deleted by any instance.
CREATE TABLE article_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id bigint NOT NULL REFERENCES articles (id),
    -- `save`, `structure` (segments added or retired: split, merge, update), `comment`, `update`.
    kind       text NOT NULL,
    data       jsonb NOT NULL,
    -- The clock at insert, not the transaction's start: a reconnecting client is sent again what was
    -- written shortly before its last event, which covers a transaction that committed after a later one.
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX article_events_article ON article_events (article_id, id);
CREATE INDEX article_events_created ON article_events (created_at);

-- Records an event and tells every listening instance, at commit (NOTIFY is transactional).
CREATE FUNCTION article_event(article bigint, event_kind text, event_data jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    event_id bigint;
BEGIN
    INSERT INTO article_events (article_id, kind, data) VALUES (article, event_kind, event_data)
    RETURNING id INTO event_id;
    PERFORM pg_notify('article_events', json_build_object('article', article, 'id', event_id)::text);
    RETURN event_id;
END;
$$;

-- Every revision, whatever wrote it (save, revert, import, memory drafts, split, merge).
CREATE FUNCTION article_event_of_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM article_event(s.article_id, 'save', jsonb_build_object(
        'segment', NEW.segment_id, 'revision', NEW.number, 'author', u.username, 'target', NEW.target,
        'status', NEW.status, 'origin', NEW.origin, 'comment', NEW.comment))
    FROM segments s, users u WHERE s.id = NEW.segment_id AND u.id = NEW.author_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER revisions_live AFTER INSERT ON revisions
    FOR EACH ROW EXECUTE FUNCTION article_event_of_revision();

-- Segments added or retired, one event per article and statement (an import adds hundreds at once). A
-- statement trigger with transition tables: a save's pointer move costs one empty join, not an event.
CREATE FUNCTION article_event_of_new_segments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM article_event(article_id, 'structure', jsonb_build_object('added', array_agg(id ORDER BY id)))
    FROM added GROUP BY article_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER segments_live_insert AFTER INSERT ON segments REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION article_event_of_new_segments();

CREATE FUNCTION article_event_of_retired_segments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM article_event(n.article_id, 'structure', jsonb_build_object('retired', array_agg(n.id ORDER BY n.id)))
    FROM after_rows n JOIN before_rows o ON o.id = n.id
    WHERE o.retired_at IS NULL AND n.retired_at IS NOT NULL
    GROUP BY n.article_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER segments_live_retire AFTER UPDATE ON segments
    REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
    FOR EACH STATEMENT EXECUTE FUNCTION article_event_of_retired_segments();

-- Who has an article open and where: one row per person and article, refreshed by the editor's heartbeat.
-- Shared by every instance; a row whose heartbeat stopped (a closed laptop, a killed instance) is simply
-- not shown after its expiry, so presence never needs a clean goodbye. It is a soft lock: it shows who is
-- typing in a segment and never stops anybody from saving.
CREATE TABLE presence (
    article_id bigint NOT NULL REFERENCES articles (id),
    user_id    bigint NOT NULL REFERENCES users (id),
    segment_id bigint REFERENCES segments (id),
    typing     boolean NOT NULL DEFAULT false,
    seen_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (article_id, user_id)
);
