package dev.codeexec.executor.sandbox;

/** A file in the box's work directory. {@code executable} sets mode 0755, else 0644. */
public record BoxFile(String name, byte[] content, boolean executable) {
}
