-- Failed sign-ins, counted per account and per client address over a recent window to slow password
-- guessing. Kept in the database, not in memory, so that every instance behind a load balancer counts the
-- same attempts. Names are stored as typed (lower-cased), also names that do not exist, so that guessing
-- at unknown accounts is limited too. Rows older than a day are deleted as new ones arrive.
CREATE TABLE sign_in_failures (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username text NOT NULL,
    address text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_username ON sign_in_failures (username, at);
CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
