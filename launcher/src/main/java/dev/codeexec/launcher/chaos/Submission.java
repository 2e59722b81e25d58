package dev.codeexec.launcher.chaos;

/**
 * One piece of load: a REST body (or a raw Kafka value) and what it should come to.
 *
 * @param kind      a short name for the table and the log
 * @param body      the JSON body of {@code POST /api/v1/submissions}, or the raw record value
 * @param expected  the verdict a healthy pipeline gives it, or empty when any terminal verdict will do
 * @param ownMs     the wall time its own limits allow (all test cases), the base of its bound
 * @param hostile   true for deliberately hostile content: it may be refused (4xx) or dead-lettered
 */
record Submission(String kind, String body, String expected, long ownMs, boolean hostile) {

    static Submission ordinary(String kind, String body, String expected, long ownMs) {
        return new Submission(kind, body, expected, ownMs, false);
    }

    static Submission hostile(String kind, String body, long ownMs) {
        return new Submission(kind, body, "", ownMs, true);
    }
}
