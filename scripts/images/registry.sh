#!/usr/bin/env bash
# A local image registry for trying the images out: Debian's docker-registry (CNCF
# Distribution 2.8), plain HTTP on 127.0.0.1:$LOCAL_REGISTRY_PORT (default 5000), storage
# and log under .cj/registry/. It runs as a background process, not a container.
#
#   scripts/images/registry.sh start    # start it unless something answers there already
#   scripts/images/registry.sh status   # the repositories and tags it holds
#   scripts/images/registry.sh stop     # stop the process start started
set -euo pipefail
# shellcheck source=scripts/images/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

pid_file="$LOCAL_REGISTRY_DIR/registry.pid"
url="http://$LOCAL_REGISTRY_ADDR"

answers() { curl -fsS -m 2 -o /dev/null "$url/v2/" 2>/dev/null; }

case "${1:-status}" in
  start)
    if answers; then
      echo "registry: up at $LOCAL_REGISTRY_ADDR"
      exit 0
    fi
    need_packages docker-registry curl jq
    mkdir -p "$LOCAL_REGISTRY_DIR/data"
    cat >"$LOCAL_REGISTRY_DIR/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $LOCAL_REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: $LOCAL_REGISTRY_ADDR
YAML
    nohup docker-registry serve "$LOCAL_REGISTRY_DIR/config.yml" \
      >>"$LOCAL_REGISTRY_DIR/registry.log" 2>&1 </dev/null &
    echo $! >"$pid_file"
    for _ in $(seq 1 50); do
      answers && { echo "registry: started at $LOCAL_REGISTRY_ADDR (pid $(cat "$pid_file"), data in $LOCAL_REGISTRY_DIR/data)"; exit 0; }
      kill -0 "$(cat "$pid_file")" 2>/dev/null || break
      sleep 0.2
    done
    echo "error: the registry did not come up at $LOCAL_REGISTRY_ADDR; see $LOCAL_REGISTRY_DIR/registry.log" >&2
    tail -5 "$LOCAL_REGISTRY_DIR/registry.log" >&2 || true
    exit 1
    ;;
  stop)
    if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      kill "$(cat "$pid_file")"
      echo "registry: stopped (pid $(cat "$pid_file"))"
    else
      echo "registry: not running from $pid_file"
    fi
    rm -f "$pid_file"
    ;;
  status)
    if ! answers; then
      echo "registry: nothing answers at $LOCAL_REGISTRY_ADDR"
      exit 1
    fi
    echo "registry: up at $LOCAL_REGISTRY_ADDR"
    for repo in $(curl -fsS "$url/v2/_catalog" | jq -r '.repositories[]?'); do
      echo "  $repo: $(curl -fsS "$url/v2/$repo/tags/list" | jq -r '(.tags // []) | join(" ")')"
    done
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
