/*
 * boxrun: the supervisor inside every codeexec box. It is the container's PID 1 and talks to the
 * host over its stdin/stdout with length-prefixed frames (see PROTOCOL.md). The container lives for
 * many steps; every step (each compile, each test case) runs in a fresh inner sandbox of its own
 * (sandbox.h): new user, mount, PID, IPC, network and UTS namespaces, fresh tmpfs on /box, /tmp and
 * /dev/shm, a fresh mqueue, rlimits, no namespace calls for the program; the namespaces and file
 * systems of the next step's sandbox are built ahead, between steps. boxrun feeds the step's
 * stdin, forwards its output up to a cap, enforces wall and CPU time, measures CPU, wall and peak
 * memory, detects OOM kills from the cgroup, kills everything the step left behind and reports.
 * Being PID 1 of the container it cannot be killed from inside, and it is not dumpable, so the
 * program cannot open /proc/1/fd or ptrace it.
 *
 * Build: gcc -std=gnu17 -O2 -Wall -Wextra -static -o boxrun boxrun.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/statfs.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROTOCOL_VERSION "boxrun 2"
#define WORK_DIR "/box"          /* the step's view: a fresh tmpfs per step */
#define STAGE_IN "/box/in"       /* the container's view: files the host put in the box */
#define STAGE_OUT "/box/out"     /* the container's view: artifacts the last step left */
#define CHUNK 65536
#define MAX_DEPTH 16

/* host -> box */
#define IN_FILE 'F'
#define IN_STEP 'S'
#define IN_QUIT 'Q'
#define IN_WIPE 'W'
/* box -> host */
#define OUT_READY 'R'
#define OUT_ACK 'K'
#define OUT_STDOUT 'O'
#define OUT_STDERR 'E'
#define OUT_ARTIFACT 'A'
#define OUT_REPORT 'X'
#define OUT_FATAL 'Z'

enum termination { T_EXITED, T_SIGNALLED, T_CPU, T_WALL, T_MEMORY, T_OUTPUT, T_FILE_SIZE };

/* Variables a program may see, when the container has them (the host sets only allow-listed
 * ones; the image may set toolchain ones). HOME, TMPDIR and LANG are always set by boxrun. */
static const char *const ENV_ALLOWED[] = {
    "PATH", "LC_ALL", "TZ", "JAVA_HOME", "CGO_ENABLED", "GOCACHE", "GOFLAGS", "GOPROXY",
    "GOTOOLCHAIN", "GO111MODULE", "PYTHONDONTWRITEBYTECODE", NULL};

static int is_init;
static char cg_cpu_path[128];
static char cg_oom_path[128];

/* ---------- plumbing ---------- */

static void fatal(const char *fmt, ...);

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void put_u16(unsigned char *p, uint16_t v) { p[0] = v >> 8; p[1] = v; }
static void put_u32(unsigned char *p, uint32_t v) {
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}
static void put_u64(unsigned char *p, uint64_t v) { put_u32(p, v >> 32); put_u32(p + 4, (uint32_t)v); }
static uint32_t get_u32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint64_t get_u64(const unsigned char *p) { return (uint64_t)get_u32(p) << 32 | get_u32(p + 4); }

/* Reads exactly n bytes from the host; returns 0 on a clean EOF before the first byte. */
static int read_full(void *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(0, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) fatal("read from host: %s", strerror(errno));
        if (r == 0) {
            if (got == 0) return 0;
            fatal("host closed the stream inside a frame");
        }
        got += (size_t)r;
    }
    return 1;
}

static int write_fully(int fd, const char *p, size_t n) {
    for (size_t off = 0; off < n;) {
        ssize_t w = write(fd, p + off, n - off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1; /* EPIPE (SIGPIPE is ignored): the reader is gone */
        off += (size_t)w;
    }
    return 0;
}

static void write_all(const void *buf, size_t n) {
    if (write_fully(1, buf, n) < 0) exit(3); /* the host is gone: nothing left to report to */
}

/* The 5 bytes that open every frame: type, u32 payload length. */
static void send_header(char type, uint64_t len) {
    unsigned char hdr[5];
    hdr[0] = (unsigned char)type;
    put_u32(hdr + 1, (uint32_t)len);
    write_all(hdr, 5);
}

/* Sends one frame: type, u32 length of head+body, then head and body. */
static void send_frame2(char type, const void *head, size_t head_len, const void *body, size_t body_len) {
    send_header(type, head_len + body_len);
    if (head_len) write_all(head, head_len);
    if (body_len) write_all(body, body_len);
}

static void send_frame(char type, const void *body, size_t len) { send_frame2(type, NULL, 0, body, len); }

static void fatal(const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof msg) n = sizeof msg - 1;
    fprintf(stderr, "boxrun: %s\n", msg);
    send_frame(OUT_FATAL, msg, (size_t)n);
    exit(2);
}

static void skip_input(uint64_t n) {
    char buf[CHUNK];
    while (n > 0) {
        size_t k = n < sizeof buf ? (size_t)n : sizeof buf;
        if (!read_full(buf, k)) fatal("host closed the stream inside a frame");
        n -= k;
    }
}

/* ---------- cgroup readings (v1 and v2; absent files give -1) ---------- */

static void find_cgroup_files(void) {
    static const char *cpu[] = {"/sys/fs/cgroup/cpuacct/cpuacct.usage",
                                "/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage", "/sys/fs/cgroup/cpu.stat", NULL};
    static const char *oom[] = {"/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events", NULL};
    for (int i = 0; cpu[i]; i++)
        if (access(cpu[i], R_OK) == 0) { snprintf(cg_cpu_path, sizeof cg_cpu_path, "%s", cpu[i]); break; }
    for (int i = 0; oom[i]; i++)
        if (access(oom[i], R_OK) == 0) { snprintf(cg_oom_path, sizeof cg_oom_path, "%s", oom[i]); break; }
}

static int read_small(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0) return -1;
    buf[n] = 0;
    return 0;
}

/* The value after `key ` on its own line, or -1. */
static long long keyed_value(const char *text, const char *key) {
    size_t k = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, key, k) == 0 && p[k] == ' ') return atoll(p + k + 1);
    return -1;
}

/* CPU time of the whole container in microseconds, or -1. */
static long long cgroup_cpu_us(void) {
    char buf[1024];
    if (!cg_cpu_path[0] || read_small(cg_cpu_path, buf, sizeof buf) < 0) return -1;
    if (strstr(cg_cpu_path, "cpu.stat")) return keyed_value(buf, "usage_usec");
    return atoll(buf) / 1000;
}

static long long cgroup_oom_kills(void) {
    char buf[1024];
    if (!cg_oom_path[0] || read_small(cg_oom_path, buf, sizeof buf) < 0) return -1;
    return keyed_value(buf, "oom_kill");
}

/* ---------- paths in the work dir, never following symlinks ---------- */

static int valid_relative_path(const char *p) {
    if (!*p || *p == '/' || strlen(p) > 1024) return 0;
    const char *c = p;
    while (*c) {
        const char *e = strchrnul(c, '/');
        size_t n = (size_t)(e - c);
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.')) return 0;
        c = *e ? e + 1 : e;
        if (*e && !*c) return 0; /* trailing slash */
    }
    return 1;
}

/* Opens the directory holding the last component of `path`, creating directories when asked.
 * Returns the fd and points *leaf at the last component (inside the caller's buffer). */
static int open_parent_at(int base, char *path, int create, char **leaf) {
    int dir = fcntl(base, F_DUPFD_CLOEXEC, 0);
    if (dir < 0) return -1;
    char *c = path;
    for (char *slash; (slash = strchr(c, '/')); c = slash + 1) {
        *slash = 0;
        if (create && mkdirat(dir, c, 0755) < 0 && errno != EEXIST) { int e = errno; *slash = '/'; close(dir); errno = e; return -1; }
        int next = openat(dir, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int e = errno;
        *slash = '/';
        close(dir);
        if (next < 0) { errno = e; return -1; }
        dir = next;
    }
    *leaf = c;
    return dir;
}

static int open_parent(const char *base, char *path, int create, char **leaf) {
    int dir = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return -1;
    int r = open_parent_at(dir, path, create, leaf);
    int e = errno;
    close(dir);
    errno = e;
    return r;
}

/* Opens the directory `rel_dir` under the directory fd `base` (creating it when asked), no symlink followed. */
static int open_dir_at(int base, const char *rel_dir, int create) {
    char path[1100], *leaf;
    if (!valid_relative_path(rel_dir)) return -1;
    snprintf(path, sizeof path, "%s/x", rel_dir);
    return open_parent_at(base, path, create, &leaf);
}

static int open_dir(const char *base, const char *rel_dir, int create) {
    int dir = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return -1;
    int r = open_dir_at(dir, rel_dir, create);
    close(dir);
    return r;
}

static void send_ack(int err, const char *msg) {
    unsigned char head[4];
    put_u32(head, (uint32_t)err);
    send_frame2(OUT_ACK, head, 4, msg, strlen(msg));
}

/* FILE: u32 mode, u16 path length, path, content (the rest of the frame). Answers ACK. The file
 * goes to the stage (STAGE_IN), which no step ever sees: each step gets a fresh copy of it. */
static void handle_file(uint32_t len) {
    unsigned char head[6];
    if (len < 6 || !read_full(head, 6)) fatal("short FILE frame");
    uint32_t mode = get_u32(head) & 0777;
    uint32_t path_len = (uint32_t)head[4] << 8 | head[5];
    if (6u + path_len > len) fatal("bad FILE frame");
    char path[1100];
    if (path_len >= sizeof path) { skip_input(len - 6); send_ack(EINVAL, "invalid path"); return; }
    if (!read_full(path, path_len) && path_len) fatal("short FILE frame");
    path[path_len] = 0;
    uint64_t remaining = len - 6 - path_len;
    int err = 0;
    if (!valid_relative_path(path) || memchr(path, 0, path_len)) { skip_input(remaining); send_ack(EINVAL, "invalid path"); return; }
    char *leaf;
    int dir = open_parent(STAGE_IN, path, 1, &leaf), fd = -1;
    if (dir < 0) err = errno;
    else {
        unlinkat(dir, leaf, 0); /* whatever a previous step left there (a planted symlink too) */
        fd = openat(dir, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0) err = errno;
        close(dir);
    }
    char buf[CHUNK];
    while (remaining > 0) {
        size_t k = remaining < sizeof buf ? (size_t)remaining : sizeof buf;
        if (!read_full(buf, k)) fatal("short FILE frame");
        remaining -= k;
        for (size_t off = 0; fd >= 0 && !err && off < k;) {
            ssize_t w = write(fd, buf + off, k - off);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) { err = errno; break; }
            off += (size_t)w;
        }
    }
    if (fd >= 0) {
        if (!err && fchmod(fd, mode) < 0) err = errno;
        close(fd);
    }
    send_ack(err, err ? strerror(err) : "");
}

/* ---------- killing and reaping ---------- */

struct usage {
    uint64_t cpu_us;
    long maxrss_kb;
    int xfsz; /* some process died of SIGXFSZ */
};

static uint64_t cpu_us_of(const struct rusage *ru) {
    return (uint64_t)ru->ru_utime.tv_sec * 1000000u + (uint64_t)ru->ru_utime.tv_usec
         + (uint64_t)ru->ru_stime.tv_sec * 1000000u + (uint64_t)ru->ru_stime.tv_usec;
}

static void account(struct usage *u, int status, const struct rusage *ru) {
    u->cpu_us += cpu_us_of(ru);
    if (ru->ru_maxrss > u->maxrss_kb) u->maxrss_kb = ru->ru_maxrss;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ) u->xfsz = 1;
}

static void kill_all(pid_t pgid) {
    if (is_init) kill(-1, SIGKILL); /* from PID 1: every other process of the box */
    else if (pgid > 0) kill(-pgid, SIGKILL);
}

/* The next process of a /proc listing besides PID 1 (boxrun when it is the box's init); 0 at its end. */
static long next_process(DIR *proc) {
    for (struct dirent *e; (e = readdir(proc));) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (!*end && pid > 1) return pid;
    }
    return 0;
}

/* The peak RSS (VmHWM) of every process still alive in the box, read before they are killed. A
 * killed sandbox init ignores SIGCHLD while the kernel tears its PID namespace down, so its
 * children are reaped unwaited and their ru_maxrss reaches no one: without this, a step stopped
 * by a limit would report the peak of whatever happened to be waited for. As PID 1, boxrun sees
 * every process of the container; while a step runs they are all the step's (the next step's
 * sandbox is built only after this one's report). */
static void note_live_peaks(struct usage *u) {
    if (!is_init) return;
    DIR *d = opendir("/proc");
    if (!d) return;
    for (long pid; (pid = next_process(d)) > 0;) {
        char path[64], buf[4096];
        snprintf(path, sizeof path, "/proc/%ld/status", pid);
        if (read_small(path, buf, sizeof buf) < 0) continue; /* gone meanwhile */
        const char *hwm = strstr(buf, "\nVmHWM:");
        long kb;
        if (hwm && sscanf(hwm + 7, " %ld", &kb) == 1 && kb > u->maxrss_kb) u->maxrss_kb = kb;
    }
    closedir(d);
}

/* Stops the step: everything in it, its peak memory noted first. */
static void stop_step(pid_t pgid, struct usage *u) {
    note_live_peaks(u);
    kill_all(pgid);
}

/* Kills everything left and reaps it all, so nothing outlives the step. */
static void kill_and_reap_all(pid_t pgid, struct usage *u) {
    for (;;) {
        kill_all(pgid);
        int status;
        struct rusage ru;
        pid_t p = wait4(-1, &status, 0, &ru);
        if (p < 0 && errno == EINTR) continue;
        if (p < 0) return; /* ECHILD: nothing left */
        account(u, status, &ru);
    }
}

/* ---------- artifacts ---------- */

static void send_file_fd(int fd, const char *rel, mode_t mode, off_t size) {
    unsigned char head[6];
    size_t rel_len = strlen(rel);
    put_u32(head, mode & 0777);
    put_u16(head + 4, (uint16_t)rel_len);
    send_header(OUT_ARTIFACT, 6 + rel_len + (uint64_t)size);
    write_all(head, 6);
    write_all(rel, rel_len);
    char buf[CHUNK];
    off_t left = size;
    while (left > 0) {
        ssize_t r = read(fd, buf, left < (off_t)sizeof buf ? (size_t)left : sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) { memset(buf, 0, sizeof buf); r = left < (off_t)sizeof buf ? left : (off_t)sizeof buf; }
        write_all(buf, (size_t)r);
        left -= r;
    }
}

static void collect_dir(int dir, const char *prefix, int depth) {
    if (depth > MAX_DEPTH) return;
    int dup_fd = dup(dir);
    if (dup_fd < 0) return;
    DIR *d = fdopendir(dup_fd);
    if (!d) { close(dup_fd); return; }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char rel[1100];
        if (snprintf(rel, sizeof rel, "%s/%s", prefix, e->d_name) >= (int)sizeof rel) continue;
        struct stat st;
        if (fstatat(dir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
        if (S_ISDIR(st.st_mode)) {
            int sub = openat(dir, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0) { collect_dir(sub, rel, depth + 1); close(sub); }
        } else if (S_ISREG(st.st_mode)) {
            int fd = openat(dir, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) continue;
            if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) send_file_fd(fd, rel, st.st_mode, st.st_size);
            close(fd);
        } /* symlinks, fifos, sockets, devices: never followed, never sent */
    }
    closedir(d);
}

static void collect_artifacts(const char *rel_dir) {
    int dir = open_dir(STAGE_OUT, rel_dir, 0);
    if (dir < 0) return;
    collect_dir(dir, rel_dir, 0);
    close(dir);
}

/* ---------- one step ---------- */

struct step {
    uint64_t cpu_ms, wall_ms, output_bytes, file_size_bytes;
    uint32_t nofile;
    char **argv;
    char *collect;
    const unsigned char *stdin_data;
    size_t stdin_len;
};

/* Parses a STEP payload (see handle_step) into `s`; `spec_len`, when given, is set to the length of
 * everything before the stdin field. Returns 0, or -1 for a malformed payload. */
static int parse_step(const unsigned char *buf, size_t len, struct step *s, size_t *spec_len) {
    size_t off = 0;
#define NEED(k) do { if (len - off < (size_t)(k)) return -1; } while (0)
    NEED(40);
    s->cpu_ms = get_u64(buf); s->wall_ms = get_u64(buf + 8); s->output_bytes = get_u64(buf + 16);
    s->file_size_bytes = get_u64(buf + 24); s->nofile = get_u32(buf + 32);
    uint32_t argc = get_u32(buf + 36);
    off = 40;
    if (argc == 0 || argc > 65536) return -1;
    s->argv = calloc(argc + 1, sizeof *s->argv);
    if (!s->argv) return -1;
    for (uint32_t i = 0; i < argc; i++) {
        NEED(4);
        uint32_t n = get_u32(buf + off);
        off += 4;
        NEED(n);
        s->argv[i] = strndup((const char *)buf + off, n); /* NUL cannot be in an argv entry: cut there */
        off += n;
    }
    NEED(4);
    uint32_t cl = get_u32(buf + off);
    off += 4;
    NEED(cl);
    if (cl) s->collect = strndup((const char *)buf + off, cl);
    off += cl;
    if (spec_len) *spec_len = off;
    NEED(4);
    s->stdin_len = get_u32(buf + off);
    off += 4;
    NEED(s->stdin_len);
    s->stdin_data = buf + off;
#undef NEED
    return 0;
}

static void free_step(struct step *s) {
    for (size_t i = 0; s->argv && s->argv[i]; i++) free(s->argv[i]);
    free(s->argv);
    free(s->collect);
}

static int read_fd_full(int fd, void *buf, size_t n) {
    for (size_t got = 0; got < n;) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

/* In a prepared sandbox's init: the step boxrun hands it (u32 length, then a STEP payload without
 * stdin, which boxrun feeds through the pipe). -1 when boxrun closed the pipe instead. */
static int read_step_spec(int go_fd, struct step *s) {
    unsigned char head[4];
    if (read_fd_full(go_fd, head, 4) < 0) return -1;
    uint32_t len = get_u32(head);
    unsigned char *buf = malloc(len ? len : 1);
    if (!buf || read_fd_full(go_fd, buf, len) < 0 || parse_step(buf, len, s, NULL) < 0) return -1;
    return 0; /* argv and collect are copies; the buffer lives until the init exits */
}

/* Sets both the soft and the hard limit of `pid` (0: this process), never above the hard one. */
static void limit_process(pid_t pid, int resource, rlim_t value) {
    struct rlimit old, r;
    if (prlimit(pid, resource, NULL, &old) < 0) return;
    if (old.rlim_max != RLIM_INFINITY && value > old.rlim_max) value = old.rlim_max;
    r.rlim_cur = value;
    r.rlim_max = value;
    prlimit(pid, resource, &r, NULL);
}

static void set_limit(int resource, rlim_t value) { limit_process(0, resource, value); }

/* The limits that depend on the step, for the process `pid` (0: this one). */
static void step_limits(pid_t pid, const struct step *s) {
    limit_process(pid, RLIMIT_FSIZE, (rlim_t)s->file_size_bytes);
    if (s->nofile) limit_process(pid, RLIMIT_NOFILE, s->nofile);
    /* backstop only: the CPU limit over all processes is enforced from the cgroup */
    limit_process(pid, RLIMIT_CPU, (rlim_t)((s->cpu_ms + 999) / 1000 + 1));
}

static char **child_env(void) {
    static char *env[32];
    static char buf[32][512];
    int n = 0;
    for (int i = 0; ENV_ALLOWED[i] && n < 28; i++) {
        const char *v = getenv(ENV_ALLOWED[i]);
        if (!v) continue;
        snprintf(buf[n], sizeof buf[n], "%s=%s", ENV_ALLOWED[i], v);
        env[n] = buf[n];
        n++;
    }
    if (!getenv("PATH")) env[n++] = "PATH=/usr/local/bin:/usr/bin:/bin";
    env[n++] = "HOME=" WORK_DIR;
    env[n++] = "TMPDIR=/tmp";
    env[n++] = "LANG=C.UTF-8";
    env[n] = NULL;
    return env;
}

/* The program may not use the two calls the container's seccomp profile adds for boxrun (unshare,
 * mount): a second filter on top of Docker's gives it exactly Docker's default. */
static int deny_namespace_calls(void) {
#define DENY(nr) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
#if defined(__x86_64__)
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 6), /* else skip the 6 below */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        DENY(310), /* i386 unshare */
        DENY(21),  /* i386 mount */
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_STMT(BPF_ALU | BPF_AND | BPF_K, ~0x40000000u), /* x32 uses the same numbers plus a bit */
#else
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#endif
        DENY(SYS_unshare),
        DENY(SYS_mount),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
#undef DENY
    struct sock_fprog prog = {(unsigned short)(sizeof filter / sizeof filter[0]), filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

/* Everything a program's process gets before it executes anything: its stdin, stdout and stderr,
 * no other file (but `ctl_fd`, as fd 3, when it is not -1), no core dumps, the step's limits (set
 * later with step_limits when `s` is NULL), the work dir, no capabilities, no namespace calls. */
static void child_setup(const struct step *s, int in_fd, int out_fd, int err_fd, int ctl_fd) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    setpgid(0, 0);
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(127);
    if (ctl_fd >= 0 && (ctl_fd == 3 ? fcntl(3, F_SETFD, 0) : dup2(ctl_fd, 3)) < 0) _exit(127);
    syscall(SYS_close_range, ctl_fd >= 0 ? 4u : 3u, ~0u, 0u);
    set_limit(RLIMIT_CORE, 0);
    if (s) step_limits(0, s);
    struct rlimit stack;
    if (getrlimit(RLIMIT_STACK, &stack) == 0) {
        stack.rlim_cur = stack.rlim_max == RLIM_INFINITY ? (rlim_t)256 << 20 : stack.rlim_max;
        setrlimit(RLIMIT_STACK, &stack);
    }
    if (chdir(WORK_DIR) < 0) _exit(127);
    /* the capabilities the user namespace gave us end here: none in the bounding set, none after exec
     * (the uid is not 0 in the namespace), and no namespace calls */
    for (int cap = 0; cap <= 63; cap++) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
    if (deny_namespace_calls() < 0) {
        dprintf(2, "boxrun: cannot install the seccomp filter: %s\n", strerror(errno));
        _exit(127);
    }
}

static void exec_child(const struct step *s, int in_fd, int out_fd, int err_fd, char **envp) {
    child_setup(s, in_fd, out_fd, err_fd, -1);
    execvpe(s->argv[0], s->argv, envp);
    dprintf(2, "boxrun: cannot execute %s: %s\n", s->argv[0], strerror(errno));
    _exit(127);
}

struct out_state {
    uint64_t total, cap;
    int truncated;
};

/* Reads what a pipe holds and forwards it up to the cap. Returns 0 once the pipe is at EOF. */
static int pump(int fd, char type, struct out_state *o) {
    char buf[CHUNK];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno == EAGAIN ? 1 : 0;
        if (n == 0) return 0;
        uint64_t room = o->total < o->cap ? o->cap - o->total : 0;
        size_t send = (uint64_t)n > room ? (size_t)room : (size_t)n;
        if (send) send_frame(type, buf, send);
        o->total += (uint64_t)n;
        if ((uint64_t)n > room) o->truncated = 1;
        if (n < (ssize_t)sizeof buf) return 1;
    }
}

/* ---------- files that reached the file-size limit ---------- */

/* A runtime that ignores SIGXFSZ (Python, the JVM) sees a write past RLIMIT_FSIZE fail with
 * EFBIG and usually exits with an error instead of dying of the signal. The limit stops a file at
 * exactly its size, so a step that failed while a file it wrote (under /box or /tmp) has that
 * size is told apart from an ordinary runtime error. Files already that large before the step
 * (a compiled binary, an input the host put in) are noted before it starts and count only if the
 * step changed them. The walks never follow a link, stay on each file system and give up after
 * FULL_WALK_ENTRIES entries (a step may leave many files). */
#define FULL_WALK_ENTRIES 100000
#define MAX_LARGE_BEFORE 256
struct large_file { dev_t dev; ino_t ino; off_t size; struct timespec mtime; };
static struct large_file large_before[MAX_LARGE_BEFORE];
static int n_large_before;
static int noting_large; /* 1: the walk before the step notes large files; 0: the walk after looks for a new one */
static uint64_t walk_limit;
static long walk_entries;

static int unchanged_since_step_began(const struct stat *st) {
    for (int i = 0; i < n_large_before; i++) {
        const struct large_file *f = &large_before[i];
        if (f->dev == st->st_dev && f->ino == st->st_ino && f->size == st->st_size
            && f->mtime.tv_sec == st->st_mtim.tv_sec && f->mtime.tv_nsec == st->st_mtim.tv_nsec) return 1;
    }
    return 0;
}

static int at_limit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)path; (void)ftw;
    if (++walk_entries > FULL_WALK_ENTRIES) return 2;
    if (type != FTW_F || !S_ISREG(st->st_mode) || (uint64_t)st->st_size < walk_limit) return 0;
    if (noting_large) {
        if (n_large_before < MAX_LARGE_BEFORE)
            large_before[n_large_before++] = (struct large_file){st->st_dev, st->st_ino, st->st_size, st->st_mtim};
        return 0;
    }
    return unchanged_since_step_began(st) ? 0 : 1;
}

/* Walks /box and /tmp: 1 when a file at the limit was found (not when noting), 0 otherwise. */
static int walk_large_files(uint64_t limit, int noting) {
    static const char *const dirs[] = {WORK_DIR, "/tmp"};
    walk_limit = limit;
    walk_entries = 0;
    noting_large = noting;
    if (noting) n_large_before = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        int r = nftw(dirs[i], at_limit, 16, FTW_PHYS | FTW_MOUNT);
        if (r == 1) return 1;
        if (r == 2) return 0;
    }
    return 0;
}

/* ---------- the inner sandbox of one step ---------- */

/* What the sandbox's processes tell boxrun through the status pipe (one write each, atomic). */
struct inner_msg {
    char kind;          /* 'R' the sandbox is built; 'S' the program's status; 'F' it could not be set up */
    int status;         /* wait status of the program's main process */
    int file_at_limit;  /* a process died of SIGXFSZ, or a file the step wrote reached the file-size limit */
    uint64_t t_start, t_end;
    uint64_t own_cpu_us; /* the sandbox's CPU in the init's rusage: its own (mounts, copies), not its children's but
                            an interpreter started ahead that the step did not take */
    char text[200];
};

static void inner_fail(int status_fd, const char *what) {
    struct inner_msg m = {.kind = 'F'};
    snprintf(m.text, sizeof m.text, "%s: %s", what, strerror(errno));
    (void)!write(status_fd, &m, sizeof m);
    _exit(1);
}

static int write_text(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Copies regular files and directories from `src` into `dst` (both directory fds); no link, FIFO or
 * device is followed or copied. Returns 0, or -1 with errno set. */
static int copy_tree(int src, int dst, int depth) {
    if (depth > MAX_DEPTH) return 0;
    int dup_fd = dup(src);
    if (dup_fd < 0) return -1;
    DIR *d = fdopendir(dup_fd);
    if (!d) { close(dup_fd); return -1; }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        struct stat st;
        if (fstatat(src, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
        if (S_ISDIR(st.st_mode)) {
            if (mkdirat(dst, e->d_name, 0755) < 0 && errno != EEXIST) { rc = -1; break; }
            int from = openat(src, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            int to = openat(dst, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (from >= 0 && to >= 0) rc = copy_tree(from, to, depth + 1);
            else rc = -1;
            if (from >= 0) close(from);
            if (to >= 0) close(to);
        } else if (S_ISREG(st.st_mode)) {
            int from = openat(src, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            if (from < 0) continue;
            if (fstat(from, &st) < 0 || !S_ISREG(st.st_mode)) { close(from); continue; }
            unlinkat(dst, e->d_name, 0);
            int to = openat(dst, e->d_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777);
            if (to < 0) { close(from); rc = -1; break; }
            char buf[CHUNK];
            for (;;) {
                ssize_t r = read(from, buf, sizeof buf);
                if (r < 0 && errno == EINTR) continue;
                if (r <= 0) { if (r < 0) rc = -1; break; }
                for (ssize_t off = 0; off < r;) {
                    ssize_t w = write(to, buf + off, (size_t)(r - off));
                    if (w < 0 && errno == EINTR) continue;
                    if (w < 0) { rc = -1; break; }
                    off += w;
                }
                if (rc) break;
            }
            if (rc == 0 && fchmod(to, st.st_mode & 0777) < 0) rc = -1;
            close(from);
            close(to);
        }
    }
    int saved = errno;
    closedir(d);
    errno = saved;
    return rc;
}

/* Size in bytes of the file system at `path` (the container's tmpfs): the step's fresh one gets the same. */
static unsigned long long fs_bytes(const char *path) {
    struct statfs f;
    if (statfs(path, &f) < 0 || f.f_blocks == 0) return 16ull << 20;
    return (unsigned long long)f.f_blocks * (unsigned long long)f.f_bsize;
}

static void fresh_tmpfs(int status_fd, const char *target, unsigned long flags, unsigned long long bytes,
                        const char *mode) {
    char opts[128];
    snprintf(opts, sizeof opts, "size=%llu,mode=%s,uid=%u,gid=%u", bytes, mode, (unsigned)getuid(), (unsigned)getgid());
    if (mount("tmpfs", target, "tmpfs", flags | MS_NOSUID | MS_NODEV, opts) < 0) inner_fail(status_fd, target);
}

/* The step's own procfs (its PID namespace only), with the paths Docker masks or makes read-only in
 * a container's /proc masked again (the container runs with no masks of its own: a new procfs
 * cannot be mounted over a /proc with hidden parts). */
static const char *const MASKED[] = {"/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
    "/sys/firmware", NULL};
static const char *const READ_ONLY[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
    "/proc/sysrq-trigger", NULL};

static void fresh_proc(int status_fd) {
    const unsigned long proc_flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
    if (mount("proc", "/proc", "proc", proc_flags, NULL) < 0) inner_fail(status_fd, "/proc");
    for (int i = 0; MASKED[i]; i++) {
        struct stat st;
        if (lstat(MASKED[i], &st) < 0) continue;
        int r = S_ISDIR(st.st_mode) ? mount("tmpfs", MASKED[i], "tmpfs", MS_RDONLY | proc_flags, "size=0")
                                    : mount("/dev/null", MASKED[i], NULL, MS_BIND, NULL);
        if (r < 0) inner_fail(status_fd, MASKED[i]);
    }
    for (int i = 0; READ_ONLY[i]; i++) {
        if (access(READ_ONLY[i], F_OK) < 0) continue;
        if (mount(READ_ONLY[i], READ_ONLY[i], NULL, MS_BIND | MS_REC, NULL) < 0
            || mount(NULL, READ_ONLY[i], NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | proc_flags, NULL) < 0)
            inner_fail(status_fd, READ_ONLY[i]);
    }
}

/* The new network namespace has only a loopback interface, down: up, as in the container. */
static void loopback_up(int status_fd) {
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr = {0};
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    if (sock < 0 || ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) inner_fail(status_fd, "loopback");
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0) inner_fail(status_fd, "loopback up");
    close(sock);
}

/* Once the program runs, the init needs no capability of its namespace any more. */
static void drop_capabilities(void) {
    struct __user_cap_header_struct head = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    syscall(SYS_capset, &head, data);
}

/* ---------- a Python interpreter started ahead ---------- */

/* In an image that has the file /etc/boxrun/prestart-python holding FILE (the Python runner:
 * main.py), the sandbox built ahead (see prepare_sandbox) also starts `python3 -B FILE` in it,
 * exactly as the step's program would be started, and the interpreter holds at the end of its
 * start-up (in `site`, before it looks at FILE) until the step arrives: a step whose command is
 * `python3 -B FILE ARGS...` then does not wait for the interpreter to start (about 20 ms). The
 * interpreter is fresh, started in this step's own sandbox, and has run nothing but its own
 * start-up; the step's limits are set on it (prlimit) before it is let go, with the step's files
 * in place. Any other command, or an interpreter that did not survive, is killed and the step
 * starts as ever.
 *
 * The hold is a .pth file in the image (runners/python/) that acts only in the process that is
 * PID 2 of its namespace (the first the sandbox's init starts: never a program's child) and has a
 * pipe as fd 3 (a program never has one: close_range). It reads fd 3 to its EOF, "\1" and then the
 * command's ARGS as NUL-terminated strings, appends them to sys.argv and sys.orig_argv, and lets
 * the start-up go on; anything else on fd 3 (boxrun discarded the sandbox) ends the process. */
static const char *prestart_python; /* FILE, or NULL */

/* Starts the interpreter in the sandbox being built; returns its pid (or -1) and the write end of
 * its fd 3 in `ctl`. */
static pid_t prestart(int in_fd, int out_fd, int err_fd, char **envp, int *ctl) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) return -1;
    pid_t pid = fork();
    if (pid < 0) { close(p[0]); close(p[1]); return -1; }
    if (pid == 0) {
        child_setup(NULL, in_fd, out_fd, err_fd, p[0]);
        char *argv[] = {"python3", "-B", (char *)prestart_python, NULL};
        execvpe(argv[0], argv, envp);
        _exit(127);
    }
    close(p[0]);
    *ctl = p[1];
    return pid;
}

static int prestarted_command(const struct step *s) {
    return s->argv[0] && strcmp(s->argv[0], "python3") == 0 && s->argv[1] && strcmp(s->argv[1], "-B") == 0
        && s->argv[2] && strcmp(s->argv[2], prestart_python) == 0;
}

/* Hands the step to the interpreter started ahead: its limits, then its command. Returns 0, or -1
 * when it cannot take it (it is gone, or the command is another one): then it is killed, and its
 * CPU (its start-up) is added to `discarded_us`: the sandbox's, not the step's program's. */
static int hand_over(pid_t pid, int ctl, const struct step *s, uint64_t *discarded_us) {
    int status;
    struct rusage ru;
    pid_t gone = wait4(pid, &status, WNOHANG, &ru); /* pid: it ended before the step came */
    int ok = gone == 0 && prestarted_command(s);
    if (ok) {
        step_limits(pid, s);
        ok = write_fully(ctl, "\1", 1) == 0;
        for (char **a = s->argv + 3; ok && *a; a++) ok = write_fully(ctl, *a, strlen(*a) + 1) == 0; /* with its NUL */
    }
    close(ctl);
    if (!ok) {
        if (gone != pid) {
            kill(pid, SIGKILL);
            while ((gone = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR) {}
        }
        if (gone == pid) *discarded_us += cpu_us_of(&ru);
        return -1;
    }
    return 0;
}

/* The init (PID 1) of the step's namespaces: fresh file systems, a copy of the stage, then the
 * program; when the program's main process ends, it kills everything else in the namespace, checks
 * the file-size limit, copies the artifacts out to the stage and reports. Signals from inside the
 * PID namespace cannot reach it (no handlers) and it is not dumpable. */
static void inner_init(int status_fd, int go_fd, int in_fd, int out_fd, int err_fd, char **envp) {
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) inner_fail(status_fd, "private mounts");
    int stage_in = open(STAGE_IN, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int stage_out = open(STAGE_OUT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (stage_in < 0 || stage_out < 0) inner_fail(status_fd, "the stage");
    fresh_tmpfs(status_fd, WORK_DIR, 0, fs_bytes(WORK_DIR), "0700");
    fresh_tmpfs(status_fd, "/tmp", 0, fs_bytes("/tmp"), "1777");
    if (access("/dev/shm", F_OK) == 0) fresh_tmpfs(status_fd, "/dev/shm", MS_NOEXEC, fs_bytes("/dev/shm"), "1777");
    if (access("/dev/mqueue", F_OK) == 0
        && mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        inner_fail(status_fd, "/dev/mqueue");
    fresh_proc(status_fd);
    loopback_up(status_fd);
    /* built: boxrun may now hand it a step (or never, and kill it) */
    struct inner_msg ready = {.kind = 'R'};
    if (write(status_fd, &ready, sizeof ready) != (ssize_t)sizeof ready) _exit(1);
    int ctl = -1;
    pid_t pre = prestart_python ? prestart(in_fd, out_fd, err_fd, envp, &ctl) : -1;
    struct step step_buf = {0};
    const struct step *s = &step_buf;
    if (read_step_spec(go_fd, &step_buf) < 0) _exit(0); /* boxrun discarded the sandbox unused */
    close(go_fd);
    int box = open(WORK_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (box < 0 || copy_tree(stage_in, box, 0) < 0) inner_fail(status_fd, "copying the files into the step");
    close(stage_in);
    if (s->collect) { /* compilers expect the output dir to exist */
        int dir = open_dir_at(box, s->collect, 1);
        if (dir >= 0) close(dir);
    }
    if (s->file_size_bytes > 0) walk_large_files(s->file_size_bytes, 1);
    struct inner_msg m = {.kind = 'S', .t_start = now_ms()};
    pid_t pid = pre;
    uint64_t discarded_us = 0;
    if (pre > 0 && hand_over(pre, ctl, s, &discarded_us) < 0) pid = -1;
    if (pid < 0) {
        m.t_start = now_ms();
        /* the first child may not have exited yet and the pids limit counts it: wait for it a little */
        for (int tries = 0; (pid = fork()) < 0 && errno == EAGAIN && tries < 100; tries++) usleep(1000);
        if (pid < 0) inner_fail(status_fd, "fork");
        if (pid == 0) exec_child(s, in_fd, out_fd, err_fd, envp);
    }
    close(in_fd); close(out_fd); close(err_fd);
    drop_capabilities();
    for (;;) {
        int status;
        pid_t r = waitpid(-1, &status, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) inner_fail(status_fd, "waiting for the program");
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ) m.file_at_limit = 1;
        if (r == pid) { m.status = status; m.t_end = now_ms(); break; }
    }
    kill(-1, SIGKILL); /* from the namespace's init: everything but itself */
    for (;;) {
        int status;
        pid_t r = waitpid(-1, &status, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) break;
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ) m.file_at_limit = 1;
    }
    if (!m.file_at_limit && !(WIFEXITED(m.status) && WEXITSTATUS(m.status) == 0) && s->file_size_bytes > 0)
        m.file_at_limit = walk_large_files(s->file_size_bytes, 0);
    if (s->collect) {
        int from = open_dir_at(box, s->collect, 0), to = open_dir_at(stage_out, s->collect, 1);
        if (from >= 0 && to >= 0 && copy_tree(from, to, 0) < 0) inner_fail(status_fd, "copying the artifacts out");
        if (from >= 0) close(from);
        if (to >= 0) close(to);
    }
    struct rusage self;
    m.own_cpu_us = discarded_us + (getrusage(RUSAGE_SELF, &self) == 0 ? cpu_us_of(&self) : 0);
    (void)!write(status_fd, &m, sizeof m);
    _exit(0);
}

/* The first child: enters new user, mount, PID, IPC, network and UTS namespaces, maps only its own
 * uid and gid, and forks the namespace's init (a new PID namespace applies to children only). */
static void enter_sandbox(int status_fd, int go_fd, int in_fd, int out_fd, int err_fd, char **envp) {
    char map[64];
    uid_t uid = getuid();
    gid_t gid = getgid();
    setpgid(0, 0); /* boxrun stops the whole step through this group when it is not PID 1 */
    prctl(PR_SET_DUMPABLE, 1); /* its /proc/self files must be its own to write the maps */
    /* Everything of the sandbox (its init, the program, an interpreter started ahead) inherits
     * oom_score_adj 1000 and boxrun keeps the container's (0): in the box's memory cgroup the OOM
     * killer picks a process of the step, never boxrun while there is one, even when the program's
     * memory is not freed yet. Raising it takes no privilege; lowering it again cannot go below
     * boxrun's without CAP_SYS_RESOURCE, and the init, at 1000, still goes before boxrun. */
    (void)!write_text("/proc/self/oom_score_adj", "1000");
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUTS) < 0)
        inner_fail(status_fd, "unshare (is the container's seccomp profile boxrun's?)");
    snprintf(map, sizeof map, "%u %u 1", (unsigned)uid, (unsigned)uid);
    if (write_text("/proc/self/setgroups", "deny") < 0 || write_text("/proc/self/uid_map", map) < 0)
        inner_fail(status_fd, "uid_map");
    snprintf(map, sizeof map, "%u %u 1", (unsigned)gid, (unsigned)gid);
    if (write_text("/proc/self/gid_map", map) < 0) inner_fail(status_fd, "gid_map");
    prctl(PR_SET_DUMPABLE, 0);
    pid_t init = fork();
    if (init < 0) inner_fail(status_fd, "fork");
    if (init == 0) inner_init(status_fd, go_fd, in_fd, out_fd, err_fd, envp);
    _exit(0);
}

/* ---------- the next step's sandbox, built ahead ---------- */

/* A step's sandbox is built between steps, right after the last one reported, while the host is
 * busy with that report and the next request: a step then only waits for the rest of it. It holds
 * nothing of any step (fresh namespaces and empty file systems; the stage is copied in and the
 * limits applied once the step is handed over), it is used by one step only, and it is killed with
 * everything else when a step ends or the box quits. At most one exists; none while a step runs. */
struct sandbox {
    pid_t pid; /* the first child, also the process group of the sandbox: -1 when there is none */
    int go_fd, st_fd, in_fd, out_fd, err_fd;
};
static struct sandbox spare = {.pid = -1};

static void prepare_sandbox(void) {
    int in[2], out[2], err[2], st[2], go[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || pipe2(st, O_CLOEXEC)
        || pipe2(go, O_CLOEXEC))
        fatal("pipe: %s", strerror(errno));
    char **envp = child_env();
    pid_t pid = fork();
    if (pid < 0) fatal("fork: %s", strerror(errno));
    if (pid == 0) {
        close(in[1]); close(out[0]); close(err[0]); close(st[0]); close(go[1]);
        enter_sandbox(st[1], go[0], in[0], out[1], err[1], envp);
    }
    setpgid(pid, pid);
    close(in[0]); close(out[1]); close(err[1]); close(st[1]); close(go[0]);
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    fcntl(err[0], F_SETFL, O_NONBLOCK);
    fcntl(st[0], F_SETFL, O_NONBLOCK);
    spare = (struct sandbox){pid, go[1], st[0], in[1], out[0], err[0]};
}

/* Only when boxrun is not PID 1 (kill_all then stops one process group) and it quits. */
static void discard_sandbox(void) {
    if (spare.pid < 0) return;
    kill(-spare.pid, SIGKILL);
    close(spare.go_fd); close(spare.st_fd); close(spare.in_fd); close(spare.out_fd); close(spare.err_fd);
    spare.pid = -1;
}

/* Waits until the spare sandbox is built. Returns 0, or -1 with its failure (or "") in `m`. */
static int await_ready(struct inner_msg *m) {
    size_t got = 0;
    while (got < sizeof *m) {
        struct pollfd p = {spare.st_fd, POLLIN, 0};
        if (poll(&p, 1, -1) < 0 && errno != EINTR) fatal("poll: %s", strerror(errno));
        ssize_t r = read(spare.st_fd, (char *)m + got, sizeof *m - got);
        if (r > 0) got += (size_t)r;
        else if (r == 0 || (errno != EAGAIN && errno != EINTR)) { m->kind = 'F'; m->text[0] = 0; return -1; }
    }
    return m->kind == 'R' ? 0 : -1;
}

/* ---------- leftovers ---------- */

/* Anything a step could have left outside its sandbox: a process, a file in the container's /tmp,
 * /dev/shm or /dev/mqueue, a SysV IPC object of the container's IPC namespace. Steps never see these
 * places, so finding one means the inner sandbox leaked: the host recycles the container. */
static int dir_has_entries(const char *path) {
    DIR *d = opendir(path);
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(d))) found = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return found;
}

static int sysv_has_entries(const char *path) {
    char buf[512];
    if (read_small(path, buf, sizeof buf) < 0) return 0;
    char *nl = strchr(buf, '\n'); /* a header line, then one line per object */
    return nl && nl[1] != 0;
}

/* The process group and the parent of a process of the container; -1 when it is gone. */
static int stat_of(long pid, long *pgrp, long *ppid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    if (read_small(path, buf, sizeof buf) < 0) return -1;
    char *close_paren = strrchr(buf, ')'); /* pid (comm) state ppid pgrp ... */
    return close_paren && sscanf(close_paren + 1, " %*c %ld %ld", ppid, pgrp) == 2 ? 0 : -1;
}

/* A process of the container besides boxrun and the spare sandbox's (which boxrun started after
 * the last step ended: no step's process can be in it, as a step's PID namespace cannot see it).
 * The spare's are its process group (its first child and init) and the children of its init (the
 * interpreter started ahead, which leads a group of its own as every step's program does). */
static int other_process(void) {
    DIR *d = opendir("/proc");
    if (!d) return kill(-1, 0) == 0;
    int found = 0;
    for (long pid; !found && (pid = next_process(d)) > 0;) {
        long pgrp = -1, ppid = -1, parent_pgrp = -1, grandparent = -1;
        if (stat_of(pid, &pgrp, &ppid) < 0) continue; /* gone meanwhile */
        if (spare.pid < 0) found = 1;
        else if (pgrp != spare.pid)
            found = stat_of(ppid, &parent_pgrp, &grandparent) < 0 || parent_pgrp != spare.pid;
    }
    closedir(d);
    return found;
}

static const char *leftover(void) {
    if (is_init && other_process()) return "a process";
    if (dir_has_entries("/tmp")) return "a file in /tmp";
    if (dir_has_entries("/dev/shm")) return "a file in /dev/shm";
    if (dir_has_entries("/dev/mqueue")) return "a message queue";
    if (sysv_has_entries("/proc/sysvipc/shm") || sysv_has_entries("/proc/sysvipc/sem")
        || sysv_has_entries("/proc/sysvipc/msg")) return "a SysV IPC object";
    return NULL;
}

/* Removes everything under a stage directory (host-written files and copied artifacts only). */
static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st;
    if (ftw->level == 0) return 0;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT ? -1 : 0;
}

static int clear_dir(const char *path) {
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* A step's artifacts join the box's files: later steps (the runs of a compiled program) get a copy. */
static void stage_artifacts(const char *rel_dir) {
    int from = open_dir(STAGE_OUT, rel_dir, 0), to = open_dir(STAGE_IN, rel_dir, 1);
    if (from >= 0 && to >= 0 && copy_tree(from, to, 0) < 0) fatal("staging the artifacts: %s", strerror(errno));
    if (from >= 0) close(from);
    if (to >= 0) close(to);
}

static void run_step(const struct step *s, const unsigned char *spec, size_t spec_len, int sfd) {
    if (clear_dir(STAGE_OUT) < 0) fatal("clearing %s: %s", STAGE_OUT, strerror(errno));
    if (spare.pid < 0) prepare_sandbox();
    struct inner_msg ready = {0};
    if (await_ready(&ready) < 0) {
        struct usage ignored = {0};
        kill_and_reap_all(spare.pid, &ignored);
        ready.text[sizeof ready.text - 1] = 0;
        fatal("the step's sandbox could not be set up: %s", ready.kind == 'F' && ready.text[0] ? ready.text : "its init ended");
    }
    struct sandbox box = spare;
    spare.pid = -1;
    pid_t pid = box.pid;
    long long oom_before = cgroup_oom_kills();
    long long cg_before = cgroup_cpu_us();
    uint64_t t0 = now_ms();
    /* the step, without its stdin (fed below), to the sandbox's init: u32 length, the STEP payload */
    unsigned char head[4];
    put_u32(head, (uint32_t)(spec_len + 4));
    unsigned char no_stdin[4] = {0, 0, 0, 0};
    struct iovec iov[3] = {{head, 4}, {(void *)spec, spec_len}, {no_stdin, 4}};
    for (int i = 0; i < 3; i++) /* a failed write: its init is gone, and the status pipe's EOF below says so */
        if (write_fully(box.go_fd, iov[i].iov_base, iov[i].iov_len) < 0) break;
    close(box.go_fd);
    int in_fd = box.in_fd, out_fd = box.out_fd, err_fd = box.err_fd, st_fd = box.st_fd;
    size_t in_off = 0;
    if (s->stdin_len == 0) { close(in_fd); in_fd = -1; }

    struct usage u = {0};
    uint64_t sandbox_us = 0; /* the CPU of the sandbox's own work, which rusage counts with the program's */
    { /* the sandbox's first child exited once it forked the init: reaped now, so the program's
         processes do not share the pids limit with a zombie; its CPU (the namespaces) is the sandbox's */
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) == pid) { account(&u, status, &ru); sandbox_us = u.cpu_us; }
    }
    struct out_state o = {0, s->output_bytes, 0};
    enum termination reason = T_EXITED;
    int killed = 0, main_done = 0, main_status = 0, reported = 0;
    struct inner_msg m = {0};
    size_t m_got = 0;
    uint64_t t_end = 0;

    while (!main_done) {
        struct pollfd p[5];
        int n = 0, i_sig = n++, i_st = n++, i_out = -1, i_err = -1, i_in = -1;
        p[i_sig] = (struct pollfd){sfd, POLLIN, 0};
        p[i_st] = (struct pollfd){st_fd, POLLIN, 0};
        if (out_fd >= 0) { i_out = n; p[n++] = (struct pollfd){out_fd, POLLIN, 0}; }
        if (err_fd >= 0) { i_err = n; p[n++] = (struct pollfd){err_fd, POLLIN, 0}; }
        if (in_fd >= 0 && !killed) { i_in = n; p[n++] = (struct pollfd){in_fd, POLLOUT, 0}; }
        uint64_t elapsed = now_ms() - t0;
        int timeout = elapsed >= s->wall_ms ? 0 : (int)(s->wall_ms - elapsed);
        if (cg_before >= 0 && timeout > 10) timeout = 10;
        if (killed && timeout > 10) timeout = 10;
        if (poll(p, (nfds_t)n, timeout) < 0 && errno != EINTR) fatal("poll: %s", strerror(errno));

        if (i_out >= 0 && p[i_out].revents && !pump(out_fd, OUT_STDOUT, &o)) { close(out_fd); out_fd = -1; }
        if (i_err >= 0 && p[i_err].revents && !pump(err_fd, OUT_STDERR, &o)) { close(err_fd); err_fd = -1; }
        if (i_in >= 0 && p[i_in].revents) {
            ssize_t w = write(in_fd, s->stdin_data + in_off, s->stdin_len - in_off);
            if (w > 0) in_off += (size_t)w;
            if ((w < 0 && errno != EAGAIN && errno != EINTR) || in_off == s->stdin_len) { close(in_fd); in_fd = -1; }
        }
        if (o.truncated && !killed) { reason = T_OUTPUT; killed = 1; stop_step(pid, &u); }
        if (p[i_st].revents) { /* the sandbox's report (or its failure); EOF: its init is gone */
            ssize_t r = read(st_fd, (char *)&m + m_got, sizeof m - m_got);
            if (r > 0) m_got += (size_t)r;
            if (m_got == sizeof m && m.kind == 'F') {
                kill_and_reap_all(pid, &u);
                m.text[sizeof m.text - 1] = 0;
                fatal("the step's sandbox could not be set up: %s", m.text);
            }
            if (m_got == sizeof m && m.kind == 'S') { reported = 1; main_done = 1; }
            if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) main_done = 1;
        }

        struct signalfd_siginfo si;
        while (read(sfd, &si, sizeof si) > 0) {}
        for (;;) {
            int status;
            struct rusage ru;
            pid_t r = wait4(-1, &status, WNOHANG, &ru);
            if (r <= 0) break;
            account(&u, status, &ru);
        }
        if (main_done) break;
        uint64_t now = now_ms();
        if (!killed && now - t0 >= s->wall_ms) { reason = T_WALL; killed = 1; stop_step(pid, &u); }
        if (!killed && cg_before >= 0) {
            long long cg = cgroup_cpu_us();
            if (cg >= 0 && (uint64_t)(cg - cg_before) > s->cpu_ms * 1000u) { reason = T_CPU; killed = 1; stop_step(pid, &u); }
        }
    }
    if (reported) { main_status = m.status; t_end = m.t_end; t0 = m.t_start; }
    else { main_status = SIGKILL; t_end = now_ms(); } /* stopped by a limit, or its init was OOM-killed */
    /* the sandbox's init has reported (or is gone): nothing it contained may outlive the step. A
     * report's peaks reach boxrun with the init's rusage, a stopped step's were noted when it was
     * stopped; an init that is gone (OOM-killed) leaves its processes to be reaped unwaited */
    if (!reported && !killed) note_live_peaks(&u);
    kill_and_reap_all(pid, &u);
    close(st_fd);
    if (in_fd >= 0) close(in_fd);
    while (out_fd >= 0 && pump(out_fd, OUT_STDOUT, &o)) {}
    while (err_fd >= 0 && pump(err_fd, OUT_STDERR, &o)) {}
    if (out_fd >= 0) close(out_fd);
    if (err_fd >= 0) close(err_fd);

    long long oom_after = cgroup_oom_kills();
    long long oom_kills = oom_before >= 0 && oom_after >= 0 ? oom_after - oom_before : 0;
    if (!reported && !killed && oom_kills <= 0) fatal("the step's sandbox ended without a report");
    /* the program's CPU: every process of the step but the sandbox's own work (the first child's
     * namespaces; the init's mounts, the files copied in and the artifacts copied out), which the
     * init reports as its own, with an interpreter started ahead that the step did not take); the
     * program's processes stay in, an interpreter started ahead that it took too */
    if (reported) sandbox_us += m.own_cpu_us;
    uint64_t cpu_ms = (u.cpu_us > sandbox_us ? u.cpu_us - sandbox_us : 0) / 1000;
    if ((killed || !reported) && cg_before >= 0) {
        /* the processes a kill tore down were reaped unwaited (note_live_peaks): their CPU time is
         * in no rusage, only in the cgroup, where there was nothing but the step and boxrun (whose
         * own share, forwarding the step's output, is a small part) */
        long long cg = cgroup_cpu_us();
        if (cg >= cg_before && (uint64_t)(cg - cg_before) / 1000 > cpu_ms) cpu_ms = (uint64_t)(cg - cg_before) / 1000;
    }
    if (oom_kills > 0) reason = T_MEMORY;
    else if (killed) { /* reason set when we stopped it */ }
    else if (o.truncated) reason = T_OUTPUT;
    else if (cpu_ms > s->cpu_ms || (WIFSIGNALED(main_status) && WTERMSIG(main_status) == SIGXCPU)) reason = T_CPU;
    else if (u.xfsz || (WIFSIGNALED(main_status) && WTERMSIG(main_status) == SIGXFSZ)) reason = T_FILE_SIZE;
    else if (m.file_at_limit) reason = T_FILE_SIZE;
    else if (WIFSIGNALED(main_status)) reason = T_SIGNALLED;
    else reason = T_EXITED;
    if (reason == T_CPU && cpu_ms <= s->cpu_ms) cpu_ms = s->cpu_ms + 1; /* the cgroup saw more than rusage */

    if (s->collect && reported) {
        collect_artifacts(s->collect);
        stage_artifacts(s->collect);
    }
    clear_dir(STAGE_OUT);
    const char *left = leftover();
    if (left) fprintf(stderr, "boxrun: after the step: %s outside the step's sandbox\n", left);

    /* REPORT: u8 termination, u8 flags, i32 exit code, i32 signal, u64 cpu ms, u64 wall ms,
     * u64 peak rss kB, u64 output bytes produced, u32 oom kills, u8 name length, signal name */
    unsigned char r[64];
    int exited = WIFEXITED(main_status), signalled = WIFSIGNALED(main_status);
    int sig = signalled ? WTERMSIG(main_status) : 0;
    const char *abbrev = sig ? sigabbrev_np(sig) : NULL;
    char name[32] = "";
    if (sig && abbrev) snprintf(name, sizeof name, "SIG%s", abbrev);
    else if (sig) snprintf(name, sizeof name, "SIG%d", sig);
    r[0] = (unsigned char)reason;
    r[1] = (unsigned char)((exited ? 1 : 0) | (signalled ? 2 : 0) | (o.truncated ? 4 : 0) | (left ? 8 : 0));
    put_u32(r + 2, (uint32_t)(exited ? WEXITSTATUS(main_status) : 0));
    put_u32(r + 6, (uint32_t)sig);
    put_u64(r + 10, cpu_ms);
    put_u64(r + 18, t_end - t0);
    put_u64(r + 26, (uint64_t)u.maxrss_kb);
    put_u64(r + 34, o.total);
    put_u32(r + 42, (uint32_t)(oom_kills > 0 ? oom_kills : 0));
    r[46] = (unsigned char)strlen(name);
    send_frame2(OUT_REPORT, r, 47, name, strlen(name));
    prepare_sandbox(); /* the next step's, while the host reads this report */
}

/* STEP: u64 cpu ms, u64 wall ms, u64 output bytes, u64 file size bytes, u32 nofile, u32 argc,
 * argc x (u32 len, bytes), u32 collect dir len, bytes, u32 stdin len, bytes. */
static void handle_step(uint32_t len, int sfd) {
    unsigned char *buf = malloc(len ? len : 1);
    if (!buf) fatal("out of memory reading a step");
    if (len && !read_full(buf, len)) fatal("short STEP frame");
    struct step s = {0};
    size_t spec_len = 0;
    if (parse_step(buf, len, &s, &spec_len) < 0) fatal("bad STEP frame");
    run_step(&s, buf, spec_len, sfd);
    free_step(&s);
    free(buf);
}

/* WIPE: ends a session. Removes every staged file and artifact and checks that no run left
 * anything outside its sandbox. Answers ACK: errno 0, or EBUSY naming the leftover. */
static void handle_wipe(uint32_t len) {
    skip_input(len);
    if (clear_dir(STAGE_IN) < 0 || clear_dir(STAGE_OUT) < 0) { send_ack(errno, "the stage could not be cleared"); return; }
    if (dir_has_entries(STAGE_IN) || dir_has_entries(STAGE_OUT)) { send_ack(EBUSY, "the stage is not empty"); return; }
    const char *left = leftover();
    send_ack(left ? EBUSY : 0, left ? left : "");
}

int main(void) {
    is_init = getpid() == 1;
    prctl(PR_SET_DUMPABLE, 0);   /* no /proc/1/fd, no ptrace for the program (same uid) */
    signal(SIGPIPE, SIG_IGN);    /* ignored, not handled: init stays immune to signals from inside */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sfd < 0) fatal("signalfd: %s", strerror(errno));
    fcntl(0, F_SETFD, FD_CLOEXEC);
    fcntl(1, F_SETFD, FD_CLOEXEC);
    fcntl(2, F_SETFD, FD_CLOEXEC);
    umask(022);
    prctl(PR_SET_CHILD_SUBREAPER, 1); /* the step's init is re-parented to boxrun when its parent exits */
    if ((mkdir(STAGE_IN, 0700) < 0 && errno != EEXIST) || (mkdir(STAGE_OUT, 0700) < 0 && errno != EEXIST))
        fatal("creating the stage under %s: %s", WORK_DIR, strerror(errno));
    find_cgroup_files();
    send_frame(OUT_READY, PROTOCOL_VERSION, strlen(PROTOCOL_VERSION));
    static char pre[64];
    if (read_small("/etc/boxrun/prestart-python", pre, sizeof pre) >= 0) {
        pre[strcspn(pre, "\n")] = 0;
        if (pre[0] && pre[0] != '-' && !strchr(pre, '/')) prestart_python = pre;
    }
    prepare_sandbox(); /* the first step's */
    for (;;) {
        unsigned char hdr[5];
        if (!read_full(hdr, 5)) break;
        uint32_t len = get_u32(hdr + 1);
        switch (hdr[0]) {
        case IN_FILE: handle_file(len); break;
        case IN_STEP: handle_step(len, sfd); break;
        case IN_WIPE: handle_wipe(len); break;
        case IN_QUIT: skip_input(len); goto quit;
        default: fatal("unknown frame type 0x%02x", hdr[0]);
        }
    }
quit:;
    discard_sandbox();
    struct usage ignored = {0};
    kill_and_reap_all(0, &ignored);
    return 0;
}
