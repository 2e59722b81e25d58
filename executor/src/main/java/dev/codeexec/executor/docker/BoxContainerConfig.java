package dev.codeexec.executor.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The locked-down shape of every box container: the single place that says how a box is confined. */
final class BoxContainerConfig {

    static final String WORK_DIR = "/box";
    private static final long MB = 1024L * 1024L;

    private BoxContainerConfig() {
    }

    /**
     * The seccomp profile of every box: Docker's default plus unshare and mount, which boxrun needs
     * to give each step its own namespaces and tmpfs, and takes away again from the program
     * (runners/boxrun/seccomp-profile.sh writes it).
     */
    static final String SECCOMP_PROFILE = loadSeccompProfile();

    /** Processes of the box besides the program's: boxrun and the init of the step's sandbox. */
    static final long SUPERVISOR_PROCESSES = 2;

    /** Limits of one container. {@code processes} is the program's; boxrun's are added. */
    record Limits(long memoryMb, long processes, long workDirMb) {
    }

    static HostConfig hostConfig(DockerSandboxSettings settings, Limits limits) {
        String[] ids = settings.user().split(":");
        String owner = ",uid=" + ids[0] + ",gid=" + (ids.length > 1 ? ids[1] : ids[0]);
        long memory = memoryBytes(settings, limits.memoryMb());
        return new UnmaskedHostConfig()
                .withNetworkMode("none")
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of(
                        WORK_DIR, "rw,exec,nosuid,nodev,size=" + limits.workDirMb() + "m,mode=0700" + owner,
                        "/tmp", "rw,exec,nosuid,nodev,size=" + settings.tmpDirMb() + "m,mode=1777"))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges", "seccomp=" + SECCOMP_PROFILE))
                .withIpcMode("private")
                .withShmSize(settings.tmpDirMb() * MB) // the private /dev/shm: small, charged to the box
                .withPidsLimit(limits.processes() + SUPERVISOR_PROCESSES)
                .withMemory(memory)
                .withMemorySwap(memory)
                .withNanoCPUs(Math.round(settings.cpus() * 1e9))
                .withUlimits(List.of(
                        new Ulimit("nofile", (long) settings.openFiles(), (long) settings.openFiles()),
                        new Ulimit("fsize", limits.workDirMb() * MB, limits.workDirMb() * MB),
                        new Ulimit("core", 0L, 0L)))
                .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE))
                .withInit(false)
                .withAutoRemove(false);
    }

    private static String loadSeccompProfile() {
        try (java.io.InputStream in = BoxContainerConfig.class.getResourceAsStream("boxrun-seccomp.json")) {
            if (in == null) {
                throw new IllegalStateException("boxrun-seccomp.json is missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long memoryBytes(DockerSandboxSettings settings, long memoryMb) {
        return (memoryMb + settings.supervisorMemoryMb()) * MB;
    }

    static Map<String, String> labels(DockerSandboxSettings settings) {
        Map<String, String> labels = new HashMap<>(settings.labels());
        labels.put(DockerSandboxSettings.BOX_LABEL, "true");
        labels.put(DockerSandboxSettings.EXECUTOR_LABEL, settings.executorId());
        return labels;
    }

    /** The whole environment of a box: nothing from the host; boxrun filters it again per step. */
    static List<String> environment() {
        return List.of("LANG=C.UTF-8");
    }
}
