/**
 * Expiring links to stored objects: HMAC-SHA256 signatures over the key and the expiry, made by
 * whoever hands out links and checked by the API that serves them.
 */
package dev.codeexec.storage.links;
