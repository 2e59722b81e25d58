#!/usr/bin/env bash
# Builds the deployment images offline from Debian packages and the Maven build's jars (no registry):
#   codeexec-jre:1            Debian's OpenJDK 17 JRE on codeexec-runner-rootfs:2 (the runners' debootstrap root)
#   codeexec-postgres:1       Debian's postgresql-15
#   codeexec-kafka:1          the kafka_2.13 broker jars (deploy/kafka/target/libs), KRaft mode
#   codeexec-ingest-api:1, codeexec-results-sink:1, codeexec-executor:1   the Spring Boot jars
# Each image is labelled with a hash of what it is built from (its Dockerfile and files, the jars,
# its base image); images whose label matches are skipped, the others rebuilt; --force rebuilds all.
# The jars must be built first (mvn -DskipTests install, or ./codeexec images, which does both).
# --infra builds only what the modules' integration tests start (jre, postgres, kafka): those need no
# codeexec jar, only the broker jars (mvn -pl deploy/kafka package); ./codeexec test runs it first.
#
# --check builds nothing: it lists the images that are missing or outdated and fails if there are any.
#
# usage: deploy/images.sh [--force] [--infra] [--check] [--list]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
TAG=1
SERVICES=(ingest-api results-sink executor)
FORCE=0
INFRA=0
CHECK=0
LIST=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) FORCE=1 ;;
    --infra) INFRA=1 ;;
    --check) CHECK=1 ;;
    --list) LIST=1 ;;
    -h|--help) sed -n '2,/^# usage/p' "$0"; exit 0 ;;
    *) echo "images.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
if [[ $INFRA -eq 1 ]]; then
  SERVICES=()
fi
if [[ $LIST -eq 1 ]]; then
  printf 'codeexec-%s:1\n' jre postgres kafka "${SERVICES[@]+"${SERVICES[@]}"}"
  exit 0
fi

log() { printf '[images %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
die() { echo "images.sh: $*" >&2; exit 1; }

command -v docker >/dev/null || die "the docker CLI is missing (apt-get install docker.io)"
docker info >/dev/null 2>&1 || die "no Docker engine answers (./codeexec images starts one as root, or start dockerd yourself)"
export DOCKER_BUILDKIT=0   # the classic builder: no buildx plugin needed, --network host works

START="$(now)"
BUILT=()
SKIPPED=()
STALE=()
STAGE="$HERE/target/image-context"

image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null; }
image_current() { # image hash
  [[ "$(docker image inspect --format '{{index .Config.Labels "codeexec.inputs"}}' "$1" 2>/dev/null)" == "$2" ]]
}

# build NAME BASE-IMAGE: stages deploy/images/NAME plus the artifacts in $STAGE/NAME/NAME, hashes
# them with the base image's id, and builds codeexec-NAME:1 unless its label already matches.
build() {
  local name="$1" base="$2" image="codeexec-$1:$TAG" ctx="$STAGE/$1" hash t out
  hash="$( { (cd "$ctx" && find . -type f | LC_ALL=C sort | xargs -d '\n' sha256sum); image_id "$base"; } \
           | sha256sum | cut -c1-16)"
  if [[ $FORCE -eq 0 ]] && image_current "$image" "$hash"; then SKIPPED+=("$image"); return; fi
  if [[ $CHECK -eq 1 ]]; then STALE+=("$image"); return; fi
  t="$(now)"
  local previous
  previous="$(image_id "$image" || true)"
  log "building $image ($((${#BUILT[@]} + ${#SKIPPED[@]} + 1))/$((3 + ${#SERVICES[@]}))) ..."
  out="$(mktemp)"
  # progress: the builder's step lines as they come; the whole output only when it fails
  if ! docker build --network host --force-rm --label "codeexec.inputs=$hash" -t "$image" \
         -f "$ctx/$name/Dockerfile" "$ctx" 2>&1 | tee "$out" | grep --line-buffered '^Step ' | cut -c1-110 | sed -u 's/^/    /'; then
    :
  fi
  if ! image_current "$image" "$hash"; then
    tail -n 40 "$out" >&2; rm -f "$out"; die "building $image failed"
  fi
  rm -f "$out"
  # the image this one replaces (now untagged) goes, unless a container still uses it
  if [[ -n "$previous" && "$previous" != "$(image_id "$image")" ]]; then
    docker rmi "$previous" >/dev/null 2>&1 || true
  fi
  log "built $image in $(since "$t")"
  BUILT+=("$image")
}

# stage NAME [ARTIFACT-SOURCE ARTIFACT-NAME]...: a clean build context holding only what NAME needs
# (hard links where possible: the jars are large)
stage() {
  local name="$1"
  shift
  rm -rf "${STAGE:?}/$name"
  mkdir -p "$STAGE/$name/$name"
  cp "$HERE/images/$name"/* "$STAGE/$name/$name/"
  while [[ $# -gt 0 ]]; do
    cp -rl "$1" "$STAGE/$name/$name/$2" 2>/dev/null || cp -r "$1" "$STAGE/$name/$name/$2"
    shift 2
  done
}

ROOTFS="codeexec-runner-rootfs:2"   # the runner images' base (runners/build.sh TAG)
if [[ -z "$(image_id "$ROOTFS")" ]]; then
  log "$ROOTFS is missing: building it with runners/build.sh (with the small bash runner)"
  "$REPO/runners/build.sh" --only bash
fi

for service in "${SERVICES[@]+"${SERVICES[@]}"}"; do
  jar="$(ls "$REPO/$service/target/$service"-*-exec.jar 2>/dev/null | head -n1 || true)"
  [[ -n "$jar" ]] || die "$service/target/$service-*-exec.jar is missing: build first (mvn -DskipTests install)"
done
[[ -d "$HERE/kafka/target/libs" ]] \
  || die "deploy/kafka/target/libs is missing: build first (mvn -DskipTests install, or mvn -pl deploy/kafka package)"

stage jre
build jre "$ROOTFS"
stage postgres
build postgres "$ROOTFS"
stage kafka "$HERE/kafka/target/libs" libs
build kafka "codeexec-jre:$TAG"
for service in "${SERVICES[@]+"${SERVICES[@]}"}"; do
  stage "$service" "$(ls "$REPO/$service/target/$service"-*-exec.jar | head -n1)" app.jar
  build "$service" "codeexec-jre:$TAG"
done

if [[ $CHECK -eq 1 ]]; then
  log "current: ${SKIPPED[*]:-none}; missing or outdated: ${STALE[*]:-none} ($(since "$START"))"
  [[ ${#STALE[@]} -eq 0 ]] || exit 1
  exit 0
fi
log "built: ${BUILT[*]:-nothing}; already current: ${SKIPPED[*]:-none}; done in $(since "$START")"
