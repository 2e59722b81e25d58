-- When a submission should have its result if an executor took it up at once (its limits plus a
-- compile allowance, set by the API; NULL for records produced straight to Kafka). The sink's
-- reaper finishes a submission that is past it, by a margin, and that no executor still holds.
ALTER TABLE submissions ADD COLUMN deadline_at TIMESTAMPTZ;
