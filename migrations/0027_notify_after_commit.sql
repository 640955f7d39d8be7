-- PostgreSQL takes the notification queue's lock when a transaction that notified starts to commit and holds
-- it until the commit is flushed to disk: every save (each notifies its event) queued behind the one
-- flushing, about 500 saves a second on this machine's disk however many cores served them. A transaction
-- that sets `tarjuman.notify = 'after_commit'` keeps its events' `article:id` pairs in
-- `tarjuman.deferred_events` instead, and its writer announces them once committed, in a transaction of
-- their own that does not wait for the disk (the events themselves are stored with the change).
CREATE OR REPLACE FUNCTION article_event(article bigint, event_kind text, event_data jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    event_id bigint;
BEGIN
    INSERT INTO article_events (article_id, kind, data) VALUES (article, event_kind, event_data)
    RETURNING id INTO event_id;
    IF current_setting('tarjuman.notify', true) = 'after_commit' THEN
        PERFORM set_config('tarjuman.deferred_events',
                           concat_ws(',', NULLIF(current_setting('tarjuman.deferred_events', true), ''),
                                     article || ':' || event_id),
                           true);
    ELSE
        PERFORM pg_notify('article_events', json_build_object('article', article, 'id', event_id)::text);
    END IF;
    RETURN event_id;
END;
$$;
