/**
 * HTTP entry points: controllers, authentication interceptor, body cap, and the problem+json
 * error handler. They translate HTTP to use-case calls and {@code Refusal}s back to HTTP.
 */
package dev.codeexec.api.web;
