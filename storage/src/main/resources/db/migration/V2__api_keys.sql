-- codeexec schema v2: API keys of the ingest API. Only the SHA-256 (hex) of a key is stored; the
-- key itself is shown once, when an admin creates it. Each key belongs to one tenant.
CREATE TABLE api_keys (
    id          TEXT        PRIMARY KEY,
    tenant      TEXT        NOT NULL,
    key_hash    TEXT        NOT NULL UNIQUE,
    admin       BOOLEAN     NOT NULL DEFAULT false,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at  TIMESTAMPTZ
);

CREATE INDEX api_keys_tenant ON api_keys (tenant);
