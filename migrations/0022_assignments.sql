-- Assignments with deadlines (issue 17): an article, or a range of its segments, given to a translator or
-- a reviewer, each with its own deadline. The article's single assignee (articles.assignee_id) becomes the
-- article's whole-article translation assignment, so there is one place that says who does what.
--
-- A range is kept as the sort keys of its first and last segment, not as segment ids: a split, a merge or an
-- updated story retires segments and puts their successors between the same keys, so the range still covers
-- the same stretch of the article.
CREATE TABLE assignments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id bigint NOT NULL REFERENCES articles (id),
    task       text NOT NULL CHECK (task IN ('translate', 'review')),
    user_id    bigint NOT NULL REFERENCES users (id),
    -- Both NULL: the whole article.
    first_key  numeric,
    last_key   numeric,
    deadline   timestamptz,
    -- Set once, by whichever instance first sees the deadline pass with work left: the claim that raises the
    -- `deadline.missed` webhook exactly once. A new deadline clears it.
    missed_at  timestamptz,
    created_by bigint NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((first_key IS NULL) = (last_key IS NULL) AND (first_key IS NULL OR first_key <= last_key))
);
-- One whole-article assignment per task: assigning the article again replaces it.
CREATE UNIQUE INDEX assignments_whole ON assignments (article_id, task) WHERE first_key IS NULL;
CREATE INDEX assignments_article ON assignments (article_id);
CREATE INDEX assignments_user ON assignments (user_id);
CREATE INDEX assignments_due ON assignments (deadline) WHERE missed_at IS NULL AND deadline IS NOT NULL;

INSERT INTO assignments (article_id, task, user_id, created_by)
SELECT id, 'translate', assignee_id, created_by FROM articles WHERE assignee_id IS NOT NULL;
ALTER TABLE articles DROP COLUMN assignee_id;

-- Source words as progress, the dashboard and the analysis count them: whitespace-separated.
CREATE FUNCTION source_words(source text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT cardinality(regexp_split_to_array(btrim(source), '\s+'))
$$;

-- Whether a segment in `status` still has work for `task`: translation until translated, review until
-- reviewed.
CREATE FUNCTION assignment_open(task text, status text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(status, 'initial') = 'initial' OR (task = 'review' AND status = 'translated')
$$;

-- A deadline missed: the row's claim (missed_at set from NULL) queues the webhook in the same transaction.
CREATE FUNCTION webhook_of_missed_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_event('deadline.missed', jsonb_build_object(
        'assignment', NEW.id, 'article', NEW.article_id, 'title', a.title, 'task', NEW.task, 'user', u.username,
        'deadline', NEW.deadline))
    FROM articles a, users u WHERE a.id = NEW.article_id AND u.id = NEW.user_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER assignments_missed_webhook AFTER UPDATE OF missed_at ON assignments
    FOR EACH ROW WHEN (OLD.missed_at IS NULL AND NEW.missed_at IS NOT NULL)
    EXECUTE FUNCTION webhook_of_missed_deadline();
