/**
 * The reaper: a scheduled job that finishes, with {@code INTERNAL_ERROR} and a reason, a
 * submission that is past its deadline with no result and that no executor can still answer.
 */
package dev.codeexec.sink.reaper;
