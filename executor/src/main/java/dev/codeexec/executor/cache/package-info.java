/**
 * The compile cache on local disk: one checksummed file per key under a path derived from the
 * key's hash, written atomically, bounded by total size with least-recently-used eviction.
 */
package dev.codeexec.executor.cache;
