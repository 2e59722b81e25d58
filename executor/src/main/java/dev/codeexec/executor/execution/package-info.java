/**
 * The use case: turn one submission into one result. Resolves the language and the limits
 * (refusing what is over a maximum), compiles once (or takes the compile cache's artifacts),
 * runs every test case in a fresh box and maps each outcome to a verdict. Knows neither Spring
 * nor Kafka nor Docker.
 */
package dev.codeexec.executor.execution;
