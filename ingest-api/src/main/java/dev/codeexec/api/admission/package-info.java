/**
 * Admission of new work: per-key token-bucket rate limits, a per-tenant cap on submissions in
 * flight, and backpressure on the submissions backlog (consumer lag).
 */
package dev.codeexec.api.admission;
