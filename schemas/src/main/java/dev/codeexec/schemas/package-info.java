/**
 * The contracts of codeexec: topic names, the versioned records that travel on them, their JSON
 * Schema documents, and the serdes that validate them. Plain Java; any producer or consumer can
 * depend on this module alone.
 */
package dev.codeexec.schemas;
