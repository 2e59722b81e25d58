/** PostgreSQL adapters (Spring JDBC {@code JdbcClient}) of the submission store and the key store. */
package dev.codeexec.api.adapter.jdbc;
