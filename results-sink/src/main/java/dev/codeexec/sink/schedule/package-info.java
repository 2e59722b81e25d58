/** Entry points the clock drives: the retention schedule that runs the purge use case every interval. */
package dev.codeexec.sink.schedule;
