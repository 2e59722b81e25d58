package dev.codeexec.sink.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by this JVM (the sink, its Kafka client and, in the benchmark, the
 * embedded broker) and by the PostgreSQL processes of the machine (postmaster and backends,
 * read from {@code /proc/<pid>/stat}; the embedded server daemonizes, so they are not children
 * of this JVM: run the benchmark where no other PostgreSQL is busy). On a shared 2-core machine, CPU seconds per result vary
 * far less between runs than wall-clock rates do.
 */
record CpuClock(double jvmSeconds, double postgresSeconds) {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    static CpuClock now() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(CpuClock::ticks).sum() / TICKS_PER_SECOND;
        return new CpuClock(os.getProcessCpuTime() / 1e9, postgres);
    }

    CpuClock since(CpuClock start) {
        return new CpuClock(jvmSeconds - start.jvmSeconds, postgresSeconds - start.postgresSeconds);
    }

    /** utime + stime of a process (0 when it is gone or /proc is not there). */
    private static long ticks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
