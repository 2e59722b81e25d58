/**
 * The Docker adapter behind {@link dev.codeexec.executor.sandbox.SandboxPort}: one fresh, locked-down
 * container per box (docker-java), driven through the boxrun supervisor's frame protocol
 * (runners/boxrun/PROTOCOL.md), with an optional pool of warm, never-used containers.
 */
package dev.codeexec.executor.docker;
