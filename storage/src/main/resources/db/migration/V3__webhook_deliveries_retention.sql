-- codeexec schema v3 (results sink): webhook delivery attempts, and the index of the retention job.

-- One row per attempt to POST a result to its callbackUrl. delivery_id is the same for every
-- attempt of one delivery (receivers use it to drop duplicates). outcome is DELIVERED (2xx),
-- RETRY (timeout or non-2xx, another attempt follows), FAILED (the last attempt failed) or
-- BLOCKED (the target is private/loopback and not allow-listed; nothing was sent).
CREATE TABLE webhook_deliveries (
    delivery_id    TEXT        NOT NULL,
    attempt        INTEGER     NOT NULL,
    submission_id  TEXT        NOT NULL,
    url            TEXT        NOT NULL,
    outcome        TEXT        NOT NULL,
    status_code    INTEGER,
    error          TEXT,
    duration_ms    BIGINT      NOT NULL,
    attempted_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (delivery_id, attempt)
);

CREATE INDEX webhook_deliveries_submission ON webhook_deliveries (submission_id);

-- The retention job deletes submissions whose finish (or, if they never finished, creation)
-- is older than N days, oldest first.
CREATE INDEX submissions_retention ON submissions ((COALESCE(finished_at, created_at)));
