-- Anti-abuse: the blocklist and the audit of rejected shop calls (see PostgresAbuseStore).
-- Unblocked entries stay with active = false under a new version, so silos that poll for
-- changes since the version they last saw also learn of removals.
CREATE TABLE abuse_blocks (
    kind text NOT NULL,
    value text NOT NULL,
    active boolean NOT NULL,
    reason text NOT NULL,
    changed_at timestamptz NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (kind, value)
);
CREATE INDEX abuse_blocks_version ON abuse_blocks (version);

CREATE TABLE abuse_rejections (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    reason text NOT NULL,
    method text NOT NULL,
    user_id text NOT NULL,
    address text NOT NULL,
    detail text NOT NULL
);
CREATE INDEX abuse_rejections_user ON abuse_rejections (user_id, id);
CREATE INDEX abuse_rejections_at ON abuse_rejections (at);
