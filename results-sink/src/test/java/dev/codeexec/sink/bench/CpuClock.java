package dev.codeexec.sink.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * CPU time used so far by this JVM (the sink, its Kafka client and, in the benchmark, the
 * embedded broker), split by what its threads do, and by the PostgreSQL processes of the machine
 * (postmaster and backends). All from {@code /proc/<pid>/stat} and {@code /proc/self/task}; the
 * server runs in a container, so its processes are not children of this JVM: run the benchmark
 * where no other PostgreSQL is busy. On a shared 2-core machine, CPU seconds per result vary far
 * less between runs than wall-clock rates do.
 */
record CpuClock(double jvmSeconds, double postgresSeconds, Map<Work, Double> jvmSecondsByWork) {

    /** What a JVM thread does, from its name (Linux keeps the first 15 characters). */
    enum Work {
        LISTENERS("listener threads (poll, decode, SQL)"),
        OBJECT_WRITERS("object writers"),
        JIT("JIT compilers"),
        GC("GC"),
        OTHER("other (embedded broker, benchmark)");

        final String label;

        Work(String label) {
            this.label = label;
        }

        static Work of(String threadName) {
            if (threadName.startsWith("sink-results") || threadName.startsWith("sink-status")) {
                return LISTENERS;
            }
            if (threadName.startsWith("sink-object-wri")) {
                return OBJECT_WRITERS;
            }
            if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) {
                return JIT;
            }
            if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
                return GC;
            }
            return OTHER;
        }
    }

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    static CpuClock now() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> ticks(Path.of("/proc", Long.toString(p.pid()), "stat"))).sum() / TICKS_PER_SECOND;
        Map<Work, Double> byWork = new EnumMap<>(Work.class);
        for (Work work : Work.values()) {
            byWork.put(work, 0.0);
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    Work work = Work.of(Files.readString(task.resolve("comm")).strip());
                    byWork.merge(work, ticks(task.resolve("stat")) / TICKS_PER_SECOND, Double::sum);
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: no split
        }
        return new CpuClock(os.getProcessCpuTime() / 1e9, postgres, byWork);
    }

    CpuClock since(CpuClock start) {
        Map<Work, Double> byWork = new EnumMap<>(Work.class);
        jvmSecondsByWork.forEach((work, seconds) -> byWork.put(work, seconds - start.jvmSecondsByWork.get(work)));
        return new CpuClock(jvmSeconds - start.jvmSeconds, postgresSeconds - start.postgresSeconds, byWork);
    }

    /** utime + stime from a {@code stat} file (0 when it is gone). */
    private static long ticks(Path stat) {
        try {
            String text = Files.readString(stat);
            // fields after the command name, which is in parentheses and may contain spaces
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
