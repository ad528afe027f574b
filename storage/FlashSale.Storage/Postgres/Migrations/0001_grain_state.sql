-- Grain state: one row per grain, written only when the caller's version still matches.
CREATE TABLE grain_state (
    grain_type text NOT NULL,
    grain_key text NOT NULL,
    version bigint NOT NULL,
    data bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key)
);
