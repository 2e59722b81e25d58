/**
 * Outbound HTTP: the source fetcher of {@code POST /submission/url} and the callback URL check, over
 * the SSRF-safe client and policy of the {@code outbound} module.
 */
package dev.codeexec.api.adapter.http;
