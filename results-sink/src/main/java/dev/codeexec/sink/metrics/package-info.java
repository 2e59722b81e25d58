/**
 * The sink's Micrometer meters (served at {@code /actuator/prometheus}): results stored, persist
 * latency, dead letters.
 */
package dev.codeexec.sink.metrics;
