/**
 * Analytics with Kafka Streams: counts and wall-time percentiles of results per language and
 * verdict over 1-minute and 1-hour tumbling windows, written to the stats topic.
 */
package dev.codeexec.sink.stats;
