-- Units another tool's file marks as not to be translated (XLIFF translate="no", on the unit or inherited
-- from a group or file) are kept as segments that nobody may change: shown read-only, left out of the work
-- to do, and given back exactly as the file had them (issue 14).
ALTER TABLE segments ADD COLUMN locked boolean NOT NULL DEFAULT false;

-- Earlier matches the file brings with a unit (XLIFF 1.2 <alt-trans>: memoQ's and Trados' matches with
-- their match-quality and origin), offered beside the memory's suggestions, never taken as the target.
-- Each is {"source", "target", "origin", "quality", "codes_placed"}, its codes already those of the segment.
ALTER TABLE segments ADD COLUMN alternatives jsonb NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(alternatives) = 'array');
