/** The PostgreSQL adapter of the submission store: batched, idempotent upserts with Spring JDBC. */
package dev.codeexec.sink.jdbc;
