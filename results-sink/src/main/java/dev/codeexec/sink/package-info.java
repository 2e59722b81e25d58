/**
 * The results sink: makes results durable. Kafka listeners hand result and status records to
 * use cases that write outputs to the object store and rows to PostgreSQL, idempotently.
 */
package dev.codeexec.sink;
