/**
 * What the ingest API and the results sink share: the PostgreSQL schema (Flyway migrations under
 * {@code db/migration}) and the object store port with its adapters.
 */
package dev.codeexec.storage;
