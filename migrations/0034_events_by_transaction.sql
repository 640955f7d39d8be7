-- A save announces its live events once committed (0027). It used to collect their ids in a setting and
-- read it back in a statement of its own before the commit; it now names them by its transaction's id,
-- which it reads anyway, so that its events are found after the commit without that round trip.
ALTER TABLE article_events ADD COLUMN xact xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX article_events_xact ON article_events (xact);

-- As in 0027, without the list of deferred events.
CREATE OR REPLACE FUNCTION article_event(article bigint, event_kind text, event_data jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    event_id bigint;
BEGIN
    INSERT INTO article_events (article_id, kind, data) VALUES (article, event_kind, event_data)
    RETURNING id INTO event_id;
    IF current_setting('tarjuman.notify', true) IS DISTINCT FROM 'after_commit' THEN
        PERFORM pg_notify('article_events', json_build_object('article', article, 'id', event_id)::text);
    END IF;
    RETURN event_id;
END;
$$;
