/**
 * The local-filesystem adapter of the object store: the embedded default. One file per object
 * under a root directory, written atomically, never through a symbolic link.
 */
package dev.codeexec.storage.local;
