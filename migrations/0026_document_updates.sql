-- Updates of document articles (issue 14 with issue 17): a newer HTML page, Word file or other tool's XLIFF
-- replaces the file the article is rebuilt from; the update row keeps the file it replaced, as it keeps the
-- text. An update XLIFF's targets for new and reworded sentences become drafts: how many, per update.
ALTER TABLE article_updates
    ADD COLUMN drafted integer NOT NULL DEFAULT 0,
    ADD COLUMN previous_file bytea,
    ADD COLUMN previous_format text CHECK (previous_format IN ('html', 'docx', 'xliff12', 'xliff2')),
    ADD CHECK ((previous_file IS NULL) = (previous_format IS NULL));
