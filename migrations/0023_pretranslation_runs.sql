-- Pre-translation runs and DeepL glossaries (issue 16).

-- One row per pre-translation of an article: its progress, written in the transaction of the drafts it
-- counts, so that every instance reads the same figures. At most one run per article is running (the
-- unique index); a run whose instance stopped stops being refreshed (`heartbeat_at`) and is ended by the
-- next request for that article.
CREATE TABLE pretranslations (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id   bigint NOT NULL REFERENCES articles (id),
    requested_by bigint NOT NULL REFERENCES users (id),
    state        text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
    -- Segments nobody had written once the memory's exact matches were in.
    total        integer NOT NULL DEFAULT 0,
    from_memory  integer NOT NULL DEFAULT 0,
    -- [{"engine", "segments"}], in the order the engines were asked.
    drafted      jsonb NOT NULL DEFAULT '[]',
    -- [{"engine", "reason"}]: each engine's first failure.
    failures     jsonb NOT NULL DEFAULT '[]',
    left_empty   integer NOT NULL DEFAULT 0,
    error        text,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE UNIQUE INDEX pretranslations_running ON pretranslations (article_id) WHERE state = 'running';
CREATE INDEX pretranslations_article ON pretranslations (article_id, id DESC);

-- The glossary DeepL keeps for a set of tarjuman glossaries and a language pair, created from their
-- preferred terms once (by whichever instance asks first) and created again when one of them changes
-- (`versions`); `glossary_id` is null when DeepL refused the entries, so they are not sent again.
CREATE TABLE mt_glossaries (
    engine_url  text NOT NULL,
    source_lang text NOT NULL,
    target_lang text NOT NULL,
    -- The tarjuman glossary ids, comma-separated in id order.
    glossaries  text NOT NULL,
    -- Their versions, in the same order.
    versions    text NOT NULL,
    glossary_id text,
    entries     integer NOT NULL DEFAULT 0,
    error       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (engine_url, source_lang, target_lang, glossaries)
);
