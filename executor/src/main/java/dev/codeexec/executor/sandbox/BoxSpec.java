package dev.codeexec.executor.sandbox;

/**
 * What a box is created with: the runner image and the limits that hold for the box's whole
 * life (memory equal to memory+swap, process count, work directory size).
 */
public record BoxSpec(String image, long memoryMb, long processes, long workDirMb) {
}
