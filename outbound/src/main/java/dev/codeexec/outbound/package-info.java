/**
 * Outbound HTTP to user-supplied URLs (source fetches, webhooks), safe against server-side request
 * forgery. {@link dev.codeexec.outbound.OutboundPolicy} decides whether a URL may be requested and
 * resolves its host once; {@link dev.codeexec.outbound.OutboundClient} (Apache HttpClient 5) connects
 * only to the addresses that check returned, follows redirects only through the policy, and caps
 * size and time. Plain Java, no Spring.
 */
package dev.codeexec.outbound;
