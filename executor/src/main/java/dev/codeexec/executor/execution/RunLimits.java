package dev.codeexec.executor.execution;

import java.util.LinkedHashMap;
import java.util.Map;

/** Resource limits of one step, with units in their names. All values are positive. */
public record RunLimits(
        long cpuTimeMs,
        long wallTimeMs,
        long memoryMb,
        long processes,
        long outputKb,
        long fileSizeKb) {

    public RunLimits {
        for (Map.Entry<String, Long> field : asMap(cpuTimeMs, wallTimeMs, memoryMb, processes, outputKb, fileSizeKb).entrySet()) {
            if (field.getValue() <= 0) {
                throw new IllegalArgumentException(field.getKey() + " must be positive, was " + field.getValue());
            }
        }
    }

    /** The limits by their contract names ({@code cpuTimeMs}, ...), in contract order. */
    public Map<String, Long> byName() {
        return asMap(cpuTimeMs, wallTimeMs, memoryMb, processes, outputKb, fileSizeKb);
    }

    public long outputBytes() {
        return outputKb * 1024;
    }

    public long fileSizeBytes() {
        return fileSizeKb * 1024;
    }

    private static Map<String, Long> asMap(long cpu, long wall, long memory, long processes, long output, long fileSize) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("cpuTimeMs", cpu);
        map.put("wallTimeMs", wall);
        map.put("memoryMb", memory);
        map.put("processes", processes);
        map.put("outputKb", output);
        map.put("fileSizeKb", fileSize);
        return map;
    }
}
