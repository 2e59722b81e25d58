/**
 * Authentication: turning an API key into a {@link dev.codeexec.api.common.Caller} (tenant, key id,
 * admin flag), and managing keys, which are stored only as hashes.
 */
package dev.codeexec.api.auth;
