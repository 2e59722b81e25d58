package dev.codeexec.executor.docker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a hostile program must not change on the host, taken before and after it runs: the hashes
 * of sensitive files and the names in a few top-level directories. {@link #strayBoxProcesses}
 * finds host processes of the box user that no running container holds: a process of a run that
 * outlived (or escaped) its box.
 */
record HostState(TreeMap<String, String> fileHashes, TreeMap<String, Set<String>> directoryNames) {

    /** The uid boxes run as (see runners/base/Dockerfile). */
    static final String BOX_UID = "10001";

    private static final List<Path> FILES = List.of(Path.of("/etc/passwd"), Path.of("/etc/shadow"),
            Path.of("/etc/group"), Path.of("/etc/hosts"), Path.of("/etc/resolv.conf"), Path.of("/etc/hostname"));
    private static final List<Path> DIRECTORIES = List.of(Path.of("/"), Path.of("/etc"), Path.of("/root"),
            Path.of("/var/lib/docker/volumes"));

    static HostState capture() {
        TreeMap<String, String> hashes = new TreeMap<>();
        for (Path file : FILES) {
            hashes.put(file.toString(), hash(file));
        }
        TreeMap<String, Set<String>> names = new TreeMap<>();
        for (Path dir : DIRECTORIES) {
            names.put(dir.toString(), names(dir));
        }
        return new HostState(hashes, names);
    }

    /**
     * Processes on the host running as the box user whose container (read from their cgroup) is not
     * one of {@code runningContainerIds}; other tests' live boxes are running containers and so
     * are not counted.
     */
    static Set<Long> strayBoxProcesses(Set<String> runningContainerIds) {
        Set<Long> strays = new TreeSet<>();
        for (long pid : listBoxUserProcesses()) {
            String cgroup;
            try {
                cgroup = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
            } catch (IOException gone) {
                continue;
            }
            boolean inRunningBox = runningContainerIds.stream().anyMatch(cgroup::contains);
            if (!inRunningBox) {
                strays.add(pid);
            }
        }
        return strays;
    }

    /** Processes on the host whose real uid is the box user's. */
    private static Set<Long> listBoxUserProcesses() {
        Set<Long> pids = new TreeSet<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : proc) {
                try {
                    for (String line : Files.readAllLines(process.resolve("status"))) {
                        if (line.startsWith("Uid:") && line.split("\\s+")[1].equals(BOX_UID)) {
                            pids.add(Long.parseLong(process.getFileName().toString()));
                        }
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    private static String hash(Path file) {
        if (!Files.exists(file)) {
            return "absent";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(digest);
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static Set<String> names(Path dir) {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            names.add("unreadable: " + e.getMessage());
        }
        return names;
    }
}
