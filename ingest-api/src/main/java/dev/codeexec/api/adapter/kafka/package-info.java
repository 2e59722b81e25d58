/** Kafka adapters: the submissions producer and the backlog (consumer lag) measurement. */
package dev.codeexec.api.adapter.kafka;
