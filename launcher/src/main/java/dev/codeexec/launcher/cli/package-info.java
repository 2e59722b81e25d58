/**
 * {@code ./codeexec run FILE|DIR}: submits programs to a running codeexec stack over its REST API,
 * follows them to their result and prints the verdict and a table; the exit code says the verdict.
 */
package dev.codeexec.launcher.cli;
