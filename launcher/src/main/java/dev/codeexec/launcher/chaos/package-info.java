/**
 * The chaos suite behind {@code ./codeexec chaos}: a driver that sends a mixed and a hostile load
 * to a {@link dev.codeexec.launcher.ProcessStack}, a table of faults (kill -9, SIGSTOP, outages),
 * and the invariants checked after each: one terminal result per accepted id, one result record per
 * id, only deliberate poison in the dead-letter topics, no box left, and the time to recover.
 */
package dev.codeexec.launcher.chaos;
