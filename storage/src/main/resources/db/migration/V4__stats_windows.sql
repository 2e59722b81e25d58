-- codeexec schema v4 (results sink): the latest value of every statistics window, copied from the
-- topic codeexec.stats.v1 so the API can serve GET /api/v1/stats with one query.
CREATE TABLE stats_windows (
    language         TEXT        NOT NULL,
    verdict          TEXT        NOT NULL,
    window_label     TEXT        NOT NULL,   -- '1m' or '1h'
    window_start     TIMESTAMPTZ NOT NULL,
    window_end       TIMESTAMPTZ NOT NULL,
    count            BIGINT      NOT NULL,
    p50_wall_time_ms BIGINT      NOT NULL,
    p95_wall_time_ms BIGINT      NOT NULL,
    p99_wall_time_ms BIGINT      NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (language, verdict, window_label, window_start)
);

CREATE INDEX stats_windows_latest ON stats_windows (window_label, window_end DESC);
