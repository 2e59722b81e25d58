/**
 * The Kafka face of the executor: the submissions listener, the status and result events it
 * produces (results in a transaction with the consumed offset), dead letters for records that
 * cannot be read, pausing while the sandbox is down, and the executor's metrics.
 */
package dev.codeexec.executor.transport;
