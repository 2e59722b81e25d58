package dev.codeexec.sink.reaper;

import java.time.Instant;

/**
 * How far the consumers have come, as a time: every record stamped before the returned instant
 * that the log holds has been consumed and committed (the time of the check when nothing is left
 * to consume). A record may still be appended after its stamp, for as long as its producer
 * retries: callers allow for that.
 */
public interface QueueProgressPort {

    /** The executors' progress on the submissions topic. */
    Instant executorsFrontier();

    /** The sink's progress on the results topic (a consumed result is stored). */
    Instant resultsFrontier();
}
