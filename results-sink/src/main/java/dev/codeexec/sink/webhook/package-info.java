/**
 * Webhooks: a completed result is POSTed to its {@code callbackUrl}, signed with HMAC-SHA256,
 * retried with exponential back-off, every attempt recorded. Runs in its own consumer group so
 * a slow or dead endpoint never slows persistence.
 */
package dev.codeexec.sink.webhook;
