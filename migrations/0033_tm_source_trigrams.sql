-- A fuzzy lookup orders the units sharing a sentence's rare words (src/tm/keys.rs) by pg_trgm's
-- similarity() and scores the most similar fifty. similarity() takes the trigrams of both texts apart again
-- at every call, which was most of an article's analysis: about 150 calls a sentence, each on two long
-- Arabic texts. Each unit now keeps its source's trigrams, as pg_trgm itself extracts them (show_trgm),
-- and the server counts the shared ones (src/tm/rank.rs): the same number, so the same fifty in the same
-- order, without extracting anything at lookup time. A trigram is three bytes (pg_trgm keeps a trigram of
-- more than three bytes as three bytes of its CRC, and shows it as their hex); the column holds them
-- sorted, back to back.
CREATE FUNCTION tm_trigrams(text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT decode(coalesce(string_agg(hex, '' ORDER BY hex COLLATE "C"), ''), 'hex')
    FROM (SELECT CASE WHEN length(t) = 3 THEN encode(convert_to(t, 'UTF8'), 'hex') ELSE substr(t, 3) END AS hex
          FROM unnest(show_trgm($1)) AS t) AS trigrams
$$;

-- Read with every candidate: kept in the row (compressed if need be) rather than in the TOAST table, which
-- would cost a lookup more per candidate. One statement, so that the rewrite of the table stores them so.
ALTER TABLE tm_units
    ADD COLUMN source_trigrams bytea GENERATED ALWAYS AS (tm_trigrams(source_normalized)) STORED,
    ALTER COLUMN source_trigrams SET STORAGE MAIN;
