package dev.codeexec.launcher.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Records no producer should send, produced straight to the submissions topic. */
final class Poison {

    /** One poison record: its key (unique, so the dead-letter topics can be matched) and its value (null allowed). */
    record Record(String key, byte[] value, String what) {
    }

    private Poison() {
    }

    /** Records the executor cannot read: each must land in a dead-letter topic with its reason. */
    static List<Record> unreadable(String prefix) {
        List<Record> records = new ArrayList<>();
        records.add(new Record(prefix + "-not-json", utf8("this is not JSON {"), "not JSON"));
        records.add(new Record(prefix + "-null", null, "null value (tombstone)"));
        records.add(new Record(prefix + "-schema", utf8("{\"schemaVersion\":1,\"language\":42}"), "fails the schema"));
        records.add(new Record(prefix + "-version", utf8("{\"schemaVersion\":99,\"id\":\"x\",\"language\":\"python\","
                + "\"source\":\"print(1)\"}"), "unknown schema version"));
        records.add(new Record(prefix + "-bad-utf8", new byte[] {(byte) 0xff, (byte) 0xfe, '{', (byte) 0xc0, '}'},
                "invalid UTF-8"));
        records.add(new Record(prefix + "-deep", utf8("[".repeat(100_000) + "]".repeat(100_000)), "JSON 100000 levels deep"));
        byte[] junk = new byte[512 * 1024];
        new Random(42).nextBytes(junk);
        records.add(new Record(prefix + "-junk-512kb", junk, "512 KB of random bytes"));
        return records;
    }

    /**
     * An unreadable record larger than a producer's default {@code max.request.size} (1 MB) but
     * within what the broker takes (16 MB): its dead letter must fit too.
     */
    static List<Record> oversized(String prefix) {
        byte[] junk = new byte[2 * 1024 * 1024];
        new Random(42).nextBytes(junk);
        return List.of(new Record(prefix + "-junk-2mb", junk, "2 MB of random bytes"));
    }

    /**
     * A readable submission that PostgreSQL cannot hold as it is: NUL in metadata (issue 10, bug 1).
     * Its outcome may be a REJECTED or INTERNAL_ERROR result, or a dead letter with the reason.
     */
    static String nulMetadata(String id) {
        return "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"language\":\"python\",\"source\":\"print(2)\","
                + "\"metadata\":{\"k\":\"a\\u0000b\"}}";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
