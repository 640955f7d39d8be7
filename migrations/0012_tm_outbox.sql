-- The translation memory is fed through an outbox (issue 15). A save writes its unit here, in its own
-- transaction, which costs one row in a table without inverted indexes; a background worker of every server
-- instance moves the queued units into tm_units in batches (store::tm::drain), so a save no longer pays for
-- the memory's trigram and word-key indexes, whatever the memory's size. The revision stays the durable
-- truth and the queued unit commits with it: a unit is never lost, only late (under a second while a server
-- runs; a server drains the queue when it starts, so a crash leaves nothing behind). Readers that must see
-- every unit (consistency checks, lookups) read the queue too or drain it first.
CREATE TABLE tm_outbox (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    segment_id        bigint NOT NULL REFERENCES segments (id),
    article_id        bigint NOT NULL REFERENCES articles (id),
    source_lang       text NOT NULL,
    target_lang       text NOT NULL,
    source            text NOT NULL,
    source_normalized text NOT NULL,
    source_keys       text[] NOT NULL,
    target            text NOT NULL,
    status            text NOT NULL,
    author_id         bigint REFERENCES users (id),
    queued_at         timestamptz NOT NULL DEFAULT now()
);
-- The consistency check of a save looks up its normalised source among the queued units too.
CREATE INDEX tm_outbox_source_exact ON tm_outbox (md5(source_normalized));
-- Those readers take a segment's newest queued unit over its stored one.
CREATE INDEX tm_outbox_segment ON tm_outbox (segment_id);
