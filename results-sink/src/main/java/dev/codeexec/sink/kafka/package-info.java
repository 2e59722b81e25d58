/**
 * Entry points: Kafka listeners on the results, status and stats topics. A record that cannot be
 * read, or whose data the database refuses after bounded retries, goes to {@code <topic>.dlt} with
 * the reason in headers (a result's submission is finished as INTERNAL_ERROR); everything else is
 * retried until it is durable, and only then are offsets committed.
 */
package dev.codeexec.sink.kafka;
