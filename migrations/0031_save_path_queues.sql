-- Two tables every save writes a row to are queues, not records: `tm_outbox` (a memory unit waiting for the
-- drain, migration 0012) and `article_events` (the live stream, kept a day, migration 0016). Their foreign
-- keys made each save take a KEY SHARE lock on its article's row and on its author's row. When several
-- saves of one article are in flight, as on a desk working one story, each such lock on a row that another
-- open transaction already holds becomes a MultiXact, which PostgreSQL writes to its own log and which
-- every later reader of that row must look up (a 200-writer soak of one user still makes about one a save
-- through the revisions' own key to their author, which stays: revisions are records). The rows
-- they point to are never deleted (nothing deletes an article, a segment or a user), the writers take
-- the ids from rows their transaction has just read or locked, and the records the queues feed keep their
-- keys: the drain writes `tm_units`, whose keys stay, and events carry nothing a stream cannot do without.
ALTER TABLE tm_outbox
    DROP CONSTRAINT tm_outbox_segment_id_fkey,
    DROP CONSTRAINT tm_outbox_article_id_fkey,
    DROP CONSTRAINT tm_outbox_author_id_fkey;
ALTER TABLE article_events DROP CONSTRAINT article_events_article_id_fkey;

-- The outbox is emptied every fifth of a second, so its rows are nearly all dead ones: vacuumed and
-- analysed by count rather than by a share of a table that is almost always empty.
ALTER TABLE tm_outbox SET (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000
);
