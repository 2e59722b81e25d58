#!/usr/bin/env bash
# Builds the codeexec runner images offline from Debian packages (no Docker Hub needed):
#   1. debootstrap a minimal bookworm root filesystem and `docker import` it (codeexec-runner-rootfs:2)
#   2. runners/base/Dockerfile: the common base with the boxrun supervisor as entrypoint and the
#      unprivileged user `runner` (uid 10001)             (codeexec-runner-base:2)
#   3. runners/<id>/Dockerfile per language               (codeexec-runner-<id>:2, as in languages.yml)
# Each image is labelled with a hash of what it is built from (boxrun.c, its Dockerfile, its base);
# images whose label matches are skipped, others are rebuilt; --force rebuilds all. Safe to rerun.
#
# usage: runners/build.sh [--force] [--only cpp,python] [--list]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TAG=2
# Every runners/<id>/Dockerfile is a language (base is the image they start from), so a new
# language needs only its folder here and its entry in languages.yml. cpp and python first: the
# end-to-end pipeline needs them, the rest follows in name order.
ALL_LANGUAGES=(cpp python)
for dockerfile in "$HERE"/*/Dockerfile; do
  id="$(basename "$(dirname "$dockerfile")")"
  [[ "$id" == base || "$id" == cpp || "$id" == python ]] || ALL_LANGUAGES+=("$id")
done
FORCE=0
ONLY=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) FORCE=1 ;;
    --only) ONLY="${2:?--only needs a comma-separated list}"; shift ;;
    --only=*) ONLY="${1#--only=}" ;;
    --list) printf '%s\n' "${ALL_LANGUAGES[@]}"; exit 0 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

LANGUAGES=("${ALL_LANGUAGES[@]}")
if [[ -n "$ONLY" ]]; then
  IFS=',' read -r -a LANGUAGES <<<"$ONLY"
  for id in "${LANGUAGES[@]}"; do
    [[ -f "$HERE/$id/Dockerfile" ]] || { echo "build.sh: no runner '$id' (runners/$id/Dockerfile)" >&2; exit 2; }
  done
fi

log() { printf '[runners %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

command -v docker >/dev/null || { echo "build.sh: the docker CLI is missing (apt-get install docker.io)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "build.sh: no Docker engine answers (start dockerd: ./codeexec images does, run as root)" >&2; exit 1; }


# The Debian mirror apt on this machine uses (deb822 or one-line format); deb.debian.org otherwise.
debian_mirror() {
  local m=""
  if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    m="$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /debian\/?$/ && $i !~ /security/) { print $i; exit } }' \
          /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)"
  fi
  if [[ -z "$m" && -f /etc/apt/sources.list ]]; then
    m="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/ && $i !~ /security/) { print $i; exit } }' \
          /etc/apt/sources.list | head -n1)"
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

export DOCKER_BUILDKIT=0   # the classic builder: no buildx plugin needed, --network host works
START="$(now)"
BUILT=()
SKIPPED=()

build_rootfs() {
  local image="codeexec-runner-rootfs:$TAG" hash
  hash="$(declare -f build_rootfs debian_mirror | sha256sum | cut -c1-16)" # this recipe is its input
  if [[ $FORCE -eq 0 ]] && image_current "$image" "$hash"; then SKIPPED+=("$image"); return; fi
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap"
    [[ $EUID -eq 0 ]] || { echo "build.sh: debootstrap is missing; run as root or apt-get install debootstrap" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null; }
  fi
  local mirror t rootfs
  mirror="$(debian_mirror)"
  t="$(now)"
  rootfs="$(mktemp -d /tmp/codeexec-rootfs.XXXXXX)"
  trap 'rm -rf "$rootfs"' RETURN
  log "debootstrap bookworm (minbase) from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
    || { tail -n 30 "$rootfs.log" >&2; rm -f "$rootfs.log"; echo "build.sh: debootstrap failed" >&2; exit 1; }
  rm -f "$rootfs.log"
  # apt inside the images uses the same mirror; no docs, man pages or locales in any image.
  echo "deb $mirror bookworm main" >"$rootfs/etc/apt/sources.list"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
         "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/log/* "$rootfs"/usr/share/doc/* \
         "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  find "$rootfs"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  tar -C "$rootfs" -c . | docker import --change "LABEL codeexec.inputs=$hash" - "$image" >/dev/null
  log "built $image in $(since "$t")"
  BUILT+=("$image")
}

# An image is current when its label codeexec.inputs equals the hash of what it is built from
# (its Dockerfile, the files it copies, the image it starts FROM), so a changed boxrun.c or
# Dockerfile rebuilds exactly what depends on it.
inputs_hash() { # files... then image ids via INPUT_IMAGES
  { cat "$@"; printf '%s\n' "${INPUT_IMAGES[@]}"; } | sha256sum | cut -c1-16
}
image_current() { # image hash
  [[ "$(docker image inspect --format '{{index .Config.Labels "codeexec.inputs"}}' "$1" 2>/dev/null)" == "$2" ]]
}
image_id() { docker image inspect --format '{{.Id}}' "$1"; }

build_dockerfile() { # image dir files-it-depends-on...
  local image="$1" dir="$2" t hash
  shift 2
  hash="$(inputs_hash "$dir/Dockerfile" "$@")"
  if [[ $FORCE -eq 0 ]] && image_current "$image" "$hash"; then SKIPPED+=("$image"); return; fi
  t="$(now)"
  log "building $image from runners/${dir#"$HERE"/}"
  local out
  out="$(mktemp)"
  if ! docker build --network host --force-rm --label "codeexec.inputs=$hash" -t "$image" \
         -f "$dir/Dockerfile" "$HERE" >"$out" 2>&1; then
    tail -n 40 "$out" >&2; rm -f "$out"; echo "build.sh: building $image failed" >&2; exit 1
  fi
  rm -f "$out"
  log "built $image in $(since "$t")"
  BUILT+=("$image")
}

build_rootfs
INPUT_IMAGES=("$(image_id "codeexec-runner-rootfs:$TAG")")
build_dockerfile "codeexec-runner-base:$TAG" "$HERE/base" "$HERE/boxrun/boxrun.c"
INPUT_IMAGES=("$(image_id "codeexec-runner-base:$TAG")")
for id in "${LANGUAGES[@]}"; do
  mapfile -t copied < <(find "$HERE/$id" -type f ! -name Dockerfile | sort)   # what its Dockerfile may COPY
  build_dockerfile "codeexec-runner-$id:$TAG" "$HERE/$id" "${copied[@]}"
done

docker image prune -f --filter label=codeexec.inputs >/dev/null 2>&1 || true   # only codeexec's own dangling images
log "built: ${BUILT[*]:-nothing}; already present: ${SKIPPED[*]:-none}"
for id in "${LANGUAGES[@]}"; do
  docker image inspect --format "{{index .RepoTags 0}} {{.Size}}" "codeexec-runner-$id:$TAG" \
    | awk '{ printf "  %-32s %6.0f MB\n", $1, $2 / 1e6 }'
done
log "done in $(since "$START")"
