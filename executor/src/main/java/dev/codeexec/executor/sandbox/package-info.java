/**
 * The sandbox port: open a fresh, locked-down box for one submission, put files in it, run steps
 * (compile, then one run per test case) with limits, and destroy it. Only the Docker adapter
 * behind this port knows Docker.
 */
package dev.codeexec.executor.sandbox;
