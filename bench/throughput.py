#!/usr/bin/env python3
"""End-to-end throughput of codeexec against bubblewrap and the bare host, in one run.

Started by `./codeexec bench throughput` (which builds the code and the runner images first). For
each slot count it starts the standalone stack (`./codeexec up`'s pipeline: Kafka, PostgreSQL and
the three services in one JVM) on free loopback ports with a data directory of its own, and drives
it over REST like a user: N Python hellos (`print(input())`) and N C hellos (the compile cached
after a warm-up) through POST /api/v1/submissions/batch, until GET shows every one COMPLETED. It
prints executions/s, p50 and p99 (from the batch POST to the result seen stored, queueing
included), CPU ms per execution (from /proc utime+stime: the services' JVM, the Kafka broker,
PostgreSQL, dockerd + containerd, and the boxes' cgroups; and the whole machine's, from /proc/stat, with
its busy share: a row at about 100% was CPU-bound), the unloaded latency of one Python hello (POST ?wait=true), and an uncached C++ hello
(its compile step and its end-to-end time, each paired with a bare g++ of the same file and flags
run right after it, and against the bare g++ once the stack has stopped). The same programs run in bubblewrap (a fresh sandbox per run:
all namespaces, ro /usr, tmpfs /tmp) and bare on the host, sequentially and 2 in parallel.
A `budget` line per row splits its machine CPU per execution into the boxes' and everything else's,
against the machine CPU of a whole bubblewrap run (what a box could cost at most to match it).

Options: --n 200 --slots 1,2 --warmup 40 --idle-s 10 --cpp-pairs 9 --classpath CP (required) --java-opts "..." --keep-logs
--threads (per row, the JVM threads that took the most CPU ms per execution, from /proc/PID/task)
--nice N (the stack, its JVM, Kafka and PostgreSQL, at niceness N; the boxes stay at the engine's: 0)
(--java-opts defaults to the options of ./codeexec up; where the services' CPU goes: --java-opts "-Xms256m -Xmx2g -XX:TieredStopAtLevel=1 -XX:StartFlightRecording=settings=profile,filename=DIR/"
records one JFR file per stack in DIR; `jfr print --events jdk.ExecutionSample` reads it)
"""
import argparse
import calendar
import concurrent.futures
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

PY_HELLO = "print(input())\n"
C_HELLO = '#include <stdio.h>\nint main(void){char s[64];if(scanf("%63s",s)==1)puts(s);return 0;}\n'
CPP_HELLO = '#include <iostream>\nint main(){std::string s;std::cin>>s;std::cout<<s<<"\\n";}\n'
API_KEY = "bench-" + os.urandom(6).hex()
LANGUAGES_YML = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas", "src", "main", "resources",
                             "languages.yml")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# ---------- CPU from /proc ----------

def proc_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime (own, not children)
    except (OSError, IndexError, ValueError):
        return 0


def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pids_named(*names):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() in names:
                        found.append(int(entry))
            except OSError:
                pass
    return found


def machine_ms():
    """The whole machine's CPU ms from /proc/stat, all cores: (busy, busy + idle). Busy is user, nice,
    system, irq, softirq and steal: the kernel's own threads (such as a network namespace's
    teardown), this script and anything else running count too, which no process of a row names."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    busy = sum(ticks[i] for i in (0, 1, 2, 5, 6, 7) if i < len(ticks))
    return busy * 1000 / CLK_TCK, (busy + ticks[3] + ticks[4]) * 1000 / CLK_TCK


def machine_share(before, after, runs):
    """CPU ms per run of the whole machine between two machine_ms() samples, and its busy share."""
    busy, total = after[0] - before[0], after[1] - before[1]
    return {"ms": busy / runs, "busy": busy / total if total > 0 else float("nan")}


def box_cpu_ms(executor_id):
    """CPU ms of each of this stack's box containers from its cgroup (cgroup v1 cpuacct or v2 cpu.stat)."""
    # a failed listing would silently drop every box from a sample (and its CPU from a row): retried, then fatal
    for attempt in range(3):
        listing = subprocess.run(["docker", "ps", "-aq", "--no-trunc", "--filter",
                                  f"label=dev.codeexec.executor={executor_id}"], capture_output=True, text=True)
        if listing.returncode == 0:
            break
        time.sleep(1)
    else:
        raise SystemExit(f"docker ps failed three times: {listing.stderr.strip()}")
    ids = listing.stdout.split()
    per_box = {}
    for cid in ids:
        for path in (f"/sys/fs/cgroup/cpuacct/docker/{cid}/cpuacct.usage",
                     f"/sys/fs/cgroup/cpu,cpuacct/docker/{cid}/cpuacct.usage"):
            if os.path.exists(path):
                with open(path) as f:
                    per_box[cid] = int(f.read()) / 1e6
                break
        else:
            path = f"/sys/fs/cgroup/system.slice/docker-{cid}.scope/cpu.stat"
            if os.path.exists(path):
                with open(path) as f:
                    for line in f:
                        if line.startswith("usage_usec"):
                            per_box[cid] = int(line.split()[1]) / 1e3
    return per_box


def jit_ticks(pid):
    """CPU ticks of each of a JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"), by thread id."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return {}
    return {tid: proc_ticks(f"{pid}/task/{tid}") for tid in tids if "CompilerThre" in comm(f"{pid}/task/{tid}")}


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


class CpuMeter:
    """CPU ms of the stack's processes (the services' JVM, the Kafka broker's JVM, PostgreSQL's
    processes), of dockerd + containerd (+ shims) and of the boxes (their cgroups)."""

    PARTS = ("services", "kafka", "jit", "postgres", "engine", "boxes")

    def __init__(self, stack_pid, executor_id, data_dir):
        self.stack_pid, self.executor_id, self.data_dir = stack_pid, executor_id, data_dir

    def postmasters(self):
        """PostgreSQL daemonizes (pg_ctl), so it is no child of the stack: found by its data dir."""
        found = []
        for p in pids_named("postgres"):
            try:
                with open(f"/proc/{p}/cmdline", "rb") as f:
                    if self.data_dir.encode() in f.read():
                        found.append(p)
            except OSError:
                pass
        return found

    def sample(self):
        ticks = {"services": 0, "kafka": 0, "postgres": 0}
        jit = {}
        for p in descendants(self.stack_pid):
            # the launcher's JVM runs the three services; its java child is the broker
            part = "services" if p == self.stack_pid else "postgres" if comm(p) == "postgres" else "kafka"
            ticks[part] += proc_ticks(p)  # a process's ticks include its ended threads': they never go down
            if part != "postgres":  # the JIT compiler threads: a one-off cost of a young JVM, shown apart
                jit.update({f"{part}:{p}:{tid}": t * 1000 / CLK_TCK for tid, t in jit_ticks(p).items()})
        for root in self.postmasters():
            ticks["postgres"] += sum(proc_ticks(p) for p in descendants(root))
        out = {k: v * 1000 / CLK_TCK for k, v in ticks.items()}
        # per thread, process and container: one that ends between two samples takes its counted
        # CPU with it, which must not make a row's delta negative (its last CPU is lost: an undercount)
        out["jit"] = jit
        out["engine"] = {p: proc_ticks(p) * 1000 / CLK_TCK for p in pids_named(
            "dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v2", "runc")}
        out["boxes"] = box_cpu_ms(self.executor_id)
        return out

    def threads(self):
        """CPU ms of every thread of the two JVMs (the services', the broker's), keyed by part, thread
        name with digits as '#' (Linux keeps its first 15 characters) and thread id."""
        out = {}
        for p in descendants(self.stack_pid):
            if comm(p) == "postgres":
                continue
            part = "services" if p == self.stack_pid else "kafka"
            try:
                tids = os.listdir(f"/proc/{p}/task")
            except OSError:
                continue
            for tid in tids:
                name = re.sub(r"\d+", "#", comm(f"{p}/task/{tid}"))
                out[(part, name, tid)] = proc_ticks(f"{p}/task/{tid}") * 1000 / CLK_TCK
        return out

    @staticmethod
    def thread_split(before, after, executions, top=8):
        """Per part, the threads (by name) that took the most CPU ms per execution between two samples."""
        split = {}
        for (part, name, tid), ms in after.items():
            grown = max(0.0, ms - before.get((part, name, tid), 0.0))
            split.setdefault(part, {}).setdefault(name, 0.0)
            split[part][name] += grown / executions
        return {part: sorted(names.items(), key=lambda kv: -kv[1])[:top] for part, names in split.items()}

    @staticmethod
    def delta(before, after):
        def grown(k, keep=lambda key: True):
            return sum(max(0.0, v - before[k].get(key, 0.0)) for key, v in after[k].items() if keep(key))

        d = {k: grown(k) if isinstance(after[k], dict) else after[k] - before[k] for k in before}
        # the JVMs' totals include their compiler threads (JVMs may end idle ones: C1/C2 threads
        # come and go), so their JIT is taken out of them by the threads that were measured; the
        # last CPU of a compiler thread that ended stays in its JVM's part
        for part in ("services", "kafka"):
            d[part] = max(0.0, d[part] - grown("jit", lambda key: key.startswith(part + ":")))
        return d


# ---------- the stack over REST ----------

class PortTaken(Exception):
    """A port picked as free was taken by someone else before the stack bound it."""


class Stack:
    def __init__(self, classpath, java_opts, slots, keep_logs, nice=0):
        self.dir = tempfile.mkdtemp(prefix="codeexec-bench-")
        self.keep_logs = keep_logs
        ports = {k: free_port() for k in ("API", "SINK", "EXECUTOR", "POSTGRES")}
        kafka = free_port()
        while True:  # the controller takes the port after Kafka's
            try:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", kafka + 1))
                break
            except OSError:
                kafka = free_port()
        env = dict(os.environ, CODEEXEC_DATA_DIR=self.dir, CODEEXEC_API_KEY=API_KEY,
                   CODEEXEC_KAFKA_PORT=str(kafka), CODEEXEC_EXECUTOR_SLOTS=str(slots),
                   **{f"CODEEXEC_{k}_PORT": str(v) for k, v in ports.items()})
        self.base = f"http://127.0.0.1:{ports['API']}/api/v1"
        self.executor_metrics = f"http://127.0.0.1:{ports['EXECUTOR']}/actuator/prometheus"
        self.log = open(os.path.join(self.dir, "launcher.log"), "w")
        niced = ["nice", "-n", str(nice)] if nice else []  # nice execs java: the pid stays the JVM's
        self.proc = subprocess.Popen([*niced, "java", *java_opts.split(), "-cp", classpath, "dev.codeexec.launcher.Standalone"],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 600  # a loaded machine starts Kafka slowly
        try:
            while time.time() < deadline:
                if self.proc.poll() is not None:
                    with open(self.log.name, errors="replace") as f:
                        if "already in use" in f.read():
                            raise PortTaken(self.log.name)
                    raise SystemExit(f"the stack exited; see {self.log.name}")
                try:
                    self.get("/submissions?limit=1")
                    break
                except (urllib.error.URLError, ConnectionError, OSError):
                    time.sleep(0.5)
            else:
                raise SystemExit(f"the stack did not answer in 600 s; see {self.log.name}")
        except BaseException:
            self.keep_logs = True
            self.close()
            raise
        import hashlib  # the launcher's executor id: standalone- + 8 hex digits of SHA-256(data dir)
        self.executor_id = "standalone-" + hashlib.sha256(os.path.realpath(self.dir).encode()).hexdigest()[:8]

    def executor_runs(self):
        """The executor's timer of its runs (codeexec_executor_execution: record received to result
        ready, the time a run holds its slot), per language: {language: (runs, seconds)}."""
        with urllib.request.urlopen(self.executor_metrics, timeout=30) as r:
            text = r.read().decode()
        runs = {}
        for line in text.splitlines():
            m = re.match(r'codeexec_executor_execution_seconds_(count|sum)\{([^}]*)\} (\S+)$', line)
            language = m and re.search(r'language="([^"]*)"', m.group(2))
            if language:
                count, seconds = runs.get(language.group(1), (0.0, 0.0))
                value = float(m.group(3))
                runs[language.group(1)] = (count + value, seconds) if m.group(1) == "count" else (count, seconds + value)
        return runs

    def request(self, method, path, body=None):
        req = urllib.request.Request(self.base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"X-Api-Key": API_KEY, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.loads(r.read())

    def get(self, path):
        return self.request("GET", path)

    def submit_batch(self, items):
        """Posts in batches of 20 (the API's default maximum); returns the ids."""
        ids = []
        for i in range(0, len(items), 20):
            res = self.request("POST", "/submissions/batch", {"submissions": items[i:i + 20]})["results"]
            bad = [r for r in res if "id" not in r]
            if bad:
                raise SystemExit(f"batch refused: {bad[0]}")
            ids += [r["id"] for r in res]
        return ids

    def await_all(self, ids, t0, timeout_s=1800, interval_s=0.25):
        """Polls the list of completed submissions (newest first, a few requests a round, every
        interval_s: each round lists up to 100 submissions per page, which costs the stack CPU that
        would otherwise be charged to the executions) until every id is there; returns {id: seconds
        from t0 to the poll that saw it stored}."""
        seen, pending, batch = {}, set(ids), set(ids)
        deadline = time.time() + timeout_s
        while pending and time.time() < deadline:
            cursor, found = None, []
            # the batch is the newest submissions, and the list is newest first (by creation, not
            # completion): its completed ones fill at most the first len(ids)/100 + 1 pages
            for _ in range(1 + len(ids) // 100):
                page = self.get("/submissions?status=COMPLETED&limit=100" + (f"&cursor={cursor}" if cursor else ""))
                found += page["items"]
                cursor = page.get("next")
                if not cursor or any(listed["id"] not in batch for listed in page["items"]):
                    break
            now = time.perf_counter() - t0
            for listed in found:
                if listed["id"] in pending:
                    pending.discard(listed["id"])
                    seen[listed["id"]] = now
                    if listed.get("verdict") != "ACCEPTED":
                        raise SystemExit(f"{listed['id']}: {listed.get('verdict')}")
            if pending:
                time.sleep(interval_s)
        if pending:
            raise SystemExit(f"{len(pending)} submissions not completed in {timeout_s} s")
        return seen

    def run_one(self, item):
        t0 = time.perf_counter()
        view = self.request("POST", "/submissions?wait=true&waitMs=60000", item)
        if view.get("status") != "COMPLETED" or view.get("verdict") != "ACCEPTED":
            raise SystemExit(f"not accepted: {view}")
        return (time.perf_counter() - t0) * 1000, view

    def close(self):
        """SIGTERM: the launcher's shutdown hook stops the services, Kafka and PostgreSQL in order."""
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=180)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()
        if not self.keep_logs:
            shutil.rmtree(self.dir, ignore_errors=True)


def item(language, source, stdin="hello"):
    return {"language": language, "source": source, "stdin": stdin, "expectedOutput": stdin + "\n"}


def measure_stack(args, slots):
    for attempt in range(3):
        try:
            stack = Stack(args.classpath, args.java_opts, slots, args.keep_logs, args.nice)
            break
        except PortTaken as taken:
            print(f"  a port was taken before the stack bound it ({taken}); starting again", flush=True)
    else:
        raise SystemExit("the stack could not bind its ports three times")
    rows = {}
    try:
        meter = CpuMeter(stack.proc.pid, stack.executor_id, os.path.realpath(stack.dir))
        # warm-up: caches, the compile cache for the C hello, boxes of both shapes, and the JIT,
        # whose compiling is a one-off CPU cost of young JVMs: rounds until it is under a tenth
        # of the stack's CPU (at most 5 rounds)
        for _ in range(5):
            before = meter.sample()
            for language, source in (("python", PY_HELLO), ("c", C_HELLO)):
                warm = stack.submit_batch([item(language, source) for _ in range(args.warmup)])
                stack.await_all(warm, time.perf_counter())
            cpu = CpuMeter.delta(before, meter.sample())
            if cpu["jit"] < 0.1 * (cpu["services"] + cpu["kafka"] + cpu["jit"]):
                break
        # the idle stack's CPU per second (pollers, heartbeats, timers): a floor under every row
        before, t0 = meter.sample(), time.perf_counter()
        time.sleep(args.idle_s)
        idle = CpuMeter.delta(before, meter.sample())
        rows["idle"] = {k: v / (time.perf_counter() - t0) for k, v in idle.items()}
        for language, source in (("python", PY_HELLO), ("c", C_HELLO)):
            before, threads = meter.sample(), meter.threads() if args.threads else {}
            machine_before = machine_ms()
            runs_before = stack.executor_runs().get(language, (0, 0))
            t0 = time.perf_counter()
            ids = stack.submit_batch([item(language, source) for _ in range(args.n)])
            seen = stack.await_all(ids, t0)
            elapsed = max(seen.values())
            cpu = CpuMeter.delta(before, meter.sample())
            machine = machine_share(machine_before, machine_ms(), args.n)
            runs_after = stack.executor_runs().get(language, (0, 0))
            lat = [v * 1000 for v in seen.values()]
            rows[language] = {"rate": args.n / elapsed, "p50": pct(lat, 0.5), "p99": pct(lat, 0.99),
                              "cpu": {k: v / args.n for k, v in cpu.items()}, "machine": machine,
                              "run_ms": 1000 * (runs_after[1] - runs_before[1]) / max(1, runs_after[0] - runs_before[0])}
            if args.threads:
                rows[language]["threads"] = CpuMeter.thread_split(threads, meter.threads(), args.n)
        if slots == 1:  # unloaded latency and the uncached C++ compile, one at a time
            lat, stages = [], []
            for _ in range(args.unloaded):
                sent = time.time()
                ms, view = stack.run_one(item("python", PY_HELLO))
                lat.append(ms)
                stages.append(unloaded_stages(sent, sent + ms / 1000, view))
            rows["unloaded"] = {"p50": pct(lat, 0.5), "p99": pct(lat, 0.99),
                                "stages": {k: statistics.median(s[k] for s in stages) for k in stages[0]}}
            rows["cpp"] = measure_cpp(stack, args.cpp_pairs) if args.cpp_pairs > 0 else None
    finally:
        stack.close()
    return rows


def instant(text):
    """An ISO-8601 instant of the API (UTC, 'Z', up to nanoseconds) as seconds since the epoch."""
    whole, _, fraction = text.rstrip("Z").partition(".")
    seconds = calendar.timegm(time.strptime(whole, "%Y-%m-%dT%H:%M:%S"))
    return seconds + (float("0." + fraction) if fraction else 0.0)


def unloaded_stages(sent, answered, view):
    """Where one waited-for run's time went, in ms, from the client's clock and the view's instants
    (one machine, one clock): the POST to the QUEUED row (Kafka's acknowledgement first), from there
    to the executor's end of the run (pick-up, sandbox, the program), of which the program's own
    wall time, and from the end of the run to the answer (the executor's transaction, the sink's
    store, the API seeing it)."""
    created, finished = instant(view["createdAt"]), instant(view["finishedAt"])
    return {"to the QUEUED row": (created - sent) * 1000, "to the end of the run": (finished - created) * 1000,
            "the program's wall time": float(view.get("wallTimeMs") or 0),
            "to the answer": (answered - finished) * 1000}


def compile_argv(language_id):
    """The runner's compile command for `language_id`, from the language catalogue (languages.yml):
    the bare compiler gets the same flags as the one in the box."""
    with open(LANGUAGES_YML) as f:
        lines = f.read().splitlines()
    start = lines.index(f"  - id: {language_id}")
    for line in lines[start + 1:]:
        if line.startswith("  - id:"):
            break
        if line.strip().startswith("compile:"):
            listed = line.split(":", 1)[1].strip()
            return [part.strip().strip('"') for part in listed.strip("[]").split(",")]
    raise SystemExit(f"no compile command for {language_id} in {LANGUAGES_YML}")


def bare_compile(argv, work, source):
    """Runs the runner's compile `argv` on the host in `work` (sources and output rewritten), in ms."""
    os.makedirs(os.path.join(work, "build"), exist_ok=True)
    path = os.path.join(work, "main.cpp")
    with open(path, "w") as f:
        f.write(source)
    cmd = [path if part == "{sources}" else part for part in argv]
    cmd[0] = system_program(cmd[0])
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=work, check=True)
    return (time.perf_counter() - t0) * 1000


def measure_cpp(stack, pairs):
    """Uncached C++ hellos, each followed at once by a bare compile of the same file with the same
    flags, so both see the same machine (the idle stack included): the compile step (in the box, as
    the result reports it) and the end-to-end time (REST in, compile and run, result stored), each as
    a median and against the median bare compile of the pairs."""
    argv = compile_argv("cpp")
    work = tempfile.mkdtemp(prefix="codeexec-bench-cpp-")
    compiles, e2e, bare = [], [], []
    try:
        for _ in range(pairs):
            source = CPP_HELLO + f"// {os.urandom(8).hex()}\n"
            ms, view = stack.run_one(item("cpp", source))
            compiles.append(view["compile"]["wallTimeMs"])
            e2e.append(ms)
            bare.append(bare_compile(argv, work, source))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"compile": statistics.median(compiles), "e2e": statistics.median(e2e), "paired": statistics.median(bare),
            "argv": argv, "pairs": pairs}


# ---------- baselines ----------

def ensure_bwrap():
    if shutil.which("bwrap"):
        return
    print("installing bubblewrap (apt-get install -y bubblewrap) ...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run(["apt-get", "install", "-y", "-q", "bubblewrap"], env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "bubblewrap"], env=env, check=True, capture_output=True)


def system_program(name):
    """`name` as the sandboxes find it: from /usr/bin or /bin, which bubblewrap binds read-only and
    the runner images hold, never a wrapper earlier on this shell's PATH (a pyenv shim runs a
    different Python, with a startup of its own, so the bare row would not be the same program)."""
    found = shutil.which(name, path="/usr/bin:/bin")
    if not found:
        raise SystemExit(f"{name} is not in /usr/bin or /bin")
    return found


def bwrap(argv, work):
    return ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--uid", "65534", "--gid", "65534",
            "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--ro-bind", work, "/work", "--proc", "/proc", "--dev", "/dev",
            "--tmpfs", "/tmp", "--chdir", "/tmp", *argv]


def run_many(cmd, n, parallel):
    def one(_):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, input=b"hello\n", capture_output=True)
        if r.stdout != b"hello\n":
            raise SystemExit(f"{cmd[-2:]}: {r.stdout!r} {r.stderr[-300:]!r}")
        return (time.perf_counter() - t0) * 1000

    t0, machine_before = time.perf_counter(), machine_ms()
    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        lat = list(pool.map(one, range(n)))
    return {"rate": n / (time.perf_counter() - t0), "p50": pct(lat, 0.5), "p99": pct(lat, 0.99),
            "machine": machine_share(machine_before, machine_ms(), n)}


def measure_baselines(n):
    ensure_bwrap()
    work = tempfile.mkdtemp(prefix="codeexec-bench-work-")
    os.chmod(work, 0o755)
    with open(os.path.join(work, "main.py"), "w") as f:
        f.write(PY_HELLO)
    with open(os.path.join(work, "main.c"), "w") as f:
        f.write(C_HELLO)
    subprocess.run([system_program("gcc"), "-O2", "-o", os.path.join(work, "main"), os.path.join(work, "main.c")], check=True)
    for p in os.listdir(work):
        os.chmod(os.path.join(work, p), 0o755)
    out = {}
    try:
        python = system_program("python3")
        programs = {"python": ([python, "/work/main.py"], [python, os.path.join(work, "main.py")]),
                    "c": (["/work/main"], [os.path.join(work, "main")])}
        for language, (inside, bare) in programs.items():
            for parallel in (1, 2):
                out[("bwrap", language, parallel)] = run_many(bwrap(inside, work), n, parallel)
                out[("bare", language, parallel)] = run_many(bare, n, parallel)
        argv = compile_argv("cpp")
        out["g++"] = statistics.median(bare_compile(argv, work, CPP_HELLO + f"// {os.urandom(8).hex()}\n")
                                       for _ in range(5))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def machine(row):
    m = row["machine"]
    return f"{m['ms']:.0f} ({100 * m['busy']:.0f}%)"


def budget(language, slots, row, bwrap_row):
    """The row's machine CPU per execution split into the boxes' and the rest (the pipeline), and
    what a box could cost for codeexec to spend no more CPU per execution than a bubblewrap run.
    Only a CPU-bound row (both sides busy 90% or more) turns CPU per run into executions/s."""
    total, boxes, bwrap_ms = row["machine"]["ms"], row["cpu"]["boxes"], bwrap_row["machine"]["ms"]
    pipeline = max(0.0, total - boxes)
    line = (f"budget, {language} hello, {slots} slot(s): machine CPU ms/exec {total:.0f} = boxes {boxes:.0f}"
            f" + everything else {pipeline:.0f} (REST, Kafka, PostgreSQL, engine, kernel, idle floor, this benchmark's polling);"
            f" a bubblewrap run {bwrap_ms:.0f}: ")
    room = bwrap_ms - pipeline
    line += (f"a box may cost at most {room:.0f} for the same CPU per execution" if room > 0
             else "everything else alone costs that much or more: no box, however cheap, brings an execution down to it")
    if min(row["machine"]["busy"], bwrap_row["machine"]["busy"]) < 0.9:
        line += " (not CPU-bound: the rate also waits on the pipeline's latency)"
    return line


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--slots", default="1,2")
    ap.add_argument("--classpath", required=True)
    # the JVM options of ./codeexec up (CODEEXEC_JAVA_OPTS)
    ap.add_argument("--java-opts", default="-Xms256m -Xmx2g -XX:+UseG1GC -XX:TieredStopAtLevel=1")
    ap.add_argument("--keep-logs", action="store_true")
    ap.add_argument("--nice", type=int, default=0,
                    help="start the stack (services, Kafka, PostgreSQL) at this niceness; the boxes are not affected")
    ap.add_argument("--warmup", type=int, default=40, help="submissions of each language before measuring")
    ap.add_argument("--cpp-pairs", type=int, default=9, help="uncached C++ hellos, each paired with a bare compile")
    ap.add_argument("--idle-s", type=float, default=10, help="seconds the idle stack's CPU is measured")
    ap.add_argument("--unloaded", type=int, default=20, help="unloaded Python hellos, one at a time (1 slot)")
    ap.add_argument("--threads", action="store_true",
                    help="also print, per row, the JVM threads that took the most CPU ms per execution")
    args = ap.parse_args()
    if args.unloaded < 1 or args.cpp_pairs < 0 or args.n < 1:
        ap.error("--n and --unloaded must be at least 1, --cpp-pairs at least 0 (0: no C++ row)")
    slot_counts = [int(s) for s in args.slots.split(",")]
    load = os.getloadavg()
    print(f"codeexec throughput: n={args.n} per row, {os.cpu_count()} cores, load average {load[0]:.1f} at start"
          + (f", the stack at nice {args.nice}" if args.nice else ""), flush=True)
    stack = {}
    for slots in slot_counts:
        print(f"  stack with {slots} slot(s) ...", flush=True)
        stack[slots] = measure_stack(args, slots)
    print("  bubblewrap and bare ...", flush=True)
    base = measure_baselines(args.n)
    print(f"load average {os.getloadavg()[0]:.1f} at the end (other work on the machine skews absolute figures;"
          " ratios are measured in the same run)\n")

    print("| program | runner | parallel | executions/s | p50 ms | p99 ms | vs bubblewrap |"
          " CPU ms/exec: all (services JVM + Kafka + JIT of both + PostgreSQL + engine + boxes) |"
          " executor ms per run, mean (slot held) | machine CPU ms/exec (busy share of all cores) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for language in ("python", "c"):
        for slots in slot_counts:
            r = stack[slots][language]
            b = base[("bwrap", language, min(slots, 2))]
            c = r["cpu"]
            print(f"| {language} hello | codeexec end to end | {slots} slot(s) | {r['rate']:.1f} | {r['p50']:.0f} | {r['p99']:.0f} |"
                  f" {r['rate'] / b['rate']:.2f}x | {sum(c.values()):.0f}"
                  f" ({' + '.join(f'{c[k]:.0f}' for k in CpuMeter.PARTS)}) | {r['run_ms']:.1f} | {machine(r)} |")
        for runner in ("bwrap", "bare"):
            for parallel in (1, 2):
                r = base[(runner, language, parallel)]
                b = base[("bwrap", language, parallel)]
                name = "bubblewrap, fresh per run" if runner == "bwrap" else "bare on the host"
                print(f"| {language} hello | {name} | {parallel} | {r['rate']:.1f} | {r['p50']:.0f} | {r['p99']:.0f} |"
                      f" {r['rate'] / b['rate']:.2f}x | | | {machine(r)} |")
    print()
    for language in ("python", "c"):
        for slots in slot_counts:
            print(budget(language, slots, stack[slots][language], base[("bwrap", language, min(slots, 2))]))
    for slots in slot_counts:
        i = stack[slots]["idle"]
        print(f"\nidle stack, {slots} slot(s): CPU ms per second {sum(i.values()):.0f}"
              f" ({' + '.join(f'{i[k]:.0f}' for k in CpuMeter.PARTS)}), part of every row's CPU ms/exec")
    if args.threads:
        print()
        for language in ("python", "c"):
            for slots in slot_counts:
                for part, names in stack[slots][language]["threads"].items():
                    top = ", ".join(f"{name} {ms:.1f}" for name, ms in names)
                    print(f"threads, {language} hello, {slots} slot(s), {part}: CPU ms/exec {top}")
    if 1 in stack:
        u = stack[1]["unloaded"]
        cpp = stack[1]["cpp"]
        print(f"\nunloaded Python hello end to end (POST ?wait=true, {args.unloaded} one at a time): p50 {u['p50']:.0f} ms, p99 {u['p99']:.0f} ms")
        print("  medians: " + ", ".join(f"{k} {v:.0f} ms" for k, v in u["stages"].items()))
    if 1 in stack and cpp:
        print(f"uncached C++ hello ({cpp['pairs']} pairs, each with a bare `{' '.join(cpp['argv'])}` of the same file"
              f" right after it): compile step p50 {cpp['compile']:.0f} ms vs bare p50 {cpp['paired']:.0f} ms:"
              f" {cpp['compile'] / cpp['paired']:.2f}x; end to end (REST in, compile + run, result stored)"
              f" p50 {cpp['e2e']:.0f} ms: {cpp['e2e'] / cpp['paired']:.2f}x of the bare compile")
        print(f"  against the bare compile once the stack has stopped (p50 {base['g++']:.0f} ms):"
              f" compile step {cpp['compile'] / base['g++']:.2f}x, end to end {cpp['e2e'] / base['g++']:.2f}x")
    if len(slot_counts) > 1:
        for language in ("python", "c"):
            rates = ", ".join(f"{s} slot(s) {stack[s][language]['rate']:.1f}/s" for s in slot_counts)
            print(f"scaling, {language}: {rates}")


if __name__ == "__main__":
    main()
