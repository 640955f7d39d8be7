-- The spelling check (src/qa/spelling.rs): its suggestions kept with the finding, the dictionary chosen per
-- article or glossary, and the words a desk or an article adds to the dictionary.
ALTER TABLE findings ADD COLUMN suggestions jsonb NOT NULL DEFAULT '[]'
    CHECK (jsonb_typeof(suggestions) = 'array');

-- A dictionary's language tag (`en-US`, `en-GB`); NULL: the article follows its glossaries, then its
-- target language.
ALTER TABLE articles ADD COLUMN spelling text;
ALTER TABLE glossaries ADD COLUMN spelling text;

-- Words every check of a language accepts: the desk's (article_id NULL, edited by terminologists) and an
-- article's own (added by its translators).
CREATE TABLE spelling_words (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lang       text NOT NULL,
    article_id bigint REFERENCES articles (id),
    word       text NOT NULL CHECK (word <> '' AND word !~ '\s' AND length(word) <= 100),
    added_by   bigint NOT NULL REFERENCES users (id),
    added_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX spelling_words_desk ON spelling_words (lang, word) WHERE article_id IS NULL;
CREATE UNIQUE INDEX spelling_words_article ON spelling_words (article_id, word) WHERE article_id IS NOT NULL;
