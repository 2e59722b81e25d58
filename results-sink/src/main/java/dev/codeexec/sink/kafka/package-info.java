/**
 * Entry points: Kafka listeners on the results and status topics. Records that cannot be read go
 * to {@code <topic>.dlt} with the reason in headers; everything else is retried until it is
 * durable, and only then are offsets committed.
 */
package dev.codeexec.sink.kafka;
