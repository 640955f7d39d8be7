-- Trigram similarity for translation-memory candidates and Arabic-normalised search.
-- Created in a migration (not at start-up) so that concurrently starting instances serialise on the
-- migration lock instead of racing on CREATE EXTENSION. pg_trgm is a trusted extension: a database owner
-- without superuser rights can create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
