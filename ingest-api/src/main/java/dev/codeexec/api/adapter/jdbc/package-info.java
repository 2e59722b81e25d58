/** PostgreSQL adapters (Spring JDBC {@code JdbcClient}) of the submission store, the key store and the stats store. */
package dev.codeexec.api.adapter.jdbc;
