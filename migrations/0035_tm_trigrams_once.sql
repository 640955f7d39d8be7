-- A unit's trigrams (0033) were a generated column, which PostgreSQL computes again on every write of the
-- row: twice a save, as the memory's drain inserts a segment's unit and, finding it there, updates it, and
-- each time for a source that had not changed. That was a third of the drain's work and a tenth of a
-- save's. A trigger computes them only when a source is written.
ALTER TABLE tm_units ALTER COLUMN source_trigrams DROP EXPRESSION;

CREATE FUNCTION tm_units_trigrams() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.source_trigrams := tm_trigrams(NEW.source_normalized);
    RETURN NEW;
END;
$$;

CREATE TRIGGER tm_units_trigrams BEFORE INSERT OR UPDATE OF source_normalized ON tm_units
    FOR EACH ROW EXECUTE FUNCTION tm_units_trigrams();
