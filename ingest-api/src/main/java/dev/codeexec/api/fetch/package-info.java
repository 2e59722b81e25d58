/**
 * A URL fetcher that is safe against server-side request forgery. Plain Java, no Spring: the
 * results sink's webhooks can reuse it. Only http/https; every resolved address is checked
 * ({@link dev.codeexec.api.fetch.AddressPolicy}) and the connection goes to the checked address;
 * redirects are re-checked hop by hop; size, time and deadline are capped while streaming.
 */
package dev.codeexec.api.fetch;
