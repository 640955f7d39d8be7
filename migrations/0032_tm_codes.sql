-- What a memory unit's inline codes stand for (issue 14): a unit's source and target carry its codes as
-- marker characters (src/inline), and `codes` says what each is (the segment's `codes` when the unit was
-- saved, a TMX unit's `<bpt>`/`<ept>`/`<it>`/`<ph>` when it was imported), so that the memory's TMX export
-- writes each code with its native data, as another tool needs it to place the codes.
ALTER TABLE tm_units ADD COLUMN codes jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(codes) = 'array');
ALTER TABLE tm_outbox ADD COLUMN codes jsonb NOT NULL DEFAULT '[]';
