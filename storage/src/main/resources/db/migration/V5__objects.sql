-- Outputs kept in PostgreSQL (codeexec.*.storage.kind=postgres, the compose deployment's default):
-- one row per object key, replaced whole by every write. The key is compared bytewise (collation
-- "C") so that a prefix search (LIKE 'submissions/abc/%') walks the primary key's index.
CREATE TABLE objects (
    key          text COLLATE "C" PRIMARY KEY,
    content_type text        NOT NULL,
    bytes        bytea       NOT NULL,
    written_at   timestamptz NOT NULL DEFAULT now()
);
-- outputs are written once and read rarely: keep them out of the shared buffers' way
ALTER TABLE objects ALTER COLUMN bytes SET STORAGE EXTERNAL;
