/**
 * The object store adapter over PostgreSQL: objects are rows of the {@code objects} table (Flyway
 * migration V5), so every machine that reaches the database reaches every output.
 */
package dev.codeexec.storage.postgres;
