package dev.codeexec.executor.docker;

import static dev.codeexec.executor.docker.SandboxTestSupport.C;
import static dev.codeexec.executor.docker.SandboxTestSupport.PYTHON;
import static dev.codeexec.executor.docker.SandboxTestSupport.describe;
import static dev.codeexec.executor.docker.SandboxTestSupport.source;
import static dev.codeexec.executor.docker.SandboxTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.executor.sandbox.Box;
import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.executor.sandbox.BoxSpec;
import dev.codeexec.executor.sandbox.Step;
import dev.codeexec.executor.sandbox.StepOutcome;
import dev.codeexec.executor.sandbox.Termination;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile programs against the real sandbox, one table row each: what the program does, the limits
 * it runs under, and what a user must see. After every row no box and no process of the run is left,
 * nothing on the host changed (sensitive files, top-level directories) and the engine serves.
 */
class HostileProgramsTest {

    private static final long KB = 1024;
    private static final long MB = 1024 * KB;

    /** One hostile program. {@code cSource} is compiled with gcc; otherwise {@code argv} runs as is. */
    record Hostile(String name, String image, String cSource, List<String> compileFlags, Limits limits,
                   List<String> argv, List<BoxFile> files, Expectation expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Limits(long memoryMb, long processes, long workDirMb, long cpuTimeMs, long wallTimeMs,
                  long outputBytes, long fileSizeBytes, Optional<String> collectDir) {
        static Limits standard() {
            return new Limits(128, 32, 32, 2000, 5000, 64 * KB, 8 * MB, Optional.empty());
        }

        Limits memoryMb(long mb) {
            return new Limits(mb, processes, workDirMb, cpuTimeMs, wallTimeMs, outputBytes, fileSizeBytes, collectDir);
        }

        Limits cpuWall(long cpu, long wall) {
            return new Limits(memoryMb, processes, workDirMb, cpu, wall, outputBytes, fileSizeBytes, collectDir);
        }

        Limits files(long workDir, long fileSize) {
            return new Limits(memoryMb, processes, workDir, cpuTimeMs, wallTimeMs, outputBytes, fileSize, collectDir);
        }

        Limits collect(String dir) {
            return new Limits(memoryMb, processes, workDirMb, cpuTimeMs, wallTimeMs, outputBytes, fileSizeBytes, Optional.of(dir));
        }
    }

    /** What must hold after the run; may run more steps in the same box. */
    interface Expectation {
        void check(StepOutcome outcome, Box box);
    }

    private static SandboxTestSupport.Engine engine;

    @BeforeAll
    static void engine() {
        engine = SandboxTestSupport.Engine.start(C, PYTHON);
    }

    @AfterAll
    static void shutdown() throws Exception {
        engine.close();
    }

    private HostState hostBefore;

    @BeforeEach
    void captureHost() {
        hostBefore = HostState.capture();
    }

    @AfterEach
    void nothingLeftNothingChangedAndEngineServes() {
        engine.assertNoBoxLeft();
        // a process that died with its box may still be reaped a moment later: wait, bounded
        await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> assertThat(HostState.strayBoxProcesses(
                runningContainerIds())).as("host processes of the box user (uid %s) outside any running box",
                HostState.BOX_UID).isEmpty());
        HostState after = HostState.capture();
        assertThat(after.fileHashes()).as("sensitive host files").isEqualTo(hostBefore.fileHashes());
        assertThat(after.directoryNames()).as("host directories").isEqualTo(hostBefore.directoryNames());
    }

    private static java.util.Set<String> runningContainerIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        engine.docker().listContainersCmd().exec().forEach(c -> ids.add(c.getId()));
        return ids;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void hostileProgram(Hostile h) {
        Limits l = h.limits();
        try (Box box = engine.sandbox().open(new BoxSpec(h.image(), l.memoryMb(), l.processes(), l.workDirMb()))) {
            if (!h.files().isEmpty()) {
                box.putFiles(h.files());
            }
            List<String> argv = h.argv();
            if (h.cSource() != null) {
                SandboxTestSupport.compileC(box, h.cSource(), h.compileFlags().toArray(String[]::new));
                argv = new ArrayList<>(List.of("build/main"));
                argv.addAll(h.argv());
            }
            StepOutcome outcome = box.run(new Step(argv, new byte[0], l.cpuTimeMs(), l.wallTimeMs(), l.outputBytes(),
                    l.fileSizeBytes(), l.collectDir()));
            h.expect().check(outcome, box);
            // whatever it did, the box still takes a step (nothing of the run is left in it)
            StepOutcome after = box.run(SandboxTestSupport.step(List.of("true"), ""));
            assertThat(after.exitCode()).as(describe(after)).contains(0);
        }
    }

    /** A closed box's container serves the next submission: it finds nothing of the one before. */
    @org.junit.jupiter.api.Test
    void nothingSurvivesIntoTheNextSubmissionOnTheSameContainer() {
        BoxSpec spec = new BoxSpec(C, 128, 32, 32);
        String container;
        try (Box first = engine.sandbox().open(spec)) {
            container = ((DockerBox) first).containerId();
            SandboxTestSupport.compileC(first, PLANTER);
            StepOutcome planted = first.run(SandboxTestSupport.step(List.of("build/main"), ""));
            assertThat(text(planted.stdout())).as(describe(planted)).contains("planted").doesNotContain("-1");
        }
        try (Box next = engine.sandbox().open(spec)) {
            assertThat(((DockerBox) next).containerId()).as("the same container, reused").isEqualTo(container);
            next.putFiles(List.of(source("next.txt", "the next submission")));
            assertNothingLeft(next, "next.txt");
        }
    }

    /** Compile bombs end by a limit of the compile step, within it, and leave the box usable. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("compileBombs")
    void compileBombEndsWithinTheCompileLimits(String name, String image, String file, String source, List<String> argv) {
        try (Box box = engine.sandbox().open(new BoxSpec(image, 256, 32, 32))) {
            box.putFiles(List.of(source(file, source)));
            StepOutcome compiled = box.run(new Step(argv, new byte[0], 2000, 4000, 64 * KB, 16 * MB, Optional.of("build")));
            assertThat(compiled.termination()).as(describe(compiled))
                    .isIn(Termination.CPU_LIMIT, Termination.WALL_LIMIT, Termination.MEMORY_LIMIT, Termination.OUTPUT_LIMIT);
            assertThat(compiled.wallTimeMs()).isLessThan(5000);
            assertThat(box.run(SandboxTestSupport.step(List.of("true"), "")).exitCode()).contains(0);
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> compileBombs() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("#include </dev/random>", C, "main.c",
                        "#include </dev/random>\nint main(void){return 0;}\n",
                        List.of("gcc", "-o", "build/main", "main.c")),
                org.junit.jupiter.params.provider.Arguments.of("C++ template bomb", SandboxTestSupport.CPP, "main.cpp", """
                        template<int N> struct F { static const long v = F<N - 1>::v + F<N - 2>::v + F<N - 3>::v; };
                        template<> struct F<0> { static const long v = 1; };
                        template<> struct F<1> { static const long v = 1; };
                        template<> struct F<2> { static const long v = 1; };
                        #define A(x) x x x x x x x x x x
                        template<int N> struct G { A(A(A(char c[N];))) };
                        int main() { return (int)F<100000>::v; }
                        """, List.of("g++", "-ftemplate-depth=1000000", "-o", "build/main", "main.cpp")));
    }

    static Stream<Hostile> table() {
        Limits std = Limits.standard();
        return Stream.of(
                c("fork bomb", "#include <unistd.h>\nint main(void){for(;;)fork();}", std.cpuWall(1000, 3000),
                        (o, box) -> assertThat(o.termination()).as(describe(o)).isIn(Termination.CPU_LIMIT, Termination.WALL_LIMIT)),
                c("thread bomb", """
                        #include <pthread.h>
                        #include <stdio.h>
                        #include <unistd.h>
                        static void *idle(void *a) { (void)a; for (;;) pause(); return 0; }
                        int main(void) {
                          pthread_attr_t at; pthread_attr_init(&at); pthread_attr_setstacksize(&at, 65536);
                          int n = 0; pthread_t t;
                          while (n < 100000 && pthread_create(&t, &at, idle, 0) == 0) n++;
                          printf("threads %d\\n", n); return 0; }
                        """, std, (o, box) -> {
                            assertThat(o.exitCode()).as(describe(o)).contains(0);
                            int threads = Integer.parseInt(text(o.stdout()).replaceAll("\\D", ""));
                            assertThat(threads).as("threads the pids limit allowed").isLessThan(32);
                        }),
                c("memory bomb touching its pages", """
                        #include <stdlib.h>
                        #include <string.h>
                        int main(void){ for(;;){ char *p = malloc(1 << 20); if (!p) return 3; memset(p, 1, 1 << 20); } }
                        """, std.memoryMb(64), (o, box) -> {
                            assertThat(o.termination()).as(describe(o)).isEqualTo(Termination.MEMORY_LIMIT);
                        }),
                c("busy loop", "int main(void){volatile unsigned long x = 0; for(;;) x++;}", std.cpuWall(500, 5000),
                        (o, box) -> {
                            assertThat(o.termination()).as(describe(o)).isEqualTo(Termination.CPU_LIMIT);
                            assertThat(o.cpuTimeMs()).isGreaterThanOrEqualTo(500).isLessThan(1500);
                            assertThat(o.wallTimeMs()).isLessThan(3000);
                        }),
                c("sleep(1000)", "#include <unistd.h>\nint main(void){sleep(1000);}", std.cpuWall(5000, 1000),
                        (o, box) -> {
                            assertThat(o.termination()).as(describe(o)).isEqualTo(Termination.WALL_LIMIT);
                            assertThat(o.wallTimeMs()).isBetween(1000L, 2000L);
                            assertThat(o.cpuTimeMs()).isLessThan(100);
                        }),
                c("1 GB to stdout", """
                        #include <string.h>
                        #include <unistd.h>
                        int main(void){ static char b[1 << 16]; memset(b, 'x', sizeof b);
                          for (long i = 0; i < (1L << 30) / (long)sizeof b; i++) if (write(1, b, sizeof b) < 0) return 1; return 0; }
                        """, std, (o, box) -> {
                            assertThat(o.termination()).as(describe(o)).isEqualTo(Termination.OUTPUT_LIMIT);
                            assertThat(o.outputTruncated()).isTrue();
                            assertThat(o.stdout().length).isEqualTo(64 * KB);
                            assertThat(o.wallTimeMs()).as("stopped quickly").isLessThan(1000);
                        }),
                c("filling the work dir", """
                        #include <errno.h>
                        #include <fcntl.h>
                        #include <stdio.h>
                        #include <string.h>
                        #include <unistd.h>
                        int main(void){ static char b[1 << 16]; char name[32];
                          for (int f = 0;; f++) { snprintf(name, sizeof name, "fill%d", f);
                            int fd = open(name, O_WRONLY | O_CREAT, 0644);
                            if (fd < 0) { printf("open: %s\\n", strerror(errno)); return 0; }
                            for (int i = 0; i < 32; i++) if (write(fd, b, sizeof b) < 0) { printf("write: %s\\n", strerror(errno)); return 0; }
                            close(fd); } }
                        """, std.files(16, 64 * MB), (o, box) -> {
                            assertThat(o.exitCode()).as(describe(o)).contains(0);
                            assertThat(text(o.stdout())).contains("No space left on device");
                        }),
                c("one huge file", """
                        #include <stdio.h>
                        int main(void){ FILE *f = fopen("huge", "w"); static char b[1 << 16];
                          for (int i = 0; i < 160; i++) fwrite(b, 1, sizeof b, f); fclose(f); puts("written"); return 0; }
                        """, std.files(32, 1 * MB), (o, box) -> {
                            assertThat(o.termination()).as(describe(o)).isEqualTo(Termination.FILE_SIZE_LIMIT);
                            assertThat(o.signal()).contains("SIGXFSZ");
                            assertThat(text(o.stdout())).doesNotContain("written");
                        }),
                python("one huge file from a runtime that ignores SIGXFSZ", """
                        with open('huge', 'wb') as f:
                            for _ in range(160):
                                f.write(b'x' * 65536)
                        print('written')
                        """, std.files(32, 1 * MB), (o, box) -> {
                            // Python gets EFBIG, raises and exits 1: still the file-size limit, not a runtime error
                            assertThat(o.termination()).as(describe(o)).isEqualTo(Termination.FILE_SIZE_LIMIT);
                            assertThat(o.signal()).isEmpty();
                            assertThat(text(o.stderr())).contains("File too large");
                            assertThat(text(o.stdout())).doesNotContain("written");
                        }),
                python("a failure next to a file under the size limit is a plain exit", """
                        with open('big', 'wb') as f:
                            f.write(b'x' * (1024 * 1024 - 1))
                        raise SystemExit(3)
                        """, std.files(32, 1 * MB), (o, box) -> {
                            assertThat(o.termination()).as(describe(o)).isEqualTo(Termination.EXITED);
                            assertThat(o.exitCode()).contains(3);
                        }),
                new Hostile("a failure next to a large file the host put in is a plain exit", PYTHON, null, List.of(),
                        std.files(32, 1 * MB), List.of("python3", "-B", "main.py"),
                        List.of(source("main.py", "raise SystemExit(3)\n"),
                                new BoxFile("build/main", new byte[2 * (int) MB], true)), (o, box) -> {
                            // a compiled binary over the run's file-size limit is not a file the program wrote
                            assertThat(o.termination()).as(describe(o)).isEqualTo(Termination.EXITED);
                            assertThat(o.exitCode()).contains(3);
                        }),
                python("TCP connect and DNS lookup", """
                        import socket
                        try:
                            socket.create_connection(('1.1.1.1', 80), timeout=2); print('connected')
                        except OSError as e:
                            print('tcp', e.errno)
                        try:
                            socket.create_connection(('127.0.0.1', 22), timeout=2); print('connected to loopback')
                        except OSError as e:
                            print('loopback', e.errno)
                        try:
                            socket.getaddrinfo('deb.debian.org', 80); print('resolved')
                        except OSError as e:
                            print('dns', type(e).__name__)
                        """, std, (o, box) -> assertThat(text(o.stdout())).as(describe(o))
                                .contains("tcp 101").contains("loopback 111").contains("dns gaierror")
                                .doesNotContain("connected").doesNotContain("resolved")),
                python("/etc/shadow, boxrun's environment and the program's", """
                        import os
                        try:
                            open('/etc/shadow').read(); print('shadow readable')
                        except OSError as e:
                            print('shadow', e.errno)
                        for p in ['/proc/1/environ', '/proc/1/fd/0', '/proc/1/mem']:
                            try:
                                open(p, 'rb').read(1); print(p, 'readable')
                            except OSError:
                                print(p, 'denied')
                        print('env', ' '.join(sorted(os.environ)))
                        """, std, (o, box) -> assertThat(text(o.stdout())).as(describe(o))
                                .contains("shadow 13")
                                .contains("/proc/1/environ denied", "/proc/1/fd/0 denied", "/proc/1/mem denied")
                                .contains("env HOME LANG PATH TMPDIR\n")
                                .doesNotContain("readable")),
                python("writing outside the work dir", """
                        for p in ['/etc/evil', '/usr/bin/evil', '/evil', '/proc/evil', '/sys/evil', '/box/../etc/evil']:
                            try:
                                open(p, 'w').write('x'); print('wrote', p)
                            except OSError as e:
                                print('refused', p)
                        open('/tmp/ok', 'w').write('scratch space works'); print(open('/tmp/ok').read())
                        open('/dev/shm/ok', 'w').write('private shm works'); print(open('/dev/shm/ok').read())
                        """, std, (o, box) -> assertThat(text(o.stdout())).as(describe(o))
                                .doesNotContain("wrote").contains("refused /etc/evil").contains("scratch space works")
                                .contains("private shm works")),
                python("symlinks and a FIFO planted in the collect dir", """
                        import os
                        os.makedirs('build', exist_ok=True)
                        os.symlink('/etc/passwd', 'build/passwd-link')
                        os.symlink('/etc', 'build/etc-link')
                        os.mkfifo('build/fifo')
                        os.makedirs('build/sub', exist_ok=True)
                        os.symlink('/etc/hostname', 'build/sub/link')
                        open('build/sub/real.txt', 'w').write('mine')
                        """, std.collect("build"), (o, box) -> {
                            assertThat(o.exitCode()).as(describe(o)).contains(0);
                            assertThat(o.artifacts()).extracting(BoxFile::name).containsExactly("build/sub/real.txt");
                        }),
                python("symlinks planted where the host writes files", """
                        import os
                        os.symlink('/tmp/target', 'data.txt')
                        os.symlink('/tmp', 'dir')
                        """, std, (o, box) -> {
                            // the links stay in the step's own work dir: the host writes where no step can plant
                            box.putFiles(List.of(source("data.txt", "from the host")));
                            box.putFiles(List.of(source("dir/x.txt", "from the host")));
                            StepOutcome check = box.run(SandboxTestSupport.step(List.of("python3", "-c",
                                    "import os; print(os.path.islink('data.txt'), open('data.txt').read(),"
                                            + " os.path.exists('/tmp/target'), os.path.exists('/tmp/x.txt'),"
                                            + " os.path.islink('dir'), open('dir/x.txt').read())"), ""));
                            assertThat(text(check.stdout())).as(describe(check))
                                    .isEqualTo("False from the host False False False from the host\n");
                        }),
                c("setsid daemon outliving main", """
                        #include <fcntl.h>
                        #include <stdio.h>
                        #include <unistd.h>
                        int main(void){ pid_t p = fork();
                          if (p == 0) { setsid(); if (fork() == 0) { for (;;) { int fd = open("beat", O_WRONLY | O_CREAT | O_APPEND, 0644);
                            if (write(fd, "x", 1) < 0) return 1; close(fd); usleep(5000); } } _exit(0); }
                          usleep(50000); puts("main done"); return 0; }
                        """, std, (o, box) -> {
                            assertThat(o.exitCode()).as(describe(o)).contains(0);
                            StepOutcome procs = box.run(SandboxTestSupport.step(List.of("sh", "-c",
                                    "for p in /proc/[0-9]*; do echo ${p#/proc/}; done"), ""));
                            assertThat(text(procs.stdout()).lines().toList()).as("processes in the box: boxrun and this sh")
                                    .hasSize(2).contains("1");
                        }),
                c("kill(-1) and signals at PID 1", """
                        #include <signal.h>
                        #include <stdio.h>
                        int main(void){ kill(1, SIGKILL); kill(1, SIGTERM); kill(1, SIGSTOP); int r = kill(-1, SIGKILL);
                          printf("still here %d\\n", r); return 0; }
                        """, std, (o, box) -> {
                            assertThat(o.termination()).as(describe(o)).isEqualTo(Termination.EXITED);
                            assertThat(text(o.stdout())).startsWith("still here");
                        }),
                c("ptrace and /proc/1/mem of the supervisor", """
                        #include <errno.h>
                        #include <fcntl.h>
                        #include <stdio.h>
                        #include <string.h>
                        #include <sys/ptrace.h>
                        int main(void){ long r = ptrace(PTRACE_ATTACH, 1, 0, 0); printf("ptrace %ld %s\\n", r, r ? strerror(errno) : "");
                          int fd = open("/proc/1/mem", O_RDWR); printf("mem %d %s\\n", fd, fd < 0 ? strerror(errno) : "");
                          fd = open("/proc/1/fd/1", O_WRONLY); printf("fd %d %s\\n", fd, fd < 0 ? strerror(errno) : ""); return 0; }
                        """, std, (o, box) -> assertThat(text(o.stdout())).as(describe(o))
                                .contains("ptrace -1 Operation not permitted").contains("mem -1 Permission denied")
                                .contains("fd -1 Permission denied")),
                c("binary, NUL and invalid UTF-8 output", """
                        #include <unistd.h>
                        int main(void){ unsigned char b[260]; for (int i = 0; i < 256; i++) b[i] = (unsigned char)i;
                          b[256] = 0xff; b[257] = 0xfe; b[258] = 0xc3; b[259] = 0x28;
                          if (write(1, b, 260) != 260 || write(2, b, 260) != 260) return 1; return 0; }
                        """, std, (o, box) -> {
                            byte[] expected = new byte[260];
                            for (int i = 0; i < 256; i++) {
                                expected[i] = (byte) i;
                            }
                            expected[256] = (byte) 0xff;
                            expected[257] = (byte) 0xfe;
                            expected[258] = (byte) 0xc3;
                            expected[259] = (byte) 0x28;
                            assertThat(o.stdout()).as(describe(o)).isEqualTo(expected);
                            assertThat(o.stderr()).isEqualTo(expected);
                        }),
                c("files, processes, shared memory and environment left for the next test case", PLANTER, std,
                        (o, box) -> {
                            assertThat(text(o.stdout())).as(describe(o)).contains("planted").doesNotContain("-1");
                            assertNothingLeft(box, "build main.c");
                        }),
                new Hostile("args and compiler options holding ; $( ) backticks and newlines", C, """
                        #include <stdio.h>
                        int main(int argc, char **argv){ fputs(MSG, stdout); putchar(0);
                          for (int i = 1; i < argc; i++) { fputs(argv[i], stdout); putchar(0); } return 0; }
                        """, List.of("-DMSG=\"a;b $(id) `id` | true && x\""), std,
                        List.of("a;b", "$(id)", "`id`", "x\ny", "'q' \"r\"", "; rm -rf /box"), List.of(),
                        (o, box) -> {
                            ByteArrayOutputStream want = new ByteArrayOutputStream();
                            for (String s : List.of("a;b $(id) `id` | true && x", "a;b", "$(id)", "`id`", "x\ny", "'q' \"r\"",
                                    "; rm -rf /box")) {
                                want.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                                want.write(0);
                            }
                            assertThat(Arrays.equals(o.stdout(), want.toByteArray()))
                                    .as("argv passed literally: " + describe(o)).isTrue();
                        }));
    }

    /**
     * Leaves everything it can: files in /box, /tmp and /dev/shm (POSIX shared memory), a SysV shared
     * memory segment and message queue, a POSIX message queue, an environment variable and a setsid
     * daemon; prints -1 for anything it could not create.
     */
    static final String PLANTER = """
            #include <fcntl.h>
            #include <mqueue.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <sys/mman.h>
            #include <sys/msg.h>
            #include <sys/shm.h>
            #include <unistd.h>
            static int plant(const char *path) { FILE *f = fopen(path, "w"); if (!f) return -1; fputs("left", f); return fclose(f); }
            int main(void) {
              printf("box %d tmp %d\\n", plant("/box/left-box"), plant("/tmp/left-tmp"));
              int fd = shm_open("/left-shm", O_CREAT | O_RDWR, 0644);
              printf("posix-shm %d\\n", fd < 0 ? -1 : ftruncate(fd, 4096));
              printf("sysv-shm %d\\n", shmget(0x5eed, 4096, IPC_CREAT | 0666) < 0 ? -1 : 0);
              printf("sysv-msg %d\\n", msgget(0x5eee, IPC_CREAT | 0666) < 0 ? -1 : 0);
              printf("mq %d\\n", mq_open("/left-mq", O_CREAT | O_RDWR, 0644, NULL) == (mqd_t)-1 ? -1 : 0);
              setenv("LEFT_BEHIND", "1", 1);
              if (fork() == 0) { setsid(); if (fork() == 0) { for (;;) pause(); } _exit(0); }
              puts("planted"); fflush(stdout); usleep(20000); return 0; }
            """;

    /** The next step of the box (the next test case) sees only the box's own files and nothing else. */
    static void assertNothingLeft(Box box, String boxFiles) {
        StepOutcome check = box.run(SandboxTestSupport.step(List.of("sh", "-c", """
                n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; echo processes $n
                for d in /box /tmp /dev/shm /dev/mqueue; do echo $d: $(ls -A $d); done
                for t in shm msg sem; do echo sysv-$t $(($(wc -l < /proc/sysvipc/$t) - 1)); done
                echo env $(env | grep -c LEFT_BEHIND)
                """), ""));
        assertThat(text(check.stdout())).as(describe(check)).isEqualTo("""
                processes 2
                /box: %s
                /tmp:
                /dev/shm:
                /dev/mqueue:
                sysv-shm 0
                sysv-msg 0
                sysv-sem 0
                env 0
                """.formatted(boxFiles));
    }

    private static Hostile c(String name, String source, Limits limits, Expectation expect) {
        return new Hostile(name, C, source, List.of(), limits, List.of(), List.of(), expect);
    }

    private static Hostile python(String name, String source, Limits limits, Expectation expect) {
        return new Hostile(name, PYTHON, null, List.of(), limits, List.of("python3", "-B", "main.py"),
                List.of(source("main.py", source)), expect);
    }
}
