-- The first stage of a fuzzy lookup (src/tm/keys.rs): each unit's distinct word keys (light stems of the
-- normalised source), so a lookup fetches the units sharing the sentence's rarest words instead of every unit
-- sharing a trigram with it. NULL until computed: units stored before this migration get their keys from the
-- text engine at the next start (db::migrate), which SQL cannot run.
ALTER TABLE tm_units ADD COLUMN source_keys text[];
CREATE INDEX tm_units_without_keys ON tm_units (id) WHERE source_keys IS NULL;
CREATE INDEX tm_units_source_keys ON tm_units USING gin (source_keys)
    -- A lookup reads the entries not yet merged into the index one by one: keep them few.
    WITH (gin_pending_list_limit = 128);
-- How rare a key is comes from the planner's element statistics (pg_stats.most_common_elems); the default
-- target keeps about a thousand keys, a thousand words of news are all common, so keep ten times more.
ALTER TABLE tm_units ALTER COLUMN source_keys SET STATISTICS 1000;
-- Exact lookups (pre-translation of an import, consistency on every save) compare whole normalised sources.
-- They go through a digest of it: the trigram index also answers equality, but by reading a posting list
-- per trigram of a long sentence, tens of milliseconds where this takes a few microseconds; a B-tree on the
-- text itself would refuse sentences longer than a third of a page.
CREATE INDEX tm_units_source_exact ON tm_units (md5(source_normalized));
-- Every save adds a unit's trigrams to the pending lists of these indexes, and the save that fills a list
-- merges it into the index while its author waits: small lists keep that wait short. (An import raises
-- the limits for its own transaction: it merges once, at the end.)
ALTER INDEX tm_units_source_trgm SET (gin_pending_list_limit = 256);
ALTER INDEX tm_units_target_trgm SET (gin_pending_list_limit = 256);
