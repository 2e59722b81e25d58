/**
 * A URL fetcher that is safe against server-side request forgery. Plain Java, no Spring. Only
 * http/https; every resolved address is checked ({@link dev.codeexec.storage.net.AddressPolicy},
 * shared with the sink's webhooks) and the connection goes to the checked address; redirects are
 * re-checked hop by hop; size, time and deadline are capped while streaming.
 */
package dev.codeexec.api.fetch;
