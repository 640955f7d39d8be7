-- Inline codes (issue 14): a segment's source and targets carry each code as one marker character
-- (src/inline); what each code stands for lives here, once per segment, shared by source and targets.
ALTER TABLE segments ADD COLUMN codes jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(codes) = 'array');

-- The file an article was imported from, kept as received: the translated document is that file rebuilt
-- with the translations (its skeleton derived again from these bytes by the same filter), so nothing
-- of the original's formatting or structure is lost.
ALTER TABLE articles
    ADD COLUMN original_file bytea,
    ADD COLUMN original_format text CHECK (original_format IN ('html', 'docx', 'xliff12', 'xliff2')),
    ADD CHECK ((original_file IS NULL) = (original_format IS NULL));
