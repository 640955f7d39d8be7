-- A save announces its live events once committed (0027). It used to collect their ids in a setting and
-- read it back in a statement of its own before the commit; it now names them by its transaction's id,
-- which it reads anyway, so that its events are found after the commit without that round trip.
ALTER TABLE article_events ADD COLUMN xact xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX article_events_xact ON article_events (xact);

-- What a notice on `article_events` says of a stored event: its article and id, and its kind and data when
-- they fit in a notice (8000 bytes), so that listeners need not read the row back (a save's event carries
-- its text, which may not fit: then they read it).
CREATE FUNCTION article_event_notice(article bigint, event_id bigint, event_kind text, event_data jsonb)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN octet_length(whole) < 7900 THEN whole
                ELSE json_build_object('article', article, 'id', event_id)::text END
    FROM (SELECT json_build_object('article', article, 'id', event_id, 'kind', event_kind,
                                   'data', event_data)::text AS whole) n
$$;

-- As in 0027, without the list of deferred events, and with the event in its notice.
CREATE OR REPLACE FUNCTION article_event(article bigint, event_kind text, event_data jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    event_id bigint;
BEGIN
    INSERT INTO article_events (article_id, kind, data) VALUES (article, event_kind, event_data)
    RETURNING id INTO event_id;
    IF current_setting('tarjuman.notify', true) IS DISTINCT FROM 'after_commit' THEN
        PERFORM pg_notify('article_events', article_event_notice(article, event_id, event_kind, event_data));
    END IF;
    RETURN event_id;
END;
$$;
