package dev.codeexec.executor.execution;

import dev.codeexec.schemas.v1.Limits;
import java.util.ArrayList;
import java.util.List;

/** Fills a request's missing limits with defaults and refuses (never clamps) values over a maximum. */
final class LimitResolver {

    private LimitResolver() {
    }

    /** The effective limits, or a {@link Rejection} naming the first field over its maximum. */
    static RunLimits resolve(Limits requested, ExecutionPolicy policy) {
        Limits asked = requested == null ? Limits.defaults() : requested;
        List<Long> values = new ArrayList<>();
        List<Long> given = java.util.Arrays.asList(asked.cpuTimeMs(), asked.wallTimeMs(), asked.memoryMb(),
                asked.processes(), asked.outputKb(), asked.fileSizeKb());
        List<String> names = List.copyOf(policy.defaults().byName().keySet());
        List<Long> defaults = List.copyOf(policy.defaults().byName().values());
        List<Long> maxima = List.copyOf(policy.maxima().byName().values());
        for (int i = 0; i < names.size(); i++) {
            Long value = given.get(i);
            if (value == null) {
                values.add(defaults.get(i));
            } else if (value < 1) {
                throw new Rejection("limits." + names.get(i) + ": " + value + " must be at least 1");
            } else if (value > maxima.get(i)) {
                throw new Rejection("limits." + names.get(i) + ": " + value + " is over the maximum " + maxima.get(i));
            } else {
                values.add(value);
            }
        }
        return new RunLimits(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4), values.get(5));
    }
}
