package dev.codeexec.executor.sandbox;

/** How a step ended. Anything but {@link #EXITED} and {@link #SIGNALLED} means a limit stopped it. */
public enum Termination {
    /** The process exited by itself; see the exit code. */
    EXITED,
    /** A signal the program did not ask for from us ended it (e.g. SIGSEGV, SIGABRT). */
    SIGNALLED,
    /** Total CPU time (user+sys, all processes) passed the limit. */
    CPU_LIMIT,
    /** Wall-clock time passed the limit. */
    WALL_LIMIT,
    /** The box's OOM killer ended a process (seen from the OOM kill, not guessed from 137). */
    MEMORY_LIMIT,
    /** stdout+stderr passed the output limit; the step was stopped. */
    OUTPUT_LIMIT,
    /** A file write passed the file-size limit (SIGXFSZ). */
    FILE_SIZE_LIMIT
}
