-- Analysis by match band (issue 7). What each band pays, in percent of the full per-word price, site-wide:
-- a band without a row pays tarjuman's default (MateCat's), so the defaults live in one place, the code,
-- and an empty table means "never changed".
CREATE TABLE analysis_rates (
    band       text PRIMARY KEY
               CHECK (band IN ('repetition', 'in_context', 'exact', '95-99', '85-94', '75-84', '50-74', 'no_match')),
    percent    smallint NOT NULL CHECK (percent BETWEEN 0 AND 100),
    updated_by bigint REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The last analysis of each article: scoring every sentence against a memory of a million units takes far
-- too long for every dashboard load, so it is computed when the article arrives or when someone asks, and
-- kept with its time. `segments` holds, in article order, each segment's id, band, best score and source
-- words; rates are applied when it is shown, so a change of rates needs no re-analysis.
CREATE TABLE article_analyses (
    article_id  bigint PRIMARY KEY REFERENCES articles (id),
    segments    jsonb NOT NULL,
    analysed_at timestamptz NOT NULL DEFAULT now()
);
