/**
 * Whether the sandbox backend can serve: a watcher that probes it, tells who must pause while it
 * is down (the Kafka listener) and reports it in {@code /actuator/health}.
 */
package dev.codeexec.executor.health;
