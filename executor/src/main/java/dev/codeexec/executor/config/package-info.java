/**
 * Spring wiring of the executor: the validated {@code codeexec.executor.*} properties, turned
 * into domain values here, and the Kafka plumbing (consumer, transactional producer, dead
 * letters, topics).
 */
package dev.codeexec.executor.config;
