/** Retention: a scheduled job deletes the outputs and rows of submissions older than N days. */
package dev.codeexec.sink.retention;
