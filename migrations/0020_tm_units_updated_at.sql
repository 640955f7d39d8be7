-- An article's analysis is redone when the memory changed after it (store::analysis::latest): the check
-- asks for units saved since a time, which this index answers without reading the whole memory.
CREATE INDEX tm_units_updated_at ON tm_units (updated_at);
