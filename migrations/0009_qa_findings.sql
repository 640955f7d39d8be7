-- Quality findings (src/qa): what the checks found in each segment's current translation. A save replaces
-- the segment's findings in the revision's transaction, so they always describe the text now stored; the
-- article report re-checks every live segment. Findings are derived data, not history: a re-check deletes
-- the ones gone and adds the new ones, and keeps (with their ids, which a reviewer's open page holds) those
-- found again.
CREATE TABLE findings (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    segment_id bigint NOT NULL REFERENCES segments (id),
    -- The check's id (`missing_term`, `numbers`, `inconsistent`, ...).
    kind       text NOT NULL,
    severity   text NOT NULL CHECK (severity IN ('error', 'warning')),
    message    text NOT NULL,
    -- The stretch concerned, in Unicode scalar values of the source or the target; all NULL when the
    -- problem has no place (an empty translation).
    span_side  text CHECK (span_side IN ('source', 'target')),
    span_start integer,
    span_end   integer,
    -- The order the checks report them in.
    position   integer NOT NULL,
    -- When first found (a finding found again is kept as it is).
    found_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((span_side IS NULL) = (span_start IS NULL) AND (span_side IS NULL) = (span_end IS NULL))
);
CREATE INDEX findings_segment ON findings (segment_id);

-- A reviewer's decision that a finding is not a problem, with who and why. It names the problem rather than
-- the finding row (segment, kind, message: no span, which moves as the text is edited around it), so the same
-- problem found again by the next save or report stays ignored. Kept forever, like revisions.
CREATE TABLE finding_ignores (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    segment_id bigint NOT NULL REFERENCES segments (id),
    kind       text NOT NULL,
    message    text NOT NULL,
    reason     text NOT NULL CHECK (btrim(reason) <> ''),
    ignored_by bigint NOT NULL REFERENCES users (id),
    ignored_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (segment_id, kind, message)
);
CREATE FUNCTION finding_ignores_are_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ignored findings are kept (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER finding_ignores_kept BEFORE UPDATE OR DELETE ON finding_ignores
    FOR EACH ROW EXECUTE FUNCTION finding_ignores_are_kept();
CREATE TRIGGER finding_ignores_no_truncate BEFORE TRUNCATE ON finding_ignores
    FOR EACH STATEMENT EXECUTE FUNCTION finding_ignores_are_kept();
