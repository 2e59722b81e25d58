#!/usr/bin/env python3
"""What a Python fork server could save: a fresh interpreter per run against a fork of a started one.

Started by `./codeexec bench pyfork` (which makes sure Docker and the Python runner image are
there). It runs itself inside the Python runner image (`docker run --network none`, its own
python3), with no sandbox around either way, and times a Python hello (`print(input())`, stdin
"hello"), N runs per round, rounds alternating the two ways:

- fresh: `python3 main.py` started for every run, as a box step runs it today;
- forked: a started interpreter forks, and the child runs main.py as `__main__` with the run's
  stdin and stdout, as a fork server would (no namespaces, mounts or limits: only what the fork
  itself costs against an interpreter's start).

CPU ms per run are this process's and its waited-for children's user + system time over the
round, divided by the runs. It prints a table with the medians, p90 and the ratio against fresh.

Options: --runs 50, --rounds 3, --image codeexec-runner-python:2
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

PY_HELLO = "print(input())\n"


def fresh(path):
    subprocess.run(["python3", path], input=b"hello\n", capture_output=True, check=True)


def forked(path):
    stdin_r, stdin_w = os.pipe()
    stdout_r, stdout_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(stdin_r, 0)
            os.dup2(stdout_w, 1)
            for fd in (stdin_r, stdin_w, stdout_r, stdout_w):
                os.close(fd)
            sys.stdin = open(0, "r")
            sys.stdout = open(1, "w")
            with open(path) as source:
                exec(compile(source.read(), path, "exec"), {"__name__": "__main__"})
            sys.stdout.flush()
            os._exit(0)
        except BaseException:
            os._exit(1)
    os.close(stdin_r)
    os.close(stdout_w)
    os.write(stdin_w, b"hello\n")
    os.close(stdin_w)
    out = b""
    while chunk := os.read(stdout_r, 4096):
        out += chunk
    os.close(stdout_r)
    _, status = os.waitpid(pid, 0)
    if status != 0 or out != b"hello\n":
        raise SystemExit(f"forked run failed: status {status}, output {out!r}")


def cpu_s():
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def inside(runs, rounds):
    path = "/tmp/main.py"
    with open(path, "w") as f:
        f.write(PY_HELLO)
    ways = {"fresh": fresh, "forked": forked}
    times = {w: [] for w in ways}
    cpu = {w: 0.0 for w in ways}
    for _ in range(rounds):
        for name, run in ways.items():
            start_cpu = cpu_s()
            for _ in range(runs):
                t = time.perf_counter()
                run(path)
                times[name].append((time.perf_counter() - t) * 1000)
            cpu[name] += cpu_s() - start_cpu
    base = statistics.median(times["fresh"])
    print(f"Python hello, {runs} runs x {rounds} rounds per way, no sandbox, inside the runner image")
    print("| way | p50 ms | p90 ms | CPU ms per run | p50 vs fresh |")
    print("| --- | --- | --- | --- | --- |")
    for name in ways:
        xs = sorted(times[name])
        p90 = xs[min(len(xs) - 1, int(0.9 * len(xs)))]
        p50 = statistics.median(xs)
        print(f"| {name} | {p50:.1f} | {p90:.1f} | {cpu[name] * 1000 / (runs * rounds):.1f} | {p50 / base:.2f}x |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--image", default="codeexec-runner-python:2")
    ap.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.runs < 1 or args.rounds < 1:
        ap.error("--runs and --rounds must be at least 1")
    if args.inside:
        inside(args.runs, args.rounds)
        return
    with open(os.path.abspath(__file__), "rb") as me:
        script = me.read()
    done = subprocess.run(["docker", "run", "--rm", "-i", "--network", "none", "--entrypoint", "python3", args.image,
                           "-", "--inside", "--runs", str(args.runs), "--rounds", str(args.rounds)],
                          input=script)
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
