package dev.codeexec.executor.execution;

import dev.codeexec.schemas.v1.Limits;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Fills a request's missing limits with defaults and refuses (never clamps) values over a maximum. */
final class LimitResolver {

    private LimitResolver() {
    }

    /** The effective limits, or a {@link Rejection} naming the first field over its maximum. */
    static RunLimits resolve(Limits requested, ExecutionPolicy policy) {
        Limits asked = requested == null ? Limits.defaults() : requested;
        // in contract order, as RunLimits.byName() lists them
        List<Long> given = Arrays.asList(asked.cpuTimeMs(), asked.wallTimeMs(), asked.memoryMb(),
                asked.processes(), asked.outputKb(), asked.fileSizeKb());
        Map<String, Long> defaults = policy.defaults().byName();
        Map<String, Long> maxima = policy.maxima().byName();
        long[] values = new long[given.size()];
        int i = 0;
        for (String field : defaults.keySet()) {
            Long value = given.get(i);
            if (value == null) {
                value = defaults.get(field);
            } else if (value < 1) {
                throw new Rejection("limits." + field + ": " + value + " must be at least 1");
            } else if (value > maxima.get(field)) {
                throw new Rejection("limits." + field + ": " + value + " is over the maximum " + maxima.get(field));
            }
            values[i++] = value;
        }
        return new RunLimits(values[0], values[1], values[2], values[3], values[4], values[5]);
    }
}
