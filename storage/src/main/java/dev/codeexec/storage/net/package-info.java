/**
 * Guards for outbound requests to user-supplied URLs (SSRF): only public addresses, unless the
 * host is explicitly allow-listed. Shared by the API's URL fetch and the sink's webhooks.
 */
package dev.codeexec.storage.net;
