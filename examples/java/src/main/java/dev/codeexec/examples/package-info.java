/**
 * For Kafka users: runnable examples of talking to codeexec without its REST API. They depend on
 * the {@code schemas} module (topic names, records, validating serdes) and kafka-clients only.
 * {@link dev.codeexec.examples.SubmitProgram} produces a submission,
 * {@link dev.codeexec.examples.VerdictTally} counts results per language and verdict, and
 * {@link dev.codeexec.examples.WebhookReceiver} accepts only correctly signed result callbacks.
 */
package dev.codeexec.examples;
