/**
 * The deployment of {@code docker-compose.yml} (3 KRaft brokers, PostgreSQL, API, sink, executors)
 * started container by container through Testcontainers from the local images, and driven like a
 * user: scale-out, rebalancing after an executor is added and one killed, and broker loss.
 */
package dev.codeexec.deploy;
