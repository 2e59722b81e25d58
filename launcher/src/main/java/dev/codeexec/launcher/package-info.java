/**
 * The standalone mode: one command starts a Kafka broker process, an embedded PostgreSQL and the
 * three codeexec services on loopback, with zero configuration, and stops them all on Ctrl-C.
 */
package dev.codeexec.launcher;
