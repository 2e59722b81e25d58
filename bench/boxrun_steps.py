#!/usr/bin/env python3
"""One box step's round trip, boxrun of the working tree against boxrun of another revision.

Started by `./codeexec bench boxrun --vs REV` (which makes sure Docker and the runner images are
there). Both boxrun binaries are compiled in the C runner image (its gcc, static, as
runners/base/Dockerfile does), from runners/boxrun/boxrun.c of the working tree and of REV. Each
then runs as PID 1 of a Python runner container with the executor's settings (no network,
read-only root, tmpfs /box and /tmp, all capabilities dropped, no-new-privileges, boxrun's seccomp
profile, private IPC, pids, memory and CPU limits), mounted over the image's own boxrun, and this
script speaks the frame protocol (runners/boxrun/PROTOCOL.md) to it over `docker run -i`, as the
executor does over an attach stream: it puts a Python hello, then times STEP -> REPORT for a
Python hello (`print(input())`, stdin "hello") and for `/bin/true`, N steps each.

Two pacings: back to back (the next STEP as soon as the report is in, as a busy slot runs a
batch's test cases) and with an idle gap (--gap-ms, default 50) between steps, as a box has
between submissions. Rounds alternate the two binaries, so both see the same machine; the table
gives the median over all steps of each (binary, pacing, program) and the ratio against REV.

Options: --vs REV (required), --steps 40, --rounds 3, --gap-ms 50, --image codeexec-runner-python:2
"""
import argparse
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECCOMP = os.path.join(REPO, "executor/src/main/resources/dev/codeexec/executor/docker/boxrun-seccomp.json")
PY_HELLO = b"print(input())\n"


def frame(kind, payload):
    return kind + struct.pack(">I", len(payload)) + payload


def step_frame(argv, stdin, cpu_ms=2000, wall_ms=5000):
    payload = struct.pack(">QQQQII", cpu_ms, wall_ms, 65536, 8 << 20, 0, len(argv))
    for arg in argv:
        payload += struct.pack(">I", len(arg)) + arg
    return frame(b"S", payload + struct.pack(">I", 0) + struct.pack(">I", len(stdin)) + stdin)


def read_frame(stream):
    head = stream.read(5)
    if len(head) < 5:
        raise SystemExit("boxrun closed its stream")
    body = stream.read(struct.unpack(">I", head[1:])[0])
    return head[:1], body


def compile_boxrun(source_text, out_dir, name):
    """gcc of the C runner image, static: the same build as runners/base/Dockerfile's."""
    with open(os.path.join(out_dir, name + ".c"), "w") as f:
        f.write(source_text)
    subprocess.run(["docker", "run", "--rm", "--network", "none", "-u", f"{os.getuid()}:{os.getgid()}",
                    "-v", f"{out_dir}:/w", "-w", "/w", "--entrypoint", "gcc", "codeexec-runner-c:2",
                    "-std=gnu17", "-O2", "-Wall", "-Wextra", "-static", "-o", name, name + ".c"], check=True)
    return os.path.join(out_dir, name)


class Box:
    """A runner container with the given boxrun as its PID 1, spoken to over stdin/stdout."""

    def __init__(self, image, binary):
        cmd = ["docker", "run", "-i", "--rm", "--network", "none", "--read-only",
               "--tmpfs", "/box:rw,exec,nosuid,nodev,size=32m,mode=0700,uid=10001,gid=10001",
               "--tmpfs", "/tmp:rw,exec,nosuid,nodev,size=16m,mode=1777", "--shm-size", "16m",
               "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--security-opt", f"seccomp={SECCOMP}",
               "--security-opt", "systempaths=unconfined", "--ipc", "private", "--pids-limit", "34",
               "-m", "128m", "--memory-swap", "128m", "--cpus", "1", "--log-driver", "none",
               "-v", f"{binary}:/usr/local/bin/boxrun:ro", image]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        kind, body = read_frame(self.proc.stdout)
        if kind != b"R":
            raise SystemExit(f"boxrun did not start: {kind} {body!r}")

    def put(self, name, data):
        self.proc.stdin.write(frame(b"F", struct.pack(">IH", 0o644, len(name)) + name + data))
        self.proc.stdin.flush()
        kind, body = read_frame(self.proc.stdout)
        if kind != b"K" or body[:4] != b"\0\0\0\0":
            raise SystemExit(f"FILE refused: {body!r}")

    def step_ms(self, argv, stdin):
        t0 = time.perf_counter()
        self.proc.stdin.write(step_frame(argv, stdin))
        self.proc.stdin.flush()
        while True:
            kind, body = read_frame(self.proc.stdout)
            if kind == b"X":
                if body[0] != 0 or body[2:6] != b"\0\0\0\0":
                    raise SystemExit(f"the step did not exit 0: {body!r}")
                return (time.perf_counter() - t0) * 1000
            if kind == b"Z":
                raise SystemExit(f"boxrun failed: {body!r}")

    def close(self):
        self.proc.stdin.write(frame(b"Q", b""))
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


PROGRAMS = (("python hello", [b"python3", b"-B", b"main.py"], b"hello\n"), ("/bin/true", [b"/bin/true"], b""))


def measure(image, binary, steps, gap_s):
    box = Box(image, binary)
    try:
        box.put(b"main.py", PY_HELLO)
        time.sleep(0.3)  # the container's start settles
        out = {}
        for name, argv, stdin in PROGRAMS:
            box.step_ms(argv, stdin)  # a first step of each, not counted
            times = []
            for _ in range(steps):
                if gap_s:
                    time.sleep(gap_s)
                times.append(box.step_ms(argv, stdin))
            out[name] = times
        return out
    finally:
        box.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vs", required=True, help="the revision whose boxrun is the baseline")
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--gap-ms", type=float, default=50)
    ap.add_argument("--image", default="codeexec-runner-python:2")
    args = ap.parse_args()
    base_source = subprocess.run(["git", "-C", REPO, "show", f"{args.vs}:runners/boxrun/boxrun.c"],
                                 check=True, capture_output=True, text=True).stdout
    with open(os.path.join(REPO, "runners/boxrun/boxrun.c")) as f:
        tree_source = f.read()
    with tempfile.TemporaryDirectory(prefix="codeexec-boxrun-bench-") as work:
        os.chmod(work, 0o755)
        binaries = {"working tree": compile_boxrun(tree_source, work, "boxrun-tree"),
                    args.vs: compile_boxrun(base_source, work, "boxrun-base")}
        times = {}
        for rnd in range(args.rounds):
            order = list(binaries.items()) if rnd % 2 == 0 else list(reversed(binaries.items()))
            for label, binary in order:
                for pacing, gap in (("back to back", 0.0), (f"{args.gap_ms:g} ms idle between", args.gap_ms / 1000)):
                    for program, values in measure(args.image, binary, args.steps, gap).items():
                        times.setdefault((label, pacing, program), []).extend(values)
            print(f"  round {rnd + 1} of {args.rounds} done", file=sys.stderr)
    load = os.getloadavg()[0]
    print(f"\nboxrun step round trip (STEP -> REPORT over docker run -i), {args.steps} steps x {args.rounds} rounds "
          f"per row, load average {load:.1f} at the end\n")
    print("| program | pacing | boxrun | p50 ms | p90 ms | vs " + args.vs + " |")
    print("| --- | --- | --- | --- | --- | --- |")
    for program, _, _ in PROGRAMS:
        for pacing in ("back to back", f"{args.gap_ms:g} ms idle between"):
            base = statistics.median(times[(args.vs, pacing, program)])
            for label in binaries:
                values = sorted(times[(label, pacing, program)])
                p50 = statistics.median(values)
                p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
                print(f"| {program} | {pacing} | {label} | {p50:.1f} | {p90:.1f} | {p50 / base:.2f}x |")


if __name__ == "__main__":
    main()
