/**
 * Submission use cases: accept a submission ({@link dev.codeexec.api.submission.SubmitSubmission}),
 * read one or a page ({@link dev.codeexec.api.submission.QuerySubmissions}), and the ports they
 * need (the queue, the store, admission, output links). No Spring, no Kafka, no JDBC here.
 */
package dev.codeexec.api.submission;
