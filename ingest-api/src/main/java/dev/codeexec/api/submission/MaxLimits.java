package dev.codeexec.api.submission;

/** The largest limits a submission may ask for, and the most test cases. Mirrors the executor's maxima. */
public record MaxLimits(long cpuTimeMs, long wallTimeMs, long memoryMb, long processes, long outputKb,
        long fileSizeKb, int testCases) {
}
