package dev.codeexec.executor.execution;

import dev.codeexec.schemas.v1.Limits;

/** Fills a request's missing limits with defaults and refuses (never clamps) values over a maximum. */
final class LimitResolver {

    private LimitResolver() {
    }

    /** The effective limits, or a {@link Rejection} naming the first field over its maximum. */
    static RunLimits resolve(Limits requested, ExecutionPolicy policy) {
        if (requested == null) {
            return policy.defaults();
        }
        RunLimits defaults = policy.defaults();
        RunLimits maxima = policy.maxima();
        // arguments are evaluated left to right, so the first bad field in contract order is named
        return new RunLimits(
                field("cpuTimeMs", requested.cpuTimeMs(), defaults.cpuTimeMs(), maxima.cpuTimeMs()),
                field("wallTimeMs", requested.wallTimeMs(), defaults.wallTimeMs(), maxima.wallTimeMs()),
                field("memoryMb", requested.memoryMb(), defaults.memoryMb(), maxima.memoryMb()),
                field("processes", requested.processes(), defaults.processes(), maxima.processes()),
                field("outputKb", requested.outputKb(), defaults.outputKb(), maxima.outputKb()),
                field("fileSizeKb", requested.fileSizeKb(), defaults.fileSizeKb(), maxima.fileSizeKb()));
    }

    private static long field(String name, Long value, long defaultValue, long maximum) {
        if (value == null) {
            return defaultValue;
        }
        if (value < 1) {
            throw new Rejection("limits." + name + ": " + value + " must be at least 1");
        }
        if (value > maximum) {
            throw new Rejection("limits." + name + ": " + value + " is over the maximum " + maximum);
        }
        return value;
    }
}
