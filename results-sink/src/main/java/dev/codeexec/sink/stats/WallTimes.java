package dev.codeexec.sink.stats;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A histogram of wall times with bounded size: times up to {@value #EXACT_UPTO} ms are counted
 * exactly, longer ones in logarithmic buckets 1% wide, so a percentile is off by at most 1%
 * whatever the number of results. Immutable: {@link #add} returns a new histogram.
 *
 * @param count   results counted
 * @param maxMs   the longest time seen
 * @param buckets bucket index to count (index = time for exact buckets)
 */
public record WallTimes(long count, long maxMs, Map<Integer, Long> buckets) {

    static final int EXACT_UPTO = 100;
    private static final double GROWTH = 1.01;

    public WallTimes {
        buckets = Collections.unmodifiableSortedMap(new TreeMap<>(buckets));
    }

    public static WallTimes empty() {
        return new WallTimes(0, 0, Map.of());
    }

    public WallTimes add(long wallTimeMs) {
        long value = Math.max(0, wallTimeMs);
        TreeMap<Integer, Long> next = new TreeMap<>(buckets);
        next.merge(bucket(value), 1L, Long::sum);
        return new WallTimes(count + 1, Math.max(maxMs, value), next);
    }

    /** The nearest-rank percentile ({@code p} in 0..1), 0 when empty. */
    public long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p * count));
        long seen = 0;
        for (Map.Entry<Integer, Long> entry : buckets.entrySet()) {
            seen += entry.getValue();
            if (seen >= rank) {
                return Math.min(maxMs, upperBound(entry.getKey()));
            }
        }
        return maxMs;
    }

    static int bucket(long value) {
        if (value <= EXACT_UPTO) {
            return (int) value;
        }
        return EXACT_UPTO + (int) Math.ceil(Math.log((double) value / EXACT_UPTO) / Math.log(GROWTH));
    }

    static long upperBound(int bucket) {
        if (bucket <= EXACT_UPTO) {
            return bucket;
        }
        return (long) Math.floor(EXACT_UPTO * Math.pow(GROWTH, bucket - EXACT_UPTO));
    }
}
