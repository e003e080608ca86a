#!/usr/bin/env bash
# Builds the container images of the five services with Quarkus' Jib extension (no Docker
# engine) and pushes them to $IMAGE_REGISTRY as <IMAGE_REGISTRY>/<service>:<IMAGE_TAG>,
# the names the Helm chart pulls (global.image.registry, global.image.tag).
#
#   scripts/images/build.sh                      # local registry localhost:5000/cjm, started if needed
#   IMAGE_REGISTRY=registry.example.com/cjm scripts/images/build.sh
#   SERVICES="gateway scoring-service" scripts/images/build.sh
#
# Environment:
#   IMAGE_REGISTRY   registry host[:port] and path; default localhost:5000/cjm (then the local
#                    registry of scripts/images/registry.sh is started when nothing answers)
#   IMAGE_TAG        default: appVersion of k8s/journey-suite/Chart.yaml
#   IMAGE_INSECURE   true: the registry may be plain HTTP / self-signed (default: true for
#                    localhost, false otherwise)
#   BASE_IMAGE       default: tar://<repo>/target/images/base/jre-base.tar, built by
#                    build-base.sh when missing; any registry image with java on PATH works too
#   SERVICES         a subset of: identity-service touchpoint-service journey-service
#                    scoring-service gateway
#   QUARKUS_CONTAINER_IMAGE_USERNAME / _PASSWORD   registry credentials, else Jib reads
#                    ~/.docker/config.json (or $DOCKER_CONFIG) and credential helpers
#   MVN_ARGS         extra Maven arguments
# One Maven run builds the modules (skipping tests) and pushes every image; it writes its
# log to target/images/build.log. Then verify.sh checks what the registry holds, when the
# registry is the local one or VERIFY=1.
set -euo pipefail
# shellcheck source=scripts/images/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$IMAGES_ROOT"
# shellcheck source=scripts/java-home.sh
. scripts/java-home.sh

read -r -a services <<<"${SERVICES:-${ALL_SERVICES[*]}}"
for s in "${services[@]}"; do
  [[ " ${ALL_SERVICES[*]} " == *" $s "* ]] || { echo "error: unknown service '$s' (one of: ${ALL_SERVICES[*]})" >&2; exit 2; }
done
[ -n "$IMAGE_TAG" ] || { echo "error: no IMAGE_TAG and no appVersion in k8s/journey-suite/Chart.yaml" >&2; exit 2; }

# Two Maven builds in one tree overwrite each other's target/ (the system tests run the
# services' target/quarkus-app): wait for the other one to finish.
if other=$(pgrep -f -- "-Dmaven.multiModuleProjectDirectory=$IMAGES_ROOT( |$)"); then
  echo "error: another Maven build is running in $IMAGES_ROOT (pid ${other//$'\n'/ }); run this after it" >&2
  exit 3
fi

# <host[:port]>[/<path>]: Quarkus' registry and group; the service is the image name.
registry_host="${IMAGE_REGISTRY%%/*}"
registry_path=""
[[ "$IMAGE_REGISTRY" == */* ]] && registry_path="${IMAGE_REGISTRY#*/}"
if is_local_registry; then
  insecure="${IMAGE_INSECURE:-true}"
else
  insecure="${IMAGE_INSECURE:-false}"
fi

if [ -z "${BASE_IMAGE:-}" ]; then
  scripts/images/build-base.sh
  BASE_IMAGE="tar://$BASE_TAR"
fi
if [ "$registry_host" = "localhost:$LOCAL_REGISTRY_PORT" ] || [ "$registry_host" = "$LOCAL_REGISTRY_ADDR" ]; then
  scripts/images/registry.sh start
fi

modules="$(IFS=,; echo "${services[*]}")"
revision="$(git describe --always --dirty 2>/dev/null || echo unknown)"
mkdir -p target/images
log=target/images/build.log
echo "building ${services[*]} -> $IMAGE_REGISTRY/<service>:$IMAGE_TAG (base $BASE_IMAGE); log: $log"
start=$(date +%s)
# Quarkus builds the fast-jar, then Jib lays it over the base image and pushes it.
# shellcheck disable=SC2086
if ! ./mvnw -B -Dstyle.color=never -pl "$modules" -am package -P images -DskipTests \
    -Dquarkus.container-image.push=true \
    -Dquarkus.container-image.registry="$registry_host" \
    -Dquarkus.container-image.group="$registry_path" \
    -Dquarkus.container-image.tag="$IMAGE_TAG" \
    -Dquarkus.container-image.insecure="$insecure" \
    -Dquarkus.jib.base-jvm-image="$BASE_IMAGE" \
    "-Dquarkus.container-image.labels.\"org.opencontainers.image.title\"=\${quarkus.application.name}" \
    "-Dquarkus.container-image.labels.\"org.opencontainers.image.version\"=$IMAGE_TAG" \
    "-Dquarkus.container-image.labels.\"org.opencontainers.image.revision\"=$revision" \
    ${MVN_ARGS:-} >"$log" 2>&1; then
  grep -E '^\[ERROR\]' "$log" | head -30 >&2
  echo "error: the image build failed; see $log" >&2
  exit 1
fi
grep -o 'Pushed container image .*' "$log" || true
sed -n '/Reactor Summary/,/BUILD SUCCESS/p' "$log" | sed 's/^\[INFO\] //' | grep -E 'SUCCESS|FAIL' || true
echo "images built and pushed in $(( $(date +%s) - start )) s"

if is_local_registry || [ -n "${VERIFY:-}" ]; then
  SERVICES="${services[*]}" scripts/images/verify.sh
fi
