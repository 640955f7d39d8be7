-- A revision's live event was written by a row trigger that looked up the segment's article and the author's
-- name and called article_event(): two PL/pgSQL calls and a query for every save. Every revision is written
-- by one statement (store::segments::REVISION), which now writes the event itself, from the pointer it moves.
DROP TRIGGER revisions_live ON revisions;
DROP FUNCTION article_event_of_revision();
