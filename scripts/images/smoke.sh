#!/usr/bin/env bash
# Runs one service image the way the Helm chart runs it, without a container engine, and
# waits until it is ready: the image is pulled from the registry through its HTTP API and
# its layers are unpacked into target/images/rootfs/<service>; then, in new mount and PID
# namespaces, that rootfs is mounted read-only with a tmpfs at /tmp (the chart's emptyDir),
# and the image's entrypoint runs chrooted in the image's working directory, as user
# 185:185 with no capabilities, with the image's environment plus the chart's DB_*,
# QUARKUS_HTTP_PORT and QUARKUS_OTEL_SDK_DISABLED. It shares the host's network, so it
# reaches the local PostgreSQL; it uses a database of its own (cjm_smoke_<service>,
# dropped at the end) and port $SMOKE_PORT (default 18480). The unpacked rootfs is removed
# at the end unless KEEP_ROOTFS=1.
#
#   scripts/images/smoke.sh [service]     # default scoring-service; needs root
#
# A service without a database (the gateway) or one that calls others starts too, but is
# ready only when what it depends on answers; scoring-service depends on PostgreSQL only.
set -euo pipefail
# shellcheck source=scripts/images/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

svc="${1:-scoring-service}"
port="${SMOKE_PORT:-18480}"
db="cjm_smoke_${svc%-service}"
[ "$(id -u)" -eq 0 ] || { echo "error: smoke.sh needs root (mount namespaces, chroot)" >&2; exit 2; }
host="${IMAGE_REGISTRY%%/*}"
path=""
[[ "$IMAGE_REGISTRY" == */* ]] && path="${IMAGE_REGISTRY#*/}/"
scheme=https
{ is_local_registry || [ "${IMAGE_INSECURE:-false}" = true ]; } && scheme=http
url="$scheme://$host/v2/$path$svc"
ref="$IMAGE_REGISTRY/$svc:$IMAGE_TAG"

rootfs="$IMAGES_ROOT/target/images/rootfs/$svc"
log="$IMAGES_ROOT/target/images/smoke-$svc.log"
rm -rf "$rootfs"
mkdir -p "$rootfs"

echo "pulling $ref into $rootfs"
manifest=$(curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json' "$url/manifests/$IMAGE_TAG")
config=$(curl -fsS "$url/blobs/$(jq -r .config.digest <<<"$manifest")")
for layer in $(jq -r '.layers[].digest' <<<"$manifest"); do
  curl -fsS "$url/blobs/$layer" | tar -xz -C "$rootfs" --numeric-owner --same-owner --same-permissions --warning=no-unknown-keyword
  # OCI whiteouts (none in these images, but a layer may delete files of the one below).
  find "$rootfs" -name '.wh.*' -print0 | while IFS= read -r -d '' wh; do
    base="$(basename "$wh")"; dir="$(dirname "$wh")"
    if [ "$base" = .wh..wh..opq ]; then find "$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
    else rm -rf "${dir:?}/${base#.wh.}" "$wh"; fi
  done
done

user=$(jq -r '.config.User // "0"' <<<"$config")
[[ "$user" == *:* ]] || user="$user:$user"
workdir=$(jq -r '.config.WorkingDir // "/"' <<<"$config")
mapfile -t image_env < <(jq -r '.config.Env[]?' <<<"$config")
mapfile -t entrypoint < <(jq -r '(.config.Entrypoint // []) + (.config.Cmd // []) | .[]' <<<"$config")
run_env=("${image_env[@]}"
  "QUARKUS_HTTP_PORT=$port" "QUARKUS_OTEL_SDK_DISABLED=true"
  "DB_HOST=${DB_HOST:-localhost}" "DB_PORT=${DB_PORT:-5432}" "DB_USER=${DB_USER:-postgres}"
  "DB_PASSWORD=${DB_PASSWORD:-}" "DB_NAME=$db")
echo "running as $user in $workdir: ${entrypoint[*]}  (port $port, database $db; log $log)"

# The runner: private mounts, read-only rootfs, tmpfs /tmp, /proc and a minimal /dev, then
# chroot with the image's user (setuid from root to 185 drops every capability).
cat >"$rootfs.run" <<'RUN'
set -euo pipefail
r="$1"; user="$2"; shift 2
mount --bind "$r" "$r"
mount -o remount,bind,ro "$r"
mount -t tmpfs -o size=256m,mode=1777,nosuid,nodev tmpfs "$r/tmp"
mount -t proc -o nosuid,nodev,noexec proc "$r/proc"
mount -t tmpfs -o mode=755,nosuid tmpfs "$r/dev"
for n in null zero random urandom full tty; do touch "$r/dev/$n"; mount --bind "/dev/$n" "$r/dev/$n"; done
ln -s /proc/self/fd "$r/dev/fd"
exec chroot --userspec="$user" "$r" "$@"
RUN
unshare --mount --propagation private --pid --fork --kill-child=SIGTERM \
  bash "$rootfs.run" "$rootfs" "$user" /usr/bin/env -i -C "$workdir" "${run_env[@]}" "${entrypoint[@]}" \
  >"$log" 2>&1 &
runner=$!
# unshare --fork ignores SIGTERM while it waits: stop the app itself (PID 1 of its namespace,
# the chroot and env having exec'd into java), as Kubernetes would, with SIGTERM.
cleanup() {
  local app
  app=$(pgrep -P "$runner" 2>/dev/null || true)
  [ -n "$app" ] && kill -TERM "$app" 2>/dev/null
  for _ in $(seq 1 30); do kill -0 "$runner" 2>/dev/null || break; sleep 1; done
  kill -KILL "$app" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
  grep -m1 -E 'stopped in' "$log" | sed 's/^/shutdown on SIGTERM: /' | cut -c1-160 || true
  [ -n "${KEEP_ROOTFS:-}" ] || rm -rf "$rootfs" "$rootfs.run"
  psql -q -h "${DB_HOST:-localhost}" -p "${DB_PORT:-5432}" -U "${DB_USER:-postgres}" -d postgres \
    -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

start=$(date +%s)
ready=""
for _ in $(seq 1 120); do
  if ready=$(curl -fsS -m 2 "http://127.0.0.1:$port/q/health/ready" 2>/dev/null); then break; fi
  kill -0 "$runner" 2>/dev/null || { echo "error: the service exited; its log:" >&2; tail -30 "$log" >&2; exit 1; }
  ready=""
  sleep 1
done
[ -n "$ready" ] || { echo "error: not ready after 120 s; its log:" >&2; tail -30 "$log" >&2; exit 1; }

java_pid=$(pgrep -P "$runner")
echo "ready after $(( $(date +%s) - start )) s: $(jq -c '{status, checks: [.checks[] | {name, status}]}' <<<"$ready")"
echo "process: $(ps -o uid=,gid=,args= -p "$java_pid" | cut -c1-140)"
echo "capabilities (effective): $(awk '/^CapEff/ {print $2}' "/proc/$java_pid/status")"
echo "root filesystem: $(awk '$5 == "/" {print $6}' "/proc/$java_pid/mountinfo" | cut -d, -f1); /tmp: $(awk '$5 == "/tmp" {print $9}' "/proc/$java_pid/mountinfo")"
if chroot --userspec="$user" "/proc/$java_pid/root" /bin/sh -c 'touch /home/jboss/x' 2>/dev/null; then
  echo "error: the root filesystem is writable" >&2; exit 1
fi
grep -m1 -E 'started in|Profile prod activated' "$log" | cut -c1-200 || true
echo "smoke test passed: $ref"
