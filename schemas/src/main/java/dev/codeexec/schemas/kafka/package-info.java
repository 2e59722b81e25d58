/**
 * Kafka serdes for the v1 records. Readers validate every record against its schema and raise
 * {@link dev.codeexec.schemas.kafka.InvalidRecordException} with a reason, so consumers can send
 * what they cannot read to a dead-letter topic instead of blocking a partition.
 */
package dev.codeexec.schemas.kafka;
