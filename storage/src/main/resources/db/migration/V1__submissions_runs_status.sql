-- codeexec schema v1. Written by the ingest API (the QUEUED row, after Kafka acknowledged the
-- submission) and by the results sink (status and results); read by the API.
-- Status only moves forward: status_rank is 0 QUEUED, 1 RUNNING, 2 COMPLETED.

CREATE TABLE submissions (
    id               TEXT PRIMARY KEY,
    tenant           TEXT        NOT NULL DEFAULT 'default',
    language         TEXT,
    status           TEXT        NOT NULL,
    status_rank      SMALLINT    NOT NULL,
    verdict          TEXT,
    verdict_detail   TEXT,
    exit_code        INTEGER,
    signal           TEXT,
    time_limit       TEXT,
    cpu_time_ms      BIGINT,
    wall_time_ms     BIGINT,
    memory_kb        BIGINT,
    compile          JSONB,
    metadata         JSONB,
    callback_url     TEXT,
    executor_id      TEXT,
    idempotency_key  TEXT,
    request_hash     TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ
);

CREATE INDEX submissions_tenant_created ON submissions (tenant, created_at DESC, id DESC);
CREATE INDEX submissions_status ON submissions (status) WHERE status <> 'COMPLETED';
CREATE UNIQUE INDEX submissions_idempotency ON submissions (tenant, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- One row per test case that ran. Outputs up to the inline size are kept here as the exact
-- bytes; larger ones live only in object storage under *_object.
CREATE TABLE runs (
    submission_id    TEXT     NOT NULL,
    test_case        INTEGER  NOT NULL,
    verdict          TEXT     NOT NULL,
    verdict_detail   TEXT,
    exit_code        INTEGER,
    signal           TEXT,
    time_limit       TEXT,
    cpu_time_ms      BIGINT   NOT NULL,
    wall_time_ms     BIGINT   NOT NULL,
    memory_kb        BIGINT   NOT NULL,
    stdout           BYTEA,
    stdout_truncated BOOLEAN  NOT NULL DEFAULT false,
    stdout_size      INTEGER  NOT NULL DEFAULT 0,
    stdout_object    TEXT,
    stderr           BYTEA,
    stderr_truncated BOOLEAN  NOT NULL DEFAULT false,
    stderr_size      INTEGER  NOT NULL DEFAULT 0,
    stderr_object    TEXT,
    PRIMARY KEY (submission_id, test_case)
);

CREATE TABLE status_history (
    submission_id    TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    at               TIMESTAMPTZ NOT NULL,
    executor_id      TEXT,
    PRIMARY KEY (submission_id, status)
);
