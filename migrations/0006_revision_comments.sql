-- A reviewer who sends a segment back says why; the reason belongs to the revision that sent it back, so
-- it is kept (append-only, like the revision) and shown in the segment's history.
ALTER TABLE revisions ADD COLUMN comment text CHECK (comment IS NULL OR btrim(comment) <> '');
