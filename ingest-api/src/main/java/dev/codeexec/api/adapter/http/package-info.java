/** Outbound HTTP: the source fetcher of {@code POST /submission/url}, over the SSRF-safe fetcher. */
package dev.codeexec.api.adapter.http;
