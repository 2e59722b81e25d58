/**
 * What the sink tells operators: its Micrometer meters (served at {@code /actuator/prometheus}:
 * results stored, persist latency, dead letters) and a log line per stored result.
 */
package dev.codeexec.sink.observability;
