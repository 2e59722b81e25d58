/** Entry points the clock drives: the retention job and the reaper, each a {@link dev.codeexec.sink.schedule.PeriodicJob}. */
package dev.codeexec.sink.schedule;
