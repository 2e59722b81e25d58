/**
 * Admin use case: the latest statistics windows (count and wall-time percentiles per language and
 * verdict) that the results sink copies from the stats topic into PostgreSQL.
 */
package dev.codeexec.api.stats;
