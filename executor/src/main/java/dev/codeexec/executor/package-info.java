/**
 * The executor: a Kafka consumer group that runs each submission in fresh sandboxes and produces
 * exactly one result per submission. Read top-down: {@code transport} (Kafka) -> {@code execution}
 * (the use case) -> {@code sandbox} (the port) -> {@code docker} (the adapter).
 */
package dev.codeexec.executor;
