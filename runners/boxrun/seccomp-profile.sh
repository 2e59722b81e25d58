#!/usr/bin/env bash
# Writes boxrun's seccomp profile: Docker's default profile (profiles/seccomp/default.json of the
# engine's own version, from Debian's golang-github-docker-docker-dev package) plus one rule that
# allows exactly the two calls boxrun needs to build each step's inner sandbox: unshare (new user,
# mount, PID, IPC, network and UTS namespaces) and mount (fresh tmpfs and mqueue). Everything else,
# clone with namespace flags, setns, umount, pivot_root included, stays as Docker denies it, and
# boxrun takes unshare and mount away again from every program it runs (a second filter).
#
# usage: runners/boxrun/seccomp-profile.sh   (rewrites the executor's resource; needs apt-get)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../../executor/src/main/resources/dev/codeexec/executor/docker/boxrun-seccomp.json"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && apt-get download -q golang-github-docker-docker-dev >/dev/null 2>&1 \
  && dpkg-deb -x golang-github-docker-docker-dev_*.deb x)
python3 - "$WORK/x/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json" "$OUT" <<'PY'
import json, sys
profile = json.load(open(sys.argv[1]))
profile["syscalls"].append({
    "names": ["mount", "unshare"],
    "action": "SCMP_ACT_ALLOW",
    "comment": "codeexec boxrun: each step's inner sandbox (namespaces, fresh tmpfs); denied again to the program",
})
with open(sys.argv[2], "w") as f:
    json.dump(profile, f, indent=1, sort_keys=True)
    f.write("\n")
PY
echo "wrote $OUT"
